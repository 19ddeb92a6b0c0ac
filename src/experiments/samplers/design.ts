/**
 * The design object shared by all samplers: points in the unit hypercube plus what is needed to map
 * them onto factor scales and, for Saltelli and Morris designs, to find the point groups the
 * sensitivity estimators need.
 */
import { InputError } from '../../errors.ts';
import { levelIndex, unitToValue, type Factor } from './factor.ts';

interface DesignBase {
  readonly factors: readonly Factor[];
  /** Unit-cube coordinates `(nPoint x nFactor)`, row-major, each in [0, 1]. */
  readonly unit: Float64Array;
  readonly nPoint: number;
  readonly nFactor: number;
}

/** Full-factorial grid; point order: the last factor varies fastest. */
export interface GridDesign extends DesignBase {
  readonly kind: 'grid';
  readonly meta: { readonly levelsPerFactor: readonly number[] };
}

/** Latin hypercube: exactly one point per stratum [j/n, (j+1)/n) per factor. */
export interface LatinHypercubeDesign extends DesignBase {
  readonly kind: 'latin-hypercube';
  readonly meta: {
    readonly seed: number;
    readonly candidates: number;
    /** Smallest pairwise distance in the unit cube of the chosen candidate; null when candidates = 1 (not computed). */
    readonly minDistance: number | null;
  };
}

/**
 * Saltelli 2010 scheme. Point order, base row j = 0..baseN-1, k = nFactor, block size k + 2:
 * - row j(k+2)         : A_j
 * - row j(k+2) + 1 + i : (A_B^(i))_j (A_j with column i taken from B_j), i = 0..k-1
 * - row j(k+2) + k + 1 : B_j
 * so any prefix of whole blocks is itself a complete (smaller) design.
 */
export interface SaltelliDesign extends DesignBase {
  readonly kind: 'saltelli';
  readonly meta: {
    readonly baseN: number;
    /** Rows per base row: nFactor + 2. */
    readonly blockSize: number;
    /** Scramble seed of the Sobol' base sequence; null for the plain sequence. */
    readonly scrambleSeed: number | null;
  };
}

/**
 * Morris 1991 one-at-a-time trajectories. Trajectory t occupies rows t(k+1) .. t(k+1)+k; step s
 * (s = 1..k) changes factor `changedFactor[t k + s - 1]` by ±delta in unit space.
 */
export interface MorrisDesign extends DesignBase {
  readonly kind: 'morris';
  readonly meta: {
    readonly trajectories: number;
    readonly levels: number;
    /** Step in unit space, p / (2 (p - 1)) (Morris 1991). */
    readonly delta: number;
    /** `(trajectories x nFactor)` index of the factor changed at each step. */
    readonly changedFactor: Int32Array;
    readonly seed: number;
    /** Candidate trajectories the r were chosen from (Campolongo 2007); equals `trajectories` if none. */
    readonly candidates: number;
  };
}

/** Any experiment design. */
export type Design = GridDesign | LatinHypercubeDesign | SaltelliDesign | MorrisDesign;

function checkIndex(design: Design, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= design.nPoint) {
    throw new InputError(`point index must be an integer in 0..${design.nPoint - 1}, got ${index}`, 'index');
  }
}

/**
 * Unit-cube coordinates of one design point.
 * @param design any design
 * @param index point index, 0..nPoint-1
 * @throws InputError for an index out of range
 */
export function pointUnit(design: Design, index: number): Float64Array {
  checkIndex(design, index);
  return design.unit.slice(index * design.nFactor, (index + 1) * design.nFactor);
}

/**
 * Values of one design point on the factors' own scales, keyed by factor name.
 * @param design any design
 * @param index point index, 0..nPoint-1
 * @throws InputError for an index out of range
 * @example pointValues(gridDesign([{ name: 'lldM', kind: 'uniform', min: 0, max: 0.02 }], 3), 2) // => { lldM: 0.02 }
 */
export function pointValues(design: Design, index: number): Record<string, number | string> {
  checkIndex(design, index);
  const out: Record<string, number | string> = {};
  const row = index * design.nFactor;
  design.factors.forEach((factor, f) => {
    out[factor.name] = unitToValue(factor, design.unit[row + f]);
  });
  return out;
}

/**
 * All points on the factors' scales as numbers `(nPoint x nFactor)`; a `levels` factor gives its
 * level index (0..L-1), so that string levels fit too.
 * @param design any design
 */
export function valueMatrix(design: Design): Float64Array {
  const out = new Float64Array(design.unit.length);
  for (let f = 0; f < design.nFactor; f++) {
    const factor = design.factors[f];
    for (let p = 0; p < design.nPoint; p++) {
      const u = design.unit[p * design.nFactor + f];
      out[p * design.nFactor + f] = factor.kind === 'levels' ? levelIndex(factor.levels.length, u) : (unitToValue(factor, u) as number);
    }
  }
  return out;
}
