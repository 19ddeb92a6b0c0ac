/**
 * Standardisation of classifier inputs: z-score per feature with the training mean and SD;
 * missing values (NaN) become the training mean (z = 0). Stored in preprocessing.json.
 */

/** Mean and SD per column. */
export interface Standardizer {
  mean: number[];
  sd: number[];
}

/**
 * Fit mean and SD per column, ignoring NaN; an SD of 0 (constant column) is stored as 1.
 * @param rows equal-length vectors
 */
export function fitStandardizer(rows: readonly (readonly number[])[]): Standardizer {
  const d = rows[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(1);
  for (let j = 0; j < d; j++) {
    let n = 0;
    let s = 0;
    for (const r of rows) {
      if (Number.isFinite(r[j])) {
        s += r[j];
        n++;
      }
    }
    const m = n > 0 ? s / n : 0;
    let v = 0;
    for (const r of rows) if (Number.isFinite(r[j])) v += (r[j] - m) ** 2;
    mean[j] = m;
    const s2 = n > 1 ? Math.sqrt(v / (n - 1)) : 0;
    sd[j] = s2 > 1e-12 ? s2 : 1;
  }
  return { mean, sd };
}

/** Standardise a vector; NaN → 0; values clipped to ±10 SD so one wild feature cannot dominate. */
export function standardize(s: Standardizer, x: readonly number[]): number[] {
  return x.map((v, j) => (Number.isFinite(v) ? Math.max(-10, Math.min(10, (v - s.mean[j]) / s.sd[j])) : 0));
}

/** Standardise without clipping (for the out-of-domain distance, where extremes matter). */
export function standardizeUnclipped(s: Standardizer, x: readonly number[]): number[] {
  return x.map((v, j) => (Number.isFinite(v) ? (v - s.mean[j]) / s.sd[j] : 0));
}
