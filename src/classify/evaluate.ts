/**
 * Evaluation of the classifier (and the baseline) on labelled simulated examples: balanced
 * accuracy, per-class recall, macro ROC AUC, ECE, confusion matrix, the fraction called
 * `uncertain`, and accuracy in slices of sensor model (noise), sampling rate, run length and
 * severity. Ambiguous runs (label rule) are left out of the headline numbers and reported in the
 * severity slices only as "called a mechanism" fractions.
 */
import type { Example } from './dataset.ts';
import { CLASS_NAMES, severityOf } from './labels.ts';
import { argmax, balancedAccuracy, confusionMatrix, expectedCalibrationError, macroRocAuc, perClassRecall, reliabilityBins, rocAuc, rocCurve } from './metrics.ts';
import type { Decision } from './classifier.ts';
import { createRng } from '../random.ts';
import { percentileInterval } from '../experiments/sensitivity/bootstrap.ts';

/** Headline metrics of one scorer. */
export interface ScoreMetrics {
  n: number;
  balancedAccuracy: number;
  recall: Record<string, number>;
  macroRocAuc: number;
  ece: number;
  /** 95 % bootstrap intervals (1,000 resamples of the test runs, seeded) of balanced accuracy and ECE. */
  ci95: { balancedAccuracy: [number, number]; ece: [number, number] };
  /** counts[true][predicted] in CLASS_NAMES order. */
  confusion: number[][];
}

/**
 * Metrics of probabilities against labels (argmax decisions, no abstention).
 * @param probabilities per example, CLASS_NAMES order
 * @param labels class indices
 */
export function scoreMetrics(probabilities: readonly (readonly number[])[], labels: readonly number[]): ScoreMetrics {
  const predicted = probabilities.map((p) => argmax(p));
  const confusion = confusionMatrix(labels, predicted, CLASS_NAMES.length);
  const recall = perClassRecall(confusion);
  return {
    n: labels.length,
    balancedAccuracy: balancedAccuracy(confusion),
    recall: Object.fromEntries(CLASS_NAMES.map((c, i) => [c, recall[i]])),
    macroRocAuc: macroRocAuc(probabilities, labels, CLASS_NAMES.length),
    ece: expectedCalibrationError(probabilities, labels),
    ci95: {
      balancedAccuracy: bootstrapCi95(labels.length, (idx) => balancedAccuracy(confusionMatrix(idx.map((i) => labels[i]), idx.map((i) => predicted[i]), CLASS_NAMES.length))),
      ece: bootstrapCi95(labels.length, (idx) => expectedCalibrationError(idx.map((i) => probabilities[i]), idx.map((i) => labels[i]))),
    },
    confusion,
  };
}

/**
 * Percentile bootstrap 95 % interval of a statistic of n examples (1,000 resamples, fixed seed,
 * so metrics.json is reproducible; the interval itself from the sensitivity module's
 * `percentileInterval`). With ~150 test runs the ECE of a perfectly calibrated model is itself
 * ~0.03–0.05 (10 bins), which is why the interval is reported beside it.
 */
export function bootstrapCi95(n: number, stat: (idx: number[]) => number, resamples = 1000): [number, number] {
  if (n === 0) return [NaN, NaN];
  const rng = createRng(1, 'bootstrap-ci');
  const values: number[] = [];
  const idx = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) idx[i] = rng.int(n);
    const v = stat(idx);
    if (Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return [NaN, NaN];
  const { lo, hi } = percentileInterval(Float64Array.from(values), 0.95);
  return [lo, hi];
}

/** Accuracy in one slice. */
export interface SliceRow {
  slice: string;
  n: number;
  balancedAccuracy: number;
  accuracy: number;
  uncertainFraction: number;
}

