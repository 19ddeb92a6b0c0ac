/**
 * The Sobol' low-discrepancy sequence in up to {@link SOBOL_MAX_DIMENSION} dimensions, optionally
 * randomised by a linear matrix scramble plus a digital shift.
 *
 * Sources:
 * - Sobol' 1967, USSR Comput Math Math Phys 7(4):86, doi:10.1016/0041-5553(67)90144-9 (the sequence).
 * - Bratley & Fox 1988, ACM TOMS 14:88, doi:10.1145/42288.214372 (recurrence for direction numbers;
 *   Gray-code ordering of Antonov & Saleev 1979).
 * - Joe & Kuo 2008, SIAM J Sci Comput 30:2635, doi:10.1137/070709359: primitive polynomials and
 *   initial direction numbers, file `new-joe-kuo-6.21201` (https://web.maths.unsw.edu.au/~fkuo/sobol/),
 *   rows d = 2..64 transcribed below. The unscrambled points equal scipy.stats.qmc.Sobol(scramble=False)
 *   (which uses the same file), checked in tests/unit/samplers.test.ts.
 * - Matoušek 1998, J Complexity 14:527, doi:10.1006/jcom.1998.0489 (linear matrix scramble + digital
 *   shift; keeps the (t, m, s)-net property, so every 2^m prefix stays stratified).
 *
 * Points come in Gray-code order (the order of Joe & Kuo's reference code and scipy), so the first
 * 2^m points of every coordinate hit each interval [j/2^m, (j+1)/2^m) exactly once.
 */
import { createRng } from '../random.ts';
import { InputError } from '../errors.ts';

/**
 * Joe & Kuo 2008, new-joe-kuo-6.21201, dimensions 2..64: `s a m_1 ... m_s` per row
 * (s: degree of the primitive polynomial, a: its inner coefficients as bits, m_i: initial direction
 * numbers). Dimension 1 is the van der Corput sequence (all m_i = 1).
 */
const JOE_KUO_ROWS: readonly string[] = [
  '1 0 1', '2 1 1 3', '3 1 1 3 1', '3 2 1 1 1', '4 1 1 1 3 3', '4 4 1 3 5 13', '5 2 1 1 5 5 17',
  '5 4 1 1 5 5 5', '5 7 1 1 7 11 19', '5 11 1 1 5 1 1', '5 13 1 1 1 3 11', '5 14 1 3 5 5 31',
  '6 1 1 3 3 9 7 49', '6 13 1 1 1 15 21 21', '6 16 1 3 1 13 27 49', '6 19 1 1 1 15 7 5',
  '6 22 1 3 1 15 13 25', '6 25 1 1 5 5 19 61', '7 1 1 3 7 11 23 15 103', '7 4 1 3 7 13 13 15 69',
  '7 7 1 1 3 13 7 35 63', '7 8 1 3 5 9 1 25 53', '7 14 1 3 1 13 9 35 107', '7 19 1 3 1 5 27 61 31',
  '7 21 1 1 5 11 19 41 61', '7 28 1 3 5 3 3 13 69', '7 31 1 1 7 13 1 19 1', '7 32 1 3 7 5 13 19 59',
  '7 37 1 1 3 9 25 29 41', '7 41 1 3 5 13 23 1 55', '7 42 1 3 7 3 13 59 17', '7 50 1 3 1 3 5 53 69',
  '7 55 1 1 5 5 23 33 13', '7 56 1 1 7 7 1 61 123', '7 59 1 1 7 9 13 61 49', '7 62 1 3 3 5 3 55 33',
  '8 14 1 3 1 15 31 13 49 245', '8 21 1 3 5 15 31 59 63 97', '8 22 1 3 1 11 11 11 77 249',
  '8 38 1 3 1 11 27 43 71 9', '8 47 1 1 7 15 21 11 81 45', '8 49 1 3 7 3 25 31 65 79',
  '8 50 1 3 1 1 19 11 3 205', '8 52 1 1 5 9 19 21 29 157', '8 56 1 3 7 11 1 33 89 185',
  '8 67 1 3 3 3 15 9 79 71', '8 70 1 3 7 11 15 39 119 27', '8 84 1 1 3 1 11 31 97 225',
  '8 97 1 1 1 3 23 43 57 177', '8 103 1 3 7 7 17 17 37 71', '8 115 1 3 1 5 27 63 123 213',
  '8 122 1 1 3 5 11 43 53 133', '9 8 1 3 5 5 29 17 47 173 479', '9 13 1 3 3 11 3 1 109 9 69',
  '9 16 1 1 1 5 17 39 23 5 343', '9 22 1 3 1 5 25 15 31 103 499', '9 25 1 1 1 11 11 17 63 105 183',
  '9 44 1 1 5 11 9 29 97 231 363', '9 47 1 1 5 15 19 45 41 7 383', '9 52 1 3 7 7 31 19 83 137 221',
  '9 55 1 1 1 3 23 15 111 223 83', '9 59 1 1 5 13 31 15 55 25 161', '9 62 1 1 3 13 25 47 39 87 257',
];

/** Number of bits per coordinate (points are multiples of 2^-32). */
const BITS = 32;

/** Largest dimension the built-in direction numbers support. */
export const SOBOL_MAX_DIMENSION = JOE_KUO_ROWS.length + 1;

/** Largest index + 1 supported (2^31, so that Gray codes stay in signed 32-bit bit operations). */
export const SOBOL_MAX_POINTS = 2 ** 31;

