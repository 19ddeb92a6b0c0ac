import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/errors.ts';
import { SOBOL_MAX_DIMENSION, sobolPoints } from '../../src/experiments/sobol-sequence.ts';
import {
  gridDesign,
  latinHypercube,
  morrisDesign,
  pointUnit,
  pointValues,
  saltelliDesign,
  saltelliRow,
  standardNormalCdf,
  standardNormalQuantile,
  unitToValue,
  validateFactors,
  valueMatrix,
  type Factor,
} from '../../src/experiments/samplers/index.ts';

const uniform = (name: string, min = 0, max = 1): Factor => ({ name, kind: 'uniform', min, max });
const factorsOf = (k: number): Factor[] => Array.from({ length: k }, (_, i) => uniform(`x${i}`));

/** Is `values` (length n) exactly one point per stratum [j/n, (j+1)/n)? */
function oneUnitPerStratum(values: ArrayLike<number>, n: number): boolean {
  const hit = new Uint8Array(n);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v < 1)) return false;
    const j = Math.floor(v * n);
    if (hit[j]) return false;
    hit[j] = 1;
  }
  return hit.every((h) => h === 1);
}

function column(unit: Float64Array, k: number, f: number, start = 0, count = unit.length / k): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = unit[(start + i) * k + f];
  return out;
}

