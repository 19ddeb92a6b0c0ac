/**
 * Cross-check of our planar chain dynamics (src/model/chain.ts) against an independent engine,
 * MuJoCo 3.3 (the official WebAssembly build, npm `mujoco-js`), on a passive triple pendulum with
 * leg-like segments. Requirement (issue 2): agreement to < 0.1° over 1 s.
 */
import { describe, expect, it } from 'vitest';
import { compileChain, chainAccelerations, chainEnergy, createChainScratch } from '../../src/model/chain.ts';
import { Rk4 } from '../../src/sim/integrate.ts';
import { simulateChainMujoco, type ChainSpec } from '../support/mujoco-chain.ts';

const spec: ChainSpec = {
  lengthsM: [0.42, 0.43, 0.2],
  massesKg: [7, 3, 1],
  comFromProximalM: [0.1806, 0.1849, 0.086],
  inertiaAboutComKgM2: [0.111132, 0.049923, 0.0036],
};

function simulateOurs(q0: number[], durationS: number, stepS: number, sampleEveryS: number) {
  const model = compileChain(
    spec.lengthsM.map((L, i) => ({
      massKg: spec.massesKg[i],
      inertiaAboutComKgM2: spec.inertiaAboutComKgM2[i],
      comLocalM: [0, spec.comFromProximalM[i]] as const,
      distalJointLocalM: [0, L] as const,
    })),
  );
  const s = createChainScratch(model);
  const free = Uint8Array.of(1, 1, 1);
  const tau = new Float64Array(3);
  const acc = new Float64Array(3);
  const f = (_t: number, y: Float64Array, d: Float64Array) => {
    chainAccelerations(model, y.subarray(0, 3), y.subarray(3, 6), acc, free, tau, 0, 0, s);
    d.set(y.subarray(3, 6), 0);
    d.set(acc, 3);
  };
  // absolute angles from the relative joint coordinates
  const y = Float64Array.of(q0[0], q0[0] + q0[1], q0[0] + q0[1] + q0[2], 0, 0, 0);
  const every = Math.round(sampleEveryS / stepS);
  const samples: number[][] = [[q0[0], q0[1], q0[2]]];
  const energies: number[] = [];
  const energy = () => {
    const e = chainEnergy(model, y.subarray(0, 3), y.subarray(3, 6), s);
    return e.kineticJ + e.potentialJ;
  };
  energies.push(energy());
  let step = 0;
  new Rk4(6).integrate(f, 0, y, durationS, Math.round(durationS / stepS), (_t, yy) => {
    if (++step % every === 0) {
      samples.push([yy[0], yy[1] - yy[0], yy[2] - yy[1]]);
      energies.push(energy());
    }
  });
  return { samples, energies };
}

describe('passive triple pendulum: our chain dynamics vs MuJoCo', () => {
  it('joint angles agree to < 0.1° over 1 s from a large-amplitude start', async () => {
    const q0 = [0.5, -0.8, 0.3];
    const ref = await simulateChainMujoco(spec, {
      q0Rad: q0,
      qd0RadS: [0, 0, 0],
      durationS: 1,
      timestepS: 1e-4,
      integrator: 'RK4',
      sampleEveryS: 0.01,
    });
    const ours = simulateOurs(q0, 1, 1e-4, 0.01);
    expect(ours.samples.length).toBe(ref.timeS.length);
    let maxDiffDeg = 0;
    for (let i = 0; i < ref.timeS.length; i++) {
      for (let j = 0; j < 3; j++) {
        maxDiffDeg = Math.max(maxDiffDeg, (Math.abs(ours.samples[i][j] - ref.qRad[i * 3 + j]) * 180) / Math.PI);
      }
    }
    console.log(`triple pendulum vs MuJoCo: max joint-angle difference over 1 s = ${maxDiffDeg.toExponential(2)}°`);
    expect(maxDiffDeg).toBeLessThan(0.1);
    // The motion must be large enough for the comparison to mean something.
    let range = 0;
    for (let i = 0; i < ref.timeS.length; i++) range = Math.max(range, Math.abs(ref.qRad[i * 3 + 2] - q0[2]));
    expect(range).toBeGreaterThan(1);
    // Energy: both conserve it and agree on its value.
    const e0 = ours.energies[0];
    for (const e of ours.energies) expect(Math.abs(e - e0)).toBeLessThan(1e-6 * Math.abs(e0) + 1e-9);
    expect(Math.abs(ref.energyJ[0] - e0)).toBeLessThan(1e-9 + 1e-9 * Math.abs(e0));
  });
});
