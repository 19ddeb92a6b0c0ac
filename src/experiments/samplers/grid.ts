/**
 * Full-factorial grid design.
 */
import { InputError } from '../../errors.ts';
import { validateFactors, type Factor } from './factor.ts';
import type { GridDesign } from './design.ts';

/** Largest grid built (points); bigger grids are almost always a mistake in the experiment file. */
export const GRID_MAX_POINTS = 10_000_000;

/**
 * Unit coordinate of level j of L. Uniform and log-uniform factors include both ends
 * (j / (L - 1); the middle for L = 1); normal and `levels` factors use bin midpoints
 * ((j + ½) / L), so normal levels are equal-probability quantiles and never ±∞.
 */
function gridUnit(factor: Factor, j: number, levelCount: number): number {
  if (factor.kind === 'uniform' || factor.kind === 'loguniform') return levelCount === 1 ? 0.5 : j / (levelCount - 1);
  return (j + 0.5) / levelCount;
}

/**
 * Full-factorial grid: every combination of the factors' levels; the last factor varies fastest.
 * @param factors the factors (validated here)
 * @param levelsPerFactor levels per continuous factor: one number for all, or one per factor.
 *   A `levels` factor always uses its own list (a number given for it must match its length).
 * @returns a grid design with prod(levels) points
 * @throws InputError for invalid factors, level counts < 1 or non-integers, or more than {@link GRID_MAX_POINTS} points
 * @example gridDesign([{ name: 'x', kind: 'uniform', min: 0, max: 1 }], 3).unit // => [0, 0.5, 1]
 */
export function gridDesign(factors: readonly Factor[], levelsPerFactor: number | readonly number[]): GridDesign {
  const checked = validateFactors(factors);
  const k = checked.length;
  if (Array.isArray(levelsPerFactor) && levelsPerFactor.length !== k) {
    throw new InputError(`needs one level count per factor (${k}), got ${levelsPerFactor.length}`, 'levelsPerFactor');
  }
  const counts = checked.map((f, i) => {
    const given = typeof levelsPerFactor === 'number' ? levelsPerFactor : levelsPerFactor[i];
    if (f.kind === 'levels') {
      if (Array.isArray(levelsPerFactor) && given !== f.levels.length) {
        throw new InputError(`factor "${f.name}" has ${f.levels.length} levels, got ${given}`, `levelsPerFactor[${i}]`);
      }
      return f.levels.length;
    }
    if (!Number.isInteger(given) || given < 1) {
      throw new InputError(`level count must be an integer >= 1, got ${given}`, Array.isArray(levelsPerFactor) ? `levelsPerFactor[${i}]` : 'levelsPerFactor');
    }
    return given;
  });
  const nPoint = counts.reduce((a, b) => a * b, 1);
  if (nPoint > GRID_MAX_POINTS) throw new InputError(`grid has ${nPoint} points, more than ${GRID_MAX_POINTS}`, 'levelsPerFactor');
  const unit = new Float64Array(nPoint * k);
  const digit = new Int32Array(k); // mixed-radix counter over the levels, last factor fastest
  for (let p = 0; p < nPoint; p++) {
    for (let f = 0; f < k; f++) unit[p * k + f] = gridUnit(checked[f], digit[f], counts[f]);
    for (let f = k - 1; f >= 0; f--) {
      if (++digit[f] < counts[f]) break;
      digit[f] = 0;
    }
  }
  return { kind: 'grid', factors: checked, unit, nPoint, nFactor: k, meta: { levelsPerFactor: Object.freeze(counts) } };
}
