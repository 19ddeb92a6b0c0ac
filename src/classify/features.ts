/**
 * Classifier inputs from an analysed trace (`analyzeTrace` → AnalysisResult) — never from
 * simulator internals, so a recorded trace and a simulated one go through the same code.
 *
 * Two blocks, each with fixed names and units:
 *  - summary: named run-level features (medians, early→late change, slopes, the best time-course
 *    model and its onset, stride-to-stride outliers, variability, cadence, run length);
 *  - sequence: per-stride features resampled to SEQUENCE_BINS equal time bins over the run
 *    (bin median), expressed as the change from the first bins, flattened feature-major.
 * The mechanisms differ mostly in time course (gradual/saturating fatigue, delayed-abrupt
 * compartment syndrome, constant neuropathy/L5, intermittent block), which these describe.
 */
import type { AnalysisResult } from '../imu/pipeline/index.ts';
import type { StrideRow, TimeCourse } from '../imu/pipeline/features.ts';

/** Per-stride features used for the time course (all from StrideRow). */
export const SEQUENCE_KEYS = [
  'peakSwingToeUpRateRadS',
  'footPitchAtIcRad',
  'peakSwingPitchRad',
  'footPitchAtToRad',
  'footSlapRadS',
  'strideTimeS',
  'swingTimeS',
  'maxSensorLiftM',
] as const satisfies readonly (keyof StrideRow)[];
export type SequenceKey = (typeof SEQUENCE_KEYS)[number];

/** Number of equal time bins of the run-level sequence. */
export const SEQUENCE_BINS = 12;

/** Keys whose time course (best model, onset, slope) enters the summary. */
const TREND_KEYS = ['peakSwingToeUpRateRadS', 'footPitchAtIcRad', 'peakSwingPitchRad'] as const;
const TIME_COURSE_MODELS = ['constant', 'linear', 'saturating', 'step'] as const;

/** Half-width of the rolling median used for stride-to-stride outliers, strides. */
const ROLLING_HALF_WIDTH = 10;
/** A stride is an outlier when it lies this many robust SDs (1.4826 MAD) below its rolling median. */
const OUTLIER_ROBUST_SDS = 4;

/**
 * Failed-stride signature: a stride whose TA drive fails (an intermittent block) peaks higher in
 * toe-up rate, slaps less, and strikes and swings with less toe-up pitch than its neighbours
 * (simulated block, drive 0.05, 200 Hz: +7.7, −5.8, −4.7 and −4.2 robust SDs; drive 0.3 at
 * 100 Hz: +2, −2.5, −1, −1). The score adds the four signed robust z-scores (from the rolling
 * median, each clipped to ±SIGNATURE_Z_CLIP), halved so that independent noise has SD ≈ 1; a
 * glitch in one channel cannot reach FAILED_STRIDE_SCORE. Each channel's spread has a floor (about the per-stride resolution
 * at 100 Hz): with a very regular simulated runner the robust SD shrank below the 10-ms sampling
 * step's effect and 12 % of a healthy 100-Hz run's strides stood out.
 */
const SIGNATURE: ReadonlyArray<{ key: keyof StrideRow; sign: 1 | -1; sdFloor: number }> = [
  { key: 'peakSwingToeUpRateRadS', sign: 1, sdFloor: 0.5 },
  { key: 'footSlapRadS', sign: -1, sdFloor: 1 },
  { key: 'footPitchAtIcRad', sign: -1, sdFloor: 0.026 }, // 1.5°
  { key: 'peakSwingPitchRad', sign: -1, sdFloor: 0.026 },
];
/** Score above which a stride has the failed-drive signature. */
const FAILED_STRIDE_SCORE = 4;
/** Each channel's z is clipped to ±this, so that one channel alone (max 2.5) cannot reach the score. */
const SIGNATURE_Z_CLIP = 5;

/**
 * Keys whose time to half of the run's total change enters the summary, with the smallest total
 * change that is read as a change (below it the feature is NaN → the training mean). TA fatigue
 * declines from the first minutes and saturates (half of the strike-angle change by ~20 % of the
 * run in the simulated training runs), an exertional compartment stays flat until its pressure
 * crosses the conduction threshold and then drops (half by ~55 %).
 */
