/**
 * Temperature scaling (Guo et al. 2017, "On calibration of modern neural networks", §4.2): one
 * scalar T divides the logits; T is chosen to minimise the negative log-likelihood on the
 * validation split (here by a dense log-spaced grid, then golden-section refinement: the NLL is
 * smooth and unimodal in log T in practice).
 */

/** Softmax of logits / temperature. */
export function softmaxT(logits: ArrayLike<number>, temperature: number): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] / temperature);
  const e = Array.from(logits, (z) => Math.exp(z / temperature - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Mean negative log-likelihood of the labels at temperature T. */
export function nllAt(logits: readonly ArrayLike<number>[], labels: readonly number[], temperature: number): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) s -= Math.log(Math.max(1e-12, softmaxT(logits[i], temperature)[labels[i]]));
  return s / Math.max(1, labels.length);
}

/**
 * Fit the temperature on validation logits.
 * @param logits per example (log-probabilities work too: softmax is shift-invariant)
 * @param labels class indices
 * @returns T in [0.05, 20]
 */
export function fitTemperature(logits: readonly ArrayLike<number>[], labels: readonly number[]): number {
  let best = 1;
  let bestNll = Infinity;
  for (let i = 0; i <= 120; i++) {
    const t = Math.exp(Math.log(0.05) + (i / 120) * (Math.log(20) - Math.log(0.05)));
    const v = nllAt(logits, labels, t);
    if (v < bestNll) {
      bestNll = v;
      best = t;
    }
  }
  // golden-section refinement in log T around the grid optimum
  const step = (Math.log(20) - Math.log(0.05)) / 120;
  let a = Math.log(best) - step;
  let b = Math.log(best) + step;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < 30; k++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (nllAt(logits, labels, Math.exp(c)) < nllAt(logits, labels, Math.exp(d))) b = d;
    else a = c;
  }
  return Math.exp(0.5 * (a + b));
}
