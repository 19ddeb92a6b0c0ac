/**
 * The feet of a simulated run as recorded traces would be seen: synthesised IMU trace(s),
 * analysed by the same pipeline as any recording. Optionally only windows of the run are
 * synthesised (each analysed as a recording of its own, their strides joined by mergeAnalyses),
 * which keeps classifier datasets and the demo affordable. Used by the dataset worker and the demo.
 */
import type { RunResult } from '../sim/run.ts';
import type { Trace } from '../imu/trace.ts';
import { analyzeTrace, mergeAnalyses, type AnalysisResult } from '../imu/pipeline/index.ts';

/** Synthesise windows of `lengthS` every `everyS` instead of the whole run. */
export interface FootWindows {
  lengthS: number;
  everyS: number;
}

/**
 * Windows of `lengthS` every `everyS` over [startS, endS], the last one ending at endS (the end
 * of a run, where fatigue is largest, is always covered), plus one starting at startS (the fresh
 * baseline a recording of the whole run has: without it a fast-fatiguing TA looked "constantly"
 * weak from the first window, like a neuropathy); a start window that overlaps the next is merged.
 */
export function runWindows(startS: number, endS: number, lengthS: number, everyS: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let b = endS; b - lengthS > startS - 1e-9 || out.length === 0; b -= everyS) {
    out.unshift([Math.max(startS, b - lengthS), b]);
    if (b - lengthS <= startS) break;
  }
  if (out[0][0] > startS) {
    const first: [number, number] = [startS, Math.min(endS, startS + lengthS)];
    if (first[1] >= out[0][0]) out[0] = [startS, out[0][1]];
    else out.unshift(first);
  }
  return out;
}

/** Samples of a trace inside [startS, endS] (a stand-in synthesiser may ignore `spanS`). */
function clip(trace: Trace, startS: number, endS: number): Trace {
  const t = trace.timeS;
  let i0 = 0;
  while (i0 < t.length && t[i0] < startS) i0++;
  let i1 = t.length;
  while (i1 > i0 && t[i1 - 1] > endS) i1--;
  if (i0 === 0 && i1 === t.length) return trace;
  return { ...trace, timeS: t.subarray(i0, i1), accMps2: trace.accMps2.subarray(3 * i0, 3 * i1), gyrRadS: trace.gyrRadS.subarray(3 * i0, 3 * i1) };
}

/** Synthesise the feet's traces of a run with these options (a `spanS` option may be ignored; the
 * right foot may be missing, e.g. in a test stand-in). */
export type FeetSynth = (run: RunResult, options: Record<string, unknown>) => Partial<Record<'left' | 'right', Trace>>;

/** Analyses of a run's simulated feet (the right foot's when it was synthesised). */
export interface SimulatedFeet {
  left: AnalysisResult;
  right: AnalysisResult | null;
  /** The windows used (undefined for the whole run). */
  spans: Array<[number, number]> | undefined;
  /** The left foot's first window (for its metadata and figures). */
  trace: Trace;
  synthesizeS: number;
  analyzeS: number;
}

/**
 * Synthesise and analyse both feet of a run over the same windows (chosen from the left leg's
 * strides), each window analysed as a recording of its own and the windows joined. The right
 * foot is the classifier's reference (the runner's own other foot); a right trace the pipeline
 * cannot analyse leaves it null rather than losing the run.
 * @param run simulated run
 * @param synth synthesiser of the feet's traces
 * @param synthOptions its options (rate, sensor, seed …)
 * @param windows optional windows; default the whole run
 */
export function analyzeSimulatedFeet(run: RunResult, synth: FeetSynth, synthOptions: Record<string, unknown>, windows?: FootWindows): SimulatedFeet {
  const leg = run.legs.left;
  const times = leg.column('timeS');
  const strideTimes = leg.column('strideTimeS');
  const spans = windows && leg.length > 0 ? runWindows(times[0], times[leg.length - 1] + strideTimes[leg.length - 1], windows.lengthS, windows.everyS) : undefined;
  const parts: Record<'left' | 'right', AnalysisResult[]> = { left: [], right: [] };
  let rightOk = true;
  let first: Trace | null = null;
  let synthesizeS = 0;
  let analyzeS = 0;
  let t = performance.now();
  for (const span of spans ?? [null]) {
    const raw = synth(run, span ? { ...synthOptions, spanS: span } : synthOptions);
    if (!raw.left) throw new Error('the synthesiser produced no left-foot trace');
    const left = span ? clip(raw.left, span[0], span[1]) : raw.left;
    const right = raw.right && rightOk ? (span ? clip(raw.right, span[0], span[1]) : raw.right) : null;
    first ??= left;
    const t1 = performance.now();
    synthesizeS += (t1 - t) / 1000;
    parts.left.push(analyzeTrace({ ...left, side: 'left' }, { gait: 'auto' }));
    if (right) {
      try {
        parts.right.push(analyzeTrace({ ...right, side: 'right' }, { gait: 'auto' }));
      } catch {
        rightOk = false;
      }
    } else rightOk = false;
    t = performance.now();
    analyzeS += (t - t1) / 1000;
  }
  const join = (p: AnalysisResult[]): AnalysisResult => (p.length === 1 ? p[0] : mergeAnalyses(p, 'auto'));
  return { left: join(parts.left), right: rightOk && parts.right.length > 0 ? join(parts.right) : null, spans, trace: first as Trace, synthesizeS, analyzeS };
}

