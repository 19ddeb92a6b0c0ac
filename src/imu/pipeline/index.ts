/**
 * Foot-IMU analysis pipeline: align → segment swings → events → per-stride trajectory → features.
 * See each stage's file for the method and its sources; `/work/shared/design/IMU.md` § Analysis.
 */

import { z } from 'zod';
import { InputError } from '../../errors.ts';
import type { SensorSite, Side, Trace } from '../trace.ts';
import { alignToFootFrame, gyrToFootBodyFrame } from './align.ts';
import { DEFAULT_EVENT_OPTIONS, detectEvents, type StrideEvents } from './events.ts';
import { compareRunFeatures, runFeatures, type RunFeatureKey, type RunFeatures, type SideComparison, type StrideRow } from './features.ts';
import { DEFAULT_SEGMENT_OPTIONS, detectSwings } from './segment.ts';
import { DEFAULT_TRAJECTORY_OPTIONS, TrajectoryScratch, integrateStride, pointHeight } from './trajectory.ts';

export type { StrideRow, RunFeatures, SideComparison, RunFeatureKey } from './features.ts';
export { alignToFootFrame, gyrToFootBodyFrame } from './align.ts';
export { detectSwings } from './segment.ts';
export { detectEvents } from './events.ts';
export { integrateStride, TrajectoryScratch } from './trajectory.ts';
export { fitTimeCourse, RUN_FEATURE_KEYS } from './features.ts';

/** Options of `analyzeTrace` (validated with zod: they come from users). */
export const AnalyzeOptionsSchema = z
  .object({
    site: z.enum(['foot']).default('foot'),
    side: z.enum(['left', 'right', 'unknown']).optional(),
    gait: z.enum(['auto', 'walk', 'run']).default('auto'),
    /** 'none' when the trace is already in the foot sensor frame. */
    alignment: z.enum(['auto', 'none']).default('auto'),
    /** Toe tip relative to the sensor in the foot sensor frame, m; toe clearance is NaN without it. */
    sensorToToeM: z.tuple([z.number(), z.number(), z.number()]).optional(),
    /** Level-ground assumption in the trajectory stage. */
    levelGround: z.boolean().default(true),
  })
  .strict();
export type AnalyzeOptions = z.input<typeof AnalyzeOptionsSchema>;

/** Result of `analyzeTrace` (the `--json` output of `analyze`). */
export interface AnalysisResult {
  samplingRateHz: number;
  site: SensorSite;
  side: Side;
  strides: StrideRow[];
  run: RunFeatures;
  warnings: string[];
}

/** Slap window after IC, s (task definition: first 80 ms after contact). */
const SLAP_WINDOW_S = 0.08;

/**
 * Analyse one foot-worn IMU trace: strides, gait events, per-stride trajectory and features.
 * Works for walking and running (swing-based segmentation, adaptive thresholds).
 * @param trace specific force (m/s²) and angular rate (rad/s) in the sensor frame
 * @param options site (only 'foot'), side (defaults to trace.side), gait, sensor-to-toe offset (m)
 * @returns strides (times in s from the trace start), run-level features and warnings
 * @throws InputError for bad options, a trace that is too short, or no rest near 1 g
 */
