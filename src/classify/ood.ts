/**
 * Out-of-domain score: Mahalanobis distance (Lee et al. 2018 use it on network features; here on
 * the standardised summary features) from the training distribution, with a shrunk covariance
 * (1 − λ) S + λ·diag(S) so it stays invertible with few runs. The threshold is a stated quantile
 * of the *validation* runs' distances (runners not used to fit the mean and covariance).
 * Rule-based guards come first: not running gait, too few strides, too short for a time course.
 */

/** Fitted Mahalanobis model. */
export interface MahalanobisModel {
  mean: number[];
  /** Inverse covariance, row-major (d x d). */
  precision: number[];
  dim: number;
  shrinkage: number;
}

/**
 * Fit mean and inverse shrunk covariance.
 * @param rows standardised feature vectors (finite)
 * @param shrinkage λ in [0, 1]
 */
export function fitMahalanobis(rows: readonly (readonly number[])[], shrinkage = 0.1): MahalanobisModel {
  const n = rows.length;
  const d = rows[0].length;
  const mean = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j] / n;
  const cov = new Float64Array(d * d);
  for (const r of rows) {
    for (let i = 0; i < d; i++) {
      const di = r[i] - mean[i];
      for (let j = i; j < d; j++) cov[i * d + j] += (di * (r[j] - mean[j])) / Math.max(1, n - 1);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i * d + j] = cov[j * d + i];
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) cov[i * d + j] *= i === j ? 1 : 1 - shrinkage;
    cov[i * d + i] += 1e-6;
  }
  return { mean, precision: Array.from(invertSpd(cov, d)), dim: d, shrinkage };
}

/** Inverse of a symmetric positive-definite matrix via Cholesky. @throws Error if not SPD */
export function invertSpd(a: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (!(s > 0)) throw new Error('covariance is not positive definite');
        l[i * d + i] = Math.sqrt(s);
      } else l[i * d + j] = s / l[j * d + j];
    }
  }
  // inverse of L (lower triangular), then A⁻¹ = L⁻ᵀ L⁻¹
  const li = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    li[i * d + i] = 1 / l[i * d + i];
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i * d + k] * li[k * d + j];
      li[i * d + j] = s / l[i * d + i];
    }
  }
  const inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < d; k++) s += li[k * d + i] * li[k * d + j];
      inv[i * d + j] = s;
      inv[j * d + i] = s;
    }
  }
  return inv;
}

/** Mahalanobis distance of x (standardised features) from the model. */
export function mahalanobis(model: MahalanobisModel, x: readonly number[]): number {
  const d = model.dim;
  let s = 0;
  for (let i = 0; i < d; i++) {
    const di = x[i] - model.mean[i];
    let row = 0;
    for (let j = 0; j < d; j++) row += model.precision[i * d + j] * (x[j] - model.mean[j]);
    s += di * row;
  }
  return Math.sqrt(Math.max(0, s));
}

/** Quantile (type 7) of values. */
export function quantileOf(values: readonly number[], q: number): number {
  const a = values.filter(Number.isFinite).sort((x, y) => x - y);
  if (a.length === 0) return NaN;
  const h = (a.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return a[lo] + (h - lo) * (a[hi] - a[lo]);
}

/** Rule-based guards of the classifier's domain. */
export interface DomainRules {
  gait: 'run';
  minStrides: number;
  minDurationS: number;
}

/** Reasons (empty = in domain) why a trace is outside the rules. */
export function ruleViolations(rules: DomainRules, f: { gait: string; nStrides: number; durationS: number }): string[] {
  const out: string[] = [];
  if (f.nStrides === 0) return ['no strides detected: not gait'];
  if (f.gait !== rules.gait) out.push(`gait looks like ${f.gait === 'walk' ? 'walking' : f.gait} (duty factor ≥ 0.5); the classifier was trained on running only`);
  if (f.nStrides < rules.minStrides) out.push(`only ${f.nStrides} strides (at least ${rules.minStrides} needed)`);
  if (f.durationS < rules.minDurationS) out.push(`${(f.durationS / 60).toFixed(1)} min of gait (at least ${(rules.minDurationS / 60).toFixed(0)} min needed for a time course)`);
  return out;
}