const HALF_CHANGE_KEYS: ReadonlyArray<{ key: SequenceKey; minChange: number }> = [
  { key: 'footPitchAtIcRad', minChange: 0.0175 }, // 1°
  { key: 'footSlapRadS', minChange: 0.5 },
  { key: 'peakSwingToeUpRateRadS', minChange: 0.3 },
];

/**
 * Time, as a fraction of the run, at which a bin sequence (change from the first bins) first
 * reaches half of its final change (mean of the last two bins); linear between bin centres.
 * @returns NaN when the final change is smaller than minChange
 */
export function halfChangeTimeFraction(seq: ArrayLike<number>, minChange: number): number {
  const m = seq.length;
  const total = 0.5 * (seq[m - 1] + seq[m - 2]);
  if (!(Math.abs(total) >= minChange)) return NaN;
  const half = 0.5 * total;
  for (let b = 0; b < m; b++) {
    if (seq[b] / total >= 0.5) {
      if (b === 0) return 0.5 / m;
      const prev = seq[b - 1];
      const frac = (half - prev) / (seq[b] - prev);
      return (b - 1 + frac + 0.5) / m;
    }
  }
  return 1;
}

/** Names of the summary features, in vector order (units in the name or in SUMMARY_UNITS). */
export const SUMMARY_NAMES: readonly string[] = buildSummaryNames();

function buildSummaryNames(): string[] {
  const names: string[] = [];
  for (const k of SEQUENCE_KEYS) names.push(`median.${k}`);
  for (const k of SEQUENCE_KEYS) names.push(`change.${k}`);
  for (const k of TREND_KEYS) {
    names.push(`slopePerMin.${k}`);
    for (const m of TIME_COURSE_MODELS) names.push(`best.${k}.${m}`);
    names.push(`onsetFraction.${k}`);
    names.push(`bicGainVsConstantPerStride.${k}`);
  }
  for (const k of TREND_KEYS) {
    names.push(`outlierFraction.${k}`, `outlierFractionEarly.${k}`, `outlierFractionLate.${k}`, `residualRobustSd.${k}`);
  }
  names.push('cadenceStridesPerMin', 'dutyFactor', 'durationMin', 'gaitSpeedMps', 'icFromImpactFraction', 'strideTimeCv');
  names.push('failedStrideFraction', 'failedStrideFractionEarly', 'failedStrideFractionLate');
  for (const { key } of HALF_CHANGE_KEYS) names.push(`halfChangeTimeFraction.${key}`);
  return names;
}

/** Names of the flattened sequence block: `seq.<key>.<bin>`. */
export const SEQUENCE_NAMES: readonly string[] = SEQUENCE_KEYS.flatMap((k) => Array.from({ length: SEQUENCE_BINS }, (_, b) => `seq.${k}.${b}`));

/** Classifier inputs of one trace. */
export interface TraceFeatures {
  /** (SUMMARY_NAMES.length) */
  summary: Float64Array;
  /** (SEQUENCE_KEYS.length x SEQUENCE_BINS), feature-major. */
  sequence: Float64Array;
  nStrides: number;
  gait: 'walk' | 'run';
  durationS: number;
}

