/**
 * Bilateral features: the other foot as the runner's own baseline.
 *
 * A foot drop in these scenarios is one-sided, while speed, anthropometry, shoe, surface and
 * sensor model act on both feet. A one-foot classifier has to judge a flat strike angle or a low
 * toe-up rate against everybody's; with the other foot recorded in the same run it can judge it
 * against the same runner (this foot minus the other). Gait studies of unilateral impairment use
 * the same idea as symmetry indices (e.g. Robinson et al. 1987, J Manipulative Physiol Ther 10:172).
 *
 * The block is appended to the summary features. Without the other foot every difference is NaN
 * (→ the training mean) and `bilateral` is 0; the classifier is trained on each runner both ways,
 * so one model serves one-foot and two-foot recordings.
 */
import { SEQUENCE_KEYS, SUMMARY_NAMES, summaryIndex, type TraceFeatures } from './features.ts';

/** Summary features whose difference (this foot − other foot) enters the bilateral block. */
const DIFFERENCE_KEYS: readonly string[] = [
  ...SEQUENCE_KEYS.map((k) => `median.${k}`),
  ...SEQUENCE_KEYS.map((k) => `change.${k}`),
  'slopePerMin.peakSwingToeUpRateRadS',
  'slopePerMin.footPitchAtIcRad',
  'slopePerMin.peakSwingPitchRad',
  'outlierFraction.peakSwingToeUpRateRadS',
  'outlierFraction.footPitchAtIcRad',
  'outlierFraction.peakSwingPitchRad',
  'failedStrideFraction',
  'failedStrideFractionLate',
];

const DIFFERENCE_INDEX = DIFFERENCE_KEYS.map(summaryIndex);

/** Names of the bilateral block, in vector order. */
export const BILATERAL_NAMES: readonly string[] = ['bilateral', ...DIFFERENCE_KEYS.map((k) => `asym.${k}`)];

/** Names of the network's summary input: the one-foot summary, then the bilateral block. */
export const INPUT_SUMMARY_NAMES: readonly string[] = [...SUMMARY_NAMES, ...BILATERAL_NAMES];

/**
 * The bilateral block of one foot.
 * @param summary this foot's summary features (SUMMARY_NAMES order)
 * @param reference the other foot's summary features of the same run, or null/empty when absent
 * @returns BILATERAL_NAMES.length values: 1/0 for whether the other foot is present, then the
 *   differences (NaN when either side is not estimable, or without the other foot)
 */
export function bilateralBlock(summary: ArrayLike<number>, reference: ArrayLike<number> | null | undefined): number[] {
  const present = reference != null && reference.length === SUMMARY_NAMES.length;
  const out = [present ? 1 : 0];
  for (const i of DIFFERENCE_INDEX) out.push(present ? summary[i] - reference[i] : NaN);
  return out;
}

/** A trace's features with, optionally, the other foot's features of the same recording. */
export type PairedFeatures = TraceFeatures & { reference?: TraceFeatures | null };

/**
 * The summary vector the network sees.
 * @param f features (and the other foot's, when paired)
 * @param inputNames the model's summary input names (preprocessing.json): a model trained before
 *   the bilateral block existed gets the one-foot summary only
 */
export function inputSummary(f: PairedFeatures, inputNames: readonly string[] = INPUT_SUMMARY_NAMES): number[] {
  const own = Array.from(f.summary);
  if (inputNames.length === SUMMARY_NAMES.length) return own;
  return [...own, ...bilateralBlock(f.summary, f.reference && f.reference.nStrides > 0 ? f.reference.summary : null)];
}
