/**
 * Per-stride and run-level gait features.
 *
 * Per stride (times in s from the trace start): gaitmap temporal parameters (Rampp 2014:
 * stride = IC→IC, swing = IC − TO, stance = stride − swing), sole angles at TO and IC (Kanzler
 * 2015, gaitmap `tc_angle`/`ic_angle`), peak swing toe-up rate, foot slap (peak plantarflexion rate
 * within 80 ms after IC), frontal-plane rate in swing, minimum toe clearance, stride length and
 * max sensor lift (gaitmap spatial parameters).
 *
 * Run level: medians, stride-to-stride variability (SD, CV), and the time course of each feature:
 * early vs late third, least-squares slope per minute, and the best of four models by BIC
 * (Schwarz 1978: n ln(RSS/n) + k ln n): constant, linear, saturating
 * a + b(1 − e^{−(t−t0)/τ}) for t > t0, and step (two levels with a change time), with the onset.
 */

/** One row per detected stride. NaN where not estimable. */
export interface StrideRow {
  stride: number;
  /** Mid-stance before the swing (stride start), s. */
  startS: number;
  /** Mid-stance after the swing (stride end), s. */
  endS: number;
  /** Initial contact ending this stride's swing, s. */
  icS: number;
  /** Toe-off starting this stride's swing, s. */
  toS: number;
  /** Mid-stance after IC (the zero-velocity point that ends the stride; equals endS), s. */
  midStanceS: number;
  /** IC of the previous contiguous stride, s (NaN after standing or a gap). */
  preIcS: number;
  strideTimeS: number;
  stanceTimeS: number;
  swingTimeS: number;
  /** Sole angle at IC, rad, + toe above heel (strike angle). */
  footPitchAtIcRad: number;
  /** Sole angle at TO, rad (negative in healthy gait). */
  footPitchAtToRad: number;
  /** Maximum sole angle during swing (peak toe-up pitch), rad. */
  peakSwingPitchRad: number;
  /** Peak toe-up (dorsiflexion-direction) rate between TO and IC, rad/s, positive. */
  peakSwingToeUpRateRadS: number;
  /** Peak plantarflexion rate within 80 ms after IC, rad/s, positive = toe moving down. */
  footSlapRadS: number;
  /** Peak |frontal-plane rate| (FBF gyr_pa) during swing, rad/s. */
  peakSwingFrontalRateRadS: number;
  /** Minimum toe clearance in swing, m (needs the sensor-to-toe offset). */
  toeClearanceM: number;
  strideLengthM: number;
  maxSensorLiftM: number;
  /** Stride length / (endS − startS), m/s. */
  gaitSpeedMps: number;
  /** Whether IC was placed on a detected impact (else at the end of toe-up rotation). */
  icFromImpact: boolean;
  /** Tilt drift found at the stride end before correction, rad (quality indicator). */
  endTiltErrorRad: number;
}

/** Keys of StrideRow summarised at run level. */
export const RUN_FEATURE_KEYS = [
  'strideTimeS',
  'stanceTimeS',
  'swingTimeS',
  'footPitchAtIcRad',
  'footPitchAtToRad',
  'peakSwingPitchRad',
  'peakSwingToeUpRateRadS',
  'footSlapRadS',
  'peakSwingFrontalRateRadS',
  'toeClearanceM',
  'strideLengthM',
  'maxSensorLiftM',
  'gaitSpeedMps',
] as const;
export type RunFeatureKey = (typeof RUN_FEATURE_KEYS)[number];

export type TimeCourseModel = 'constant' | 'linear' | 'saturating' | 'step';

/** Time course of one feature over the run. */
export interface TimeCourse {
  earlyMedian: number;
  lateMedian: number;
  /** lateMedian − earlyMedian. */
  change: number;
  /** Least-squares slope, units per minute. */
  slopePerMin: number;
  best: TimeCourseModel;
  /** Onset of the change, s from the trace start (step: change time; saturating: t0); NaN otherwise. */
  onsetS: number;
  /** BIC of each model (lower is better). */
  bic: Record<TimeCourseModel, number>;
}

