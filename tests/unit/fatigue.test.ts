/**
 * 3CC-r fatigue kernels: parameter validation, closed-form checks written from the equations of
 * Xia & Frey-Law 2008 / Looft et al. 2018, and the invariants of MODEL.md §4 as fast-check
 * properties (random load profiles incl. abrupt full-load ↔ rest switching, random steps).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FATIGUE_PRESETS,
  FATIGUE_PRESET_NAMES,
  FatigueParamsSchema,
  advanceOverProfile,
  createFatigueState,
  fatigueParamsFromPreset,
  fatigueStep,
  parseFatigueParams,
  recoveryTimeS,
  simulateFatigue,
  type FatigueParams,
} from '../../src/model/fatigue.ts';
import { InputError } from '../../src/errors.ts';

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const arbParams: fc.Arbitrary<FatigueParams> = fc
  .record({
    preset: fc.constantFrom(...FATIGUE_PRESET_NAMES),
    multiplier: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 100, noNaN: true })),
    rule: fc.constantFrom('looft2018' as const, 'myosuite' as const),
    // LD ≠ LR and slow rates exercise the kink at M_A = TL and complex eigenvalues
    LD: fc.oneof(fc.constant(10), fc.double({ min: 0.1, max: 1000, noNaN: true })),
    LR: fc.oneof(fc.constant(10), fc.double({ min: 0.1, max: 1000, noNaN: true })),
  })
  .map(({ preset, multiplier, rule, LD, LR }) => {
    const p = fatigueParamsFromPreset(preset, { recoveryRule: rule, LD, LR });
    // multipliers up to 100 take F above the schema's 1/s, as the whole-run loop allows
    return Object.freeze({ ...p, F: p.F * multiplier });
  });

/** Loads: mostly full load or rest (abrupt switching), plus arbitrary values in [0, 1]. */
const arbLoad = fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true }));
const arbLoads = fc.array(arbLoad, { minLength: 1, maxLength: 60 });
/** Steps from 0.1 ms to 10 min. */
const arbDt = fc.oneof(fc.double({ min: 1e-4, max: 0.05, noNaN: true }), fc.double({ min: 0.05, max: 600, noNaN: true }));
/** A point of the simplex [M_A, M_F, M_R]. */
const arbState = fc
  .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([a, b]) => {
    const ma = a * (1 - b);
    const mf = b * (1 - ma) * 0.999;
    return Float64Array.of(ma, mf, 1 - ma - mf);
  });

function expectInSimplex(s: Float64Array): void {
  for (const v of s) {
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
  }
  expect(Math.abs(s[0] + s[1] + s[2] - 1)).toBeLessThanOrEqual(1e-12);
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

describe('parameters', () => {
  it('presets carry the published values and a source', () => {
    // Frey-Law et al. 2012 abstract (ankle F, R); Rakshit et al. 2021 Table 2 and MyoSuite
    // MUSCLE_FATIGUE_PARAMS ("Ankle-Dorsiflexor", "Default"), read from muscle_conditions.py.
    expect(FATIGUE_PRESETS['frey-law-2012-ankle']).toMatchObject({ F: 0.00589, R: 0.00058, r: 15 });
    expect(FATIGUE_PRESETS['rakshit-2021-dorsiflexors']).toMatchObject({ F: 0.00828, R: 0.00204, r: 7.07 });
    expect(FATIGUE_PRESETS['myosuite-default']).toMatchObject({ F: 0.0097, R: 0.00091, r: 15 });
    for (const name of FATIGUE_PRESET_NAMES) expect(FATIGUE_PRESETS[name].source).toMatch(/\d{4}|MyoSuite/);
    expect(Object.isFrozen(FATIGUE_PRESETS)).toBe(true);
  });

  it('fatigueParamsFromPreset: defaults, overrides, multiplier on F, frozen result', () => {
    const p = fatigueParamsFromPreset('frey-law-2012-ankle');
    expect(p).toEqual({ F: 0.00589, R: 0.00058, r: 15, LD: 10, LR: 10, recoveryRule: 'looft2018' });
    expect(Object.isFrozen(p)).toBe(true);
    const q = fatigueParamsFromPreset('myosuite-default', { F: 0.01, multiplier: 3, r: 1, recoveryRule: 'myosuite' });
    expect(q.F).toBeCloseTo(0.03, 15);
    expect(q.r).toBe(1);
    expect(q.recoveryRule).toBe('myosuite');
  });

  it('rejects bad values with an InputError naming the key and range', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ F: -0.1 }, 'F'],
      [{ F: Number.NaN }, 'F'],
      [{ R: 0 }, 'R'],
      [{ R: 2 }, 'R'],
      [{ r: 0.5 }, 'r'],
      [{ LD: 0 }, 'LD'],
      [{ LR: Number.POSITIVE_INFINITY }, 'LR'],
      [{ recoveryRule: 'always' }, 'recoveryRule'],
    ];
    for (const [override, key] of cases) {
      let err: unknown;
      try {
        fatigueParamsFromPreset('frey-law-2012-ankle', override as never);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).where).toBe(key);
      expect((err as Error).message).toContain(key);
    }
    expect(() => fatigueParamsFromPreset('nope' as never)).toThrow(InputError);
    expect(() => fatigueParamsFromPreset('myosuite-default', { multiplier: -1 })).toThrow(/multiplier/);
    expect(() => parseFatigueParams({ F: 0.01, R: 0.001, r: 15, extra: 1 })).toThrow(InputError);
    expect(parseFatigueParams({ F: 0.01, R: 0.001, r: 15 })).toMatchObject({ LD: 10, LR: 10, recoveryRule: 'looft2018' });
    expect(FatigueParamsSchema.safeParse({ F: 1.5, R: 0.001, r: 15 }).success).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Closed forms (written here from the ODEs, not from the implementation)
