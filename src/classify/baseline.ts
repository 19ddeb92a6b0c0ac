/**
 * Transparent baseline: multinomial logistic regression on a handful of named features, fitted by
 * full-batch gradient descent with an L2 penalty (plain TypeScript, deterministic). Its weights
 * are readable: one number per feature and class, in standard-deviation units.
 */
import { summaryIndex } from './features.ts';
import { fitStandardizer, standardize, type Standardizer } from './preprocess.ts';
import { softmaxT } from './calibrate.ts';

/** The baseline's features (summary feature names; units in the names, see features.ts). */
export const BASELINE_FEATURES = [
  'median.footPitchAtIcRad',
  'median.peakSwingToeUpRateRadS',
  'median.peakSwingPitchRad',
  'change.footPitchAtIcRad',
  'change.peakSwingToeUpRateRadS',
  'onsetFraction.footPitchAtIcRad',
  'best.footPitchAtIcRad.step',
  'outlierFractionLate.footPitchAtIcRad',
  'residualRobustSd.footPitchAtIcRad',
  'gaitSpeedMps',
  'durationMin',
] as const;

/** A fitted baseline. */
export interface BaselineModel {
  features: readonly string[];
  standardizer: Standardizer;
  /** (nClass x nFeature) row-major. */
  weights: number[][];
  bias: number[];
}

/** Baseline feature vector of one summary vector. */
export function baselineInput(summary: readonly number[]): number[] {
  return BASELINE_FEATURES.map((n) => summary[summaryIndex(n)]);
}

/**
 * Fit the baseline.
 * @param summaries summary vectors
 * @param labels class indices
 * @param nClass number of classes
 * @param l2 penalty on weights (per example)
 */
export function fitBaseline(summaries: readonly (readonly number[])[], labels: readonly number[], nClass: number, l2 = 1e-3, iterations = 3000): BaselineModel {
  const raw = summaries.map(baselineInput);
  const standardizer = fitStandardizer(raw);
  const x = raw.map((r) => standardize(standardizer, r));
  const d = BASELINE_FEATURES.length;
  const w = Array.from({ length: nClass }, () => new Array<number>(d).fill(0));
  const b = new Array<number>(nClass).fill(0);
  // class-balanced weights: each class contributes equally
  const counts = new Array<number>(nClass).fill(0);
  for (const l of labels) counts[l]++;
  const sw = labels.map((l) => labels.length / (nClass * counts[l]));
  const lr = 0.5;
  for (let it = 0; it < iterations; it++) {
    const gw = Array.from({ length: nClass }, () => new Array<number>(d).fill(0));
    const gb = new Array<number>(nClass).fill(0);
    for (let i = 0; i < x.length; i++) {
      const z = w.map((wk, k) => b[k] + wk.reduce((s, v, j) => s + v * x[i][j], 0));
      const p = softmaxT(z, 1);
      for (let k = 0; k < nClass; k++) {
        const e = sw[i] * (p[k] - (labels[i] === k ? 1 : 0));
        gb[k] += e / x.length;
        for (let j = 0; j < d; j++) gw[k][j] += (e * x[i][j]) / x.length;
      }
    }
    for (let k = 0; k < nClass; k++) {
      b[k] -= lr * gb[k];
      for (let j = 0; j < d; j++) w[k][j] -= lr * (gw[k][j] + l2 * w[k][j]);
    }
  }
  return { features: [...BASELINE_FEATURES], standardizer, weights: w, bias: b };
}

/** Baseline logits of one summary vector. */
export function baselineLogits(model: BaselineModel, summary: readonly number[]): number[] {
  const x = standardize(model.standardizer, baselineInput(summary));
  return model.weights.map((wk, k) => model.bias[k] + wk.reduce((s, v, j) => s + v * x[j], 0));
}
