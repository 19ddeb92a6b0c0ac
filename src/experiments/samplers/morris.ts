/**
 * Morris elementary-effects screening design.
 *
 * Morris 1991, Technometrics 33:161, doi:10.1080/00401706.1991.10484804: r random one-at-a-time
 * trajectories of k + 1 points on a p-level grid {0, 1/(p-1), ..., 1}, step Δ = p / (2 (p - 1)).
 * Optional spread-out selection of r trajectories among M candidates, after Campolongo, Cariboni &
 * Saltelli 2007, Environ Model Softw 22:1509, doi:10.1016/j.envsoft.2006.10.004 (eq. 3 distance). *
 * Deviation: Campolongo searches all C(M, r) subsets; here a greedy pick (start from the farthest
 * pair, then add the trajectory with the largest sum of squared distances to those chosen) keeps the
 * cost at O(M² k³) for large M.
 */
import { InputError } from '../../errors.ts';
import { createRng } from '../../random.ts';
import { validateFactors, type Factor } from './factor.ts';
import type { MorrisDesign } from './design.ts';

/** Options for {@link morrisDesign}. */
export interface MorrisOptions {
  /** Candidate trajectories M >= r to pick the r most spread-out from (Campolongo 2007); default r (no selection). */
  candidates?: number;
}

/** Trajectory number `c` into `points` `((k+1) x k)` and `changed` `(k)`. */
function drawTrajectory(points: Float64Array, changed: Int32Array, k: number, levels: number, seed: number, c: number): void {
  const rng = createRng(seed, 'morris', c);
  const order = new Int32Array(k);
  for (let i = 0; i < k; i++) order[i] = i;
  for (let i = k - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const base = new Float64Array(k);
  const moved = new Float64Array(k); // base + Δ, computed on the grid so it is exactly a level
  const up = new Uint8Array(k);
  for (let f = 0; f < k; f++) {
    // Morris 1991: base value from {0, 1/(p-1), ..., 1 - Δ} so that the moved value stays in [0, 1].
    const baseLevel = rng.int(levels / 2);
    base[f] = baseLevel / (levels - 1);
    moved[f] = (baseLevel + levels / 2) / (levels - 1);
    up[f] = rng.uniform() < 0.5 ? 1 : 0;
    points[f] = up[f] ? base[f] : moved[f];
  }
  for (let s = 1; s <= k; s++) {
    const f = order[s - 1];
    changed[s - 1] = f;
    for (let g = 0; g < k; g++) points[s * k + g] = points[(s - 1) * k + g];
    points[s * k + f] = up[f] ? moved[f] : base[f];
  }
}

/** Campolongo 2007, eq. 3: sum over all point pairs of the Euclidean distance between two trajectories. */
function trajectoryDistance(x: Float64Array, xOffset: number, y: Float64Array, yOffset: number, k: number): number {
  let total = 0;
  for (let i = 0; i <= k; i++) {
    for (let j = 0; j <= k; j++) {
      let d2 = 0;
      for (let f = 0; f < k; f++) {
        const d = x[xOffset + i * k + f] - y[yOffset + j * k + f];
        d2 += d * d;
      }
      total += Math.sqrt(d2);
    }
  }
  return total;
}

/** Greedy spread-out choice of r among M trajectories; returns candidate indices in ascending order. */
function selectSpread(points: Float64Array, m: number, r: number, k: number): number[] {
  const size = (k + 1) * k;
  const d2 = new Float64Array(m * m);
  let bestPair = [0, 1];
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const d = trajectoryDistance(points, a * size, points, b * size, k);
      d2[a * m + b] = d2[b * m + a] = d * d;
      if (d2[a * m + b] > d2[bestPair[0] * m + bestPair[1]]) bestPair = [a, b];
    }
  }
  const chosen = r === 1 ? [bestPair[0]] : [...bestPair];
  const score = new Float64Array(m);
  const taken = new Uint8Array(m);
  for (const c of chosen) taken[c] = 1;
  for (let a = 0; a < m; a++) for (const c of chosen) score[a] += d2[a * m + c];
  while (chosen.length < r) {
    let best = -1;
    for (let a = 0; a < m; a++) if (!taken[a] && (best < 0 || score[a] > score[best])) best = a;
    chosen.push(best);
    taken[best] = 1;
    for (let a = 0; a < m; a++) score[a] += d2[a * m + best];
  }
  return chosen.sort((x, y) => x - y);
}

/**
 * Morris trajectories: r (k + 1) points; trajectory t holds rows t(k+1) .. t(k+1)+k and each step
 * moves one factor by ±Δ in unit space (which one: `meta.changedFactor`).
 * @param factors the factors (validated here)
 * @param trajectories r >= 1 (Morris 1991 used r = 4; 10–50 is common)
 * @param levels p, an even number >= 2 (4 or 6 typical), so that Δ = p / (2 (p - 1)) lies on the grid
 * @param seed seed of the design
 * @param options Campolongo 2007 candidate count
 * @throws InputError for invalid factors, r, p, candidates or seed
 */
export function morrisDesign(factors: readonly Factor[], trajectories: number, levels: number, seed: number, options: MorrisOptions = {}): MorrisDesign {
  const checked = validateFactors(factors);
  const k = checked.length;
  const r = trajectories;
  const m = options.candidates ?? r;
  if (!Number.isInteger(r) || r < 1) throw new InputError(`number of trajectories must be an integer >= 1, got ${r}`, 'trajectories');
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0) {
    throw new InputError(`number of levels p must be an even integer >= 2, got ${levels}`, 'levels');
  }
  if (!Number.isInteger(m) || m < r) throw new InputError(`candidates must be an integer >= trajectories (${r}), got ${m}`, 'candidates');
  if (!Number.isFinite(seed)) throw new InputError(`seed must be a finite number, got ${seed}`, 'seed');
  const delta = levels / (2 * (levels - 1)); // Morris 1991, Δ = p / [2 (p - 1)]
  const size = (k + 1) * k;
  const all = new Float64Array(m * size);
  const allChanged = new Int32Array(m * k);
  for (let c = 0; c < m; c++) {
    drawTrajectory(all.subarray(c * size, (c + 1) * size), allChanged.subarray(c * k, (c + 1) * k), k, levels, seed, c);
  }
  const picked = m > r ? selectSpread(all, m, r, k) : Array.from({ length: r }, (_, i) => i);
  const unit = new Float64Array(r * size);
  const changedFactor = new Int32Array(r * k);
  picked.forEach((c, t) => {
    unit.set(all.subarray(c * size, (c + 1) * size), t * size);
    changedFactor.set(allChanged.subarray(c * k, (c + 1) * k), t * k);
  });
  return {
    kind: 'morris',
    factors: checked,
    unit,
    nPoint: r * (k + 1),
    nFactor: k,
    meta: { trajectories: r, levels, delta, changedFactor, seed, candidates: m },
  };
}