// ---------------------------------------------------------------------------------------------

describe('closed-form solutions', () => {
  it('constant sub-capacity load from rest: M_A and M_F match the analytic solution', () => {
    // From M_A = M_F = 0 with TL < capacity throughout, C = LD·(TL − M_A) (Xia 2008):
    // M_A = A∞(1 − e^{−kt}), k = LD + F, A∞ = LD·TL/k; M_F' = F·M_A − R·M_F.
    const p = fatigueParamsFromPreset('rakshit-2021-dorsiflexors', { LD: 7, recoveryRule: 'myosuite' });
    const tl = 0.3;
    const k = p.LD + p.F;
    const aInf = (p.LD * tl) / k;
    const maAt = (t: number) => aInf * (1 - Math.exp(-k * t));
    const mfAt = (t: number) =>
      p.F * aInf * ((1 - Math.exp(-p.R * t)) / p.R - (Math.exp(-k * t) - Math.exp(-p.R * t)) / (p.R - k));
    const s = createFatigueState();
    let t = 0;
    for (const dt of [0.01, 0.05, 0.3, 2, 30, 100]) {
      fatigueStep(p, s, tl, dt);
      t += dt;
      expect(s[0]).toBeCloseTo(maAt(t), 13);
      expect(s[1]).toBeCloseTo(mfAt(t), 13);
      expect(1 - s[1]).toBeGreaterThan(tl); // stayed in the sub-capacity regime
    }
  });

  it('rest: M_F decays at r·R under both rules (Looft 2018)', () => {
    for (const rule of ['looft2018', 'myosuite'] as const) {
      const p = fatigueParamsFromPreset('frey-law-2012-ankle', { recoveryRule: rule });
      const s = Float64Array.of(0, 0.6, 0.4);
      fatigueStep(p, s, 0, 120);
      expect(s[1]).toBeCloseTo(0.6 * Math.exp(-p.r * p.R * 120), 12);
      expect(s[0]).toBe(0);
    }
  });

  it('sustained full load: capacity falls and M_A follows the capacity-limited regime', () => {
    // TL = 1 is always capacity-limited: C = LD·M_R. Check against a tiny-step RK4 written here.
    const p = fatigueParamsFromPreset('myosuite-default');
    const rhs = (ma: number, mf: number): [number, number] => {
      const mr = 1 - ma - mf;
      return [p.LD * mr - p.F * ma, p.F * ma - p.R * mf];
    };
    let ma = 0;
    let mf = 0;
    const h = 1e-3;
    for (let i = 0; i < 60_000; i++) {
      const [a1, f1] = rhs(ma, mf);
      const [a2, f2] = rhs(ma + 0.5 * h * a1, mf + 0.5 * h * f1);
      const [a3, f3] = rhs(ma + 0.5 * h * a2, mf + 0.5 * h * f2);
      const [a4, f4] = rhs(ma + h * a3, mf + h * f3);
      ma += (h / 6) * (a1 + 2 * a2 + 2 * a3 + a4);
      mf += (h / 6) * (f1 + 2 * f2 + 2 * f3 + f4);
    }
    const s = createFatigueState();
    fatigueStep(p, s, 1, 60);
    expect(s[0]).toBeCloseTo(ma, 10);
    expect(s[1]).toBeCloseTo(mf, 10);
  });

  it('the two recovery rules agree at rest and under a constant load from rest, and differ when TL falls', () => {
    const a = fatigueParamsFromPreset('frey-law-2012-ankle', { recoveryRule: 'looft2018' });
    const b = fatigueParamsFromPreset('frey-law-2012-ankle', { recoveryRule: 'myosuite' });
    const constant = new Float64Array(3000).fill(0.4);
    expect(simulateFatigue(a, constant, 0.1).MF).toEqual(simulateFatigue(b, constant, 0.1).MF);
    const falling = new Float64Array(3000);
    for (let i = 0; i < falling.length; i++) falling[i] = i % 10 < 5 ? 0.6 : 0.2; // M_A lags above TL
    const fa = simulateFatigue(a, falling, 0.1).MF;
    const fb = simulateFatigue(b, falling, 0.1).MF;
    expect(fb[fb.length - 1]).toBeLessThan(fa[fa.length - 1] - 0.01); // r·R while M_A ≥ TL
  });
});

