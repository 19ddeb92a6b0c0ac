/**
 * Validation of the Sobol' and Morris estimators against functions with known indices.
 *
 * Ishigami & Homma 1990 (Proc. ISUMA '90, doi:10.1109/ISUMA.1990.151285):
 *   f = sin x1 + a sin² x2 + b x3⁴ sin x1, x ~ U[-π, π]³, a = 7, b = 0.1.
 * Closed-form partial variances (Sobol' & Levitan 1999, Comput Phys Commun 117:52,
 * doi:10.1016/S0010-4655(98)00156-8; also Saltelli et al. 2008, Global Sensitivity Analysis: The Primer):
 *   V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2, V1 = ½(1 + bπ⁴/5)², V2 = a²/8, V3 = 0, V13 = b²π⁸(1/18 − 1/50),
 *   S_i = V_i / V, S_T1 = (V1 + V13)/V, S_T2 = V2/V, S_T3 = V13/V
 *   (= 0.3139, 0.4424, 0, 0.5576, 0.4424, 0.2437).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { gridDesign, morrisDesign, saltelliDesign, valueMatrix, type Design, type Factor } from '../../src/experiments/samplers/index.ts';
import { morrisIndices, sobolIndices } from '../../src/experiments/sensitivity/index.ts';

const A = 7;
const B = 0.1;
const PI = Math.PI;
const V = A ** 2 / 8 + (B * PI ** 4) / 5 + (B ** 2 * PI ** 8) / 18 + 0.5;
const V1 = 0.5 * (1 + (B * PI ** 4) / 5) ** 2;
const V2 = A ** 2 / 8;
const V13 = B ** 2 * PI ** 8 * (1 / 18 - 1 / 50);
const FIRST = [V1 / V, V2 / V, 0];
const TOTAL = [(V1 + V13) / V, V2 / V, V13 / V];

const ISHIGAMI_FACTORS: Factor[] = ['x1', 'x2', 'x3'].map((name) => ({ name, kind: 'uniform', min: -PI, max: PI }));

function ishigamiOutputs(design: Design): Float64Array {
  const x = valueMatrix(design);
  const y = new Float64Array(design.nPoint);
  for (let p = 0; p < design.nPoint; p++) {
    const [x1, x2, x3] = [x[3 * p], x[3 * p + 1], x[3 * p + 2]];
    y[p] = Math.sin(x1) + A * Math.sin(x2) ** 2 + B * x3 ** 4 * Math.sin(x1);
  }
  return y;
}

/** N = 2^13 base rows: N (k + 2) = 40 960 evaluations per design. */
const BASE_N = 2 ** 13;
const TOLERANCE = 0.02;

describe('Sobol indices on the Ishigami function', () => {
  it('the closed-form indices are the published values', () => {
    // Published (rounded) values quoted in the task and the literature above.
    expect(FIRST.map((s) => +s.toFixed(4))).toEqual([0.3139, 0.4424, 0]);
    expect(TOTAL.map((s) => +s.toFixed(4))).toEqual([0.5576, 0.4424, 0.2437]);
  });

  // Three scrambled Sobol' bases and the plain one.
  const seeds: (number | undefined)[] = [1, 2, 3, undefined];
  const results = seeds.map((seed) => {
    const design = saltelliDesign(ISHIGAMI_FACTORS, BASE_N, seed);
    return { seed, result: sobolIndices(design, ishigamiOutputs(design), { bootstrap: 400, seed: 11 }) };
  });

  it.each(results.map((r) => [String(r.seed), r.result] as const))(`recovers every first- and total-order index within ${TOLERANCE} at N = 2^13 (scramble seed %s)`, (_, result) => {
    expect(result.n).toBe(BASE_N);
    expect(result.dropped).toBe(0);
    expect(result.variance).toBeCloseTo(V, 0); // V = 13.84
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(result.first[i].estimate - FIRST[i])).toBeLessThan(TOLERANCE);
      expect(Math.abs(result.total[i].estimate - TOTAL[i])).toBeLessThan(TOLERANCE);
    }
  });

  it('bootstrap 95 % intervals cover the analytic values in (nearly) all cases', () => {
    let covered = 0;
    let total = 0;
    for (const { result } of results) {
      for (let i = 0; i < 3; i++) {
        for (const [estimate, truth] of [[result.first[i], FIRST[i]], [result.total[i], TOTAL[i]]] as const) {
          total++;
          expect(estimate.lo).not.toBeNull();
          expect(estimate.lo!).toBeLessThanOrEqual(estimate.estimate);
          expect(estimate.hi!).toBeGreaterThanOrEqual(estimate.estimate);
          expect(estimate.hi! - estimate.lo!).toBeLessThan(0.15); // informative, not vacuous
          if (estimate.lo! <= truth && truth <= estimate.hi!) covered++;
        }
      }
    }
    expect(total).toBe(24);
    expect(covered).toBeGreaterThanOrEqual(23);
  });

  it('drops whole base rows with failed (NaN) outputs and reports them; estimates stay accurate', () => {
    const design = saltelliDesign(ISHIGAMI_FACTORS, BASE_N, 5);
    const y = ishigamiOutputs(design);
    const failedRows = new Set<number>();
    for (let j = 0; j < BASE_N; j += 37) {
      // fail one point per affected row, in rotating positions (A, A_B^i or B)
      y[j * 5 + (j % 5)] = j % 2 ? NaN : Infinity;
      failedRows.add(j);
    }
    const result = sobolIndices(design, y, { bootstrap: 0 });
    expect(result.dropped).toBe(failedRows.size);
    expect(result.n).toBe(BASE_N - failedRows.size);
    for (let i = 0; i < 3; i++) {
      expect(Number.isFinite(result.first[i].estimate)).toBe(true);
      expect(Math.abs(result.first[i].estimate - FIRST[i])).toBeLessThan(0.03);
      expect(Math.abs(result.total[i].estimate - TOTAL[i])).toBeLessThan(0.03);
      expect(result.first[i].lo).toBeNull();
    }
  });

  it('refuses undefined indices instead of returning NaN', () => {
    const design = saltelliDesign(ISHIGAMI_FACTORS, 16, 1);
    expect(() => sobolIndices(design, new Float64Array(design.nPoint).fill(NaN))).toThrow(InputError);
    expect(() => sobolIndices(design, new Float64Array(design.nPoint).fill(2))).toThrow(/variance 0/);
    expect(() => sobolIndices(design, new Float64Array(3))).toThrow(InputError);
    expect(() => sobolIndices(gridDesign(ISHIGAMI_FACTORS, 2), new Float64Array(8))).toThrow(InputError);
    expect(() => sobolIndices(design, ishigamiOutputs(design), { confidence: 1.2 })).toThrow(InputError);
  });

  it('resamples deterministically from the seed', () => {
    const design = saltelliDesign(ISHIGAMI_FACTORS, 256, 1);
    const y = ishigamiOutputs(design);
    const a = sobolIndices(design, y, { bootstrap: 100, seed: 3 });
    expect(sobolIndices(design, y, { bootstrap: 100, seed: 3 })).toEqual(a);
    expect(sobolIndices(design, y, { bootstrap: 100, seed: 4 }).first[0].lo).not.toBe(a.first[0].lo);
  });
});

