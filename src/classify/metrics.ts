/**
 * Classification metrics: confusion matrix, per-class recall, balanced accuracy, one-vs-rest
 * macro ROC AUC (Mann–Whitney form, ties counted half; Hand & Till 2001 use the same pairwise
 * statistic) and expected calibration error (Guo et al. 2017, equal-width confidence bins).
 */

/** Confusion matrix counts[true][predicted]. */
export function confusionMatrix(labels: readonly number[], predicted: readonly number[], nClass: number): number[][] {
  const m = Array.from({ length: nClass }, () => new Array<number>(nClass).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]][predicted[i]]++;
  return m;
}

/** Recall of each class (NaN for a class with no examples). */
export function perClassRecall(confusion: readonly number[][]): number[] {
  return confusion.map((row, k) => {
    const n = row.reduce((a, b) => a + b, 0);
    return n > 0 ? row[k] / n : NaN;
  });
}

/** Mean recall over the classes present. */
export function balancedAccuracy(confusion: readonly number[][]): number {
  const r = perClassRecall(confusion).filter(Number.isFinite);
  return r.length ? r.reduce((a, b) => a + b, 0) / r.length : NaN;
}

/** ROC AUC of scores for positives vs negatives (probability a positive outranks a negative). */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  // average ranks with ties
  const rank = new Float64Array(scores.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    for (let k = i; k <= j; k++) rank[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let nPos = 0;
  let sumPos = 0;
  for (let i = 0; i < scores.length; i++) {
    if (positive[i]) {
      nPos++;
      sumPos += rank[i];
    }
  }
  const nNeg = scores.length - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (sumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** One-vs-rest ROC AUC averaged over the classes present. */
export function macroRocAuc(probabilities: readonly (readonly number[])[], labels: readonly number[], nClass: number): number {
  const aucs: number[] = [];
  for (let k = 0; k < nClass; k++) {
    const a = rocAuc(probabilities.map((p) => p[k]), labels.map((l) => l === k));
    if (Number.isFinite(a)) aucs.push(a);
  }
  return aucs.length ? aucs.reduce((a, b) => a + b, 0) / aucs.length : NaN;
}

/** Expected calibration error of the top-class confidence over `bins` equal-width bins (Guo et al. 2017, eq. 3). */
export function expectedCalibrationError(probabilities: readonly (readonly number[])[], labels: readonly number[], bins = 10): number {
  return reliabilityBins(probabilities, labels, bins).reduce((ece, b) => ece + (b.count / labels.length) * Math.abs(b.accuracy - b.meanConfidence), 0);
}

/**
 * ROC curve of scores for positives vs negatives: (FPR, TPR) at every distinct threshold, from
 * (0, 0) to (1, 1).
 */
export function rocCurve(scores: readonly number[], positive: readonly boolean[]): { fpr: number[]; tpr: number[] } {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const nPos = positive.filter(Boolean).length;
  const nNeg = positive.length - nPos;
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < idx.length; i++) {
    if (positive[idx[i]]) tp++;
    else fp++;
    if (i + 1 < idx.length && scores[idx[i + 1]] === scores[idx[i]]) continue;
    fpr.push(nNeg ? fp / nNeg : 0);
    tpr.push(nPos ? tp / nPos : 0);
  }
  return { fpr, tpr };
}

/** Reliability bins of the top-class confidence (the bins of {@link expectedCalibrationError}; empty bins left out). */
export function reliabilityBins(probabilities: readonly (readonly number[])[], labels: readonly number[], bins = 10): { meanConfidence: number; accuracy: number; count: number }[] {
  const count = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const correct = new Float64Array(bins);
  for (let i = 0; i < labels.length; i++) {
    const k = argmax(probabilities[i]);
    const b = Math.min(bins - 1, Math.floor(probabilities[i][k] * bins));
    count[b]++;
    conf[b] += probabilities[i][k];
    if (k === labels[i]) correct[b]++;
  }
  const out = [];
  for (let b = 0; b < bins; b++) if (count[b] > 0) out.push({ meanConfidence: conf[b] / count[b], accuracy: correct[b] / count[b], count: count[b] });
  return out;
}

/** Index of the largest value. */
export function argmax(v: ArrayLike<number>): number {
  let k = 0;
  for (let j = 1; j < v.length; j++) if (v[j] > v[k]) k = j;
  return k;
}