describe('Sobol sequence', () => {
  it('starts like the published sequence (Joe & Kuo 2008 reference code, Gray-code order)', () => {
    // First points of new-joe-kuo-6.21201 in 3-D, as printed by Joe & Kuo's sobol.cc and scipy.
    const expected = [0, 0, 0, 0.5, 0.5, 0.5, 0.75, 0.25, 0.25, 0.25, 0.75, 0.75, 0.375, 0.375, 0.625, 0.875, 0.875, 0.125];
    expect(Array.from(sobolPoints(6, 3))).toEqual(expected);
  });

  it('matches scipy.stats.qmc.Sobol(d=64, scramble=False) in all 64 dimensions', () => {
    // Generated with scipy 1.17.1: x = qmc.Sobol(d=64, scramble=False).random_base2(m=10);
    // printed round(x[i] * 1024) for i = 3, 100, 1023 (exact dyadic values).
    const scipy: Record<number, number[]> = {
      3: [256, 768, 768, 768, 256, 256, 768, 256, 256, 256, 256, 256, 768, 768, 256, 768, 256, 768, 256, 768, 768, 256, 768, 768, 768, 256, 768, 256, 768, 256, 768, 768, 768, 256, 256, 256, 768, 768, 768, 768, 768, 256, 768, 768, 256, 768, 768, 768, 256, 256, 768, 768, 256, 768, 768, 256, 768, 256, 256, 256, 768, 256, 256, 256],
      100: [424, 264, 792, 744, 904, 760, 24, 488, 648, 712, 472, 696, 488, 872, 328, 504, 696, 760, 856, 344, 776, 408, 8, 504, 24, 8, 968, 680, 248, 744, 728, 424, 264, 264, 376, 680, 1000, 488, 920, 136, 728, 680, 424, 504, 264, 616, 280, 728, 744, 680, 904, 824, 72, 856, 392, 792, 88, 280, 424, 168, 504, 24, 472, 664],
      1023: [1, 771, 627, 149, 191, 449, 143, 633, 353, 871, 695, 37, 133, 681, 371, 475, 321, 897, 599, 327, 887, 19, 813, 201, 245, 385, 521, 779, 861, 445, 951, 629, 463, 895, 341, 885, 965, 1011, 923, 715, 647, 997, 951, 111, 509, 319, 989, 781, 863, 843, 265, 177, 675, 417, 929, 113, 817, 881, 745, 361, 105, 201, 809, 41],
    };
    expect(SOBOL_MAX_DIMENSION).toBe(64);
    const points = sobolPoints(1024, 64);
    for (const [index, row] of Object.entries(scipy)) {
      const i = Number(index);
      expect(Array.from(points.subarray(i * 64, (i + 1) * 64), (v) => v * 1024)).toEqual(row);
    }
  });

  it.each([undefined, 5, 123456])('first 2^m points of every 1-D projection are stratified (scramble seed %s)', (seed) => {
    const points = sobolPoints(1024, 64, seed === undefined ? {} : { scrambleSeed: seed });
    for (let d = 0; d < 64; d++) {
      for (let m = 0; m <= 10; m++) {
        const n = 2 ** m;
        expect(oneUnitPerStratum(column(points, 64, d, 0, n), n)).toBe(true);
      }
    }
  });

  it.each([undefined, 9])('dimensions 1 and 2 form a (0, m, 2)-net: one point per elementary box (scramble seed %s)', (seed) => {
    const m = 8;
    const n = 2 ** m;
    const points = sobolPoints(n, 2, seed === undefined ? {} : { scrambleSeed: seed });
    for (let a = 0; a <= m; a++) {
      const cols = 2 ** a;
      const rows = 2 ** (m - a);
      const hit = new Uint8Array(n);
      for (let i = 0; i < n; i++) hit[Math.floor(points[2 * i] * cols) * rows + Math.floor(points[2 * i + 1] * rows)]++;
      expect(hit.every((h) => h === 1)).toBe(true);
    }
  });

  it('scrambled points lie in [0, 1), repeat for a seed and differ between seeds', () => {
    const a = sobolPoints(256, 10, { scrambleSeed: 1 });
    expect(a.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(sobolPoints(256, 10, { scrambleSeed: 1 })).toEqual(a);
    const b = sobolPoints(256, 10, { scrambleSeed: 2 });
    expect(b).not.toEqual(a);
    expect(a.some((v, i) => v !== b[i])).toBe(true);
  });

  it('skip starts at the right point (random access via the Gray code)', () => {
    const all = sobolPoints(37, 7, { scrambleSeed: 3 });
    expect(sobolPoints(10, 7, { scrambleSeed: 3, skip: 27 })).toEqual(all.subarray(27 * 7));
  });

  it('rejects bad sizes', () => {
    expect(() => sobolPoints(0, 2)).toThrow(InputError);
    expect(() => sobolPoints(4, 65)).toThrow(InputError);
    expect(() => sobolPoints(4, 0)).toThrow(InputError);
  });
});

describe('factors and their scales', () => {
  it('standard normal CDF and quantile match scipy.special (ndtr, ndtri)', () => {
    // scipy 1.17.1 values.
    const quantiles: [number, number][] = [
      [1e-10, -6.361340902404056], [0.001, -3.090232306167813], [0.025, -1.9599639845400545],
      [0.3, -0.5244005127080409], [0.8, 0.8416212335729143], [0.999999, 4.753424308817087],
    ];
    for (const [p, z] of quantiles) expect(standardNormalQuantile(p)).toBeCloseTo(z, 12);
    const cdf: [number, number][] = [
      [-8, 6.22096057427174e-16], [-5, 2.866515718791933e-7], [-1.5, 0.06680720126885807],
      [0.3, 0.6179114221889526], [2, 0.9772498680518208], [6, 0.9999999990134123],
    ];
    for (const [x, p] of cdf) expect(Math.abs(standardNormalCdf(x) - p) / p).toBeLessThan(1e-12);
  });

  it('maps unit values onto each distribution (truncated normals checked against scipy.stats.truncnorm)', () => {
    expect(unitToValue(uniform('a', 2, 6), 0.25)).toBe(3);
    const log: Factor = { name: 'k', kind: 'loguniform', min: 1, max: 100 };
    expect(unitToValue(log, 0)).toBeCloseTo(1, 12);
    expect(unitToValue(log, 0.5)).toBeCloseTo(10, 12);
    expect(unitToValue(log, 1)).toBeCloseTo(100, 12);
    // scipy.stats.norm.ppf(0.975, loc=3, scale=0.5)
    expect(unitToValue({ name: 'n', kind: 'normal', mean: 3, sd: 0.5 }, 0.975)).toBeCloseTo(3.979981992270027, 10);
    // truncnorm.ppf(0.3, -1, 2, loc=10, scale=2); (0.7, 1, 3, loc=5, scale=2); (0.5, 0, inf, loc=1, scale=0.5); (0.2, -inf, -2)
    expect(unitToValue({ name: 'n', kind: 'normal', mean: 10, sd: 2, min: 8, max: 14 }, 0.3)).toBeCloseTo(9.515192364221546, 10);
    expect(unitToValue({ name: 'n', kind: 'normal', mean: 5, sd: 2, min: 7, max: 11 }, 0.7)).toBeCloseTo(8.318325419435322, 10);
    expect(unitToValue({ name: 'n', kind: 'normal', mean: 1, sd: 0.5, min: 1 }, 0.5)).toBeCloseTo(1.3372448750980408, 10);
    expect(unitToValue({ name: 'n', kind: 'normal', mean: 0, sd: 1, max: -2 }, 0.2)).toBeCloseTo(-2.608272317011995, 10);
    // Bounds are reached exactly; an untruncated normal stays finite at u = 0 and 1.
    expect(unitToValue({ name: 'n', kind: 'normal', mean: 10, sd: 2, min: 8, max: 14 }, 0)).toBeCloseTo(8, 12);
    expect(unitToValue({ name: 'n', kind: 'normal', mean: 10, sd: 2, min: 8, max: 14 }, 1)).toBeCloseTo(14, 12);
    expect(Number.isFinite(unitToValue({ name: 'n', kind: 'normal', mean: 0, sd: 1 }, 0) as number)).toBe(true);
    const levels: Factor = { name: 'side', kind: 'levels', levels: ['left', 'right', 'both'] };
    expect([0, 0.34, 0.99, 1].map((u) => unitToValue(levels, u))).toEqual(['left', 'right', 'both', 'both']);
  });

  it('rejects invalid factors naming the key', () => {
    const where = (input: unknown): string | undefined => {
      try {
        validateFactors(input);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).message;
      }
      return undefined;
    };
    expect(where([{ name: 'a', kind: 'uniform', min: 1, max: 0 }])).toMatch(/factors\[0\]\.max/);
    expect(where([{ name: 'a', kind: 'loguniform', min: 0, max: 1 }])).toMatch(/factors\[0\]\.min/);
    expect(where([{ name: 'a', kind: 'normal', mean: 0, sd: -1 }])).toMatch(/factors\[0\]\.sd/);
    expect(where([uniform('a'), uniform('a')])).toMatch(/factors\[1\]\.name/);
    expect(where([{ name: 'a', kind: 'uniform', min: 0, max: 1, step: 2 }])).toMatch(/factors\[0\]/);
    expect(where([{ name: 'a', kind: 'beta', min: 0, max: 1 }])).toMatch(/factors\[0\]/);
    expect(where([{ name: 'a', kind: 'levels', levels: [] }])).toMatch(/factors\[0\]\.levels/);
    expect(where([])).toBeDefined();
    expect(where([uniform('a')])).toBeUndefined();
  });
});

