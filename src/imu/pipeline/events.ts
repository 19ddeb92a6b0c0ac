/**
 * Gait events around each detected swing: toe-off (TO), initial contact (IC) and mid-stance
 * (the zero-velocity point that borders strides).
 *
 * - TO: midpoint between the push-off peak of the plantarflexion rate (+gyr_y maximum in the
 *   `toSearchS` before the swing) and the reversal to toe-up rotation (the swing start).
 *   Rampp 2014 takes the zero crossing; the foot leaves the ground while the plantarflexion
 *   rate is falling. * The midpoint was chosen on the two labelled datasets used in the
 *   validation tests (crossing: +18 / +38 ms late; peak: −5 / −30 ms early; midpoint +8 / +3 ms),
 *   so its timing error there is a fit, not an independent validation. When the peak lies more
 *   than `longPushOffS` before the reversal (running), TO = peak + `pushOffToToS` instead.
 * - IC: onset of the contact impact, i.e. the first sample in a window around the end of the toe-up
 *   rotation where the jerk |Δa| reaches `impactOnsetFraction` of the window maximum; the impact
 *   must stand out from the trace's median jerk by `impactMinRatio`, otherwise the end of the
 *   toe-up rotation is used (its rate below `softEndFraction` of the swing peak; Rampp 2014 also
 *   refines IC with the acceleration maximum).
 * - Mid-stance: centre of the lowest smoothed gyro norm between IC and the next TO (Rampp 2014
 *   min_vel, 100 ms window), searched at most `maxStanceS` from the swing so that standing still
 *   does not stretch a stride.
 */

import type { Segmentation, SwingLobe } from './segment.ts';
import { argMax, argMin, movingAverage, norm3, percentile } from './signal.ts';

export interface EventOptions {
  /** Push-off peak search window before the swing start, s. */
  toSearchS: number;
  /** A push-off peak further than this before the toe-up reversal marks a running-type push-off, s. */
  longPushOffS: number;
  /** TO after the push-off peak for a running-type push-off, s. */
  pushOffToToS: number;
  /** Impact search window around the end of toe-up rotation, s before / after. */
  impactBeforeS: number;
  impactAfterS: number;
  /** Fraction of the window's peak jerk that marks the impact onset. */
  impactOnsetFraction: number;
  /** The impact's peak jerk must exceed this multiple of the trace median jerk. */
  impactMinRatio: number;
  /** Without an impact, IC is where the toe-up rate falls below this fraction of the swing's peak. */
  softEndFraction: number;
  /** Window of the gyro-energy smoothing for mid-stance, s (Rampp 2014: 100 ms). */
  midStanceWindowS: number;
  /** Longest stance searched for a mid-stance point on either side of a swing, s. */
  maxStanceS: number;
}

export const DEFAULT_EVENT_OPTIONS: Readonly<EventOptions> = Object.freeze({
  toSearchS: 0.3,
  longPushOffS: 0.12,
  pushOffToToS: 0.019,
  impactBeforeS: 0.06,
  impactAfterS: 0.1,
  impactOnsetFraction: 0.5,
  impactMinRatio: 2,
  softEndFraction: 0.1,
  midStanceWindowS: 0.1,
  maxStanceS: 1.0,
});

/** Events of one stride (mid-stance → TO → swing → IC → mid-stance), sample indices. */
export interface StrideEvents {
  /** Mid-stance before the swing (stride start). */
  startIdx: number;
  /** Mid-stance after the swing (stride end). */
  endIdx: number;
  /** Toe-off (fractional index). */
  toIdx: number;
  /** Initial contact ending this swing (fractional index). */
  icIdx: number;
  /** Initial contact before the swing when the previous stride is contiguous, else NaN. */
  preIcIdx: number;
  /** IC from the impact (true) or from the rotation reversal (false). */
  icFromImpact: boolean;
  swing: SwingLobe;
}

/**
 * Detect TO, IC and mid-stance for each swing.
 * @param accFsf specific force, m/s², FSF (n x 3)
 * @param gyrFsf angular rate, rad/s, FSF (n x 3)
 * @param segmentation swings from `detectSwings`
 * @param samplingRateHz Hz
 * @param options event options
 */
