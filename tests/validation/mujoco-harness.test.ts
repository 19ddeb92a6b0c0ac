/**
 * Self-checks of the MuJoCo chain reference (tests/support/mujoco-chain.ts) against closed-form
 * mechanics that do not involve MuJoCo: the compound-pendulum period, energy conservation measured
 * with our own planar energy formula, static equilibrium, and MuJoCo's energy and COM positions
 * versus the planar formulas evaluated at the harness's (q, q̇). The last two pin the angle sign
 * convention and the inertia mapping.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { chainMjcf, simulateChainMujoco, type ChainSpec } from '../support/mujoco-chain.ts';

const STANDARD_GRAVITY_MPS2 = 9.80665;

/** Leg-like triple pendulum: segment lengths/masses close to an adult leg, COM at 0.43 L, radius of gyration 0.3 L. */
function legSpec(): ChainSpec {
  const lengthsM = [0.42, 0.43, 0.2];
  const massesKg = [7, 3, 1];
  return {
    lengthsM,
    massesKg,
    comFromProximalM: lengthsM.map((l) => 0.43 * l),
    inertiaAboutComKgM2: lengthsM.map((l, i) => massesKg[i] * (0.3 * l) ** 2),
  };
}

interface PlanarState {
  kineticJ: number;
  potentialJ: number;
  /** COM x, z per segment (m). (nSegment x 2) */
  comPosM: number[];
}

/**
 * Planar chain kinematics and energy written out from the conventions alone (φ from −z, positive
 * toward +x; relative joint angles): COM_i = P_i + c_i (sin φ_i, −cos φ_i), P_{i+1} = P_i + L_i (sin φ_i, −cos φ_i).
 */
function planarState(spec: ChainSpec, q: ArrayLike<number>, qd: ArrayLike<number>): PlanarState {
  const g = spec.gravityMps2 ?? STANDARD_GRAVITY_MPS2;
  let phi = 0;
  let phiDot = 0;
  let jointX = 0;
  let jointZ = 0;
  let jointVx = 0;
  let jointVz = 0;
  let kineticJ = 0;
  let potentialJ = 0;
  const comPosM: number[] = [];
  for (let i = 0; i < spec.lengthsM.length; i++) {
    phi += q[i];
    phiDot += qd[i];
    const sin = Math.sin(phi);
    const cos = Math.cos(phi);
    const c = spec.comFromProximalM[i];
    const comX = jointX + c * sin;
    const comZ = jointZ - c * cos;
    const comVx = jointVx + c * cos * phiDot;
    const comVz = jointVz + c * sin * phiDot;
    const m = spec.massesKg[i];
    kineticJ += 0.5 * m * (comVx * comVx + comVz * comVz) + 0.5 * spec.inertiaAboutComKgM2[i] * phiDot * phiDot;
    potentialJ += m * g * comZ;
    comPosM.push(comX, comZ);
    const l = spec.lengthsM[i];
    jointX += l * sin;
    jointZ -= l * cos;
    jointVx += l * cos * phiDot;
    jointVz += l * sin * phiDot;
  }
  return { kineticJ, potentialJ, comPosM };
}

/** Mean interval between upward zero crossings, located by linear interpolation between samples. */
function meanPeriodS(timeS: Float64Array, signal: Float64Array): number {
  const crossings: number[] = [];
  for (let k = 1; k < signal.length; k++) {
    if (signal[k - 1] < 0 && signal[k] >= 0) {
      const fraction = -signal[k - 1] / (signal[k] - signal[k - 1]);
      crossings.push(timeS[k - 1] + fraction * (timeS[k] - timeS[k - 1]));
    }
  }
  expect(crossings.length).toBeGreaterThanOrEqual(3);
  return (crossings[crossings.length - 1] - crossings[0]) / (crossings.length - 1);
}

