/** 3CC-r fatigue: invariants as properties (random loads incl. abrupt full-load ↔ rest switching). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fatigueParamsFromPreset, fatigueStep, simulateFatigue, recoveryTimeS, FATIGUE_PRESETS } from '../../src/model/fatigue.ts';
import { InputError } from '../../src/errors.ts';

const presets = Object.keys(FATIGUE_PRESETS) as Array<keyof typeof FATIGUE_PRESETS>;
const arbParams = fc.record({
  preset: fc.constantFrom(...presets),
  multiplier: fc.double({ min: 0.1, max: 100, noNaN: true }),
  rule: fc.constantFrom('looft2018' as const, 'myosuite' as const),
});
// loads: mostly 0 or 1 (abrupt switching) plus arbitrary values; dt from 1 ms to 60 s
const arbLoads = fc.array(fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 60 });
const arbDt = fc.double({ min: 1e-3, max: 60, noNaN: true });

describe('3CC-r invariants (fast-check)', () => {
  it('compartments stay in [0, 1] and sum to 1 at every step', () => {
    fc.assert(
      fc.property(arbParams, arbLoads, arbDt, ({ preset, multiplier, rule }, loads, dt) => {
        const base = FATIGUE_PRESETS[preset];
        const p = fatigueParamsFromPreset(preset, { F: base.F * multiplier, recoveryRule: rule });
        const s = Float64Array.of(0, 0, 1);
        for (const tl of loads) {
          fatigueStep(p, s, tl, dt);
          for (const v of s) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
          expect(Math.abs(s[0] + s[1] + s[2] - 1)).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('fatigued units recover whenever the load drops to zero, and capacity never exceeds 1', () => {
    fc.assert(
      fc.property(arbParams, arbLoads, arbDt, ({ preset, multiplier, rule }, loads, dt) => {
        const base = FATIGUE_PRESETS[preset];
        const p = fatigueParamsFromPreset(preset, { F: base.F * multiplier, recoveryRule: rule });
        const s = Float64Array.of(0, 0, 1);
        for (const tl of loads) fatigueStep(p, s, tl, dt);
        // Once the load is zero, M_A empties within ~1 s (rate LR + F) and from then on M_F must
        // fall monotonically: no fatigued unit stays fatigued at rest.
        fatigueStep(p, s, 0, 5);
        let previous = s[1];
        for (let i = 0; i < 10; i++) {
          fatigueStep(p, s, 0, dt);
          if (previous > 1e-12) expect(s[1]).toBeLessThan(previous);
          previous = s[1];
        }
        expect(1 - s[1]).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('fatigue API', () => {
  it('simulateFatigue returns arrays aligned with the load, starting rested', () => {
    const p = fatigueParamsFromPreset('frey-law-2012-ankle');
    const load = new Float64Array(100).fill(0.3);
    const { MA, MF, MR } = simulateFatigue(p, load, 0.1);
    expect(MA.length).toBe(100);
    expect(MA[99]).toBeCloseTo(0.3, 2); // tracks the load while capacity remains
    expect(MF[99]).toBeGreaterThan(0);
    expect(MA[0] + MF[0] + MR[0]).toBeCloseTo(1, 12);
  });

  it('rejects bad inputs', () => {
    const p = fatigueParamsFromPreset('myosuite-default');
    expect(() => simulateFatigue(p, Float64Array.of(0.2, NaN), 0.1)).toThrow(InputError);
    expect(() => simulateFatigue(p, Float64Array.of(0.2), 0)).toThrow(InputError);
    expect(() => fatigueParamsFromPreset('nope' as never)).toThrow(InputError);
    expect(() => fatigueParamsFromPreset('myosuite-default', { F: -1 })).toThrow(InputError);
  });

  it('recoveryTimeS: 0 when rested, exact for pure recovery (M_F decays at r·R once M_A is gone)', () => {
    const p = fatigueParamsFromPreset('frey-law-2012-ankle');
    expect(recoveryTimeS(p, Float64Array.of(0, 0, 1))).toBe(0);
    // From M_A = 0, M_F = 0.5: M_F(t) = 0.5·e^{−rRt}; capacity 0.9 when M_F = 0.1.
    const t = recoveryTimeS(p, Float64Array.of(0, 0.5, 0.5));
    expect(t).toBeCloseTo(Math.log(5) / (p.r * p.R), 3);
    expect(recoveryTimeS(p, Float64Array.of(0, 0.5, 0.5), 0.9, 10)).toBe(Infinity);
  });
});
