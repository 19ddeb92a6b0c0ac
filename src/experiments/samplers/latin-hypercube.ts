/**
 * Latin hypercube sampling (McKay, Beckman & Conover 1979, Technometrics 21:239,
 * doi:10.1080/00401706.1979.10489755), optionally the maximin pick among several random candidates
 * (Johnson, Moore & Ylvisaker 1990, J Stat Plan Inference 26:131, doi:10.1016/0378-3758(90)90122-B).
 */
import { InputError } from '../../errors.ts';
import { createRng } from '../../random.ts';
import { validateFactors, type Factor } from './factor.ts';
import type { LatinHypercubeDesign } from './design.ts';

/** Options for {@link latinHypercube}. */
export interface LatinHypercubeOptions {
  /**
   * Random Latin hypercubes to draw; the one with the largest minimum pairwise distance (in the
   * unit cube) is kept. Default 1 (plain random LHS). Cost grows as candidates · n² · k.
   */
  candidates?: number;
}

/** One random Latin hypercube into `out` `(n x k)`: a random permutation of strata per factor, jittered. */
function drawCandidate(out: Float64Array, n: number, k: number, seed: number, candidate: number, perm: Int32Array): void {
  const rng = createRng(seed, 'latin-hypercube', candidate);
  for (let f = 0; f < k; f++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      // Fisher–Yates shuffle
      const j = rng.int(i + 1);
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    for (let i = 0; i < n; i++) out[i * k + f] = (perm[i] + rng.uniform()) / n; // McKay 1979: one point per stratum
  }
}

/** Smallest pairwise Euclidean distance between rows of `points` `(n x k)`. */
function minPairDistance(points: Float64Array, n: number, k: number): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let d2 = 0;
      for (let f = 0; f < k; f++) {
        const d = points[i * k + f] - points[j * k + f];
        d2 += d * d;
      }
      if (d2 < best) best = d2;
    }
  }
  return Math.sqrt(best);
}

/**
 * Latin hypercube design: for every factor, exactly one of the n points in each stratum [j/n, (j+1)/n).
 * @param factors the factors (validated here)
 * @param n number of points (>= 1)
 * @param seed seed of the design (same seed, same design)
 * @param options maximin candidates
 * @throws InputError for invalid factors, n or candidates
 */
export function latinHypercube(factors: readonly Factor[], n: number, seed: number, options: LatinHypercubeOptions = {}): LatinHypercubeDesign {
  const checked = validateFactors(factors);
  const k = checked.length;
  const candidates = options.candidates ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new InputError(`number of points must be an integer >= 1, got ${n}`, 'n');
  if (!Number.isInteger(candidates) || candidates < 1) throw new InputError(`candidates must be an integer >= 1, got ${candidates}`, 'candidates');
  if (!Number.isFinite(seed)) throw new InputError(`seed must be a finite number, got ${seed}`, 'seed');
  const perm = new Int32Array(n);
  let unit = new Float64Array(n * k);
  drawCandidate(unit, n, k, seed, 0, perm);
  let minDistance: number | null = null;
  if (candidates > 1) {
    minDistance = minPairDistance(unit, n, k);
    let trial = new Float64Array(n * k);
    for (let c = 1; c < candidates; c++) {
      drawCandidate(trial, n, k, seed, c, perm);
      const d = minPairDistance(trial, n, k);
      if (d > minDistance) {
        [unit, trial] = [trial, unit];
        minDistance = d;
      }
    }
  }
  return { kind: 'latin-hypercube', factors: checked, unit, nPoint: n, nFactor: k, meta: { seed, candidates, minDistance } };
}