describe('full-factorial grid', () => {
  it('holds every combination once, last factor fastest, ends of uniform ranges included', () => {
    const factors: Factor[] = [uniform('lldM', 0, 0.02), { name: 'side', kind: 'levels', levels: ['L', 'R'] }, uniform('speedMps', 2.5, 4.5)];
    const design = gridDesign(factors, [3, 2, 5]);
    expect(design.nPoint).toBe(30);
    const keys = new Set<string>();
    for (let p = 0; p < design.nPoint; p++) keys.add(JSON.stringify(pointValues(design, p)));
    expect(keys.size).toBe(30);
    expect(pointValues(design, 0)).toEqual({ lldM: 0, side: 'L', speedMps: 2.5 });
    expect(pointValues(design, 1).speedMps).toBeCloseTo(3.0, 12);
    expect(pointValues(design, 29)).toEqual({ lldM: 0.02, side: 'R', speedMps: 4.5 });
    expect(Array.from(pointUnit(design, 5))).toEqual([0, 0.75, 0]); // levels factors sit at bin midpoints
    expect(valueMatrix(design).subarray(5 * 3, 6 * 3)).toEqual(new Float64Array([0, 1, 2.5]));
  });

  it('rejects a level count that does not match a levels factor or is not a positive integer', () => {
    expect(() => gridDesign([{ name: 's', kind: 'levels', levels: ['a', 'b'] }], [3])).toThrow(InputError);
    expect(() => gridDesign([uniform('a')], 0)).toThrow(InputError);
    expect(() => gridDesign([uniform('a'), uniform('b')], [2])).toThrow(InputError);
  });
});

describe('Latin hypercube', () => {
  it('has exactly one point per stratum per factor (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 ** 31 }), (n, k, seed) => {
        const design = latinHypercube(factorsOf(k), n, seed);
        for (let f = 0; f < k; f++) if (!oneUnitPerStratum(column(design.unit, k, f), n)) return false;
        return design.nPoint === n;
      }),
      { numRuns: 200 },
    );
  });

  it('is identical for the same seed and differs for another', () => {
    const a = latinHypercube(factorsOf(3), 50, 11);
    expect(latinHypercube(factorsOf(3), 50, 11).unit).toEqual(a.unit);
    expect(latinHypercube(factorsOf(3), 50, 12).unit).not.toEqual(a.unit);
  });

  it('maximin keeps a candidate at least as spread out as the plain draw, still one point per stratum', () => {
    const plain = latinHypercube(factorsOf(4), 40, 5, { candidates: 2 });
    const best = latinHypercube(factorsOf(4), 40, 5, { candidates: 30 });
    expect(best.meta.minDistance).not.toBeNull();
    expect(best.meta.minDistance!).toBeGreaterThanOrEqual(plain.meta.minDistance!);
    for (let f = 0; f < 4; f++) expect(oneUnitPerStratum(column(best.unit, 4, f), 40)).toBe(true);
  });
});

