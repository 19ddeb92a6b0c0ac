/**
 * First- and total-order Sobol' indices from a Saltelli design, with bootstrap percentile intervals.
 *
 * - Variance V: population variance of f(A) and f(B) pooled (2N values), as in SALib.
 * - First order: V_i = mean(f(B) (f(A_B^i) - f(A))), Saltelli et al. 2010, Comput Phys Commun
 *   181:259, doi:10.1016/j.cpc.2009.09.018, Table 2 (b); S_i = V_i / V.
 * - Total order: E_i = ½ mean((f(A) - f(A_B^i))²), Jansen 1999, Comput Phys Commun 117:35,
 *   doi:10.1016/S0010-4655(98)00154-4 (Saltelli 2010 Table 2 (f)); S_Ti = E_i / V.
 * - Intervals: resample the N base rows with replacement (each row keeps its A, B and A_B^i outputs
 *   together), recompute V, S_i and S_Ti; percentile intervals (Archer, Saltelli & Sobol 1997,
 *   J Stat Comput Simul 58:99, doi:10.1080/00949659708811825).
 *
 * Failed points: a base row with any non-finite output (NaN, ±∞) is dropped as a whole, so every
 * estimate uses the same rows; the count is reported in `dropped`.
 */
import { InputError } from '../../errors.ts';
import { createRng } from '../../random.ts';
import type { Design } from '../samplers/design.ts';
import { percentileInterval, resolveBootstrap, type BootstrapOptions } from './bootstrap.ts';

/** One index with its bootstrap interval (null when bootstrap = 0). */
export interface IndexEstimate {
  name: string;
  estimate: number;
  /** Lower/upper percentile bounds at `confidence`; null if no bootstrap was run. */
  lo: number | null;
  hi: number | null;
  /** Bootstrap standard error; null if no bootstrap was run. */
  se: number | null;
}

/** Result of {@link sobolIndices}. */
export interface SobolIndicesResult {
  /** First-order indices S_i, one per factor in design order. */
  first: IndexEstimate[];
  /** Total-order indices S_Ti, one per factor in design order. */
  total: IndexEstimate[];
  /** Output variance V used as denominator. */
  variance: number;
  /** Mean of f(A) and f(B) pooled. */
  mean: number;
  /** Base rows used. */
  n: number;
  /** Base rows dropped because one of their outputs was not finite. */
  dropped: number;
  /** Bootstrap resamples used (resamples whose pooled variance was 0 are left out) and the level. */
  bootstrap: number;
  confidence: number;
}

/** Outputs of the valid base rows, gathered once: fA (n), fB (n), fAB (n x k). */
interface Gathered {
  fA: Float64Array;
  fB: Float64Array;
  fAB: Float64Array;
  n: number;
  dropped: number;
}

function gather(outputs: ArrayLike<number>, baseN: number, k: number): Gathered {
  const block = k + 2;
  const keep: number[] = [];
  for (let j = 0; j < baseN; j++) {
    let ok = true;
    for (let r = 0; r < block && ok; r++) ok = Number.isFinite(outputs[j * block + r]);
    if (ok) keep.push(j);
  }
  const n = keep.length;
  const fA = new Float64Array(n);
  const fB = new Float64Array(n);
  const fAB = new Float64Array(n * k);
  keep.forEach((j, row) => {
    fA[row] = outputs[j * block];
    fB[row] = outputs[j * block + k + 1];
    for (let i = 0; i < k; i++) fAB[row * k + i] = outputs[j * block + 1 + i];
  });
  return { fA, fB, fAB, n, dropped: baseN - n };
}

/**
 * Estimates over the rows `rows` (or all rows when null), written into first/total `(k)`.
 * Returns [mean, variance]. Allocation-free so the bootstrap loop stays cheap.
 */