function median(v: number[]): number {
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Finite (t, y) pairs of one per-stride key, in time order. */
function series(rows: readonly StrideRow[], key: keyof StrideRow): { t: number[]; y: number[] } {
  const t: number[] = [];
  const y: number[] = [];
  for (const r of rows) {
    const v = r[key] as number;
    if (Number.isFinite(v) && Number.isFinite(r.icS)) {
      t.push(r.icS);
      y.push(v);
    }
  }
  return { t, y };
}

/**
 * Residual from the rolling median (±ROLLING_HALF_WIDTH strides) and its robust SD (1.4826 MAD).
 * With stride times `t`, the window stays inside a contiguous bout (no gap over 3 × the median
 * stride interval): across a pause or between the windows of a windowed synthesis the level
 * jumps, and strides next to the jump looked like outliers (fatigue runs: 2 % of strides).
 */
function rollingResidual(y: readonly number[], t?: readonly number[]): { resid: Float64Array; robustSd: number } {
  const n = y.length;
  const seg = new Int32Array(n);
  if (t && n > 1) {
    const gaps: number[] = [];
    for (let i = 1; i < n; i++) gaps.push(t[i] - t[i - 1]);
    const maxGap = 3 * median(gaps);
    for (let i = 1; i < n; i++) seg[i] = seg[i - 1] + (t[i] - t[i - 1] > maxGap ? 1 : 0);
  }
  const resid = new Float64Array(n);
  const win: number[] = [];
  for (let i = 0; i < n; i++) {
    win.length = 0;
    for (let j = Math.max(0, i - ROLLING_HALF_WIDTH); j <= Math.min(n - 1, i + ROLLING_HALF_WIDTH); j++) if (seg[j] === seg[i]) win.push(y[j]);
    resid[i] = y[i] - median(win);
  }
  return { resid, robustSd: 1.4826 * median(Array.from(resid, Math.abs)) };
}

/**
 * Stride-to-stride outliers below the rolling median (a failed stride of an intermittent block
 * lifts the toe less and strikes flatter than its neighbours).
 * @returns outlier flags and the robust SD of the residual
 */
export function rollingOutliers(y: readonly number[], t?: readonly number[]): { flags: Uint8Array; robustSd: number } {
  const { resid, robustSd } = rollingResidual(y, t);
  const flags = new Uint8Array(y.length);
  const limit = OUTLIER_ROBUST_SDS * Math.max(robustSd, 1e-9);
  for (let i = 0; i < y.length; i++) flags[i] = resid[i] < -limit ? 1 : 0;
  return { flags, robustSd };
}

/**
 * Residual from the rolling median (±ROLLING_HALF_WIDTH strides, within bouts given `t`) in
 * robust SDs, the SD taken as at least `sdFloor`.
 */
export function rollingRobustZ(y: readonly number[], t?: readonly number[], sdFloor = 1e-12): Float64Array {
  const { resid, robustSd } = rollingResidual(y, t);
  const sd = Math.max(sdFloor, robustSd);
  for (let i = 0; i < resid.length; i++) resid[i] /= sd;
  return resid;
}

/**
 * Failed-drive signature score of each stride (see SIGNATURE), over the strides where all its
 * channels are finite; empty when fewer than 3 × ROLLING_HALF_WIDTH strides.
 */
export function failedStrideScores(rows: readonly StrideRow[]): Float64Array {
  const ok = rows.filter((r) => SIGNATURE.every((c) => Number.isFinite(r[c.key] as number)));
  if (ok.length < 3 * ROLLING_HALF_WIDTH) return new Float64Array(0);
  const t = ok.map((r) => r.icS);
  const score = new Float64Array(ok.length);
  for (const c of SIGNATURE) {
    const z = rollingRobustZ(
      ok.map((r) => r[c.key] as number),
      t,
      c.sdFloor,
    );
    for (let i = 0; i < z.length; i++) score[i] += (c.sign * Math.max(-SIGNATURE_Z_CLIP, Math.min(SIGNATURE_Z_CLIP, z[i]))) / 2;
  }
  return score;
}

/** Flags of the strides with the failed-drive signature (score > FAILED_STRIDE_SCORE). */
export function failedStrides(rows: readonly StrideRow[]): Uint8Array {
  return Uint8Array.from(failedStrideScores(rows), (v) => (v > FAILED_STRIDE_SCORE ? 1 : 0));
}

const meanOf = (f: Uint8Array, a: number, b: number): number => {
  if (b <= a) return 0;
  let s = 0;
  for (let i = a; i < b; i++) s += f[i];
  return s / (b - a);
};

/**
 * Bin medians of y over `bins` equal time bins spanning [t0, t1]; empty bins take the nearest
 * filled bin's value (NaN when nothing is finite).
 */
export function binMedians(t: readonly number[], y: readonly number[], t0: number, t1: number, bins: number): Float64Array {
  const groups: number[][] = Array.from({ length: bins }, () => []);
  const span = Math.max(1e-9, t1 - t0);
  for (let i = 0; i < t.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(((t[i] - t0) / span) * bins)));
    groups[b].push(y[i]);
  }
  const out = new Float64Array(bins).fill(NaN);
  for (let b = 0; b < bins; b++) if (groups[b].length > 0) out[b] = median(groups[b]);
  for (let b = 0; b < bins; b++) {
    if (Number.isFinite(out[b])) continue;
    for (let d = 1; d < bins; d++) {
      if (b - d >= 0 && groups[b - d].length > 0) {
        out[b] = out[b - d];
        break;
      }
      if (b + d < bins && groups[b + d].length > 0) {
        out[b] = out[b + d];
        break;
      }
    }
  }
  return out;
}

