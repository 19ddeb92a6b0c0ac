import { describe, expect, it } from 'vitest';
import { chainAccelerations, chainEnergy, compileChain, createChainScratch, pointPosition } from '../../src/model/chain.ts';
import { Rk4 } from '../../src/sim/integrate.ts';

// Leg-like segments (thigh, shank, foot) hanging along their long axes.
const legSegments = [
  { massKg: 7, inertiaAboutComKgM2: 0.12, comLocalM: [0, 0.18] as const, distalJointLocalM: [0, 0.42] as const },
  { massKg: 3, inertiaAboutComKgM2: 0.04, comLocalM: [0, 0.19] as const, distalJointLocalM: [0, 0.43] as const },
  { massKg: 1.2, inertiaAboutComKgM2: 0.006, comLocalM: [0.06, 0.04] as const, distalJointLocalM: [0, 0] as const },
];

function passiveDerivative(model: ReturnType<typeof compileChain>) {
  const s = createChainScratch(model);
  const free = new Uint8Array(model.n).fill(1);
  const tau = new Float64Array(model.n);
  const phi = new Float64Array(model.n);
  const phid = new Float64Array(model.n);
  const acc = new Float64Array(model.n);
  return (_t: number, y: Float64Array, d: Float64Array) => {
    for (let i = 0; i < model.n; i++) {
      phi[i] = y[i];
      phid[i] = y[model.n + i];
    }
    chainAccelerations(model, phi, phid, acc, free, tau, 0, 0, s);
    for (let i = 0; i < model.n; i++) {
      d[i] = phid[i];
      d[model.n + i] = acc[i];
    }
  };
}

describe('planar chain dynamics', () => {
  it('a single compound pendulum has the analytic small-amplitude period', () => {
    const m = 2;
    const c = 0.3;
    const inertia = 0.05;
    const model = compileChain([{ massKg: m, inertiaAboutComKgM2: inertia, comLocalM: [0, c], distalJointLocalM: [0, 0.6] }]);
    const f = passiveDerivative(model);
    const y = Float64Array.of(1e-4, 0);
    // Period from the zero crossings of the angle.
    const expected = 2 * Math.PI * Math.sqrt((inertia + m * c * c) / (m * model.gravityMps2 * c));
    let prev = y[0];
    const crossings: number[] = [];
    new Rk4(2).integrate(f, 0, y, 3 * expected, 30000, (t, yy) => {
      if (prev > 0 && yy[0] <= 0) crossings.push(t);
      prev = yy[0];
    });
    const period = crossings[1] - crossings[0]; // downward crossings, one per period
    expect(Math.abs(period - expected) / expected).toBeLessThan(1e-4);
  });

  it('conserves energy of a passive triple pendulum', () => {
    const model = compileChain(legSegments);
    const s = createChainScratch(model);
    const y = Float64Array.of(0.5, -0.3, 0.2, 0, 0, 0);
    const energy = () => {
      const e = chainEnergy(model, y.subarray(0, 3), y.subarray(3, 6), s);
      return e.kineticJ + e.potentialJ;
    };
    const e0 = energy();
    new Rk4(6).integrate(passiveDerivative(model), 0, y, 1, 10000);
    expect(Math.abs(energy() - e0)).toBeLessThan(1e-7 * Math.abs(e0));
  });

  it('hanging straight down (COMs under the joints) is an equilibrium', () => {
    const model = compileChain(legSegments.map((s) => ({ ...s, comLocalM: [0, s.comLocalM[1]] as const })));
    const y = new Float64Array(6);
    new Rk4(6).integrate(passiveDerivative(model), 0, y, 1, 1000);
    for (const v of y) expect(Math.abs(v)).toBeLessThan(1e-12);
  });

  it('prescribed joints: the free foot obeys the same equation as in the all-free chain', () => {
    // Solve all-free, then prescribe φ1, φ2 with those accelerations: the foot must agree.
    const model = compileChain(legSegments);
    const s = createChainScratch(model);
    const phi = Float64Array.of(0.4, -0.6, 0.1);
    const phid = Float64Array.of(2, -5, 3);
    const tau = Float64Array.of(10, -4, 1.5);
    const all = new Float64Array(3);
    chainAccelerations(model, phi, phid, all, Uint8Array.of(1, 1, 1), tau, 1.2, -3, s);
    const part = Float64Array.of(all[0], all[1], 0);
    chainAccelerations(model, phi, phid, part, Uint8Array.of(0, 0, 1), tau, 1.2, -3, s);
    expect(part[2]).toBeCloseTo(all[2], 10);
  });

  it('forward kinematics places the toe where geometry says', () => {
    const model = compileChain(legSegments);
    const out = new Float64Array(2);
    pointPosition(model, Float64Array.of(0, 0, 0), 2, 0.2, 0.05, out);
    expect(out[0]).toBeCloseTo(0.2, 12);
    expect(out[1]).toBeCloseTo(-(0.42 + 0.43 + 0.05), 12);
    pointPosition(model, Float64Array.of(Math.PI / 2, 0, 0), 1, 0, 0, out);
    expect(out[0]).toBeCloseTo(0.42, 12);
    expect(out[1]).toBeCloseTo(0, 12);
  });
});
