/**
 * Stride segmentation by swing detection on the sagittal angular rate (FSF gyr_y, + plantarflexion).
 *
 * Every stride of walking or running contains exactly one swing, during which the foot rotates
 * toe-up for 0.3–0.6 s (the large negative gyr_y lobe; Rampp 2014 / Mariani 2010 describe the
 * same signal). Zero-velocity thresholds fail in running (the foot barely rests in a 150–250 ms
 * stance), so swings are found from the rotation structure only, with thresholds taken from the
 * trace's own statistics:
 *  - toe-up rate s = −gyr_y, zero-phase 30 ms moving average;
 *  - candidate swing = a run of s > 0 (toe-up) whose peak exceeds
 *    max(`minPeakRadS`, `relativePeak` × the 99th percentile of s);
 *  - runs separated by a dip shorter than `mergeGapS` are merged (noise around zero);
 *  - duration limits reject U-turn shuffles that are not real swings and slow drifts while standing.
 * Stride borders (mid-stance) are placed by `events.ts` between consecutive swings.
 */

import { movingAverage, percentile } from './signal.ts';

export interface SegmentOptions {
  /** Smoothing window of the sagittal rate, s. */
  smoothingS: number;
  /** Absolute floor for a swing's peak toe-up rate, rad/s (57 °/s: far below any real swing). */
  minPeakRadS: number;
  /** Swing peak must exceed this fraction of the trace's 99th-percentile toe-up rate. */
  relativePeak: number;
  /** Gaps (s ≤ 0) shorter than this inside a swing are bridged, s. */
  mergeGapS: number;
  /**
   * A lobe starting within this time after the previous swing's end, with less than
   * `reboundRatio` of its peak, is a landing rebound, not a swing, s. (Running stance ≥ 0.15 s.)
   */
  reboundGapS: number;
  reboundRatio: number;
  /** Plausible swing duration, s. */
  minSwingS: number;
  maxSwingS: number;
}

export const DEFAULT_SEGMENT_OPTIONS: Readonly<SegmentOptions> = Object.freeze({
  smoothingS: 0.03,
  minPeakRadS: 1.0,
  relativePeak: 0.2,
  mergeGapS: 0.03,
  reboundGapS: 0.15,
  reboundRatio: 0.5,
  minSwingS: 0.1,
  maxSwingS: 1.2,
});

/** One detected swing (toe-up rotation lobe), sample indices (fractional at crossings). */
export interface SwingLobe {
  /** Interpolated crossing into toe-up rotation. */
  startIdx: number;
  /** Interpolated crossing out of toe-up rotation. */
  endIdx: number;
  /** Index of the peak toe-up rate. */
  peakIdx: number;
  /** Peak toe-up rate (smoothed), rad/s. */
  peakRadS: number;
}

/** Result of the segmentation stage. */
export interface Segmentation {
  swings: SwingLobe[];
  /** Smoothed toe-up rate −gyr_y, rad/s. (n) */
  toeUpRate: Float64Array;
  /** Peak threshold actually used, rad/s. */
  peakThresholdRadS: number;
}

/**
 * Detect swing lobes in the FSF sagittal rate.
 * @param gyrFsf angular rate in FSF, rad/s (n x 3)
 * @param samplingRateHz Hz
 * @param options segmentation options
 */
export function detectSwings(
  gyrFsf: Float64Array,
  samplingRateHz: number,
  options: SegmentOptions = DEFAULT_SEGMENT_OPTIONS,
): Segmentation {
  const n = gyrFsf.length / 3;
  const raw = new Float64Array(n);
  for (let i = 0; i < n; i++) raw[i] = -gyrFsf[3 * i + 1];
  const s = movingAverage(raw, Math.max(1, Math.round(options.smoothingS * samplingRateHz)) | 1, new Float64Array(n));
  const p99 = percentile(s, 99);
  const thr = Math.max(options.minPeakRadS, options.relativePeak * p99);
  const mergeGap = Math.round(options.mergeGapS * samplingRateHz);
  const swings: SwingLobe[] = [];

  let i = 0;
  while (i < n) {
    if (s[i] <= 0) {
      i++;
      continue;
    }
    // run of positive toe-up rate starting at i, bridging short dips
    const a = i;
    let b = i;
    let peak = a;
    let k = i;
    while (k < n) {
      if (s[k] > 0) {
        if (s[k] > s[peak]) peak = k;
        b = k;
        k++;
        continue;
      }
      // dip: look ahead for a return to > 0 within mergeGap
      let j = k;
      while (j < n && j - k <= mergeGap && s[j] <= 0) j++;
      if (j < n && j - k <= mergeGap && s[j] > 0) {
        k = j;
        continue;
      }
      break;
    }
    i = b + 1;
    const peakV = s[peak];
    if (peakV < thr) continue;
    const startIdx = a > 0 ? a - 1 + (0 - s[a - 1]) / (s[a] - s[a - 1]) : a;
    const endIdx = b + 1 < n ? b + s[b] / (s[b] - s[b + 1]) : b;
    const durS = (endIdx - startIdx) / samplingRateHz;
    if (durS < options.minSwingS || durS > options.maxSwingS) continue;
    const prev = swings[swings.length - 1];
    if (prev && (startIdx - prev.endIdx) / samplingRateHz < options.reboundGapS && peakV < options.reboundRatio * prev.peakRadS) continue;
    swings.push({ startIdx, endIdx, peakIdx: peak, peakRadS: peakV });
  }
  return { swings, toeUpRate: s, peakThresholdRadS: thr };
}
