/**
 * Swings per second on one core at converged accuracy.
 *
 * 1. Converged step: for each candidate RK4 step h, the largest change of MTC when the step is
 *    halved, over a representative sample of swings (swing-sample.ts). The step used is the
 *    largest candidate whose change stays < 0.05 mm (MODEL.md §8).
 * 2. Throughput at that step: the sample's swings in a loop, CPU time, median of repetitions after
 *    warm-up. The generic kernel (the general chain solver with per-evaluation kinematics, the code
 *    path before the fast kernel) is timed the same way for the before/after figure.
 */
import { SwingSimulator, emptySwingResult, type SwingKernel } from '../../src/model/swing.ts';
import { parseRunParams } from '../../src/model/params.ts';
import { log, repeat, round, rounded } from '../lib/stats.ts';
import { swingSample, type SwingCase } from './swing-sample.ts';
import type { TaskOptions, TaskResult } from './types.ts';

/** MTC change on step halving that counts as converged, m (MODEL.md §8). */
export const CONVERGED_MTC_CHANGE_M = 5e-5;
export const CANDIDATE_STEPS_S = [0.01, 0.0075, 0.006, 0.005, 0.004, 0.0025] as const;
const QUICK_CANDIDATE_STEPS_S = [0.0075, 0.005, 0.0025] as const;

function maxHalvingChange(cases: SwingCase[], stepS: number): { maxChangeM: number; swings: number } {
  let maxChangeM = 0;
  let swings = 0;
  const out = emptySwingResult();
  for (const c of cases) {
    const coarse = new SwingSimulator(c.leg, { integrator: 'rk4', stepS, rtol: 1e-8 });
    const fine = new SwingSimulator(c.leg, { integrator: 'rk4', stepS: stepS / 2, rtol: 1e-8 });
    for (const d of c.drivers) {
      const a = coarse.simulate(d, out).mtcM;
      const b = fine.simulate(d, out).mtcM;
      const change = Math.abs(a - b);
      if (!(change <= maxChangeM)) maxChangeM = change; // NaN counts as not converged
      swings++;
    }
  }
  return { maxChangeM, swings };
}

/** Swings per CPU second over the sample at a step with a kernel. */
function throughput(cases: SwingCase[], stepS: number, kernel: SwingKernel, loops: number, runs: number) {
  const sims = cases.map((c) => new SwingSimulator(c.leg, { integrator: 'rk4', stepS, rtol: 1e-8 }, kernel));
  const out = emptySwingResult();
  let swingsPerRun = 0;
  const once = () => {
    swingsPerRun = 0;
    for (let l = 0; l < loops; l++) {
      for (let k = 0; k < cases.length; k++) {
        const sim = sims[k];
        for (const d of cases[k].drivers) {
          sim.simulate(d, out);
          swingsPerRun++;
        }
      }
    }
  };
  const t = repeat(once, { runs, warmup: 2 });
  const perCpuS = swingsPerRun / t.cpuS.median;
  return {
    swingsPerSecond: Math.round(perCpuS),
    swingsPerSecondWall: Math.round(swingsPerRun / t.wallS.median),
    swingsPerRun,
    cpuSecondsPerRun: rounded(t.cpuS),
    wallSecondsPerRun: rounded(t.wallS),
  };
}

export async function run(o: TaskOptions): Promise<TaskResult> {
  const cases = swingSample(o.quick ? 8 : 60);
  const convergence: Array<{ stepS: number; maxMtcChangeMm: number; converged: boolean }> = [];
  for (const h of o.quick ? QUICK_CANDIDATE_STEPS_S : CANDIDATE_STEPS_S) {
    const { maxChangeM, swings } = maxHalvingChange(cases, h);
    const converged = maxChangeM < CONVERGED_MTC_CHANGE_M;
    convergence.push({ stepS: h, maxMtcChangeMm: round(maxChangeM * 1000, 4), converged });
    log(`swing: step ${h * 1000} ms, max MTC change on halving ${(maxChangeM * 1000).toFixed(4)} mm over ${swings} swings${converged ? ' (converged)' : ''}`);
  }
  // The largest step that converges together with every smaller candidate.
  let stepS: number | null = null;
  for (let i = convergence.length - 1; i >= 0 && convergence[i].converged; i--) stepS = convergence[i].stepS;
  if (stepS === null) throw new Error('no candidate step converged');
  // enough swings per repetition for the JIT to have tiered up after the warm-up repetitions
  const sampleSwings = cases.reduce((n, c) => n + c.drivers.length, 0);
  const loops = Math.ceil((o.quick ? 2000 : 10000) / sampleSwings);
  const runs = o.quick ? 3 : 9;
  const fast = throughput(cases, stepS, 'fast', loops, runs);
  log(`swing: fast kernel ${fast.swingsPerSecond} swings/s/core at ${stepS * 1000} ms`);
  // the runs' default step (params.ts), if the converged one differs
  const defaultStepS = parseRunParams({}).numerics.stepS;
  const atDefault = defaultStepS === stepS ? fast : throughput(cases, defaultStepS, 'fast', loops, runs);
  if (defaultStepS !== stepS) log(`swing: fast kernel ${atDefault.swingsPerSecond} swings/s/core at the default ${defaultStepS * 1000} ms`);
  const generic = throughput(cases, stepS, 'generic', Math.ceil((o.quick ? 300 : 1500) / sampleSwings), o.quick ? 2 : 5);
  log(`swing: generic kernel ${generic.swingsPerSecond} swings/s/core`);
  // Per-swing MTC agreement of the two kernels over the sample (the fast kernel's tables).
  let maxKernelDiffM = 0;
  for (const c of cases) {
    const a = new SwingSimulator(c.leg, { integrator: 'rk4', stepS, rtol: 1e-8 }, 'fast');
    const b = new SwingSimulator(c.leg, { integrator: 'rk4', stepS, rtol: 1e-8 }, 'generic');
    for (const d of c.drivers) {
      maxKernelDiffM = Math.max(maxKernelDiffM, Math.abs(a.simulate(d, emptySwingResult()).mtcM - b.simulate(d, emptySwingResult()).mtcM));
    }
  }
  return {
    swingsPerSecondPerCore: fast.swingsPerSecond,
    swingStepS: stepS,
    defaultStepS,
    swingsPerSecondPerCoreAtDefaultStep: atDefault.swingsPerSecond,
    stepsPerSwing: cases.map((c) => ({ gait: c.gait, speedMps: c.speedMps, steps: Math.max(4, Math.round(((1 - c.leg.pattern.toeOffPhase) * c.leg.pattern.strideTimeS) / stepS)) })),
    convergence: { criterionMm: CONVERGED_MTC_CHANGE_M * 1000, sampleSwings: cases.reduce((n, c) => n + c.drivers.length, 0), candidates: convergence },
    fastKernel: fast,
    genericKernel: generic,
    speedUpOverGenericKernel: round(fast.swingsPerSecond / generic.swingsPerSecond, 2),
    maxMtcDifferenceFastVsGenericMm: round(maxKernelDiffM * 1000, 8),
  };
}
