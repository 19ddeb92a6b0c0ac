/**
 * The swing's lookup tables (src/model/swing-tables.ts) against the exact functions they replace:
 * sin/cos to a few ulp, the De Groote force–velocity curve to 1e-10, the gastrocnemius knee ratio
 * (separability of the Riener & Edrich surrogate) to 1e-7, and the per-angle torque table to the
 * accuracy of the existing muscle table.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compileSwingAnkleTable,
  forceVelocityFast,
  gastrocnemiusKneeRatio,
  sinCos,
  SA_GASTROCNEMIUS,
  SA_PASSIVE_TORQUE,
  SA_SOL_ACTIVE_TORQUE,
  SA_SOL_SPEED,
  SA_TA_ACTIVE_FORCE,
  SA_TA_ACTIVE_TORQUE,
  SA_TA_PASSIVE_FORCE,
  SA_TA_SPEED,
  SA_COS,
  SA_SIN,
  SWING_ANKLE_MIN_RAD,
  SWING_ANKLE_STEP_RAD,
  SWING_ANKLE_TABLE_WIDTH,
} from '../../src/model/swing-tables.ts';
import { forceVelocityDeGroote } from '../../src/model/muscle.ts';
import { gastrocnemiusPassiveTorqueNm, ankleLimitTorqueNm } from '../../src/model/passive-ankle.ts';
import { ankleMuscleSet, ankleMuscleTorqueNm, tibialisForceN } from '../../src/model/ankle-muscles.ts';
import { compileAnkleMuscleTable } from '../../src/model/ankle-muscle-table.ts';

describe('sinCos', () => {
  const out = new Float64Array(2);
  it('agrees with Math.sin/Math.cos within 4e-16 on [−2π, 2π]', () => {
    fc.assert(
      fc.property(fc.double({ min: -2 * Math.PI, max: 2 * Math.PI, noNaN: true }), (x) => {
        sinCos(x, out, 0);
        expect(Math.abs(out[0] - Math.sin(x))).toBeLessThan(4e-16);
        expect(Math.abs(out[1] - Math.cos(x))).toBeLessThan(4e-16);
      }),
      { numRuns: 20000 },
    );
  });
  it('falls back to Math outside the table, NaN included', () => {
    sinCos(10, out, 0);
    expect([out[0], out[1]]).toEqual([Math.sin(10), Math.cos(10)]);
    sinCos(NaN, out, 0);
    expect(Number.isNaN(out[0]) && Number.isNaN(out[1])).toBe(true);
  });
});

describe('forceVelocityFast', () => {
  it('agrees with the exact De Groote curve within 1e-10 on [−2, 2], exactly outside', () => {
    let worst = 0;
    for (let i = 0; i <= 400000; i++) {
      const v = -2 + (4 * i) / 400000 + 1.234e-7;
      worst = Math.max(worst, Math.abs(forceVelocityFast(v) - forceVelocityDeGroote(v)));
    }
    expect(worst).toBeLessThan(1e-10);
    expect(forceVelocityFast(2.5)).toBe(forceVelocityDeGroote(2.5));
    expect(forceVelocityFast(-3)).toBe(forceVelocityDeGroote(-3));
  });
});

describe('gastrocnemiusKneeRatio', () => {
  // linear interpolation on the 0.02° grid: error ≤ h²/8·(0.0176·180/π)²·e^{−0.0176·κ°} ≈ 1.6e-8 e^{−1.01κ} of the knee factor
  // (G(θ, 0) holds it at κ = 0, 0.79): < 5e-8 of G(θ, 0) for κ ≥ −0.5 rad
  it('G(θ, 0)·ρ(κ) = G(θ, κ) within 5e-8 of |G(θ, 0)| over the swing ranges', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.9, max: 0.6, noNaN: true }), fc.double({ min: -0.5, max: 2.5, noNaN: true }), (theta, knee) => {
        const exact = gastrocnemiusPassiveTorqueNm(theta, knee);
        const atZero = gastrocnemiusPassiveTorqueNm(theta, 0);
        expect(Math.abs(atZero * gastrocnemiusKneeRatio(knee) - exact)).toBeLessThan(5e-8 * Math.abs(atZero));
      }),
      { numRuns: 5000 },
    );
    expect(gastrocnemiusKneeRatio(Math.PI / 2)).toBe(0);
    expect(gastrocnemiusKneeRatio(-2)).toBeCloseTo(gastrocnemiusPassiveTorqueNm(0, -2) / gastrocnemiusPassiveTorqueNm(0, 0), 12);
  });
});

describe('compileSwingAnkleTable', () => {
  for (const opts of [{}, { soleusStiffness: 3, passiveCurve: 'degroote2016' as const }, { tibialisStrength: 0.5, model: 'rajagopal2016' as const }]) {
    const set = ankleMuscleSet(opts);
    const table = compileSwingAnkleTable(compileAnkleMuscleTable(set));
    const at = (theta: number, column: number) => {
      const x = (theta - SWING_ANKLE_MIN_RAD) / SWING_ANKLE_STEP_RAD;
      const i = Math.floor(x);
      const f = x - i;
      const r = i * SWING_ANKLE_TABLE_WIDTH;
      return table[r + column] + f * (table[r + SWING_ANKLE_TABLE_WIDTH + column] - table[r + column]);
    };
    // linear interpolation on the 0.02° grid: the end-range torque e^{38.11(θ − 0.52)} has relative
    // error h²/8·38.11² ≈ 2.2e-5, the gastrocnemius factor e^{0.0843·θ°} 3.5e-7, the muscles ~1e-7
    it(`reconstructs the exact muscle + end-range torque and TA force within 3e-5 relative (${JSON.stringify(opts)})`, () => {
      fc.assert(
        fc.property(
          fc.double({ min: -1.4, max: 0.9, noNaN: true }),
          fc.double({ min: -15, max: 15, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (theta, vel, a, c) => {
            const fvTa = Math.max(0, forceVelocityDeGroote(at(theta, SA_TA_SPEED) * vel));
            const fvSol = Math.max(0, forceVelocityDeGroote(at(theta, SA_SOL_SPEED) * vel));
            const torque = a * c * at(theta, SA_TA_ACTIVE_TORQUE) * fvTa + 0.01 * at(theta, SA_SOL_ACTIVE_TORQUE) * fvSol + at(theta, SA_PASSIVE_TORQUE);
            const exact = ankleMuscleTorqueNm(set, a, 0.01, theta, vel, c) + ankleLimitTorqueNm(theta);
            expect(Math.abs(torque - exact)).toBeLessThan(3e-5 * Math.max(1, Math.abs(exact)));
            const force = at(theta, SA_TA_ACTIVE_FORCE) * fvTa * a * c + at(theta, SA_TA_PASSIVE_FORCE);
            const exactForce = tibialisForceN(set, a, theta, vel, c);
            expect(Math.abs(force - exactForce)).toBeLessThan(1e-5 * Math.max(1, exactForce));
            const gastrocnemius = gastrocnemiusPassiveTorqueNm(theta, 0);
            expect(Math.abs(at(theta, SA_GASTROCNEMIUS) - gastrocnemius)).toBeLessThan(5e-7 * Math.max(1, Math.abs(gastrocnemius)));
          },
        ),
        { numRuns: 2000 },
      );
    });
  }
  it('holds exact sin/cos at the nodes and is cached per muscle table', () => {
    const muscles = compileAnkleMuscleTable(ankleMuscleSet());
    const table = compileSwingAnkleTable(muscles);
    for (const i of [0, 1234, 5000]) {
      const theta = SWING_ANKLE_MIN_RAD + i * SWING_ANKLE_STEP_RAD;
      expect(table[i * SWING_ANKLE_TABLE_WIDTH + SA_SIN]).toBe(Math.sin(theta));
      expect(table[i * SWING_ANKLE_TABLE_WIDTH + SA_COS]).toBe(Math.cos(theta));
    }
    expect(compileSwingAnkleTable(muscles)).toBe(table);
  });
});