function estimate(g: Gathered, k: number, rows: Int32Array | null, first: Float64Array, total: Float64Array): [number, number] {
  const n = rows ? rows.length : g.n;
  let sum = 0;
  for (let r = 0; r < n; r++) {
    const j = rows ? rows[r] : r;
    sum += g.fA[j] + g.fB[j];
  }
  const mean = sum / (2 * n);
  let ss = 0;
  for (let r = 0; r < n; r++) {
    const j = rows ? rows[r] : r;
    ss += (g.fA[j] - mean) ** 2 + (g.fB[j] - mean) ** 2;
  }
  const variance = ss / (2 * n);
  first.fill(0);
  total.fill(0);
  for (let r = 0; r < n; r++) {
    const j = rows ? rows[r] : r;
    const a = g.fA[j];
    const b = g.fB[j];
    for (let i = 0; i < k; i++) {
      const ab = g.fAB[j * k + i];
      first[i] += b * (ab - a); // Saltelli 2010, Table 2 (b)
      total[i] += (a - ab) ** 2; // Jansen 1999
    }
  }
  for (let i = 0; i < k; i++) {
    first[i] /= n * variance;
    total[i] /= 2 * n * variance;
  }
  return [mean, variance];
}

/**
 * First-order (Saltelli 2010) and total-order (Jansen 1999) Sobol' indices from the outputs of a
 * Saltelli design, with bootstrap percentile confidence intervals.
 * @param design a design from `saltelliDesign`
 * @param outputs one model output per design point, in design order (`nPoint`); non-finite values
 *   mark failed points and drop their whole base row
 * @param options bootstrap resamples (default 1000), confidence (default 0.95), seed (default 0)
 * @throws InputError if the design is not a Saltelli design, the output length is wrong, fewer than
 *   2 base rows remain, or the output variance is 0 (indices undefined)
 */
export function sobolIndices(design: Design, outputs: ArrayLike<number>, options: BootstrapOptions = {}): SobolIndicesResult {
  if (design.kind !== 'saltelli') throw new InputError(`Sobol indices need a Saltelli design, got a ${design.kind} design`, 'design');
  if (outputs.length !== design.nPoint) {
    throw new InputError(`expected ${design.nPoint} outputs (one per design point), got ${outputs.length}`, 'outputs');
  }
  const { resamples, confidence, seed } = resolveBootstrap(options);
  const k = design.nFactor;
  const g = gather(outputs, design.meta.baseN, k);
  if (g.n < 2) {
    throw new InputError(`only ${g.n} of ${design.meta.baseN} base rows have finite outputs; need at least 2`, 'outputs');
  }
  const first = new Float64Array(k);
  const total = new Float64Array(k);
  const [mean, variance] = estimate(g, k, null, first, total);
  if (!(variance > 0)) {
    throw new InputError(`the output is constant over the ${g.n} valid base rows (variance 0): Sobol indices are undefined`, 'outputs');
  }
  const names = design.factors.map((f) => f.name);
  const firstOut: IndexEstimate[] = names.map((name, i) => ({ name, estimate: first[i], lo: null, hi: null, se: null }));
  const totalOut: IndexEstimate[] = names.map((name, i) => ({ name, estimate: total[i], lo: null, hi: null, se: null }));
  let used = 0;
  if (resamples > 0) {
    const rng = createRng(seed, 'sobol-bootstrap');
    const rows = new Int32Array(g.n);
    const bootFirst = new Float64Array(resamples * k); // (resample x k)
    const bootTotal = new Float64Array(resamples * k);
    const scratchFirst = new Float64Array(k);
    const scratchTotal = new Float64Array(k);
    for (let b = 0; b < resamples; b++) {
      for (let r = 0; r < g.n; r++) rows[r] = rng.int(g.n);
      const [, v] = estimate(g, k, rows, scratchFirst, scratchTotal);
      if (!(v > 0)) continue; // a resample of identical rows carries no variance information
      bootFirst.set(scratchFirst, used * k);
      bootTotal.set(scratchTotal, used * k);
      used++;
    }
    if (used > 0) {
      const column = new Float64Array(used);
      for (let i = 0; i < k; i++) {
        for (const [boot, out] of [[bootFirst, firstOut], [bootTotal, totalOut]] as const) {
          for (let b = 0; b < used; b++) column[b] = boot[b * k + i];
          const ci = percentileInterval(column, confidence);
          out[i].lo = ci.lo;
          out[i].hi = ci.hi;
          out[i].se = ci.se;
        }
      }
    }
  }
  return { first: firstOut, total: totalOut, variance, mean, n: g.n, dropped: g.dropped, bootstrap: used, confidence };
}