/** Direction numbers `(SOBOL_MAX_DIMENSION x BITS)`, v[d][j] = m_j / 2^(j+1) as a 32-bit integer. */
const DIRECTIONS: readonly Uint32Array[] = (() => {
  const all: Uint32Array[] = [];
  const first = new Uint32Array(BITS);
  for (let j = 0; j < BITS; j++) first[j] = (1 << (BITS - 1 - j)) >>> 0;
  all.push(first);
  for (const row of JOE_KUO_ROWS) {
    const [s, a, ...m] = row.split(' ').map(Number);
    const v = new Uint32Array(BITS);
    for (let j = 0; j < BITS; j++) {
      if (j < s) {
        v[j] = (m[j] << (BITS - 1 - j)) >>> 0;
        continue;
      }
      // Bratley & Fox 1988, eq. 2 (as written in Joe & Kuo's notes): v_j = a_1 v_{j-1} ^ ... ^ v_{j-s} ^ (v_{j-s} >> s)
      let x = v[j - s] ^ (v[j - s] >>> s);
      for (let k = 1; k < s; k++) if ((a >>> (s - 1 - k)) & 1) x ^= v[j - k];
      v[j] = x >>> 0;
    }
    all.push(v);
  }
  return all;
})();

/** Parity (XOR of all bits) of a 32-bit integer. */
function parity32(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/** Options for {@link sobolPoints}. */
export interface SobolOptions {
  /**
   * Seed of the linear matrix scramble + digital shift (Matoušek 1998). Omit for the plain
   * (deterministic) sequence, whose first point is the origin.
   */
  scrambleSeed?: number;
  /** Index of the first point taken (default 0). Keep it 0 for balanced 2^m prefixes. */
  skip?: number;
}

/**
 * Direction numbers for `dimension` coordinates, scrambled when a seed is given. Each scrambled
 * dimension gets its own lower-triangular binary matrix with unit diagonal, L·v_j, and a random
 * shift XOR-ed onto every point.
 */
function directionsFor(dimension: number, scrambleSeed: number | undefined): { v: Uint32Array[]; shift: Uint32Array } {
  const shift = new Uint32Array(dimension);
  if (scrambleSeed === undefined) return { v: DIRECTIONS.slice(0, dimension).map((d) => d.slice()), shift };
  const v: Uint32Array[] = [];
  const rowMask = new Uint32Array(BITS);
  for (let d = 0; d < dimension; d++) {
    const rng = createRng(scrambleSeed, 'sobol-scramble', d);
    // Row r of L (digit r = bit 31 - r): unit diagonal, random entries left of it (higher bits).
    for (let r = 0; r < BITS; r++) {
      const higher = r === 0 ? 0 : (0xffffffff << (BITS - r)) >>> 0;
      rowMask[r] = ((rng.nextUint32() & higher) | (1 << (BITS - 1 - r))) >>> 0;
    }
    const source = DIRECTIONS[d];
    const scrambled = new Uint32Array(BITS);
    for (let j = 0; j < BITS; j++) {
      let out = 0;
      for (let r = 0; r < BITS; r++) if (parity32(rowMask[r] & source[j])) out |= 1 << (BITS - 1 - r);
      scrambled[j] = out >>> 0;
    }
    v.push(scrambled);
    shift[d] = rng.nextUint32();
  }
  return { v, shift };
}

/**
 * Points of the Sobol' sequence (Gray-code order), each coordinate in [0, 1).
 *
 * @param nPoint number of points (>= 1; powers of two keep the design balanced)
 * @param dimension number of coordinates, 1..{@link SOBOL_MAX_DIMENSION}
 * @param options scramble seed (omit for the plain sequence) and number of leading points to skip
 * @returns `(nPoint x dimension)` row-major values in [0, 1)
 * @throws InputError when `nPoint`, `dimension` or `skip` is out of range
 * @example sobolPoints(4, 2) // => Float64Array [0, 0, 0.5, 0.5, 0.75, 0.25, 0.25, 0.75]
 */
export function sobolPoints(nPoint: number, dimension: number, options: SobolOptions = {}): Float64Array {
  const skip = options.skip ?? 0;
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > SOBOL_MAX_DIMENSION) {
    throw new InputError(`Sobol dimension must be an integer in 1..${SOBOL_MAX_DIMENSION}, got ${dimension}`, 'dimension');
  }
  if (!Number.isInteger(nPoint) || nPoint < 1) throw new InputError(`nPoint must be a positive integer, got ${nPoint}`, 'nPoint');
  if (!Number.isInteger(skip) || skip < 0 || skip + nPoint > SOBOL_MAX_POINTS) {
    throw new InputError(`skip must be an integer >= 0 with skip + nPoint <= 2^31, got ${skip}`, 'skip');
  }
  const { v, shift } = directionsFor(dimension, options.scrambleSeed);
  const out = new Float64Array(nPoint * dimension);
  const state = new Uint32Array(dimension);
  // Point `skip` directly from its Gray code g = i ^ (i >> 1): x = XOR of v_j over set bits of g.
  const gray = skip ^ Math.floor(skip / 2);
  for (let d = 0; d < dimension; d++) {
    let x = 0;
    for (let j = 0, g = gray; g > 0; j++, g = Math.floor(g / 2)) if (g % 2 === 1) x ^= v[d][j];
    state[d] = x >>> 0;
  }
  const scale = 2 ** -BITS;
  for (let p = 0; p < nPoint; p++) {
    if (p > 0) {
      // Antonov & Saleev 1979: the next point flips direction number c = number of trailing ones of i-1.
      let c = 0;
      for (let i = skip + p - 1; i % 2 === 1; i = Math.floor(i / 2)) c++;
      for (let d = 0; d < dimension; d++) state[d] = (state[d] ^ v[d][c]) >>> 0;
    }
    const row = p * dimension;
    for (let d = 0; d < dimension; d++) out[row + d] = ((state[d] ^ shift[d]) >>> 0) * scale;
  }
  return out;
}
