import { describe, expect, it } from 'vitest';
import {
  DE_GROOTE_ACTIVATION,
  activationDerivative,
  activationDerivativeSmooth,
  activeForceLengthDeGroote,
  activeForceLengthDeGrooteDerivative,
  forceVelocityDeGroote,
  forceVelocityDeGrooteDerivative,
  passiveForceLengthDeGroote,
  passiveForceLengthDeGrooteDerivative,
  passiveForceLengthThelen,
  passiveForceLengthThelenDerivative,
} from '../../src/model/muscle.ts';
import {
  ankleMuscleSet,
  ankleMuscleTorqueNm,
  musculotendonLengthM,
  momentArmSignedM,
  normalizedFiberLength,
  passiveMultiplier,
  soleusForceN,
  soleusMomentArmM,
  tibialisForceN,
  tibialisMomentArmM,
} from '../../src/model/ankle-muscles.ts';
import { InputError } from '../../src/errors.ts';

const deg = (d: number): number => (d * Math.PI) / 180;

// Expected values below were evaluated by hand (Python, double precision) from the formulas of
// De Groote et al. 2016 (Ann Biomed Eng 44:2922) with the constants of OpenSim's
// DeGrooteFregly2016Muscle, and from Thelen 2003 eq. 3 (k_PE = 4, e0 = 0.6) — not by this code.
describe('De Groote 2016 curves: values from the paper formulas', () => {
  it('active force–length', () => {
    expect(activeForceLengthDeGroote(1)).toBeCloseTo(1.0000003, 6);
    expect(activeForceLengthDeGroote(0.5)).toBeCloseTo(0.0541124, 6);
    expect(activeForceLengthDeGroote(0.831)).toBeCloseTo(0.8679567, 6);
    expect(activeForceLengthDeGroote(1.2)).toBeCloseTo(0.7936888, 6);
    expect(activeForceLengthDeGroote(1.5)).toBeCloseTo(0.2261475, 6);
  });

  it('force–velocity: f_V(0) ≈ 1, f_V(−1) ≈ 0, eccentric plateau', () => {
    expect(forceVelocityDeGroote(0)).toBeCloseTo(1, 5);
    expect(forceVelocityDeGroote(-1)).toBeCloseTo(0, 5);
    expect(forceVelocityDeGroote(-0.5)).toBeCloseTo(0.2340358, 6);
    expect(forceVelocityDeGroote(0.5)).toBeCloseTo(1.5884245, 6);
    expect(forceVelocityDeGroote(1)).toBeCloseTo(1.7943443, 6);
  });

  it('passive: f_PE(1 + e0) = 1, nonzero at optimal length, stiffness halves the strain', () => {
    expect(passiveForceLengthDeGroote(1.6)).toBeCloseTo(1, 12);
    expect(passiveForceLengthDeGroote(1.0)).toBeCloseTo(0.0182288, 6);
    expect(passiveForceLengthDeGroote(1.3)).toBeCloseTo(0.1352588, 6);
    expect(passiveForceLengthDeGroote(0.2)).toBeCloseTo(0, 12);
    // stiffness 2: F_max reached at half the strain
    expect(passiveForceLengthDeGroote(1.3, 0.6, 2)).toBeCloseTo(1, 12);
  });

  it('Thelen passive: zero up to ℓ̃ = 1, 1 at 1 + e0', () => {
    expect(passiveForceLengthThelen(0.9)).toBe(0);
    expect(passiveForceLengthThelen(1.0)).toBe(0);
    expect(passiveForceLengthThelen(1.3)).toBeCloseTo(0.1192029, 6);
    expect(passiveForceLengthThelen(1.6)).toBeCloseTo(1, 12);
    expect(passiveForceLengthThelen(1.3, 0.6, 2)).toBeCloseTo(1, 12);
  });

  it('analytic derivatives match central differences', () => {
    const h = 1e-6;
    const cd = (f: (x: number) => number, x: number) => (f(x + h) - f(x - h)) / (2 * h);
    for (const x of [0.4, 0.7, 0.9, 1.0, 1.1, 1.4, 1.7]) {
      expect(activeForceLengthDeGrooteDerivative(x)).toBeCloseTo(cd(activeForceLengthDeGroote, x), 5);
      expect(passiveForceLengthDeGrooteDerivative(x, 0.6, 1.5)).toBeCloseTo(
        cd((l) => passiveForceLengthDeGroote(l, 0.6, 1.5), x),
        5,
      );
    }
    for (const x of [1.05, 1.3, 1.6]) {
      expect(passiveForceLengthThelenDerivative(x)).toBeCloseTo(cd(passiveForceLengthThelen, x), 5);
    }
    for (const v of [-1, -0.5, 0, 0.3, 1]) {
      expect(forceVelocityDeGrooteDerivative(v)).toBeCloseTo(cd(forceVelocityDeGroote, v), 5);
    }
  });
});

