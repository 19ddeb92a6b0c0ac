/**
 * Class labels and the rule that assigns them from what the simulator produced.
 *
 * Why label by the produced deficit rather than by the parameters: a "muscular" run whose TA
 * capacity never fell far enough to change the swing, or a compartment syndrome whose pressure
 * never crossed the conduction threshold within the run, produce a healthy gait; calling those
 * runs "muscular"/"neurological" would teach the network to guess from nothing. The rule, per
 * run of the affected (left) leg:
 *   neurological  if ≥ neuroMinStrideFraction of strides ran with drive < neuroDriveBelow;
 *   muscular      else if TA capacity (1 − M_F) fell below muscularCapacityBelow;
 *   none          else if capacity stayed above noneCapacityAbove and (almost) no stride ran
 *                 with drive < noneDriveAbove;
 *   ambiguous     otherwise (a mild deficit in between): left out of training and of the
 *                 headline metrics, reported separately in the accuracy-vs-severity table.
 * Neurological takes precedence: its runs fatigue too (normally), and the nerve deficit is what
 * changed the gait. A leg-length discrepancy or a stiff soleus is not a class of its own: it is
 * "muscular" when it made the TA fatigue past the threshold and "none" otherwise (a constant LLD
 * lowers clearance but leaves foot angles and rates unchanged, so a foot IMU cannot see it).
 */

export const CLASS_NAMES = ['none', 'muscular', 'neurological'] as const;
export type ClassLabel = (typeof CLASS_NAMES)[number];

/** Thresholds of the label rule (experiments/classifier-training.yaml `labels`). */
export interface LabelRule {
  neuroDriveBelow: number;
  neuroMinStrideFraction: number;
  muscularCapacityBelow: number;
  noneCapacityAbove: number;
  noneDriveAbove: number;
  /** Strides allowed below noneDriveAbove in a "none" run, as a fraction. */
  noneMaxMildFraction: number;
}

/** Ground truth of the affected leg (from the simulator; used for labels and severity only). */
export interface RunTruth {
  /** Minimum TA capacity 1 − M_F over the run. */
  minCapacity: number;
  minDrive: number;
  /** Fraction of strides with drive < neuroDriveBelow. */
  deficitStrideFraction: number;
  /** Fraction of strides with drive < noneDriveAbove. */
  mildDeficitStrideFraction: number;
  mechanism: string;
}

/**
 * Label of a simulated run from its ground truth.
 * @param truth the affected leg's deficit
 * @param rule thresholds
 */
export function labelFromTruth(truth: RunTruth, rule: LabelRule): ClassLabel | 'ambiguous' {
  if (truth.deficitStrideFraction >= rule.neuroMinStrideFraction) return 'neurological';
  if (truth.minCapacity < rule.muscularCapacityBelow) return 'muscular';
  if (truth.minCapacity > rule.noneCapacityAbove && truth.mildDeficitStrideFraction <= rule.noneMaxMildFraction) return 'none';
  return 'ambiguous';
}

/**
 * Severity of the deficit in [0, 1] for the accuracy-vs-severity table: the larger of the TA
 * capacity loss (1 − min capacity) and the drive loss weighted by the fraction of strides affected.
 */
export function severityOf(truth: RunTruth): number {
  const muscular = 1 - truth.minCapacity;
  const neural = (1 - truth.minDrive) * Math.min(1, truth.deficitStrideFraction / 0.1);
  return Math.max(0, Math.min(1, Math.max(muscular, neural)));
}
