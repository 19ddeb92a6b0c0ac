/**
 * `npm run bench [-- --json] [--quick] [--only swing,run5km,…]`: performance figures of dropfoot
 * and, in the same invocation, of the tools a researcher would otherwise use for the same swing
 * model (MuJoCo via mujoco-js, SciPy solve_ivp), as ONE JSON document on stdout (indented, or
 * compact with --json). Progress goes to stderr.
 *
 * Each measurement is a task (bench/tasks/) run in its own child process (bench/task.ts), so that
 * its peak RSS is its own. Timings are medians of repeated runs after warm-up, in CPU time where
 * the figure is per core; a measurement whose coefficient of variation exceeds 10 % is flagged
 * noisy. BENCHMARKS.md describes the method and the latest figures.
 */
import { mkdtempSync, mkdirSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMachine } from './lib/machine.ts';
import { runTaskInChild, type ChildOutcome } from './lib/child.ts';
import { log, round } from './lib/stats.ts';
import type { TaskName } from './tasks/index.ts';

const USAGE = `usage: npm run bench [-- --json] [--quick] [--only TASK,…] [--keep]
  --json   compact JSON (default: indented)
  --quick  small problems and few repetitions (the smoke test; < 30 s)
  --only   run only these tasks: swing, run5km, mujoco, scipy, sweep, train, analyzeClassify, sweepMemory
  --keep   keep the temporary directory`;

interface Args {
  json: boolean;
  quick: boolean;
  keep: boolean;
  only: Set<string> | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { json: false, quick: false, keep: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = true;
    else if (a === '--quick') args.quick = true;
    else if (a === '--keep') args.keep = true;
    else if (a === '--only') args.only = new Set((argv[++i] ?? '').split(',').filter(Boolean));
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    } else {
      process.stderr.write(`unknown option ${a}\n${USAGE}\n`);
      process.exit(2);
    }
  }
  return args;
}

/**
 * Floating-point work of one swing of the fast kernel, counted by hand from
 * src/model/swing.ts (adds, multiplies, divides; comparisons and integer work not counted):
 * per derivative evaluation (excitation 5, activation 5, table index 3, six interpolations 18,
 * two force–velocity Hermite evaluations 36, torque 12, sin/cos 17, dynamics 6, RK4 update 12),
 * per step's observation (toe height and rate, TA force and load, sums ≈ 36) and per RK4 stage
 * of the driven kinematics (two sin/cos, ankle acceleration, inertial and toe coefficients ≈ 120).
 */
export const FLOPS = { perEvaluation: 114, perObservation: 36, perStage: 120 } as const;
/**
 * Critical path of one evaluation, cycles: the state update → table index → interpolation →
 * force–velocity → torque → acceleration chain of dependent operations (≈ 30 operations of
 * 3–4 cycles latency each). RK4 evaluations of one swing depend on each other, so this, not the
 * flop rate, bounds one swing on one core.
 */
export const CRITICAL_PATH_CYCLES_PER_EVALUATION = 120;

/** Clock assumed when the OS reports none (virtual machines), MHz. */
const ASSUMED_MHZ = 3000;