describe('Saltelli design', () => {
  it('lays out A, A_B^(i), B per base row from a 2k-dimensional Sobol sequence', () => {
    const k = 4;
    const n = 64;
    const design = saltelliDesign(factorsOf(k), n, 77);
    expect(design.nPoint).toBe(n * (k + 2));
    const base = sobolPoints(n, 2 * k, { scrambleSeed: 77 });
    for (let j = 0; j < n; j++) {
      const a = pointUnit(design, saltelliRow(k, j, { matrix: 'A' }));
      const b = pointUnit(design, saltelliRow(k, j, { matrix: 'B' }));
      expect(Array.from(a)).toEqual(Array.from(base.subarray(j * 2 * k, j * 2 * k + k)));
      expect(Array.from(b)).toEqual(Array.from(base.subarray(j * 2 * k + k, (j + 1) * 2 * k)));
      for (let i = 0; i < k; i++) {
        const ab = pointUnit(design, saltelliRow(k, j, { matrix: 'AB', factor: i }));
        expect(Array.from(ab)).toEqual(Array.from(a, (v, f) => (f === i ? b[f] : v)));
      }
    }
    // A and B columns are stratified (N a power of two)
    for (let f = 0; f < k; f++) {
      const aColumn = Array.from({ length: n }, (_, j) => design.unit[saltelliRow(k, j, { matrix: 'A' }) * k + f]);
      expect(oneUnitPerStratum(aColumn, n)).toBe(true);
    }
  });

  it('is identical for the same seed and differs for another', () => {
    const a = saltelliDesign(factorsOf(3), 32, 1);
    expect(saltelliDesign(factorsOf(3), 32, 1).unit).toEqual(a.unit);
    expect(saltelliDesign(factorsOf(3), 32, 2).unit).not.toEqual(a.unit);
    expect(saltelliDesign(factorsOf(3), 32).meta.scrambleSeed).toBeNull();
  });

  it('rejects more factors than the direction numbers cover, and N < 2', () => {
    expect(() => saltelliDesign(factorsOf(33), 8, 1)).toThrow(InputError);
    expect(() => saltelliDesign(factorsOf(2), 1, 1)).toThrow(InputError);
  });
});

describe('Morris design', () => {
  it('moves one factor per step by ±Δ on the p-level grid, each factor once per trajectory (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom(2, 4, 6, 8), fc.integer({ min: 0, max: 1e6 }), (k, r, p, seed) => {
        const design = morrisDesign(factorsOf(k), r, p, seed);
        const delta = p / (2 * (p - 1));
        if (design.meta.delta !== delta || design.nPoint !== r * (k + 1)) return false;
        for (const v of design.unit) {
          const level = v * (p - 1);
          if (Math.abs(level - Math.round(level)) > 1e-12 || v < 0 || v > 1) return false;
        }
        for (let t = 0; t < r; t++) {
          const seen = new Set<number>();
          for (let s = 1; s <= k; s++) {
            const p0 = t * (k + 1) + s - 1;
            const changed: number[] = [];
            for (let f = 0; f < k; f++) {
              const d = design.unit[(p0 + 1) * k + f] - design.unit[p0 * k + f];
              if (d !== 0) {
                if (Math.abs(Math.abs(d) - delta) > 1e-12) return false;
                changed.push(f);
              }
            }
            if (changed.length !== 1 || changed[0] !== design.meta.changedFactor[t * k + s - 1]) return false;
            seen.add(changed[0]);
          }
          if (seen.size !== k) return false;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('is identical for the same seed and differs for another', () => {
    const a = morrisDesign(factorsOf(5), 10, 4, 3);
    expect(morrisDesign(factorsOf(5), 10, 4, 3).unit).toEqual(a.unit);
    expect(morrisDesign(factorsOf(5), 10, 4, 4).unit).not.toEqual(a.unit);
  });

  it('Campolongo selection spreads the trajectories more than the first r candidates', () => {
    const k = 4;
    const spread = (unit: Float64Array, r: number): number => {
      // Campolongo 2007 eq. 3 summed (squared) over trajectory pairs
      const size = (k + 1) * k;
      let total = 0;
      for (let a = 0; a < r; a++) {
        for (let b = a + 1; b < r; b++) {
          let d = 0;
          for (let i = 0; i <= k; i++) {
            for (let j = 0; j <= k; j++) {
              let d2 = 0;
              for (let f = 0; f < k; f++) d2 += (unit[a * size + i * k + f] - unit[b * size + j * k + f]) ** 2;
              d += Math.sqrt(d2);
            }
          }
          total += d * d;
        }
      }
      return total;
    };
    const plain = morrisDesign(factorsOf(k), 6, 4, 21);
    const chosen = morrisDesign(factorsOf(k), 6, 4, 21, { candidates: 60 });
    expect(chosen.meta.candidates).toBe(60);
    expect(spread(chosen.unit, 6)).toBeGreaterThan(spread(plain.unit, 6));
  });

  it('rejects an odd number of levels', () => {
    expect(() => morrisDesign(factorsOf(2), 4, 3, 1)).toThrow(InputError);
    expect(() => morrisDesign(factorsOf(2), 4, 4, 1, { candidates: 2 })).toThrow(InputError);
  });
});