describe('MuJoCo chain reference (self-checks)', () => {
  it.each([
    { label: 'thigh-like, standard gravity', lengthM: 0.42, massKg: 7, comM: 0.1806, inertiaKgM2: 7 * 0.126 ** 2, gravityMps2: undefined },
    { label: 'rod-like, COM at the end, lunar gravity', lengthM: 1.0, massKg: 2, comM: 0.9, inertiaKgM2: 0.05, gravityMps2: 1.62 },
  ])('single compound pendulum ($label) swings with the analytic small-amplitude period within 0.1 %', async (c) => {
    const spec: ChainSpec = { lengthsM: [c.lengthM], massesKg: [c.massKg], comFromProximalM: [c.comM], inertiaAboutComKgM2: [c.inertiaKgM2], gravityMps2: c.gravityMps2 };
    const g = c.gravityMps2 ?? STANDARD_GRAVITY_MPS2;
    // Compound (physical) pendulum, small-angle limit: T0 = 2π √(I_pivot / (m g c)), I_pivot = I_com + m c²
    // (parallel-axis theorem).
    const amplitudeRad = 0.01;
    const expectedPeriodS = 2 * Math.PI * Math.sqrt((c.inertiaKgM2 + c.massKg * c.comM ** 2) / (c.massKg * g * c.comM));
    const run = await simulateChainMujoco(spec, { q0Rad: [amplitudeRad], qd0RadS: [0], durationS: 3.6 * expectedPeriodS, timestepS: 1e-3, integrator: 'RK4' });
    const periodS = meanPeriodS(run.timeS, run.qRad);
    expect(Math.abs(periodS / expectedPeriodS - 1)).toBeLessThan(1e-3); // the required check
    // Stricter: with the finite-amplitude series T = T0 (1 + θ0²/16 + 11 θ0⁴/3072 + …) (standard
    // elliptic-integral expansion) the first correction, 6.25e-6 here, must show up too.
    const correctedPeriodS = expectedPeriodS * (1 + amplitudeRad ** 2 / 16);
    expect(Math.abs(periodS / correctedPeriodS - 1)).toBeLessThan(1e-7);
  });

  it('leg-like triple pendulum conserves energy (our planar formula) to 1e-6 of its swing energy over 1 s at a 0.1 ms RK4 step', async () => {
    const spec = legSpec();
    const run = await simulateChainMujoco(spec, { q0Rad: [0.5, -0.8, 0.3], qd0RadS: [0, 0, 0], durationS: 1, timestepS: 1e-4, integrator: 'RK4', sampleEveryS: 1e-3 });
    expect(run.timeS.length).toBe(1001);
    expect(run.timeS[1000]).toBeCloseTo(1, 12);
    const nJoint = 3;
    const energyAt = (k: number): number => {
      const state = planarState(spec, run.qRad.subarray(k * nJoint, (k + 1) * nJoint), run.qdRadS.subarray(k * nJoint, (k + 1) * nJoint));
      return state.kineticJ + state.potentialJ;
    };
    const e0 = energyAt(0);
    const restJ = planarState(spec, [0, 0, 0], [0, 0, 0]).potentialJ;
    const swingJ = e0 - restJ; // energy above the hanging rest state, ≈ 4 J here; |E0| ≈ 35 J is a laxer scale
    expect(swingJ).toBeGreaterThan(1);
    let maxDriftJ = 0;
    let maxAbsQ3 = 0;
    for (let k = 0; k < run.timeS.length; k++) {
      maxDriftJ = Math.max(maxDriftJ, Math.abs(energyAt(k) - e0));
      maxAbsQ3 = Math.max(maxAbsQ3, Math.abs(run.qRad[k * nJoint + 2]));
    }
    expect(maxDriftJ / swingJ).toBeLessThan(1e-6);
    expect(maxAbsQ3).toBeGreaterThan(1); // the chain really moved, so the check is not vacuous
  });

  it('hanging straight down at rest stays there', async () => {
    const run = await simulateChainMujoco(legSpec(), { q0Rad: [0, 0, 0], qd0RadS: [0, 0, 0], durationS: 1, timestepS: 1e-3 });
    for (const value of run.qRad) expect(Math.abs(value)).toBeLessThan(1e-12);
    for (const value of run.qdRadS) expect(Math.abs(value)).toBeLessThan(1e-12);
  });

  it('MuJoCo energy and COM positions equal the planar formulas at the harness (q, q̇): sign convention and inertia mapping', async () => {
    const spec = { ...legSpec(), gravityMps2: 9.81 };
    const nJoint = 3;
    // Asymmetric state with all velocities non-zero, so a flipped axis or a wrong inertia on any one joint shows.
    const run = await simulateChainMujoco(spec, { q0Rad: [0.5, -0.8, 0.3], qd0RadS: [1.5, -2, 3], durationS: 0.5, timestepS: 1e-4, sampleEveryS: 5e-3 });
    const scaleJ = Math.abs(run.energyJ[0]);
    for (let k = 0; k < run.timeS.length; k++) {
      const state = planarState(spec, run.qRad.subarray(k * nJoint, (k + 1) * nJoint), run.qdRadS.subarray(k * nJoint, (k + 1) * nJoint));
      expect(Math.abs(run.energyJ[k] - (state.kineticJ + state.potentialJ))).toBeLessThan(1e-10 * scaleJ);
      expect(Math.abs(run.potentialEnergyJ[k] - state.potentialJ)).toBeLessThan(1e-10 * scaleJ);
      for (let j = 0; j < 2 * nJoint; j++) {
        expect(Math.abs(run.comPosM[k * 2 * nJoint + j] - state.comPosM[j])).toBeLessThan(1e-12);
      }
    }
  });

  it('a positive hip angle puts the thigh COM forward (+x), a positive knee angle swings the shank forward of the thigh', async () => {
    const run = await simulateChainMujoco(legSpec(), { q0Rad: [0.3, 0.4, 0], qd0RadS: [0, 0, 0], durationS: 0, timestepS: 1e-3 });
    const c = legSpec().comFromProximalM;
    expect(run.comPosM[0]).toBeCloseTo(c[0] * Math.sin(0.3), 12); // thigh COM x
    expect(run.comPosM[1]).toBeCloseTo(-c[0] * Math.cos(0.3), 12); // thigh COM z
    expect(run.comPosM[2]).toBeCloseTo(0.42 * Math.sin(0.3) + c[1] * Math.sin(0.7), 12); // shank COM x, φ2 = 0.7
  });

  it('rejects inconsistent input and emits a contact-free, damping-free MJCF', () => {
    const spec = legSpec();
    expect(() => chainMjcf({ ...spec, massesKg: [7, 3] }, 1e-3, 'RK4')).toThrow(InputError);
    expect(() => chainMjcf({ ...spec, inertiaAboutComKgM2: [0.1, 0, 0.01] }, 1e-3, 'RK4')).toThrow(InputError);
    expect(() => chainMjcf(spec, 1e-3, 'RK45')).toThrow(InputError);
    const mjcf = chainMjcf(spec, 1e-4, 'RK4');
    expect(mjcf).toContain('integrator="RK4"');
    expect(mjcf).toContain('contact="disable"');
    expect(mjcf).toContain('energy="enable"');
    expect(mjcf).not.toContain('<geom');
    expect(mjcf.match(/axis="0 -1 0"/g)).toHaveLength(3);
  });

  it('rejects a sampling interval that is not a whole number of steps', async () => {
    await expect(simulateChainMujoco(legSpec(), { q0Rad: [0, 0, 0], qd0RadS: [0, 0, 0], durationS: 0.01, timestepS: 1e-3, sampleEveryS: 1.5e-3 })).rejects.toThrow(InputError);
  });
});