export function detectEvents(
  accFsf: Float64Array,
  gyrFsf: Float64Array,
  segmentation: Segmentation,
  samplingRateHz: number,
  options: EventOptions = DEFAULT_EVENT_OPTIONS,
): StrideEvents[] {
  const n = accFsf.length / 3;
  const fs = samplingRateHz;
  const toeUp = segmentation.toeUpRate;
  // jerk magnitude |a[i+1] − a[i]| (m/s² per sample)
  const jerk = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) {
    const dx = accFsf[3 * i + 3] - accFsf[3 * i];
    const dy = accFsf[3 * i + 4] - accFsf[3 * i + 1];
    const dz = accFsf[3 * i + 5] - accFsf[3 * i + 2];
    jerk[i] = Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
  const jerkMedian = percentile(jerk, 50);
  const energy = movingAverage(norm3(gyrFsf, new Float64Array(n)), Math.max(1, Math.round(options.midStanceWindowS * fs)) | 1, new Float64Array(n));

  const swings = segmentation.swings;
  const toIdx = new Float64Array(swings.length);
  const icIdx = new Float64Array(swings.length);
  const icImpact: boolean[] = [];
  for (let k = 0; k < swings.length; k++) {
    const sw = swings[k];
    // TO: push-off peak (max plantarflexion rate = min toe-up rate) before the swing start
    const c0 = sw.startIdx;
    const lo = Math.max(k > 0 ? Math.ceil(swings[k - 1].endIdx) : 0, Math.floor(c0 - options.toSearchS * fs));
    let pp = lo;
    for (let i = lo; i <= Math.floor(c0); i++) if (toeUp[i] < toeUp[pp]) pp = i;
    // Running: after push-off the foot keeps a slow plantarflexion rate for ~150–200 ms before
    // the toe-up reversal, so the midpoint lands far too late (+80–100 ms on RBDS001, 2.5 m/s);
    // there the push-off peak plus a constant is used (Falbriard 2018's terminal-contact feature;
    // the offset is the median of RBDS001's force-plate TOs, 15–23 ms after the peak).
    toIdx[k] = (c0 - pp) / fs > options.longPushOffS ? pp + options.pushOffToToS * fs : 0.5 * (pp + c0);
    // IC: impact onset around the end of the toe-up rotation
    const c1 = sw.endIdx;
    const a = Math.max(sw.peakIdx, Math.floor(c1 - options.impactBeforeS * fs));
    const nextStart = k + 1 < swings.length ? swings[k + 1].startIdx : n - 1;
    const b = Math.min(n - 2, Math.floor(nextStart), Math.ceil(c1 + options.impactAfterS * fs));
    const jm = argMax(jerk, a, b);
    if (jm >= 0 && jerk[jm] > options.impactMinRatio * jerkMedian) {
      const level = options.impactOnsetFraction * jerk[jm];
      let on = jm;
      for (let i = a; i <= jm; i++) {
        if (jerk[i] >= level) {
          on = i;
          break;
        }
      }
      icIdx[k] = on;
      icImpact.push(true);
    } else {
      // no impact (a soft landing, e.g. the last step before stopping): the toe-up rotation ends
      // where its rate first falls below `softEndFraction` of the swing's peak. The zero crossing
      // itself can lie 100–300 ms later when the resting foot creeps toe-up (ipol-gait stops).
      const level = options.softEndFraction * sw.peakRadS;
      let end = c1;
      for (let i = sw.peakIdx + 1; i < c1; i++) {
        if (toeUp[i] < level) {
          const prev = toeUp[i - 1];
          end = i - 1 + (prev > level ? (prev - level) / (prev - toeUp[i]) : 0);
          break;
        }
      }
      icIdx[k] = end;
      icImpact.push(false);
    }
  }

  const out: StrideEvents[] = [];
  const maxStance = Math.round(options.maxStanceS * fs);
  const margin = Math.max(1, Math.round(0.02 * fs));
  let prevEnd = -1;
  for (let k = 0; k < swings.length; k++) {
    const startLo = Math.max(k > 0 ? Math.ceil(icIdx[k - 1]) + margin : 0, Math.floor(toIdx[k]) - maxStance);
    const startHi = Math.floor(toIdx[k]) - margin;
    const endLo = Math.ceil(icIdx[k]) + margin;
    const endHi = Math.min(n - 1, (k + 1 < swings.length ? Math.floor(toIdx[k + 1]) - margin : n - 1), Math.ceil(icIdx[k]) + maxStance);
    if (startHi <= startLo || endHi <= endLo) continue;
    const startIdx = argMin(energy, startLo, startHi);
    const endIdx = argMin(energy, endLo, endHi);
    const contiguous = k > 0 && startIdx === prevEnd;
    out.push({
      startIdx,
      endIdx,
      toIdx: toIdx[k],
      icIdx: icIdx[k],
      preIcIdx: contiguous ? icIdx[k - 1] : NaN,
      icFromImpact: icImpact[k],
      swing: swings[k],
    });
    prevEnd = endIdx;
  }
  return out;
}