export function analyzeTrace(trace: Trace, options: AnalyzeOptions = {}): AnalysisResult {
  const parsed = AnalyzeOptionsSchema.safeParse(options);
  if (!parsed.success) throw new InputError(`invalid analysis options: ${parsed.error.message}`);
  const opts = parsed.data;
  const fs = trace.samplingRateHz;
  const n = trace.timeS.length;
  if (!(fs >= 50 && fs <= 2000)) throw new InputError(`sampling rate ${fs} Hz is outside 50–2000 Hz`);
  if (trace.accMps2.length !== 3 * n || trace.gyrRadS.length !== 3 * n) throw new InputError('acc/gyr arrays must hold 3 values per sample');
  if (n < 2 * fs) throw new InputError(`trace too short to contain a stride: ${(n / fs).toFixed(2)} s`);
  if (trace.site !== 'foot' && trace.site !== 'unknown') throw new InputError(`site '${trace.site}' is not supported by the foot pipeline`);
  const side: Side = opts.side ?? trace.side;
  const warnings: string[] = [];
  if (side === 'unknown') warnings.push('side unknown: frontal-plane rates are not mirrored (treated as left)');
  const t0 = trace.timeS[0];

  const aligned = alignToFootFrame(trace.accMps2, trace.gyrRadS, fs, { alignment: opts.alignment });
  warnings.push(...aligned.warnings);
  const acc = aligned.accMps2;
  const gyr = aligned.gyrRadS;
  const fbf = gyrToFootBodyFrame(gyr, side);
  const segmentation = detectSwings(gyr, fs, DEFAULT_SEGMENT_OPTIONS);
  const events = detectEvents(acc, gyr, segmentation, fs, DEFAULT_EVENT_OPTIONS);
  if (events.length === 0) warnings.push('no strides detected');

  const trajOpts = { ...DEFAULT_TRAJECTORY_OPTIONS, gravityMps2: aligned.gravityMps2, levelGround: opts.levelGround };
  const scratch = new TrajectoryScratch();
  let toeHeight = new Float64Array(0);
  const strides: StrideRow[] = [];
  const timeAt = (idx: number): number => t0 + idx / fs;
  for (const ev of events) {
    strides.push(strideRow(ev));
  }
  if (!opts.sensorToToeM) warnings.push('no sensor-to-toe offset given: toe clearance not estimated');
  const nImpact = events.filter((e) => e.icFromImpact).length;
  if (events.length > 0 && nImpact < 0.8 * events.length) {
    warnings.push(`only ${nImpact} of ${events.length} initial contacts show an impact; the others use the end of toe-up rotation`);
  }
  const run = runFeatures(strides, opts.gait);
  if (opts.gait !== 'auto' && Number.isFinite(run.dutyFactor) && (run.dutyFactor < 0.5) !== (opts.gait === 'run')) {
    warnings.push(`gait '${opts.gait}' given but the duty factor is ${run.dutyFactor.toFixed(2)}`);
  }
  return { samplingRateHz: fs, site: 'foot', side, strides, run, warnings };

  function strideRow(ev: StrideEvents): StrideRow {
    const i0 = ev.startIdx;
    const i1 = ev.endIdx;
    const tr = integrateStride(acc, gyr, i0, i1, fs, trajOpts, scratch);
    const pitch = scratch.pitch;
    const rel = (idx: number): number => Math.min(scratch.length - 1, Math.max(0, Math.round(idx - i0)));
    const kTo = rel(ev.toIdx);
    const kIc = rel(ev.icIdx);
    let peakPitch = -Infinity;
    for (let k = kTo; k <= kIc; k++) if (pitch[k] > peakPitch) peakPitch = pitch[k];
    let toeUp = 0;
    let frontal = 0;
    for (let i = Math.round(ev.toIdx); i <= Math.round(ev.icIdx); i++) {
      if (-gyr[3 * i + 1] > toeUp) toeUp = -gyr[3 * i + 1];
      if (Math.abs(fbf[3 * i]) > frontal) frontal = Math.abs(fbf[3 * i]);
    }
    let slap = 0;
    const slapEnd = Math.min(n - 1, Math.round(ev.icIdx + SLAP_WINDOW_S * fs));
    for (let i = Math.round(ev.icIdx); i <= slapEnd; i++) if (gyr[3 * i + 1] > slap) slap = gyr[3 * i + 1];
    let clearance = NaN;
    if (opts.sensorToToeM) {
      if (toeHeight.length < scratch.length) toeHeight = new Float64Array(scratch.length * 2);
      pointHeight(scratch, opts.sensorToToeM, toeHeight);
      // MTC: minimum after the first toe-height maximum of swing, before late swing (Winter 1992)
      const sw = kIc - kTo;
      let kMax = kTo;
      for (let k = kTo; k <= kTo + Math.floor(0.5 * sw); k++) if (toeHeight[k] > toeHeight[kMax]) kMax = k;
      let minH = Infinity;
      for (let k = kMax; k <= kTo + Math.floor(0.85 * sw); k++) if (toeHeight[k] < minH) minH = toeHeight[k];
      if (Number.isFinite(minH)) clearance = minH;
    }
    const icS = timeAt(ev.icIdx);
    const toS = timeAt(ev.toIdx);
    const preIcS = Number.isFinite(ev.preIcIdx) ? timeAt(ev.preIcIdx) : NaN;
    const startS = timeAt(i0);
    const endS = timeAt(i1);
    return {
      stride: strides.length,
      startS,
      endS,
      icS,
      toS,
      midStanceS: endS,
      preIcS,
      strideTimeS: icS - preIcS,
      stanceTimeS: toS - preIcS,
      swingTimeS: icS - toS,
      footPitchAtIcRad: pitch[kIc],
      footPitchAtToRad: pitch[kTo],
      peakSwingPitchRad: peakPitch,
      peakSwingToeUpRateRadS: toeUp,
      footSlapRadS: slap,
      peakSwingFrontalRateRadS: frontal,
      toeClearanceM: clearance,
      strideLengthM: tr.strideLengthM,
      maxSensorLiftM: tr.maxSensorLiftM,
      gaitSpeedMps: tr.strideLengthM / (endS - startS),
      icFromImpact: ev.icFromImpact,
      endTiltErrorRad: tr.endTiltErrorRad,
    };
  }
}

/**
 * One analysis of several recordings of the same foot in the same session (e.g. bouts, or windows
 * of a long run): strides concatenated in time order and renumbered, run-level features recomputed
 * over all of them, warnings merged.
 * @param parts analyses of the same side and rate, in any order
 * @param gait as for analyzeTrace
 * @throws InputError for no parts, or parts of different sides or rates
 */
export function mergeAnalyses(parts: readonly AnalysisResult[], gait: 'auto' | 'walk' | 'run' = 'auto'): AnalysisResult {
  if (parts.length === 0) throw new InputError('mergeAnalyses: no analyses to merge');
  const { side, samplingRateHz } = parts[0];
  if (parts.some((p) => p.side !== side || p.samplingRateHz !== samplingRateHz)) throw new InputError('mergeAnalyses: parts differ in side or sampling rate');
  const strides = parts
    .flatMap((p) => p.strides)
    .sort((a, b) => a.startS - b.startS)
    .map((r, i) => ({ ...r, stride: i }));
  const warnings = [...new Set(parts.flatMap((p) => p.warnings))];
  return { samplingRateHz, site: 'foot', side, strides, run: runFeatures(strides, gait), warnings };
}

/**
 * Left–right asymmetry of two analysed traces (one per foot, same recording).
 * @param left result of `analyzeTrace` for the left foot
 * @param right result of `analyzeTrace` for the right foot
 * @throws InputError when the sides are given the wrong way round
 */
export function compareSides(left: AnalysisResult, right: AnalysisResult): Record<RunFeatureKey, SideComparison> {
  if (left.side === 'right' || right.side === 'left') throw new InputError('compareSides(left, right): sides are swapped');
  return compareRunFeatures(left.run, right.run);
}