export interface FeatureSummary {
  n: number;
  median: number;
  mean: number;
  sd: number;
  /** sd / |mean|. */
  cv: number;
  /** Present when at least `minStridesForTrend` valid strides exist. */
  timeCourse?: TimeCourse;
}

export interface RunFeatures {
  nStrides: number;
  gait: 'walk' | 'run';
  /** Median stance / stride time (duty factor); < 0.5 means running. */
  dutyFactor: number;
  /** Median strides per minute. */
  cadenceStridesPerMin: number;
  features: Record<RunFeatureKey, FeatureSummary>;
}

/** Minimum number of strides for a time-course analysis. */
export const MIN_STRIDES_FOR_TREND = 8;

function median(v: number[]): number {
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

const bicOf = (rss: number, n: number, k: number): number => n * Math.log(Math.max(rss, 1e-300) / n + 1e-24) + k * Math.log(n);

/** Least squares y = a + b·x; returns [a, b, rss]. */
function ols(x: ArrayLike<number>, y: ArrayLike<number>): [number, number, number] {
  const n = y.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i];
    sy += y[i];
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  const b = sxx > 0 ? sxy / sxx : 0;
  const a = my - b * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - a - b * x[i];
    rss += r * r;
  }
  return [a, b, rss];
}

/**
 * Fit the time-course models to (t, y) (t in s, sorted ascending) and pick the best by BIC.
 * @param t stride times, s (sorted)
 * @param y feature values (finite)
 */
export function fitTimeCourse(t: number[], y: number[]): TimeCourse {
  const n = y.length;
  const third = Math.max(1, Math.floor(n / 3));
  const earlyMedian = median(y.slice(0, third));
  const lateMedian = median(y.slice(n - third));
  const [, slope, rssLin] = ols(t, y);
  const mean = y.reduce((a, b) => a + b, 0) / n;
  let rssConst = 0;
  for (const v of y) rssConst += (v - mean) * (v - mean);

  // step: two means split at every admissible index (prefix sums, O(n))
  const minSeg = Math.max(3, Math.floor(0.05 * n));
  const pre = new Float64Array(n + 1);
  const pre2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    pre[i + 1] = pre[i] + y[i];
    pre2[i + 1] = pre2[i] + y[i] * y[i];
  }
  let rssStep = Infinity;
  let stepOnset = NaN;
  for (let m = minSeg; m <= n - minSeg; m++) {
    const s1 = pre[m];
    const s2 = pre[n] - pre[m];
    const rss = pre2[m] - (s1 * s1) / m + (pre2[n] - pre2[m]) - (s2 * s2) / (n - m);
    if (rss < rssStep) {
      rssStep = rss;
      stepOnset = 0.5 * (t[m - 1] + t[m]);
    }
  }

  // saturating: grid over onset t0 and time constant tau, (a, b) by least squares
  const t0s = t[0];
  const span = Math.max(1e-9, t[n - 1] - t0s);
  const basis = new Float64Array(n);
  let rssSat = Infinity;
  let satOnset = NaN;
  for (let i0 = 0; i0 < 12; i0++) {
    const onset = t0s + (i0 / 12) * span * 0.9;
    for (let j = 0; j < 12; j++) {
      const tau = span * 0.01 * Math.pow(100, j / 11); // 1 % … 100 % of the run
      for (let i = 0; i < n; i++) basis[i] = t[i] > onset ? 1 - Math.exp(-(t[i] - onset) / tau) : 0;
      const [, , rss] = ols(basis, y);
      if (rss < rssSat) {
        rssSat = rss;
        satOnset = onset;
      }
    }
  }
  const bic: Record<TimeCourseModel, number> = {
    constant: bicOf(rssConst, n, 1),
    linear: bicOf(rssLin, n, 2),
    saturating: bicOf(rssSat, n, 4),
    step: Number.isFinite(rssStep) ? bicOf(rssStep, n, 3) : Infinity,
  };
  let best: TimeCourseModel = 'constant';
  for (const k of ['linear', 'saturating', 'step'] as const) if (bic[k] < bic[best]) best = k;
  const onsetS = best === 'step' ? stepOnset : best === 'saturating' ? satOnset : NaN;
  return { earlyMedian, lateMedian, change: lateMedian - earlyMedian, slopePerMin: slope * 60, best, onsetS, bic };
}

