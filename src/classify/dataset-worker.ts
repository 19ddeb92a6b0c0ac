/**
 * One classifier-dataset task: simulate a run → synthesise both feet's IMU traces → analyse them
 * with the same pipeline a recorded trace goes through → classifier features of the left (affected)
 * foot and of the right foot (the runner's own reference, see bilateral.ts); plus the label,
 * decided from what the simulator produced in the left leg (see `labelFromTruth`). The piscina worker's default
 * export; also called in-process (`workers: 0`). A failing run becomes an error outcome.
 */
import { pathToFileURL } from 'node:url';
import { parseRunParams } from '../model/params.ts';
import { simulateRun, type RunResult } from '../sim/run.ts';
import type { Trace } from '../imu/trace.ts';
import { extractFeatures } from './features.ts';
import { analyzeSimulatedFeet } from './simulated-foot.ts';
import { labelFromTruth, type LabelRule, type RunTruth, type ClassLabel } from './labels.ts';

/** IMU synthesis options of one run (passed to `synthesizeImu`). */
export interface ImuTaskOptions {
  rateHz: number;
  sensor: string;
  misalignmentRad: number;
  /** Any further options the synthesiser accepts (e.g. a noise scale). */
  extra: Record<string, number | string>;
}

export interface DatasetTask {
  /** Run configuration (resolved, seed included). */
  params: unknown;
  imu: ImuTaskOptions;
  labelRule: LabelRule;
  /** Module exporting `synthesizeImu` (absolute path or file URL); default src/imu/synth/index.ts. */
  synthModule?: string;
  /** Synthesise only windows of the run (see {@link runWindows}); default: the whole run. */
  windows?: { lengthS: number; everyS: number };
}

export interface DatasetOutcome {
  status: 'ok' | 'error';
  message: string | null;
  summary: number[];
  sequence: number[];
  /** The right foot's summary and sequence (empty when it was not synthesised or not analysable). */
  referenceSummary: number[];
  referenceSequence: number[];
  nStrides: number;
  gait: 'walk' | 'run';
  durationS: number;
  truth: RunTruth | null;
  label: ClassLabel | 'ambiguous' | null;
  timingS: { simulate: number; synthesize: number; analyze: number };
}

type SynthFn = (run: RunResult, options: Record<string, unknown>) => { left: { foot: Trace }; right?: { foot?: Trace } };
const synthCache = new Map<string, SynthFn>();

async function loadSynth(module: string | undefined): Promise<SynthFn> {
  const url = module ? (module.startsWith('file:') ? module : pathToFileURL(module).href) : new URL('../imu/synth/index.ts', import.meta.url).href;
  let fn = synthCache.get(url);
  if (!fn) {
    const mod = (await import(url)) as { synthesizeImu?: SynthFn };
    if (typeof mod.synthesizeImu !== 'function') throw new Error(`${url} does not export synthesizeImu`);
    fn = mod.synthesizeImu;
    synthCache.set(url, fn);
  }
  return fn;
}

/**
 * Ground truth of the left leg from the simulated strides (for labels and severity only).
 * @param spans when given, only strides starting inside these [start, end] spans of run time
 *   count (the windows that were synthesised: the label describes what the trace holds)
 */
export function runTruth(run: RunResult, rule: LabelRule, spans?: ReadonlyArray<readonly [number, number]>): RunTruth {
  const leg = run.legs.left;
  const drive = leg.column('neuralDrive');
  const capacity = leg.column('tibialisCapacity');
  const time = leg.column('timeS');
  let deficit = 0;
  let mild = 0;
  let n = 0;
  let minCapacity = Infinity;
  let minDrive = Infinity;
  for (let i = 0; i < leg.length; i++) {
    if (spans && !spans.some(([a, b]) => time[i] >= a && time[i] <= b)) continue;
    n++;
    if (drive[i] < rule.neuroDriveBelow) deficit++;
    if (drive[i] < rule.noneDriveAbove) mild++;
    minCapacity = Math.min(minCapacity, capacity[i]);
    minDrive = Math.min(minDrive, drive[i]);
  }
  return {
    minCapacity,
    minDrive,
    deficitStrideFraction: deficit / Math.max(1, n),
    mildDeficitStrideFraction: mild / Math.max(1, n),
    mechanism: run.params.left.nerve.mechanism,
  };
}

/**
 * Run one dataset task.
 * @param task run configuration, IMU options, label rule
 */
export default async function runDatasetTask(task: DatasetTask): Promise<DatasetOutcome> {
  const timingS = { simulate: 0, synthesize: 0, analyze: 0 };
  try {
    let t = performance.now();
    const params = parseRunParams(task.params);
    const run = simulateRun(params);
    timingS.simulate = (performance.now() - t) / 1000;
    t = performance.now();
    const synth = await loadSynth(task.synthModule);
    const synthOptions = {
      rateHz: task.imu.rateHz,
      sensor: task.imu.sensor,
      sites: ['foot'],
      legs: ['left', 'right'],
      misalignmentRad: task.imu.misalignmentRad,
      seed: params.seed,
      ...task.imu.extra,
    };
    const feet = analyzeSimulatedFeet(
      run,
      (r, o) => {
        const out = synth(r, o);
        return { left: out.left.foot, right: out.right?.foot };
      },
      synthOptions,
      task.windows,
    );
    const { spans, synthesizeS, analyzeS } = feet;
    t = performance.now();
    const f = extractFeatures(feet.left);
    const ref = feet.right ? extractFeatures(feet.right) : null;
    timingS.synthesize = synthesizeS;
    timingS.analyze = analyzeS + (performance.now() - t) / 1000;
    const truth = runTruth(run, task.labelRule, spans);
    return {
      status: 'ok',
      message: null,
      summary: Array.from(f.summary),
      sequence: Array.from(f.sequence),
      referenceSummary: ref && ref.nStrides > 0 ? Array.from(ref.summary) : [],
      referenceSequence: ref && ref.nStrides > 0 ? Array.from(ref.sequence) : [],
      nStrides: f.nStrides,
      gait: f.gait,
      durationS: f.durationS,
      truth,
      label: labelFromTruth(truth, task.labelRule),
      timingS,
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { status: 'error', message, summary: [], sequence: [], referenceSummary: [], referenceSequence: [], nStrides: 0, gait: 'run', durationS: 0, truth: null, label: null, timingS };
  }
}