describe('Morris elementary effects on functions of known structure', () => {
  // f = 3 x1 − 2 x2 + 0.5 x3 + 0 x4: EE_i = c_i (max_i − min_i) exactly, so μ* = |c_i| · range_i, σ = 0.
  const factors: Factor[] = [
    { name: 'x1', kind: 'uniform', min: 0, max: 2 },
    { name: 'x2', kind: 'uniform', min: -1, max: 1 },
    { name: 'x3', kind: 'uniform', min: 10, max: 14 },
    { name: 'inert', kind: 'uniform', min: 0, max: 1 },
  ];
  const coefficients = [3, -2, 0.5, 0];
  const expectedMu = [6, -4, 2, 0]; // c · (max − min)
  const expectedMuStar = expectedMu.map(Math.abs);

  function linearOutputs(design: Design): Float64Array {
    const x = valueMatrix(design);
    const y = new Float64Array(design.nPoint);
    for (let p = 0; p < design.nPoint; p++) for (let f = 0; f < 4; f++) y[p] += coefficients[f] * x[p * 4 + f];
    return y;
  }

  it('gives μ* = |coefficient| · range, μ = signed, σ = 0, and ranks the factors', () => {
    const design = morrisDesign(factors, 20, 4, 8);
    const result = morrisIndices(design, linearOutputs(design), { bootstrap: 200 });
    result.factors.forEach((r, i) => {
      expect(r.n).toBe(20);
      expect(r.muStar).toBeCloseTo(expectedMuStar[i], 10);
      expect(r.mu).toBeCloseTo(expectedMu[i], 10);
      expect(r.sigma!).toBeLessThan(1e-9);
    });
    const ranking = [...result.factors].sort((a, b) => b.muStar - a.muStar).map((r) => r.name);
    expect(ranking).toEqual(['x1', 'x2', 'x3', 'inert']);
  });

  it('separates interacting from additive factors (σ > 0 only where the effect depends on others)', () => {
    // f = x1 x2 + x3 on U[0,1]³: EE_1 = x2, EE_2 = x1 (vary along the trajectory), EE_3 = 1.
    const unitFactors: Factor[] = ['x1', 'x2', 'x3'].map((name) => ({ name, kind: 'uniform', min: 0, max: 1 }));
    const design = morrisDesign(unitFactors, 40, 4, 2, { candidates: 80 });
    const x = valueMatrix(design);
    const y = new Float64Array(design.nPoint).map((_, p) => x[3 * p] * x[3 * p + 1] + x[3 * p + 2]);
    const [r1, r2, r3] = morrisIndices(design, y, { bootstrap: 0 }).factors;
    expect(r1.sigma!).toBeGreaterThan(0.1);
    expect(r2.sigma!).toBeGreaterThan(0.1);
    expect(r3.sigma!).toBeLessThan(1e-9);
    expect(r3.muStar).toBeCloseTo(1, 10);
  });

  it('drops only the elementary effects touching a failed point and says how many', () => {
    const design = morrisDesign(factors, 10, 4, 8);
    const y = linearOutputs(design);
    y[0] = NaN; // first point of trajectory 0: one effect lost
    y[7] = NaN; // middle point of trajectory 1 (rows 5..9): two effects lost
    const result = morrisIndices(design, y, { bootstrap: 0 });
    expect(result.dropped).toBe(3);
    expect(result.factors.reduce((s, r) => s + r.n, 0)).toBe(40 - 3);
    result.factors.forEach((r, i) => expect(r.muStar).toBeCloseTo(expectedMuStar[i], 10));
    expect(() => morrisIndices(design, new Float64Array(design.nPoint).fill(NaN))).toThrow(InputError);
    expect(() => morrisIndices(saltelliDesign(factors, 4, 1), new Float64Array(24))).toThrow(InputError);
  });
});
