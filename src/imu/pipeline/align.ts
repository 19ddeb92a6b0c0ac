/**
 * Alignment of a foot-worn IMU into the foot sensor frame (gaitmap FSF): x toward the toes,
 * y to the left, z up at foot-flat, right-handed, for both feet.
 *
 * Steps (after gaitmap's preprocessing, `gaitmap/preprocessing/sensor_alignment/`, re-implemented):
 *  1. Gravity: mean specific force over the quietest samples (lowest 10 % of a zero-velocity
 *     score: 40-ms gyro norm plus the specific force's distance from 1 g; acc norm within ±30 %
 *     of 1 g) is rotated onto +z (minimal rotation).
 *  2. Sagittal axis: PCA of the gyro in the horizontal plane (Kong et al.; gaitmap PcaAlignment);
 *     the main rotation axis becomes y.
 *  3. Forward sign (0/180° heading ambiguity): strapdown integration between consecutive
 *     quiet points (zero-velocity assumption) gives the foot displacement in the foot's own
 *     heading; the foot moves toes-first, so the median displacement must be positive (the idea of
 *     gaitmap's ForwardDirectionSignAlignment, implemented here from the physics). If too few
 *     segments move, a fallback uses the gait signature: swing (toe-up, −gyr_y) lasts longer
 *     than push-off, so the sagittal rate is negative for most of the high-rate samples.
 *
 * Body frame (gaitmap FBF, mirrored so that both feet give identical signals; not right-handed):
 *   acc_pa = acc_x; acc_ml = +acc_y (left) / −acc_y (right); acc_si = −acc_z;
 *   gyr_pa = −gyr_x (left) / +gyr_x (right); gyr_ml = −gyr_y; gyr_si = −gyr_z (left) / +gyr_z (right).
 * The sagittal channel used for events is FSF gyr_y (+ = plantarflexion, toe moving down),
 * which is the same for both feet, so event detection needs no mirroring.
 */

import { InputError } from '../../errors.ts';
import type { Side } from '../trace.ts';
import { movingAverage, norm3, percentile } from './signal.ts';
import { DEFAULT_TRAJECTORY_OPTIONS, TrajectoryScratch, integrateStride } from './trajectory.ts';

/** Signals rotated into the foot sensor frame. */
export interface AlignedSignals {
  /** Specific force, m/s², FSF. (n x 3) */
  accMps2: Float64Array;
  /** Angular rate, rad/s, FSF. (n x 3) */
  gyrRadS: Float64Array;
  /** Sensor→FSF rotation matrix, row-major. (3 x 3) */
  rotation: Float64Array;
  /** Gravity magnitude measured at rest, m/s². */
  gravityMps2: number;
  /** How the forward sign was decided. */
  forwardSignMethod: 'displacement' | 'gait-signature' | 'none';
  /** Fraction of moving segments agreeing with the chosen forward sign (0..1). */
  forwardSignAgreement: number;
  warnings: string[];
}

export interface AlignOptions {
  /** 'auto' rotates into FSF; 'none' trusts that the trace is already in FSF. */
  alignment: 'auto' | 'none';
}

/** Multiply (n x 3) interleaved vectors by a row-major 3x3 matrix into `out`. */
function applyRotation(r: Float64Array, v: Float64Array, out: Float64Array): Float64Array {
  const n = v.length / 3;
  for (let i = 0; i < n; i++) {
    const x = v[3 * i];
    const y = v[3 * i + 1];
    const z = v[3 * i + 2];
    out[3 * i] = r[0] * x + r[1] * y + r[2] * z;
    out[3 * i + 1] = r[3] * x + r[4] * y + r[5] * z;
    out[3 * i + 2] = r[6] * x + r[7] * y + r[8] * z;
  }
  return out;
}

/** c = a·b for row-major 3x3 matrices. */
function matMul(a: Float64Array, b: Float64Array): Float64Array {
  const c = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
  return c;
}

/** Rotation about z by `angle` rad (row-major). */
function rotZ(angle: number): Float64Array {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return Float64Array.from([c, -s, 0, s, c, 0, 0, 0, 1]);
}

/** Minimal rotation taking unit vector u to +z (Rodrigues), row-major. */
export function rotationToZ(ux: number, uy: number, uz: number): Float64Array {
  // axis k = u × ez = (uy, -ux, 0), sin = |k|, cos = uz
  const s = Math.sqrt(ux * ux + uy * uy);
  if (s < 1e-12) return uz >= 0 ? Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]) : Float64Array.from([1, 0, 0, 0, -1, 0, 0, 0, -1]);
  const kx = uy / s;
  const ky = -ux / s;
  const c = uz;
  const v = 1 - c;
  // R = I cos + (1-cos) k kᵀ + sin [k]×, with kz = 0
  return Float64Array.from([
    c + kx * kx * v, kx * ky * v, ky * s,
    kx * ky * v, c + ky * ky * v, -kx * s,
    -ky * s, kx * s, c,
  ]);
}