// ---------------------------------------------------------------------------------------------
// Invariants (MODEL.md §4): one property each
// ---------------------------------------------------------------------------------------------

describe('invariants (fast-check)', () => {
  it('compartments stay in [0, 1] and sum to 1 (1e-12) at every step, any dt and load', () => {
    fc.assert(
      fc.property(arbParams, arbState, arbLoads, arbDt, (p, s, loads, dt) => {
        for (const tl of loads) {
          fatigueStep(p, s, tl, dt);
          expectInSimplex(s);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('capacity 1 − M_F never exceeds 1 and never falls below 0', () => {
    fc.assert(
      fc.property(arbParams, arbLoads, arbDt, (p, loads, dt) => {
        const s = createFatigueState();
        for (const tl of loads) {
          fatigueStep(p, s, tl, dt);
          expect(1 - s[1]).toBeLessThanOrEqual(1);
          expect(1 - s[1]).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('at TL = 0, fatigued units recover: M_F falls whenever F·M_A ≤ r·R·M_F', () => {
    // From the ODE: at TL = 0, g = F·M_A − rR·M_F satisfies g' = −F(LR+F)M_A − rR·g, so g ≤ 0 is
    // kept and M_F is non-increasing; while M_A is still high, M_F can rise briefly (by at most
    // F·M_A/(LR + F)), so the literal "M_F always falls at rest" is not a property of the model.
    fc.assert(
      fc.property(arbParams, arbState, arbDt, fc.integer({ min: 1, max: 20 }), (p, s, dt, n) => {
        const rR = p.r * p.R;
        const bound = s[1] + (p.F * s[0]) / (p.LR + p.F);
        for (let i = 0; i < n; i++) {
          const before = s[1];
          const decreasing = p.F * s[0] <= rR * s[1];
          fatigueStep(p, s, 0, dt);
          if (decreasing && before > 1e-300) expect(s[1]).toBeLessThan(before);
          if (decreasing) expect(s[1]).toBeLessThanOrEqual(before);
          expect(s[1]).toBeLessThanOrEqual(bound + 1e-15);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('after full load, once active units have relaxed, every further rest interval lowers M_F', () => {
    fc.assert(
      fc.property(arbParams, fc.double({ min: 1, max: 600, noNaN: true }), arbDt, (p, loadS, dt) => {
        fc.pre(p.F > 1e-4);
        const s = createFatigueState();
        fatigueStep(p, s, 1, loadS); // abrupt full load → rest
        fatigueStep(p, s, 0, 30 / (p.LR + p.F)); // M_A ≈ e^{−30}·M_A0
        for (let i = 0; i < 5; i++) {
          const before = s[1];
          fatigueStep(p, s, 0, dt);
          expect(s[1]).toBeLessThan(before);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('exact for any step: one step of h equals n steps of h/n under constant TL', () => {
    fc.assert(
      fc.property(arbParams, arbState, arbLoad, fc.double({ min: 1e-3, max: 300, noNaN: true }), fc.integer({ min: 2, max: 50 }), (p, s0, tl, h, n) => {
        // Subnormal loads/states (< 1e-200) leave too few bits to decide M_A ≥ TL consistently.
        fc.pre((tl === 0 || tl > 1e-200) && (s0[0] === 0 || s0[0] > 1e-200));
        // Under `myosuite` the regime flips at M_A = TL; starting on that knife edge, rounding in the
        // first sub-step decides the regime of the rest, so the two paths legitimately differ.
        fc.pre(p.recoveryRule !== 'myosuite' || Math.abs(s0[0] - tl) > 1e-12);
        const one = Float64Array.from(s0);
        const many = Float64Array.from(s0);
        fatigueStep(p, one, tl, h);
        for (let i = 0; i < n; i++) fatigueStep(p, many, tl, h / n);
        for (let j = 0; j < 3; j++) expect(Math.abs(one[j] - many[j])).toBeLessThan(1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('advanceOverProfile (fast path) equals repeated fatigueStep and keeps the invariants', () => {
    fc.assert(
      fc.property(arbParams, arbState, arbLoads, fc.double({ min: 1e-3, max: 0.1, noNaN: true }), (p, s0, loads, dt) => {
        const profile = Float64Array.from(loads);
        const a = Float64Array.from(s0);
        const b = Float64Array.from(s0);
        advanceOverProfile(p, a, profile, dt);
        expectInSimplex(a);
        for (const tl of profile) fatigueStep(p, b, tl, dt);
        for (let j = 0; j < 3; j++) expect(Math.abs(a[j] - b[j])).toBeLessThan(1e-12);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------

describe('API', () => {
  it('simulateFatigue: starts rested, sample i is the state after load i has acted for dt', () => {
    const p = fatigueParamsFromPreset('frey-law-2012-ankle');
    const load = Float64Array.of(0.3, 0.3, 0, 1, 0.5);
    const out = simulateFatigue(p, load, 0.2);
    const s = createFatigueState();
    for (let i = 0; i < load.length; i++) {
      fatigueStep(p, s, load[i], 0.2);
      expect([out.MA[i], out.MF[i], out.MR[i]]).toEqual(Array.from(s));
    }
    expect(simulateFatigue(p, new Float64Array(0), 0.1).MA.length).toBe(0);
  });

  it('rejects NaN loads and bad steps; clamps loads outside [0, 1]', () => {
    const p = fatigueParamsFromPreset('myosuite-default');
    expect(() => simulateFatigue(p, Float64Array.of(0.2, Number.NaN), 0.1)).toThrow(InputError);
    expect(() => simulateFatigue(p, Float64Array.of(0.2), 0)).toThrow(InputError);
    expect(() => fatigueStep(p, createFatigueState(), 0.2, Number.POSITIVE_INFINITY)).toThrow(InputError);
    expect(() => advanceOverProfile(p, createFatigueState(), Float64Array.of(0.1), -1)).toThrow(InputError);
    const a = createFatigueState();
    const b = createFatigueState();
    fatigueStep(p, a, 1.7, 5);
    fatigueStep(p, b, 1, 5);
    expect(a).toEqual(b);
  });

  it('recoveryTimeS: 0 when rested, analytic when M_A = 0, first crossing when M_F first rises', () => {
    const p = fatigueParamsFromPreset('frey-law-2012-ankle');
    expect(recoveryTimeS(p, createFatigueState())).toBe(0);
    // M_A = 0, M_F = 0.5: M_F(t) = 0.5·e^{−rRt}, capacity 0.9 when M_F = 0.1 → t = ln 5 / (rR).
    expect(recoveryTimeS(p, Float64Array.of(0, 0.5, 0.5))).toBeCloseTo(Math.log(5) / (p.r * p.R), 5);
    expect(recoveryTimeS(p, Float64Array.of(0, 0.5, 0.5), 0.9, 10)).toBe(Number.POSITIVE_INFINITY);
    expect(recoveryTimeS(p, Float64Array.of(0, 0.5, 0.5), 0.5)).toBe(0);
    // With active units left, M_F first rises; the returned time is the first crossing.
    const s = Float64Array.of(0.8, 0.15, 0.05);
    const t = recoveryTimeS(p, s, 0.9);
    const at = (tS: number) => {
      const x = Float64Array.from(s);
      fatigueStep(p, x, 0, tS);
      return 1 - x[1];
    };
    expect(at(t)).toBeGreaterThanOrEqual(0.9 - 1e-12);
    expect(at(t * (1 - 1e-6))).toBeLessThan(0.9);
    expect(s).toEqual(Float64Array.of(0.8, 0.15, 0.05)); // input not modified
    expect(() => recoveryTimeS(p, s, 0)).toThrow(InputError);
    expect(() => recoveryTimeS(p, s, 0.9, 0)).toThrow(InputError);
  });

  it('stride-level update is cheap: 5,000 strides x 2 legs of a 70-sample profile', () => {
    const p = fatigueParamsFromPreset('frey-law-2012-ankle', { recoveryRule: 'myosuite' });
    const profile = new Float64Array(70);
    for (let i = 0; i < 70; i++) profile[i] = 0.25 + 0.2 * Math.cos((2 * Math.PI * i) / 70);
    const left = createFatigueState();
    const right = createFatigueState();
    const t0 = performance.now();
    for (let i = 0; i < 5000; i++) {
      advanceOverProfile(p, left, profile, 0.01);
      advanceOverProfile(p, right, profile, 0.01);
    }
    const ms = performance.now() - t0;
    expectInSimplex(left);
    expect(ms).toBeLessThan(250); // ~6 ms measured on an idle core; loose for a shared machine
  });
});