function physicalLimit(stepsPerSwing: number, mhz: number, clockSource: string, measured: number) {
  const flopsPerSwing = stepsPerSwing * (4 * FLOPS.perEvaluation + FLOPS.perObservation) + (2 * stepsPerSwing + 1) * FLOPS.perStage;
  // V8 emits scalar SSE/AVX arithmetic (no FMA, no SIMD for this code): 2 flops per cycle.
  const scalarFlopsPerSecond = mhz * 1e6 * 2;
  const throughputLimit = scalarFlopsPerSecond / flopsPerSwing;
  const latencyLimit = (mhz * 1e6) / ((4 * stepsPerSwing + 1) * CRITICAL_PATH_CYCLES_PER_EVALUATION);
  const limit = Math.min(throughputLimit, latencyLimit);
  return {
    stepsPerSwing,
    flopsPerSwing,
    clockMhz: mhz,
    clockSource,
    scalarGflopsPerCore: round(scalarFlopsPerSecond / 1e9, 2),
    swingsPerSecondFlopLimit: Math.round(throughputLimit),
    swingsPerSecondLatencyLimit: Math.round(latencyLimit),
    swingsPerSecondLimit: Math.round(limit),
    fractionOfLimit: round(measured / limit, 3),
    note: 'estimates: hand-counted flops (bench/run.ts FLOPS) and critical-path cycles (CRITICAL_PATH_CYCLES_PER_EVALUATION)',
  };
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** Collect `noisy: true` flags anywhere in a result, as dotted paths. */
function noisyPaths(value: unknown, path: string, out: string[]): string[] {
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.noisy === true) out.push(path);
    for (const [k, v] of Object.entries(o)) noisyPaths(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const machine = describeMachine();
  const root = mkdtempSync(join(tmpdir(), 'dropfoot-bench-'));
  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const started = performance.now();
  const outcomes: Record<string, ChildOutcome | { error: string }> = {};
  const wanted = (name: TaskName) => !args.only || args.only.has(name);
  const runTask = async (key: string, name: TaskName, options: Record<string, unknown>, timeoutS: number): Promise<ChildOutcome | null> => {
    const tmp = join(root, key);
    mkdirSync(tmp, { recursive: true });
    log(`bench: ${key} …`);
    try {
      const o = await runTaskInChild(name, { quick: args.quick, tmpDir: tmp, ...options }, timeoutS);
      outcomes[key] = o;
      log(`bench: ${key} done in ${o.wallS.toFixed(1)} s, peak RSS ${o.peakRssMb} MB`);
      return o;
    } catch (e) {
      outcomes[key] = { error: (e as Error).message };
      log(`bench: ${key} FAILED: ${(e as Error).message}`);
      return null;
    }
  };

  await runTask('baseline', 'baseline', {}, 120);
  const swing = wanted('swing') ? await runTask('swing', 'swing', {}, 900) : null;
  const stepS = num(swing?.result.swingStepS) ?? 0.005;
  const run5km = wanted('run5km') ? await runTask('run5km', 'run5km', {}, 600) : null;
  const mujoco = wanted('mujoco') ? await runTask('mujoco', 'mujoco', { stepS }, 900) : null;
  const scipy = wanted('scipy') ? await runTask('scipy', 'scipy', { stepS }, 900) : null;
  const sweep1 = wanted('sweep') ? await runTask('sweep1Worker', 'sweep', { workers: 1 }, 900) : null;
  const sweep2 = wanted('sweep') ? await runTask('sweep2Workers', 'sweep', { workers: 2 }, 900) : null;
  const train = wanted('train') || wanted('analyzeClassify') ? await runTask('train', 'train', { modelDir: join(root, 'model') }, 1800) : null;
  const classify = wanted('analyzeClassify') ? await runTask('analyzeClassify', 'analyzeClassify', { modelDir: join(root, 'model') }, 1800) : null;
  const memory: Record<string, ChildOutcome | null> = {};
  if (wanted('sweepMemory') && !args.quick) {
    for (const points of [1000, 10000]) memory[points] = await runTask(`sweep${points}Points`, 'sweepMemory', { points }, 1800);
  }

  const swingsPerSecond = num(swing?.result.swingsPerSecondPerCore);
  const run5kmS = num(run5km?.result.run5kmBothLegsS);
  const mujocoRate = num(mujoco?.result.swingsPerSecond);
  const scipyRate = num(scipy?.result.swingsPerSecond);
  const rate1 = num(sweep1?.result.runsPerSecond);
  const rate2 = num(sweep2?.result.runsPerSecond);
  const efficiency = rate1 && rate2 ? rate2 / (2 * rate1) : null;
  const classifyS = num(classify?.result.analyzeClassify60minS) ?? num(classify?.result.analyzeClassifyS);
  const peakRssMb: Record<string, number | null> = {};
  for (const [k, o] of Object.entries(outcomes)) peakRssMb[k] = 'peakRssMb' in o ? o.peakRssMb : null;
  if (scipy && num(scipy.result.peakRssMb) !== null) peakRssMb.scipyPythonProcess = round(num(scipy.result.peakRssMb)!, 1);
  const rss1k = memory[1000]?.peakRssMb ?? null;
  const rss10k = memory[10000]?.peakRssMb ?? null;
  const steps = (swing?.result.stepsPerSwing as Array<{ gait: string; speedMps: number; steps: number }> | undefined)?.find((s) => s.gait === 'run' && s.speedMps === 3.5)?.steps ?? null;

  const goal = (name: string, target: string, value: number | string | null, met: boolean | null) => ({ goal: name, target, value, met });
  const goals = [
    goal('swings per second per core', '≥ 50,000', swingsPerSecond, swingsPerSecond === null ? null : swingsPerSecond >= 50_000),
    goal('5 km run, both legs', '< 0.1 s', run5kmS, run5kmS === null ? null : run5kmS < 0.1),
    goal('5 km run peak RSS', '< 200 MB', peakRssMb.run5km ?? null, peakRssMb.run5km == null ? null : peakRssMb.run5km < 200),
    goal('sweep memory flat in the number of points', 'RSS at 10,000 points ≤ 1.25 × RSS at 1,000', rss1k && rss10k ? `${rss1k} MB → ${rss10k} MB` : null, rss1k && rss10k ? rss10k <= 1.25 * rss1k : null),
    goal('60-min trace analysed and classified', '< 5 s', classifyS, classifyS === null || classify?.result.traceMinutes !== 60 ? null : classifyS < 5),
    goal('60-min trace analysed and classified, peak RSS', '< 1 GB', peakRssMb.analyzeClassify ?? null, peakRssMb.analyzeClassify == null || classify?.result.traceMinutes !== 60 ? null : peakRssMb.analyzeClassify < 1024),
    goal('vs MuJoCo at equal accuracy', '≥ 20×', swingsPerSecond && mujocoRate ? round(swingsPerSecond / mujocoRate, 1) : null, swingsPerSecond && mujocoRate ? swingsPerSecond / mujocoRate >= 20 : null),
    goal('vs SciPy at equal accuracy', '≥ 200×', swingsPerSecond && scipyRate ? round(swingsPerSecond / scipyRate, 1) : null, swingsPerSecond && scipyRate ? swingsPerSecond / scipyRate >= 200 : null),
    goal('2-worker parallel efficiency', '≥ 0.9', efficiency === null ? null : round(efficiency, 3), efficiency === null ? null : efficiency >= 0.9),
    goal('classifier training on 2 cores', '< 10 min', num(train?.result.trainFromScratchS), null),
  ];
  const doc = {
    benchmark: 'dropfoot',
    version,
    date: new Date().toISOString(),
    mode: args.quick ? 'quick (smoke test: small problems, few repetitions; not for reporting)' : 'full',
    machine,
    timingNote:
      machine.loadAverage1Min > 0.5 * machine.availableParallelism
        ? `shared machine: load average ${machine.loadAverage1Min} on ${machine.availableParallelism} cores at the start; per-core figures use CPU time, wall-time figures (run5km, sweeps, analyzeClassify) are affected`
        : 'per-core figures use CPU time; wall-time figures are run5km, sweeps, analyzeClassify, training',
    swingsPerSecondPerCore: swingsPerSecond,
    swingStepS: swing ? stepS : null,
    swingsPerSecondPerCoreAtDefaultStep: num(swing?.result.swingsPerSecondPerCoreAtDefaultStep),
    defaultStepS: num(swing?.result.defaultStepS),
    run5kmBothLegsS: run5kmS,
    vsMujocoRatio: swingsPerSecond && mujocoRate ? round(swingsPerSecond / mujocoRate, 1) : null,
    vsScipyRatio: swingsPerSecond && scipyRate ? round(swingsPerSecond / scipyRate, 1) : null,
    sweepRunsPerSecond1Worker: rate1,
    sweepRunsPerSecond2Workers: rate2,
    parallelEfficiency2Workers: efficiency === null ? null : round(efficiency, 3),
    analyzeClassify60minS: num(classify?.result.analyzeClassify60minS),
    trainFromScratchS: num(train?.result.trainFromScratchS),
    trainFromScratchLabel: train ? train.result.label : null,
    classifierModel: classify ? classify.result.model : null,
    peakRssMb,
    sweepPeakRssMbByPoints: { 1000: rss1k, 10000: rss10k },
    physicalLimit: swingsPerSecond && steps ? physicalLimit(steps, machine.cpuMhz || ASSUMED_MHZ, machine.cpuMhz ? 'reported by the OS' : `assumed ${ASSUMED_MHZ} MHz (the OS reports no clock)`, swingsPerSecond) : null,
    goals,
    noisy: noisyPaths(Object.fromEntries(Object.entries(outcomes).map(([k, o]) => [k, 'result' in o ? o.result : o])), '', []),
    failed: Object.entries(outcomes).filter(([, o]) => 'error' in o).map(([k, o]) => `${k}: ${(o as { error: string }).error}`),
    totalWallS: round((performance.now() - started) / 1000, 1),
    details: Object.fromEntries(Object.entries(outcomes).map(([k, o]) => [k, 'result' in o ? o.result : o])),
  };
  if (!args.keep) rmSync(root, { recursive: true, force: true });
  else log(`bench: files kept in ${root}`);
  process.stdout.write(JSON.stringify(doc, null, args.json ? 0 : 2) + '\n');
  process.exitCode = doc.failed.length > 0 ? 1 : 0;
}

await main();