/** Weight of |‖a‖ − g| (m/s²) against the gyro norm (rad/s) in the zero-velocity score, s/m·rad. */
const ZUPT_ACC_WEIGHT = 0.2;

/**
 * Zero-velocity score per sample (lower = stiller): 40-ms averages of the gyro norm plus
 * ZUPT_ACC_WEIGHT × the specific force's deviation from standard gravity.
 */
export function zeroVelocityScore(accMps2: Float64Array, gyrNorm: Float64Array, samplingRateHz: number): Float64Array {
  const n = gyrNorm.length;
  const dev = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = accMps2[3 * i];
    const y = accMps2[3 * i + 1];
    const z = accMps2[3 * i + 2];
    dev[i] = ZUPT_ACC_WEIGHT * Math.abs(Math.sqrt(x * x + y * y + z * z) - 9.81);
  }
  const w = Math.max(1, Math.round(0.04 * samplingRateHz));
  const a = movingAverage(gyrNorm, w, new Float64Array(n));
  const b = movingAverage(dev, w, new Float64Array(n));
  for (let i = 0; i < n; i++) a[i] += b[i];
  return a;
}

/**
 * Quiet samples: minima of the smoothed gyro norm (or zero-velocity score) within ±`minGapS`/2
 * that lie below the median and are not more than twice as loud as a neighbouring minimum.
 * Sign-agnostic zero-velocity candidates, about one per stance.
 */
export function quietPoints(gyrNormSmooth: Float64Array, samplingRateHz: number, minGapS = 0.5): number[] {
  const n = gyrNormSmooth.length;
  const thr = percentile(gyrNormSmooth, 50);
  const half = Math.max(1, Math.round((minGapS / 2) * samplingRateHz));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = gyrNormSmooth[i];
    if (v > thr) continue;
    let isMin = true;
    const a = Math.max(0, i - half);
    const b = Math.min(n - 1, i + half);
    for (let k = a; k <= b && isMin; k++) if (gyrNormSmooth[k] < v || (gyrNormSmooth[k] === v && k < i)) isMin = false;
    if (isMin) {
      out.push(i);
      i += half; // the next minimum is at least `half` away
    }
  }
  // A minimum far less quiet than a neighbour within 1.5 s is the mid-swing reversal of a fast
  // stride (two minima per stride once the stride is shorter than ~2 × minGapS), not a stance.
  const near = Math.round(1.5 * samplingRateHz);
  return out.filter((i, k) => {
    const v = gyrNormSmooth[i];
    const prev = k > 0 && i - out[k - 1] < near ? gyrNormSmooth[out[k - 1]] : Infinity;
    const next = k + 1 < out.length && out[k + 1] - i < near ? gyrNormSmooth[out[k + 1]] : Infinity;
    return v <= 2 * Math.min(prev, next);
  });
}

/**
 * Rotate a trace's channels into the foot sensor frame (FSF).
 * @param accMps2 specific force, m/s², sensor frame (n x 3)
 * @param gyrRadS angular rate, rad/s, sensor frame (n x 3)
 * @param samplingRateHz Hz
 * @param options alignment options
 * @throws InputError when no quiet period with ~1 g exists (wrong units or no foot contact)
 */