/**
 * Classifier features of one analysed trace.
 * @param analysis result of `analyzeTrace` (strides with times in s)
 * @returns summary and sequence vectors (NaN where a feature is not estimable; the
 *   preprocessing replaces NaN by the training mean)
 */
export function extractFeatures(analysis: AnalysisResult): TraceFeatures {
  const rows = analysis.strides;
  const run = analysis.run;
  const summary = new Float64Array(SUMMARY_NAMES.length).fill(NaN);
  const sequence = new Float64Array(SEQUENCE_KEYS.length * SEQUENCE_BINS).fill(NaN);
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const r of rows) {
    if (Number.isFinite(r.icS)) {
      t0 = Math.min(t0, r.icS);
      t1 = Math.max(t1, r.icS);
    }
  }
  const durationS = Number.isFinite(t0) ? t1 - t0 : 0;
  let k = 0;
  const put = (v: number): void => {
    summary[k++] = v;
  };
  for (const key of SEQUENCE_KEYS) put(run.features[key]?.median ?? NaN);
  for (const key of SEQUENCE_KEYS) {
    const tc = run.features[key]?.timeCourse;
    put(tc ? tc.change : NaN);
  }
  for (const key of TREND_KEYS) {
    const fs = run.features[key];
    const tc: TimeCourse | undefined = fs?.timeCourse;
    put(tc ? tc.slopePerMin : NaN);
    for (const m of TIME_COURSE_MODELS) put(tc ? (tc.best === m ? 1 : 0) : NaN);
    put(tc && Number.isFinite(tc.onsetS) && durationS > 0 ? (tc.onsetS - t0) / durationS : tc ? -0.1 : NaN);
    const gain = tc ? (tc.bic.constant - Math.min(tc.bic.linear, tc.bic.saturating, tc.bic.step)) / Math.max(1, fs.n) : NaN;
    put(Number.isFinite(gain) ? gain : NaN);
  }
  for (const key of TREND_KEYS) {
    const { t, y } = series(rows, key);
    if (y.length < 3 * ROLLING_HALF_WIDTH) {
      for (let j = 0; j < 4; j++) put(NaN);
      continue;
    }
    const { flags, robustSd } = rollingOutliers(y, t);
    const third = Math.floor(y.length / 3);
    put(meanOf(flags, 0, y.length));
    put(meanOf(flags, 0, third));
    put(meanOf(flags, y.length - third, y.length));
    put(robustSd);
  }
  put(run.cadenceStridesPerMin);
  put(run.dutyFactor);
  put(durationS / 60);
  put(run.features.gaitSpeedMps?.median ?? NaN);
  put(rows.length > 0 ? rows.filter((r) => r.icFromImpact).length / rows.length : NaN);
  put(run.features.strideTimeS?.cv ?? NaN);
  const failed = failedStrides(rows);
  const thirdF = Math.floor(failed.length / 3);
  put(failed.length > 0 ? meanOf(failed, 0, failed.length) : NaN);
  put(failed.length > 0 ? meanOf(failed, 0, thirdF) : NaN);
  put(failed.length > 0 ? meanOf(failed, failed.length - thirdF, failed.length) : NaN);

  if (rows.length > 0 && durationS > 0) {
    SEQUENCE_KEYS.forEach((key, j) => {
      const { t, y } = series(rows, key);
      if (y.length === 0) return;
      const bins = binMedians(t, y, t0, t1, SEQUENCE_BINS);
      const ref = Number.isFinite(bins[1]) ? 0.5 * (bins[0] + bins[1]) : bins[0];
      for (let b = 0; b < SEQUENCE_BINS; b++) sequence[j * SEQUENCE_BINS + b] = bins[b] - ref;
    });
  }
  for (const { key, minChange } of HALF_CHANGE_KEYS) {
    const j = SEQUENCE_KEYS.indexOf(key);
    put(halfChangeTimeFraction(sequence.subarray(j * SEQUENCE_BINS, (j + 1) * SEQUENCE_BINS), minChange));
  }
  return { summary, sequence, nStrides: rows.length, gait: run.gait, durationS };
}

/** Index of a summary feature by name. @throws Error for an unknown name (a programming error) */
export function summaryIndex(name: string): number {
  const i = SUMMARY_NAMES.indexOf(name);
  if (i < 0) throw new Error(`unknown summary feature ${name}`);
  return i;
}
