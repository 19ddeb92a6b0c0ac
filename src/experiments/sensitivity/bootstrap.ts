/** Shared helpers for bootstrap percentile confidence intervals. */
import { quantileSorted } from 'simple-statistics';
import { InputError } from '../../errors.ts';

/** Bootstrap settings shared by the estimators. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples (default 1000); 0 turns the intervals off (lo/hi/se null). */
  bootstrap?: number;
  /** Two-sided confidence level of the percentile intervals, in (0, 1) (default 0.95). */
  confidence?: number;
  /** Seed of the resampling generator (default 0). */
  seed?: number;
}

/** Validated bootstrap settings. */
export function resolveBootstrap(options: BootstrapOptions): { resamples: number; confidence: number; seed: number } {
  const resamples = options.bootstrap ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(resamples) || resamples < 0) throw new InputError(`bootstrap must be an integer >= 0, got ${resamples}`, 'bootstrap');
  if (!(confidence > 0 && confidence < 1)) throw new InputError(`confidence must be in (0, 1), got ${confidence}`, 'confidence');
  if (!Number.isFinite(seed)) throw new InputError(`seed must be a finite number, got ${seed}`, 'seed');
  return { resamples, confidence, seed };
}

/**
 * Percentile interval (Efron & Tibshirani 1993, ch. 13) and standard deviation of bootstrap
 * replicates; quantiles by linear interpolation (R type 7, simple-statistics `quantileSorted`).
 * @param replicates bootstrap values (sorted in place)
 * @param confidence two-sided level, e.g. 0.95
 */
export function percentileInterval(replicates: Float64Array, confidence: number): { lo: number; hi: number; se: number } {
  const n = replicates.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += replicates[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (replicates[i] - mean) ** 2;
  replicates.sort();
  const sorted = replicates as unknown as number[]; // quantileSorted only indexes and reads length
  return {
    lo: quantileSorted(sorted, (1 - confidence) / 2),
    hi: quantileSorted(sorted, (1 + confidence) / 2),
    se: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
  };
}