export function alignToFootFrame(
  accMps2: Float64Array,
  gyrRadS: Float64Array,
  samplingRateHz: number,
  options: AlignOptions = { alignment: 'auto' },
): AlignedSignals {
  const n = accMps2.length / 3;
  const warnings: string[] = [];
  const gyrNorm = norm3(gyrRadS, new Float64Array(n));
  // quietness = 40-ms gyro average + weighted |‖a‖ − g| (a fast runner's foot is still ~60 ms per
  // stride: a 100-ms gyro average alone found no 1-g samples in 30-s windows at ≥ 4 m/s)
  const smooth = zeroVelocityScore(accMps2, gyrNorm, samplingRateHz);
  const quietThr = percentile(smooth, 10);

  // 1. gravity direction at rest
  let gx = 0;
  let gy = 0;
  let gz = 0;
  let count = 0;
  let normSum = 0;
  for (let i = 0; i < n; i++) {
    if (smooth[i] > quietThr) continue;
    const x = accMps2[3 * i];
    const y = accMps2[3 * i + 1];
    const z = accMps2[3 * i + 2];
    const m = Math.sqrt(x * x + y * y + z * z);
    if (m < 0.7 * 9.81 || m > 1.3 * 9.81) continue;
    gx += x;
    gy += y;
    gz += z;
    normSum += m;
    count++;
  }
  // ≥ 0.5 % of the samples: a 30-s window of running at 4.2 m/s rests ~60 ms per stride and held
  // 29 such samples in 3000 (1 % failed 3.5 % of the classifier's windowed runs)
  if (count < Math.max(3, 0.005 * n)) {
    throw new InputError(
      'no quiet period with a specific force near 1 g was found: the acceleration is probably not in m/s², or the sensor never rests on the ground',
    );
  }
  const gravityMps2 = normSum / count;
  const gn = Math.sqrt(gx * gx + gy * gy + gz * gz);
  const accOut = new Float64Array(3 * n);
  const gyrOut = new Float64Array(3 * n);
  if (options.alignment === 'none') {
    accOut.set(accMps2);
    gyrOut.set(gyrRadS);
    return {
      accMps2: accOut,
      gyrRadS: gyrOut,
      rotation: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]),
      gravityMps2,
      forwardSignMethod: 'none',
      forwardSignAgreement: NaN,
      warnings,
    };
  }
  const rGrav = rotationToZ(gx / gn, gy / gn, gz / gn);
  applyRotation(rGrav, gyrRadS, gyrOut);

  // 2. PCA of the horizontal gyro components: main rotation axis → +y
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const x = gyrOut[3 * i];
    const y = gyrOut[3 * i + 1];
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
  }
  const phi = 0.5 * Math.atan2(2 * sxy, sxx - syy); // principal axis angle from x
  let rotation = matMul(rotZ(Math.PI / 2 - phi), rGrav);
  applyRotation(rotation, accMps2, accOut);
  applyRotation(rotation, gyrRadS, gyrOut);

  // 3. forward sign from the displacement between quiet points. The zero-velocity score adds the
  // specific force's distance from 1 g to a short (40 ms) gyro average: in fast running the foot
  // is still for only ~60 ms, and a 100-ms gyro average alone is as low at the mid-swing reversal
  // of the sagittal rate (where the foot moves at several m/s), which made the integration pick
  // swing points and flip the heading at 4 m/s (ZUPT detectors combine both, Skog et al. 2010).
  const points = quietPoints(smooth, samplingRateHz);
  const scratch = new TrajectoryScratch();
  const opts = { ...DEFAULT_TRAJECTORY_OPTIONS, gravityMps2 };
  let forward = 0;
  let backward = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    const i0 = points[k];
    const i1 = points[k + 1];
    const durS = (i1 - i0) / samplingRateHz;
    if (durS < 0.3 || durS > 2.5) continue;
    const tr = integrateStride(accOut, gyrOut, i0, i1, samplingRateHz, opts, scratch);
    if (Math.abs(tr.forwardM) < 0.15) continue;
    if (tr.forwardM > 0) forward++;
    else backward++;
  }
  let flip = false;
  let method: AlignedSignals['forwardSignMethod'] = 'displacement';
  let agreement = NaN;
  if (forward + backward >= 3) {
    flip = backward > forward;
    agreement = Math.max(forward, backward) / (forward + backward);
    if (agreement < 0.7) warnings.push(`forward direction uncertain: only ${(agreement * 100).toFixed(0)} % of moving segments agree`);
  } else {
    // fallback: the toe-up swing rotation lasts longer than push-off
    method = 'gait-signature';
    const thr = percentile(gyrNorm, 80);
    let neg = 0;
    let pos = 0;
    for (let i = 0; i < n; i++) {
      if (gyrNorm[i] < thr) continue;
      if (gyrOut[3 * i + 1] < 0) neg++;
      else pos++;
    }
    flip = pos > neg;
    agreement = Math.max(pos, neg) / Math.max(1, pos + neg);
    warnings.push('forward direction taken from the gait signature (too few moving segments to integrate)');
  }
  if (flip) {
    rotation = matMul(rotZ(Math.PI), rotation);
    applyRotation(rotation, accMps2, accOut);
    applyRotation(rotation, gyrRadS, gyrOut);
  }
  return { accMps2: accOut, gyrRadS: gyrOut, rotation, gravityMps2, forwardSignMethod: method, forwardSignAgreement: agreement, warnings };
}

/**
 * Foot body frame (gaitmap FBF) angular rate from FSF, mirrored so both feet read alike.
 * @param gyrFsf angular rate in FSF, rad/s (n x 3)
 * @param side which foot; 'unknown' is treated as left (no mirroring)
 * @returns rates (n x 3) in the order pa, ml, si
 */
export function gyrToFootBodyFrame(gyrFsf: Float64Array, side: Side): Float64Array {
  const n = gyrFsf.length / 3;
  const out = new Float64Array(3 * n);
  const lateralSign = side === 'right' ? 1 : -1; // gaitmap FSF_FBF_CONVERSION_LEFT/RIGHT
  for (let i = 0; i < n; i++) {
    out[3 * i] = lateralSign * gyrFsf[3 * i];
    out[3 * i + 1] = -gyrFsf[3 * i + 1];
    out[3 * i + 2] = lateralSign * gyrFsf[3 * i + 2];
  }
  return out;
}