/**
 * Summarise one feature over the strides.
 * @param rows strides in time order
 * @param key feature
 */
export function summarizeFeature(rows: readonly StrideRow[], key: RunFeatureKey): FeatureSummary {
  const t: number[] = [];
  const y: number[] = [];
  for (const r of rows) {
    const v = r[key];
    if (Number.isFinite(v)) {
      t.push(r.icS);
      y.push(v);
    }
  }
  const n = y.length;
  if (n === 0) return { n, median: NaN, mean: NaN, sd: NaN, cv: NaN };
  const mean = y.reduce((a, b) => a + b, 0) / n;
  let ss = 0;
  for (const v of y) ss += (v - mean) * (v - mean);
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
  const out: FeatureSummary = { n, median: median(y), mean, sd, cv: sd / Math.abs(mean) };
  if (n >= MIN_STRIDES_FOR_TREND) out.timeCourse = fitTimeCourse(t, y);
  return out;
}

/**
 * Run-level features from the stride rows.
 * @param rows strides in time order
 * @param gait 'auto' decides from the duty factor (stance/stride < 0.5 → run)
 */
export function runFeatures(rows: readonly StrideRow[], gait: 'auto' | 'walk' | 'run'): RunFeatures {
  const duty: number[] = [];
  const strideT: number[] = [];
  for (const r of rows) {
    if (Number.isFinite(r.stanceTimeS) && Number.isFinite(r.strideTimeS)) duty.push(r.stanceTimeS / r.strideTimeS);
    if (Number.isFinite(r.strideTimeS)) strideT.push(r.strideTimeS);
  }
  const dutyFactor = median(duty);
  const decided: 'walk' | 'run' = gait === 'auto' ? (dutyFactor < 0.5 ? 'run' : 'walk') : gait;
  const features = {} as Record<RunFeatureKey, FeatureSummary>;
  for (const k of RUN_FEATURE_KEYS) features[k] = summarizeFeature(rows, k);
  return { nStrides: rows.length, gait: decided, dutyFactor, cadenceStridesPerMin: 60 / median(strideT), features };
}

/** Left–right comparison of one feature. */
export interface SideComparison {
  leftMedian: number;
  rightMedian: number;
  /** left − right. */
  difference: number;
  /** 100 · (L − R) / (0.5 (|L| + |R|)), % (Robinson 1987 symmetry index). */
  symmetryIndexPct: number;
  /** (late − early) left minus (late − early) right: a one-sided drift over the run. */
  changeDifference: number;
}

/**
 * Left–right asymmetry from two analysed traces (one per foot).
 * @param left run features of the left foot
 * @param right run features of the right foot
 */
export function compareRunFeatures(left: RunFeatures, right: RunFeatures): Record<RunFeatureKey, SideComparison> {
  const out = {} as Record<RunFeatureKey, SideComparison>;
  for (const k of RUN_FEATURE_KEYS) {
    const l = left.features[k];
    const r = right.features[k];
    const denom = 0.5 * (Math.abs(l.median) + Math.abs(r.median));
    out[k] = {
      leftMedian: l.median,
      rightMedian: r.median,
      difference: l.median - r.median,
      symmetryIndexPct: denom > 0 ? (100 * (l.median - r.median)) / denom : NaN,
      changeDifference: (l.timeCourse?.change ?? NaN) - (r.timeCourse?.change ?? NaN),
    };
  }
  return out;
}
