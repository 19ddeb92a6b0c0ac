/**
 * Smoke run of the MuJoCo chain reference: prints the MJCF, checks every integrator compiles and
 * runs, and reports steps/s for the leg-like triple pendulum. Usage: `npx tsx scripts/mujoco-smoke.ts`.
 */
import loadMujoco from 'mujoco-js';
import { chainMjcf, simulateChainMujoco, type ChainSpec, type MujocoIntegrator } from '../tests/support/mujoco-chain.ts';

const mujoco = await loadMujoco();
console.log(`MuJoCo ${mujoco.mj_versionString()}`);

const lengthsM = [0.42, 0.43, 0.2];
const massesKg = [7, 3, 1];
const spec: ChainSpec = {
  lengthsM,
  massesKg,
  comFromProximalM: lengthsM.map((l) => 0.43 * l),
  inertiaAboutComKgM2: lengthsM.map((l, i) => massesKg[i] * (0.3 * l) ** 2),
};
console.log(chainMjcf(spec, 1e-4, 'RK4'));

for (const integrator of ['RK4', 'Euler', 'implicit', 'implicitfast'] as MujocoIntegrator[]) {
  const run = await simulateChainMujoco(spec, { q0Rad: [0.5, -0.8, 0.3], qd0RadS: [0, 0, 0], durationS: 1, timestepS: 1e-4, integrator, sampleEveryS: 0.01 });
  const e = run.energyJ;
  let drift = 0;
  for (const value of e) drift = Math.max(drift, Math.abs(value - e[0]));
  const n = run.timeS.length - 1;
  console.log(`${integrator.padEnd(12)} steps/s ${(run.nStep / (run.wallMs / 1000)).toFixed(0).padStart(8)}  E0 ${e[0].toFixed(6)} J  max|ΔE| ${drift.toExponential(2)} J  q(1s) ${Array.from(run.qRad.slice(3 * n, 3 * n + 3), (v) => v.toFixed(6)).join(' ')}`);
}