function sliceRows(keys: string[], examples: readonly { label: number; prob: number[]; decision: Decision }[]): SliceRow[] {
  const groups = new Map<string, typeof examples[number][]>();
  keys.forEach((k, i) => {
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(examples[i]);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([slice, rows]) => {
      const confusion = confusionMatrix(rows.map((r) => r.label), rows.map((r) => argmax(r.prob)), CLASS_NAMES.length);
      const correct = rows.filter((r) => argmax(r.prob) === r.label).length;
      return {
        slice,
        n: rows.length,
        balancedAccuracy: balancedAccuracy(confusion),
        accuracy: correct / rows.length,
        uncertainFraction: rows.filter((r) => r.decision.mechanism === 'uncertain').length / rows.length,
      };
    });
}

const bin = (x: number, edges: readonly number[], unit: string): string => {
  for (let i = 0; i + 1 < edges.length; i++) if (x < edges[i + 1]) return `${edges[i]}–${edges[i + 1]} ${unit}`;
  return `≥ ${edges[edges.length - 1]} ${unit}`;
};

/** Full evaluation document of the test set. */
export interface TestEvaluation {
  network: ScoreMetrics;
  networkUncalibratedEce: number;
  baseline: ScoreMetrics;
  /** With the decision rule: fraction uncertain, accuracy among the decided. */
  decisions: { uncertainFraction: number; outOfDomainFraction: number; accuracyWhenDecided: number; balancedAccuracyWhenDecided: number };
  slices: { sensor: SliceRow[]; rateHz: SliceRow[]; runLengthMin: SliceRow[]; severity: SliceRow[]; group: SliceRow[] };
  ambiguous: { n: number; calledNone: number; calledMuscular: number; calledNeurological: number; calledUncertain: number };
  /** For the figures: one-vs-rest ROC curves and reliability bins of the network (calibrated and not). */
  curves: {
    roc: { className: string; fpr: number[]; tpr: number[]; auc: number }[];
    reliability: { meanConfidence: number; accuracy: number; count: number }[];
    reliabilityUncalibrated: { meanConfidence: number; accuracy: number; count: number }[];
  };
}

/**
 * Evaluate on labelled examples.
 * @param examples test examples (ambiguous ones included; they are reported apart)
 * @param prob calibrated network probabilities per example
 * @param rawProb uncalibrated probabilities (for the before/after ECE)
 * @param baselineProb baseline probabilities
 * @param decisions decision per example
 */
export function evaluateTest(examples: readonly Example[], prob: number[][], rawProb: number[][], baselineProb: number[][], decisions: Decision[]): TestEvaluation {
  const idx = examples.map((_, i) => i).filter((i) => examples[i].label !== 'ambiguous');
  const labels = idx.map((i) => CLASS_NAMES.indexOf(examples[i].label as (typeof CLASS_NAMES)[number]));
  const network = scoreMetrics(idx.map((i) => prob[i]), labels);
  const baseline = scoreMetrics(idx.map((i) => baselineProb[i]), labels);
  const rows = idx.map((i, j) => ({ label: labels[j], prob: prob[i], decision: decisions[i] }));
  const decided = rows.filter((r) => r.decision.mechanism !== 'uncertain');
  const decidedConf = confusionMatrix(decided.map((r) => r.label), decided.map((r) => CLASS_NAMES.indexOf(r.decision.mechanism as (typeof CLASS_NAMES)[number])), CLASS_NAMES.length);
  const ex = idx.map((i) => examples[i]);
  const amb = examples.map((e, i) => ({ e, d: decisions[i] })).filter(({ e }) => e.label === 'ambiguous');
  return {
    network,
    networkUncalibratedEce: expectedCalibrationError(idx.map((i) => rawProb[i]), labels),
    baseline,
    decisions: {
      uncertainFraction: (rows.length - decided.length) / Math.max(1, rows.length),
      outOfDomainFraction: rows.filter((r) => r.decision.outOfDomain).length / Math.max(1, rows.length),
      accuracyWhenDecided: decided.filter((r) => r.decision.mechanism === CLASS_NAMES[r.label]).length / Math.max(1, decided.length),
      balancedAccuracyWhenDecided: balancedAccuracy(decidedConf),
    },
    slices: {
      sensor: sliceRows(ex.map((e) => String(e.factors['imu.sensor'] ?? 'default')), rows),
      rateHz: sliceRows(ex.map((e) => `${e.factors['imu.rateHz'] ?? '?'} Hz`), rows),
      runLengthMin: sliceRows(ex.map((e) => bin(e.durationS / 60, [0, 15, 25, 35], 'min')), rows),
      severity: sliceRows(ex.map((e) => bin(severityOf(e.truth), [0, 0.3, 0.5, 0.7, 0.9], '')), rows),
      group: sliceRows(ex.map((e) => e.group), rows),
    },
    ambiguous: {
      n: amb.length,
      calledNone: amb.filter((a) => a.d.mechanism === 'none').length,
      calledMuscular: amb.filter((a) => a.d.mechanism === 'muscular').length,
      calledNeurological: amb.filter((a) => a.d.mechanism === 'neurological').length,
      calledUncertain: amb.filter((a) => a.d.mechanism === 'uncertain').length,
    },
    curves: {
      roc: CLASS_NAMES.map((className, k) => {
        const scores = idx.map((i) => prob[i][k]);
        const positive = labels.map((l) => l === k);
        return { className, ...rocCurve(scores, positive), auc: rocAuc(scores, positive) };
      }),
      reliability: reliabilityBins(idx.map((i) => prob[i]), labels),
      reliabilityUncalibrated: reliabilityBins(idx.map((i) => rawProb[i]), labels),
    },
  };
}
