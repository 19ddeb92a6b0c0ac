/**
 * Saltelli sampling scheme for first- and total-order Sobol' indices.
 *
 * Saltelli et al. 2010, Comput Phys Commun 181:259, doi:10.1016/j.cpc.2009.09.018, sec. 3:
 * two independent N x k matrices A and B (here the first and last k coordinates of a 2k-dimensional
 * Sobol' sequence, as in the paper's recommendation and SALib), and for every factor i the matrix
 * A_B^(i) = A with column i from B. N (k + 2) model runs; second-order indices are left out.
 */
import { InputError } from '../../errors.ts';
import { SOBOL_MAX_DIMENSION, sobolPoints } from '../sobol-sequence.ts';
import { validateFactors, type Factor } from './factor.ts';
import type { SaltelliDesign } from './design.ts';

/** Largest number of factors a Saltelli design supports (2k Sobol' dimensions). */
export const SALTELLI_MAX_FACTORS = Math.floor(SOBOL_MAX_DIMENSION / 2);

/** Role of a row within a base-row block of a Saltelli design. */
export type SaltelliRole = { matrix: 'A' } | { matrix: 'B' } | { matrix: 'AB'; factor: number };

/**
 * Row index of a point in a Saltelli design (see {@link SaltelliDesign} for the layout).
 * @param nFactor k
 * @param baseRow j, 0..baseN-1
 * @param role which matrix (and for A_B, which factor)
 */
export function saltelliRow(nFactor: number, baseRow: number, role: SaltelliRole): number {
  const block = baseRow * (nFactor + 2);
  if (role.matrix === 'A') return block;
  if (role.matrix === 'B') return block + nFactor + 1;
  return block + 1 + role.factor;
}

/**
 * Saltelli design: N base rows, each expanded to A_j, (A_B^(1))_j .. (A_B^(k))_j, B_j.
 * @param factors the factors (validated here), at most {@link SALTELLI_MAX_FACTORS}
 * @param baseN N, the number of base rows (>= 2; a power of two keeps the Sobol' points balanced)
 * @param seed scramble seed of the Sobol' sequence (Matoušek 1998 linear scramble + digital shift);
 *   omit for the plain sequence (then row 0 of A and B is the origin)
 * @returns a design with N (k + 2) points
 * @throws InputError for invalid factors, too many factors or baseN < 2
 */
export function saltelliDesign(factors: readonly Factor[], baseN: number, seed?: number): SaltelliDesign {
  const checked = validateFactors(factors);
  const k = checked.length;
  if (k > SALTELLI_MAX_FACTORS) {
    throw new InputError(`a Saltelli design supports at most ${SALTELLI_MAX_FACTORS} factors, got ${k}`, 'factors');
  }
  if (!Number.isInteger(baseN) || baseN < 2) throw new InputError(`base sample size N must be an integer >= 2, got ${baseN}`, 'baseN');
  if (seed !== undefined && !Number.isFinite(seed)) throw new InputError(`seed must be a finite number, got ${seed}`, 'seed');
  const base = sobolPoints(baseN, 2 * k, seed === undefined ? {} : { scrambleSeed: seed }); // (N x 2k): A | B
  const blockSize = k + 2;
  const unit = new Float64Array(baseN * blockSize * k);
  for (let j = 0; j < baseN; j++) {
    const a = j * 2 * k;
    const b = a + k;
    for (let r = 0; r < blockSize; r++) {
      const row = (j * blockSize + r) * k;
      for (let f = 0; f < k; f++) {
        // r = 0: A; r = 1..k: A_B^(r-1) (column r-1 from B); r = k+1: B
        const fromB = r === blockSize - 1 || f === r - 1;
        unit[row + f] = base[(fromB ? b : a) + f];
      }
    }
  }
  return {
    kind: 'saltelli',
    factors: checked,
    unit,
    nPoint: baseN * blockSize,
    nFactor: k,
    meta: { baseN, blockSize, scrambleSeed: seed ?? null },
  };
}
