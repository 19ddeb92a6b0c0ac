/**
 * Morris elementary-effects statistics μ, μ*, σ.
 *
 * Elementary effect of factor i on a trajectory step: EE_i = (f(x + Δ e_i) - f(x)) / Δ, with Δ the
 * signed step in unit-cube coordinates (Morris 1991, Technometrics 33:161, eq. 1), so EE is the
 * output change per full unit range of the factor's coordinate (for a uniform factor, per
 * (max - min)). μ = mean EE, σ = sample SD of EE (Morris 1991); μ* = mean |EE| (Campolongo,
 * Cariboni & Saltelli 2007, Environ Model Softw 22:1509). μ* interval: bootstrap of the EEs, as in SALib.
 *
 * Failed points: an elementary effect whose two points are not both finite is dropped (only that
 * effect); the per-factor count used is `n` and the total dropped is reported.
 */
import { InputError } from '../../errors.ts';
import { createRng } from '../../random.ts';
import type { Design } from '../samplers/design.ts';
import { percentileInterval, resolveBootstrap, type BootstrapOptions } from './bootstrap.ts';

/** Morris statistics of one factor. */
export interface MorrisFactorResult {
  name: string;
  /** Mean elementary effect (signed; effects of opposite sign cancel). */
  mu: number;
  /** Mean absolute elementary effect: the importance measure. */
  muStar: number;
  /** Sample standard deviation of the effects (non-linearity / interactions); null if n < 2. */
  sigma: number | null;
  /** Bootstrap percentile interval of μ*; null if bootstrap = 0. */
  muStarLo: number | null;
  muStarHi: number | null;
  /** Elementary effects used. */
  n: number;
}

/** Result of {@link morrisIndices}. */
export interface MorrisIndicesResult {
  /** One entry per factor, in design order. */
  factors: MorrisFactorResult[];
  /** Elementary effects dropped because an output was not finite. */
  dropped: number;
  confidence: number;
}

/**
 * Morris μ, μ*, σ from the outputs of a Morris design.
 * @param design a design from `morrisDesign`
 * @param outputs one output per design point (`nPoint`), in design order; non-finite values mark failed points
 * @param options bootstrap resamples for the μ* interval (default 1000), confidence (0.95), seed (0)
 * @throws InputError if the design is not a Morris design, the output length is wrong, or a factor
 *   is left with no finite elementary effect
 */
export function morrisIndices(design: Design, outputs: ArrayLike<number>, options: BootstrapOptions = {}): MorrisIndicesResult {
  if (design.kind !== 'morris') throw new InputError(`Morris indices need a Morris design, got a ${design.kind} design`, 'design');
  if (outputs.length !== design.nPoint) {
    throw new InputError(`expected ${design.nPoint} outputs (one per design point), got ${outputs.length}`, 'outputs');
  }
  const { resamples, confidence, seed } = resolveBootstrap(options);
  const k = design.nFactor;
  const r = design.meta.trajectories;
  const effects: number[][] = design.factors.map(() => []);
  let dropped = 0;
  for (let t = 0; t < r; t++) {
    for (let s = 1; s <= k; s++) {
      const p0 = t * (k + 1) + s - 1;
      const p1 = p0 + 1;
      const f = design.meta.changedFactor[t * k + s - 1];
      const y0 = outputs[p0];
      const y1 = outputs[p1];
      if (!Number.isFinite(y0) || !Number.isFinite(y1)) {
        dropped++;
        continue;
      }
      const step = design.unit[p1 * k + f] - design.unit[p0 * k + f]; // ±Δ
      effects[f].push((y1 - y0) / step); // Morris 1991, eq. 1
    }
  }
  const rng = createRng(seed, 'morris-bootstrap');
  const factors = design.factors.map((factor, i): MorrisFactorResult => {
    const ee = effects[i];
    const n = ee.length;
    if (n === 0) throw new InputError(`factor "${factor.name}" has no elementary effect with finite outputs`, 'outputs');
    let mu = 0;
    let muStar = 0;
    for (const e of ee) {
      mu += e;
      muStar += Math.abs(e);
    }
    mu /= n;
    muStar /= n;
    let ss = 0;
    for (const e of ee) ss += (e - mu) ** 2;
    const result: MorrisFactorResult = {
      name: factor.name,
      mu,
      muStar,
      sigma: n > 1 ? Math.sqrt(ss / (n - 1)) : null,
      muStarLo: null,
      muStarHi: null,
      n,
    };
    if (resamples > 0) {
      const replicates = new Float64Array(resamples);
      for (let b = 0; b < resamples; b++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += Math.abs(ee[rng.int(n)]);
        replicates[b] = s / n;
      }
      const ci = percentileInterval(replicates, confidence);
      result.muStarLo = ci.lo;
      result.muStarHi = ci.hi;
    }
    return result;
  });
  return { factors, dropped, confidence };
}
