/**
 * Peer 1: MuJoCo (mujoco-js WebAssembly) on the same swing (bench/peers/mujoco-swing.ts): the
 * timestep is halved from 1 ms until the MTC is within 0.05 mm of dropfoot's converged value and
 * changes < 0.05 mm on a further halving; that timestep is then timed (CPU, median).
 */
import { MujocoSwing, mujocoVersion } from '../peers/mujoco-swing.ts';
import { log, repeat, round, rounded } from '../lib/stats.ts';
import { peerSwing, oursOnPeerSwing } from './peer-swing.ts';
import type { TaskOptions, TaskResult } from './types.ts';

const TARGET_M = 5e-5;

export async function run(o: TaskOptions): Promise<TaskResult> {
  const s = peerSwing();
  const steps = [1e-3, 5e-4, 2.5e-4, 1.25e-4, 6.25e-5, 3.125e-5];
  const trials: Array<{ timestepS: number; mtcM: number; errorMm: number; steps: number }> = [];
  for (const h of steps) {
    const m = await MujocoSwing.create(s.leg, s.drivers, h);
    const r = m.simulate(s.drivers);
    m.free();
    trials.push({ timestepS: h, mtcM: r.mtcM, errorMm: round((r.mtcM - s.referenceMtcM) * 1000, 5), steps: r.steps });
    log(`mujoco: timestep ${h * 1000} ms: MTC ${(r.mtcM * 1000).toFixed(4)} mm, error ${((r.mtcM - s.referenceMtcM) * 1000).toFixed(4)} mm`);
    const k = trials.length - 1;
    if (k > 0 && Math.abs(trials[k - 1].errorMm) < TARGET_M * 1000 && Math.abs(trials[k - 1].mtcM - r.mtcM) < TARGET_M) break;
  }
  // the coarsest trial within the target that a halving changes by < target
  let chosen = trials[trials.length - 1];
  for (let k = 0; k + 1 < trials.length; k++) {
    if (Math.abs(trials[k].errorMm) < TARGET_M * 1000 && Math.abs(trials[k].mtcM - trials[k + 1].mtcM) < TARGET_M) {
      chosen = trials[k];
      break;
    }
  }
  const m = await MujocoSwing.create(s.leg, s.drivers, chosen.timestepS);
  const n = o.quick ? 2 : 10;
  const t = repeat(() => {
    for (let i = 0; i < n; i++) m.simulate(s.drivers);
  }, { runs: o.quick ? 2 : 5, warmup: 1 });
  m.free();
  const swingsPerSecond = n / t.cpuS.median;
  const ours = oursOnPeerSwing(s, Number(o.stepS ?? 0.005), o.quick);
  log(`mujoco: ${swingsPerSecond.toFixed(1)} swings/s at ${chosen.timestepS * 1000} ms (dropfoot on the same swing: ${ours.swingsPerSecond})`);
  return {
    tool: `MuJoCo ${await mujocoVersion()} (mujoco-js WebAssembly, semi-implicit Euler)`,
    swing: s.description,
    referenceMtcMm: round(s.referenceMtcM * 1000, 5),
    timestepS: chosen.timestepS,
    stepsPerSwing: chosen.steps,
    mtcErrorMm: chosen.errorMm,
    withinTarget: Math.abs(chosen.errorMm) < TARGET_M * 1000,
    swingsPerSecond: round(swingsPerSecond, 2),
    secondsPerSwing: rounded({ ...t.cpuS, median: t.cpuS.median / n, min: t.cpuS.min / n, max: t.cpuS.max / n }, 6),
    oursOnThisSwing: { swingsPerSecond: ours.swingsPerSecond, mtcErrorMm: round((ours.mtcM - s.referenceMtcM) * 1000, 5) },
    trials,
    differences:
      'hip height, hip and knee driven by computed torque (two-pass: mj_inverse, then the ankle row of MuJoCo\'s sparse inertia) plus a stiff PD term, applied as qfrc_applied held over each step; ankle torque from the same muscle/passive law evaluated in JavaScript once per step (exact kernels); activation by MuJoCo\'s own muscle activation dynamics (same law, tausmooth 0); so first order in the timestep',
  };
}
