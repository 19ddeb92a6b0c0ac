/**
 * The left foot of a simulated run as a recorded trace would be seen: synthesised IMU trace(s),
 * analysed by the same pipeline as any recording. Optionally only windows of the run are
 * synthesised (each analysed as a recording of its own, their strides joined by mergeAnalyses),
 * which keeps classifier datasets and the demo affordable. Used by the dataset worker and the demo.
 */
import type { RunResult } from '../sim/run.ts';
import type { Trace } from '../imu/trace.ts';
import { analyzeTrace, mergeAnalyses, type AnalysisResult } from '../imu/pipeline/index.ts';

/** Synthesise the left foot's trace of a run with these options (a `spanS` option may be ignored). */
export type FootSynth = (run: RunResult, options: Record<string, unknown>) => Trace;

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

/**
 * Synthesise and analyse the left foot of a run.
 * @param run simulated run
 * @param synth synthesiser of the left foot's trace
 * @param synthOptions its options (rate, sensor, seed …)
 * @param windows optional windows; default the whole run
 * @returns the (merged) analysis, the windows used (undefined for the whole run), the first
 *   window's trace (for its metadata) and the time spent in each stage, s
 */
export function analyzeSimulatedFoot(
  run: RunResult,
  synth: FootSynth,
  synthOptions: Record<string, unknown>,
  windows?: FootWindows,
): { analysis: AnalysisResult; spans: Array<[number, number]> | undefined; trace: Trace; synthesizeS: number; analyzeS: number } {
  const leg = run.legs.left;
  const times = leg.column('timeS');
  const strideTimes = leg.column('strideTimeS');
  const spans = windows && leg.length > 0 ? runWindows(times[0], times[leg.length - 1] + strideTimes[leg.length - 1], windows.lengthS, windows.everyS) : undefined;
  const parts: AnalysisResult[] = [];
  let first: Trace | null = null;
  let synthesizeS = 0;
  let analyzeS = 0;
  let t = performance.now();
  for (const span of spans ?? [null]) {
    const raw = synth(run, span ? { ...synthOptions, spanS: span } : synthOptions);
    const trace = span ? clip(raw, span[0], span[1]) : raw;
    first ??= trace;
    const t1 = performance.now();
    synthesizeS += (t1 - t) / 1000;
    parts.push(analyzeTrace({ ...trace, side: 'left' }, { gait: 'auto' }));
    t = performance.now();
    analyzeS += (t - t1) / 1000;
  }
  const analysis = parts.length === 1 ? parts[0] : mergeAnalyses(parts, 'auto');
  return { analysis, spans, trace: first as Trace, synthesizeS, analyzeS };
}