/** RK4 integration of da/dt from a0 under constant u until `done(a)`; returns the time, s. */
function timeUntil(
  deriv: (u: number, a: number) => number,
  u: number,
  a0: number,
  done: (a: number) => boolean,
  dtS = 1e-6,
): number {
  let a = a0;
  let t = 0;
  while (!done(a)) {
    const k1 = deriv(u, a);
    const k2 = deriv(u, a + 0.5 * dtS * k1);
    const k3 = deriv(u, a + 0.5 * dtS * k2);
    const k4 = deriv(u, a + dtS * k3);
    a += (dtS / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    t += dtS;
    if (t > 1) throw new Error('did not converge');
  }
  return t;
}

describe('activation dynamics (Thelen 2003 / De Groote 2016 form)', () => {
  const { tauActivationS: tauA, tauDeactivationS: tauD } = DE_GROOTE_ACTIVATION;
  const piecewise = (u: number, a: number) => activationDerivative(u, a, tauA, tauD);

  it('step 0 → 1 reaches 63.2 % at τ_act·(2·1 − 1.5·0.632) = 1.0518 τ_act (closed form of τ_act(0.5+1.5a))', () => {
    const target = 1 - Math.exp(-1);
    const t = timeUntil(piecewise, 1, 0, (a) => a >= target);
    expect(t / tauA).toBeCloseTo(1.0518, 3);
    expect(t).toBeGreaterThan(0.015); // ≈ 15.8 ms
    expect(t).toBeLessThan(0.0165);
  });

  it('step 1 → 0 falls to 36.8 % at 0.7147 τ_deact (closed form of τ_deact/(0.5+1.5a))', () => {
    const target = Math.exp(-1);
    const t = timeUntil(piecewise, 0, 1, (a) => a <= target);
    expect(t / tauD).toBeCloseTo(0.7147, 3);
  });

  it('smooth (tanh, b = 10) form is close to the piecewise form for a full step', () => {
    const smooth = (u: number, a: number) => activationDerivativeSmooth(u, a, tauA, tauD);
    const target = 1 - Math.exp(-1);
    const tPiece = timeUntil(piecewise, 1, 0, (a) => a >= target);
    const tSmooth = timeUntil(smooth, 1, 0, (a) => a >= target);
    expect(Math.abs(tSmooth - tPiece) / tPiece).toBeLessThan(0.01);
    // equilibrium: no drift when u = a
    expect(activationDerivativeSmooth(0.4, 0.4, tauA, tauD)).toBe(0);
    expect(activationDerivative(0.4, 0.4, tauA, tauD)).toBe(0);
  });
});

describe('ankle muscle set and torque API', () => {
  const set = ankleMuscleSet();

  it('is frozen with gait2392 defaults', () => {
    expect(Object.isFrozen(set)).toBe(true);
    expect(Object.isFrozen(set.ta)).toBe(true);
    expect(set.ta.maxIsometricForceN).toBe(905);
    expect(set.sol.maxIsometricForceN).toBe(3549);
    expect(set.activation.tauActivationS).toBe(0.015);
    expect(ankleMuscleSet({ tibialisStrength: 0.5 }).ta.maxIsometricForceN).toBe(452.5);
  });

  it('MTU length derivative equals −r(θ) (virtual work)', () => {
    const h = 1e-6;
    for (const mtu of [set.ta, set.sol]) {
      for (const d of [-35, -10, 0, 15, 28]) {
        const t = deg(d);
        const dl = (musculotendonLengthM(mtu, t + h) - musculotendonLengthM(mtu, t - h)) / (2 * h);
        expect(dl).toBeCloseTo(-momentArmSignedM(mtu, t), 8);
      }
    }
  });

  it('torque at zero activation equals the passive part (and capacity does not scale passive)', () => {
    for (const d of [-40, -20, 0, 10, 25]) {
      const t = deg(d);
      const lTa = normalizedFiberLength(set.ta, t);
      const lSol = normalizedFiberLength(set.sol, t);
      const cosTa = Math.sqrt(1 - (set.ta.fiberWidthM / (lTa * set.ta.optimalFiberLengthM)) ** 2);
      const cosSol = Math.sqrt(1 - (set.sol.fiberWidthM / (lSol * set.sol.optimalFiberLengthM)) ** 2);
      const expected =
        tibialisMomentArmM(set, t) * 905 * passiveForceLengthDeGroote(lTa) * cosTa -
        soleusMomentArmM(set, t) * 3549 * passiveForceLengthDeGroote(lSol) * cosSol;
      expect(ankleMuscleTorqueNm(set, 0, 0, t, 0, 1)).toBeCloseTo(expected, 9);
      expect(ankleMuscleTorqueNm(set, 0, 0, t, 0, 0.3)).toBeCloseTo(expected, 9);
      expect(passiveMultiplier(set.sol, lSol)).toBeCloseTo(passiveForceLengthDeGroote(lSol), 12);
    }
  });

  it('capacity scales only the active TA force: F(a, c) = c·(F(a,1) − F(0,1)) + F(0,1)', () => {
    const t = deg(-5);
    const passive = tibialisForceN(set, 0, t, 1.5, 1);
    const full = tibialisForceN(set, 0.8, t, 1.5, 1);
    expect(tibialisForceN(set, 0.8, t, 1.5, 0.25)).toBeCloseTo(passive + 0.25 * (full - passive), 9);
    expect(tibialisForceN(set, 0.8, t, 1.5, 0.5)).toBeCloseTo(tibialisForceN(set, 0.4, t, 1.5, 1), 9);
  });

  it('TA maximal isometric DF moment at 0° (gait2392) = 905 N × r × f_L(ℓ̃) × cos α ≈ 33 N·m (< 905 × 0.042 = 38)', () => {
    const r = tibialisMomentArmM(set, 0);
    expect(r).toBeCloseTo(0.042, 3);
    const l = normalizedFiberLength(set.ta, 0); // ≈ 0.831
    const cosAlpha = Math.sqrt(1 - (set.ta.fiberWidthM / (l * set.ta.optimalFiberLengthM)) ** 2);
    const active = 905 * activeForceLengthDeGroote(l) * forceVelocityDeGroote(0) * cosAlpha * r;
    const moment = ankleMuscleTorqueNm(set, 1, 0, 0, 0, 1) - ankleMuscleTorqueNm(set, 0, 0, 0, 0, 1);
    expect(moment).toBeCloseTo(active, 9);
    expect(moment).toBeGreaterThan(32);
    expect(moment).toBeLessThan(34);
  });

  it('force–velocity: shortening TA (ankle dorsiflexing) produces less force than isometric, lengthening more', () => {
    const t = 0;
    const iso = tibialisForceN(set, 1, t, 0, 1);
    expect(tibialisForceN(set, 1, t, 5, 1)).toBeLessThan(iso); // DF velocity shortens the TA
    expect(tibialisForceN(set, 1, t, -5, 1)).toBeGreaterThan(iso); // PF velocity lengthens it
    expect(tibialisForceN(set, 1, t, 1e3, 1)).toBeGreaterThanOrEqual(0); // f_V clamped at 0
    expect(soleusForceN(set, 1, t, 1e3)).toBeGreaterThan(soleusForceN(set, 1, t, 0)); // DF lengthens SOL
  });

  it('soleus stiffness raises the passive PF moment above optimal length', () => {
    const stiff = ankleMuscleSet({ soleusStiffness: 2 });
    expect(ankleMuscleTorqueNm(stiff, 0, 0, deg(15), 0, 1)).toBeLessThan(ankleMuscleTorqueNm(set, 0, 0, deg(15), 0, 1));
  });

  it('rejects bad options with an InputError naming the field and range', () => {
    expect(() => ankleMuscleSet({ tibialisStrength: -1 })).toThrow(InputError);
    expect(() => ankleMuscleSet({ soleusStiffness: Number.NaN })).toThrow(/soleusStiffness.*\[0\.25, 10\]/);
    expect(() => ankleMuscleSet({ model: 'arnold2010' as 'gait2392' })).toThrow(/model/);
  });
});
