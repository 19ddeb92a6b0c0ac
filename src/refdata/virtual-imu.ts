/**
 * Virtual IMU: the specific force and angular rate that a sensor rigidly fixed to a marker-tracked
 * segment would have read, computed from motion-capture marker trajectories (for checking the IMU
 * synthesiser against real running, issue 4 item 3).
 *
 * Method, per segment (foot: heel cluster + MT1/MT5 heads; shank: its 4-marker cluster):
 *  1. markers in the world frame of the synthesiser (x forward, y left, z up; `detectRbdsLabAxes`),
 *     short gaps filled linearly;
 *  2. zero-lag low-pass: a 2nd-order Butterworth run forward and backward (4th-order zero-lag), its
 *     cutoff corrected by 1/0.802 so the pair is −3 dB at the requested cutoff (Winter 2009,
 *     Biomechanics and Motor Control of Human Movement, 4th ed., §3.4.4, doi 10.1002/9780470549148);
 *  3. segment pose per frame by a least-squares rigid fit of the static-trial marker template to the
 *     filtered markers (Horn 1987, J Opt Soc Am A 4:629, closed-form unit quaternion; the CAST
 *     static-calibration idea of Cappozzo et al. 1995, Clin Biomech 10:171);
 *  4. sensor axes fixed to the segment as in the static trial: foot = gaitmap FSF (x along the foot's
 *     heel → MT-heads line projected on the floor, y left, z up when standing); shank = x anterior,
 *     y left, z from the ankle centre to the knee centre (mid-malleoli → mid-epicondyles). Both legs
 *     use the same axes (no mirroring of the frame), as src/imu/synth/mounting.ts does;
 *  5. sensor origin as mounting.ts: foot on the instep, half-way from heel to toe, 5.5 cm above the
 *     sole; shank half-way from ankle to knee, 3.5 cm in front of the shank axis;
 *  6. derivatives by 5-point central differences (truncation O(h⁴): gain 0.985 / 0.996 for the
 *     first / second derivative at 20 Hz and 150 Hz sampling): specific force f = Rᵀ(p̈ − g) with
 *     g = (0, 0, −9.81) m/s² (so +9.81 on z at rest), angular rate from [ω]× = RᵀṘ (skew part).
 * A treadmill moves the belt, not the runner: the lab frame is inertial (Galilean), so the markers'
 * accelerations are those an IMU would sense. Soft-tissue and shoe-marker artefacts remain; the
 * low-pass removes the contact transient an IMU would record (≳ 20 Hz).
 */
import { InputError } from '../errors.ts';
import type { Side, Trace } from '../imu/trace.ts';
import { FOOT_SENSOR_ABOVE_SOLE_M, FOOT_SENSOR_SOLE_FRACTION, SHANK_SENSOR_ANTERIOR_M, SHANK_SENSOR_LENGTH_FRACTION } from '../imu/synth/mounting.ts';
import { STANDARD_GRAVITY_MPS2 } from '../units.ts';
import { detectContacts, type ContactOptions, type GaitEvents } from './events.ts';
import type { MarkerData } from './opensim.ts';
import type { RbdsForces } from './rbds.ts';

export type VirtualSite = 'foot' | 'shank';

/** Lab → world axes: world axis w = sign · lab axis `index` (0 = X, 1 = Y, 2 = Z). */
export interface LabAxes {
  /** For world x (forward), y (left), z (up): [lab axis index, sign]. */
  readonly axes: readonly [readonly [number, number], readonly [number, number], readonly [number, number]];
}

/** Options of `virtualImu`. */
export interface VirtualImuOptions {
  /** −3 dB cutoff of the zero-lag marker low-pass, Hz. Default 20 Hz. */
  readonly cutoffHz?: number;
  /** Gravity magnitude, m/s² (world −z). */
  readonly gravityMps2?: number;
  /** Longest marker gap filled by linear interpolation, s. Default 0.1 s. */
  readonly maxGapS?: number;
  /** Trim this much from each end of the trace (filter and stencil edges), s. Default 0.1 s. */
  readonly trimS?: number;
  /** Extra offset of the sensor origin in the sensor frame [x, y, z], m (placement sensitivity). Default 0. */
  readonly originOffsetM?: readonly [number, number, number];
}

/** RBDS marker names of a segment on one side (RBDS001runT25markers / static). */
export function rbdsSegmentMarkers(side: Side, site: VirtualSite): string[] {
  const s = sidePrefix(side);
  return site === 'foot'
    ? [`${s}.Heel.Top`, `${s}.Heel.Bottom`, `${s}.Heel.Lateral`, `${s}.MT1`, `${s}.MT5`]
    : [`${s}.Shank.Top.Lateral`, `${s}.Shank.Bottom.Lateral`, `${s}.Shank.Top.Medial`, `${s}.Shank.Bottom.Medial`];
}

function sidePrefix(side: Side): 'R' | 'L' {
  if (side === 'unknown') throw new InputError('side must be left or right');
  return side === 'right' ? 'R' : 'L';
}

function markerOf(data: MarkerData, name: string): Float64Array {
  const p = data.positionsM.get(name);
  if (!p) throw new InputError(`marker "${name}" not found`, data.source);
  return p;
}

/** Mean position of a marker over the finite frames, lab frame (3). */
function meanPosition(data: MarkerData, name: string): [number, number, number] {
  const p = markerOf(data, name);
  const out: [number, number, number] = [0, 0, 0];
  let count = 0;
  for (let i = 0; i < p.length / 3; i++) {
    if (!Number.isFinite(p[3 * i]) || !Number.isFinite(p[3 * i + 1]) || !Number.isFinite(p[3 * i + 2])) continue;
    for (let c = 0; c < 3; c++) out[c] += p[3 * i + c];
    count++;
  }
  if (count === 0) throw new InputError(`marker "${name}" has no valid frame`, data.source);
  return [out[0] / count, out[1] / count, out[2] / count];
}

/**
 * Lab axes of an RBDS trial from its static trial: up = lab Y (data/README.md), forward = the
 * horizontal lab axis along which the feet point (heel → MT heads), left = the other horizontal
 * axis, signed so that the left ASIS lies on +y. Checked to give a right-handed world frame.
 * @throws InputError when the markers do not define the axes, or the frame would be mirrored
 */
export function detectRbdsLabAxes(staticTrial: MarkerData): LabAxes {
  const up = 1;
  const foot = [0, 0, 0];
  for (const s of ['R', 'L']) {
    const heel = meanPosition(staticTrial, `${s}.Heel.Bottom`);
    const mt1 = meanPosition(staticTrial, `${s}.MT1`);
    const mt5 = meanPosition(staticTrial, `${s}.MT5`);
    for (let c = 0; c < 3; c++) foot[c] += (mt1[c] + mt5[c]) / 2 - heel[c];
  }
  const fwdIdx = Math.abs(foot[0]) >= Math.abs(foot[2]) ? 0 : 2;
  const fwdSign = Math.sign(foot[fwdIdx]);
  const leftIdx = fwdIdx === 0 ? 2 : 0;
  const lAsis = meanPosition(staticTrial, 'L.ASIS');
  const rAsis = meanPosition(staticTrial, 'R.ASIS');
  const leftSign = Math.sign(lAsis[leftIdx] - rAsis[leftIdx]);
  if (fwdSign === 0 || leftSign === 0 || Math.abs(foot[fwdIdx]) < 0.1) throw new InputError('cannot determine the lab axes from the static markers', staticTrial.source);
  // right-handed: e_fwd × e_left must be +Y. Lab unit vectors e_i; (e_a × e_b) for a, b ∈ {0, 2}.
  const cross = fwdSign * leftSign * (fwdIdx === 2 ? 1 : -1); // e_Z × e_X = +e_Y, e_X × e_Z = −e_Y
  if (cross !== 1) throw new InputError('markers define a mirrored (left-handed) world frame', staticTrial.source);
  return { axes: [[fwdIdx, fwdSign], [leftIdx, leftSign], [up, 1]] };
}

/** A lab point (3) in world coordinates. */
function toWorld(axes: LabAxes, lab: ArrayLike<number>, o = 0): [number, number, number] {
  const a = axes.axes;
  return [a[0][1] * lab[o + a[0][0]], a[1][1] * lab[o + a[1][0]], a[2][1] * lab[o + a[2][0]]];
}

/**
 * 2nd-order Butterworth low-pass biquad (bilinear transform with pre-warping), [b0, b1, b2, a1, a2]
 * with a0 = 1.
 * @param cutoffHz −3 dB cutoff of the single pass, Hz (0 < cutoff < fs/2)
 * @param samplingRateHz Hz
 */
export function butterworth2(cutoffHz: number, samplingRateHz: number): Float64Array {
  if (!(cutoffHz > 0 && cutoffHz < samplingRateHz / 2)) throw new InputError(`cutoff ${cutoffHz} Hz must lie in (0, ${samplingRateHz / 2}) Hz`);
  const k = Math.tan((Math.PI * cutoffHz) / samplingRateHz);
  const q = Math.SQRT1_2;
  const norm = 1 / (1 + k / q + k * k);
  const b0 = k * k * norm;
  return Float64Array.of(b0, 2 * b0, b0, 2 * (k * k - 1) * norm, (1 - k / q + k * k) * norm);
}

/** One pass of a biquad (direct form II transposed), state started at steady state for x[first]. */
function biquadPass(c: Float64Array, x: Float64Array, forward: boolean): void {
  const [b0, b1, b2, a1, a2] = c;
  const n = x.length;
  const u = forward ? x[0] : x[n - 1];
  let z2 = (b2 - a2) * u;
  let z1 = (b1 - a1) * u + z2;
  for (let j = 0; j < n; j++) {
    const i = forward ? j : n - 1 - j;
    const xi = x[i];
    const y = b0 * xi + z1;
    z1 = b1 * xi - a1 * y + z2;
    z2 = b2 * xi - a2 * y;
    x[i] = y;
  }
}

/**
 * Zero-lag low-pass: 2nd-order Butterworth forward and backward (4th order, no phase shift), the
 * single-pass cutoff raised by 1/0.802 so the pair is −3 dB at `cutoffHz` (Winter 2009 §3.4.4; the
 * factor is applied to the pre-warped frequency, which makes it exact for the digital filter).
 * Ends padded by odd reflection over 3/cutoff seconds to limit the edge transient.
 * @param x samples (n), not modified
 * @returns filtered copy (n)
 */
export function zeroLagLowPass(x: ArrayLike<number>, cutoffHz: number, samplingRateHz: number): Float64Array {
  const n = x.length;
  if (!(cutoffHz > 0 && cutoffHz < samplingRateHz / 2)) throw new InputError(`cutoff ${cutoffHz} Hz must lie in (0, ${samplingRateHz / 2}) Hz`);
  // the 1/0.802 correction applied in the pre-warped frequency, so the digital pair is exactly −3 dB at cutoffHz
  const singlePassHz = (samplingRateHz / Math.PI) * Math.atan(Math.tan((Math.PI * cutoffHz) / samplingRateHz) / 0.802);
  const coeffs = butterworth2(singlePassHz, samplingRateHz);
  const pad = Math.min(n - 1, Math.ceil((3 * samplingRateHz) / cutoffHz));
  const ext = new Float64Array(n + 2 * pad);
  for (let i = 0; i < pad; i++) {
    ext[i] = 2 * x[0] - x[pad - i]; // odd reflection about the first sample
    ext[n + pad + i] = 2 * x[n - 1] - x[n - 2 - i];
  }
  for (let i = 0; i < n; i++) ext[pad + i] = x[i];
  biquadPass(coeffs, ext, true);
  biquadPass(coeffs, ext, false);
  return ext.slice(pad, pad + n);
}

/**
 * Fills NaN runs of an interleaved (n x 3) trajectory in place by linear interpolation.
 * @param maxGap longest run filled, samples
 * @throws InputError when a run is longer, or touches either end of the recording
 */
export function fillGaps(p: Float64Array, maxGap: number, name: string): void {
  const n = p.length / 3;
  let i = 0;
  while (i < n) {
    if (Number.isFinite(p[3 * i]) && Number.isFinite(p[3 * i + 1]) && Number.isFinite(p[3 * i + 2])) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && !(Number.isFinite(p[3 * j]) && Number.isFinite(p[3 * j + 1]) && Number.isFinite(p[3 * j + 2]))) j++;
    if (i === 0 || j === n || j - i > maxGap) throw new InputError(`marker ${name}: gap of ${j - i} frames at frame ${i} cannot be filled`);
    for (let k = i; k < j; k++) {
      const t = (k - i + 1) / (j - i + 1);
      for (let c = 0; c < 3; c++) p[3 * k + c] = p[3 * (i - 1) + c] * (1 - t) + p[3 * j + c] * t;
    }
    i = j;
  }
}

/** Eigenvector of the largest eigenvalue of a symmetric 4x4 matrix (row-major, modified) by cyclic Jacobi. */
function largestEigenvector4(a: Float64Array, out: Float64Array): void {
  const v = Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
  for (let sweep = 0; sweep < 30; sweep++) {
    let off = 0;
    for (let p = 0; p < 3; p++) for (let q = p + 1; q < 4; q++) off += a[4 * p + q] * a[4 * p + q];
    if (off < 1e-30) break;
    for (let p = 0; p < 3; p++) {
      for (let q = p + 1; q < 4; q++) {
        const apq = a[4 * p + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[4 * q + q] - a[4 * p + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < 4; k++) {
          const akp = a[4 * k + p];
          const akq = a[4 * k + q];
          a[4 * k + p] = c * akp - s * akq;
          a[4 * k + q] = s * akp + c * akq;
        }
        for (let k = 0; k < 4; k++) {
          const apk = a[4 * p + k];
          const aqk = a[4 * q + k];
          a[4 * p + k] = c * apk - s * aqk;
          a[4 * q + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < 4; k++) {
          const vkp = v[4 * k + p];
          const vkq = v[4 * k + q];
          v[4 * k + p] = c * vkp - s * vkq;
          v[4 * k + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let best = 0;
  for (let k = 1; k < 4; k++) if (a[5 * k] > a[5 * best]) best = k;
  for (let k = 0; k < 4; k++) out[k] = v[4 * k + best];
}

/**
 * Rotation R (row-major 3x3) minimising Σ|R·aᵢ − bᵢ|² for centred point sets (Horn 1987, closed-form
 * unit quaternion: eigenvector of the largest eigenvalue of N(S), S = Σ aᵢbᵢᵀ).
 * @param a template points, centred (m x 3)
 * @param b measured points, centred (m x 3)
 * @param out rotation (9)
 */
export function fitRotation(a: Float64Array, b: Float64Array, out: Float64Array): Float64Array {
  const m = a.length / 3;
  if (m < 3 || b.length !== a.length) throw new InputError('a rigid fit needs the same ≥ 3 points in both sets');
  let sxx = 0, sxy = 0, sxz = 0, syx = 0, syy = 0, syz = 0, szx = 0, szy = 0, szz = 0;
  for (let i = 0; i < m; i++) {
    const [ax, ay, az] = [a[3 * i], a[3 * i + 1], a[3 * i + 2]];
    const [bx, by, bz] = [b[3 * i], b[3 * i + 1], b[3 * i + 2]];
    sxx += ax * bx; sxy += ax * by; sxz += ax * bz;
    syx += ay * bx; syy += ay * by; syz += ay * bz;
    szx += az * bx; szy += az * by; szz += az * bz;
  }
  // Horn 1987, eq. for N (symmetric 4x4)
  const n = Float64Array.of(
    sxx + syy + szz, syz - szy, szx - sxz, sxy - syx,
    syz - szy, sxx - syy - szz, sxy + syx, szx + sxz,
    szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy,
    sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz,
  );
  const q = new Float64Array(4);
  largestEigenvector4(n, q);
  const [w, x, y, z] = q;
  const s = 1 / (w * w + x * x + y * y + z * z);
  out[0] = 1 - 2 * s * (y * y + z * z); out[1] = 2 * s * (x * y - w * z); out[2] = 2 * s * (x * z + w * y);
  out[3] = 2 * s * (x * y + w * z); out[4] = 1 - 2 * s * (x * x + z * z); out[5] = 2 * s * (y * z - w * x);
  out[6] = 2 * s * (x * z - w * y); out[7] = 2 * s * (y * z + w * x); out[8] = 1 - 2 * s * (x * x + y * y);
  return out;
}

/**
 * 5-point central derivative of an interleaved signal (n x width), interior samples 2 … n−3 (the
 * two samples at each end copy their nearest interior neighbour).
 * first: (−x₂ + 8x₁ − 8x₋₁ + x₋₂)/(12h); second: (−x₂ + 16x₁ − 30x₀ + 16x₋₁ − x₋₂)/(12h²).
 * @param order 1 or 2
 */
export function centralDerivative5(x: Float64Array, width: number, stepS: number, order: 1 | 2): Float64Array {
  const n = x.length / width;
  if (n < 5) throw new InputError('need at least 5 samples to differentiate');
  const out = new Float64Array(x.length);
  const w = width;
  for (let i = 2; i < n - 2; i++) {
    for (let c = 0; c < w; c++) {
      const m2 = x[(i - 2) * w + c], m1 = x[(i - 1) * w + c], p1 = x[(i + 1) * w + c], p2 = x[(i + 2) * w + c];
      out[i * w + c] = order === 1 ? (-p2 + 8 * p1 - 8 * m1 + m2) / (12 * stepS) : (-p2 + 16 * p1 - 30 * x[i * w + c] + 16 * m1 - m2) / (12 * stepS * stepS);
    }
  }
  for (let c = 0; c < w; c++) {
    out[c] = out[w + c] = out[2 * w + c];
    out[(n - 1) * w + c] = out[(n - 2) * w + c] = out[(n - 3) * w + c];
  }
  return out;
}

/** Median over frames of the distance between two markers, m. */
function medianDistance(data: MarkerData, a: string, b: string): number {
  const p = markerOf(data, a);
  const q = markerOf(data, b);
  const d: number[] = [];
  for (let i = 0; i < p.length / 3; i++) {
    const v = Math.hypot(p[3 * i] - q[3 * i], p[3 * i + 1] - q[3 * i + 1], p[3 * i + 2] - q[3 * i + 2]);
    if (Number.isFinite(v)) d.push(v);
  }
  d.sort((x, y) => x - y);
  return d.length ? d[d.length >> 1] : Number.NaN;
}

/**
 * Guards against swapped marker labels between the trial and the static template (RBDS001's running
 * trial has R.MT1 and R.MT5 exchanged: heel-lateral → "MT1" is 0.17 m in the run but 0.21 m static).
 * Tries each swap of two markers and keeps it when it lowers the squared mismatch of the median
 * inter-marker distances by more than 4× (rigid-body distances must match the static trial).
 * @returns the trial's marker name for each template marker, and a note per swap
 */
export function matchMarkerLabels(trial: MarkerData, staticTrial: MarkerData, names: readonly string[]): { trialNames: string[]; notes: string[] } {
  const m = names.length;
  const ref: number[][] = names.map((a) => names.map((b) => (a === b ? 0 : medianDistance(staticTrial, a, b))));
  const got: number[][] = names.map((a) => names.map((b) => (a === b ? 0 : medianDistance(trial, a, b))));
  const perm = names.map((_, j) => j);
  const mismatch = (p: number[]): number => {
    let e = 0;
    for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) e += (got[p[a]][p[b]] - ref[a][b]) ** 2;
    return e;
  };
  const notes: string[] = [];
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const swapped = [...perm];
      [swapped[a], swapped[b]] = [swapped[b], swapped[a]];
      const before = mismatch(perm);
      if (mismatch(swapped) * 4 < before) {
        perm.splice(0, m, ...swapped);
        notes.push(`markers ${names[a]} and ${names[b]} are swapped in ${trial.source} relative to the static trial; used exchanged`);
      }
    }
  }
  return { trialNames: perm.map((j) => names[j]), notes };
}

/** Sensor axes (columns of world←sensor at the static pose, row-major 3x3) and origin, world frame. */
interface StaticMount {
  axes: Float64Array;
  originM: [number, number, number];
}

const sub = (a: number[], b: number[]): [number, number, number] => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: number[], b: number[]): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const crossV = (a: number[], b: number[]): [number, number, number] => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: number[]): [number, number, number] => {
  const l = Math.hypot(a[0], a[1], a[2]);
  return [a[0] / l, a[1] / l, a[2] / l];
};

/** Sensor mount on the static pose (world frame); sole level is the lab floor (world z = 0). */
function staticMount(staticTrial: MarkerData, axes: LabAxes, side: Side, site: VirtualSite): StaticMount {
  const s = sidePrefix(side);
  const w = (name: string): [number, number, number] => toWorld(axes, meanPosition(staticTrial, name));
  let x: [number, number, number];
  let y: [number, number, number];
  let z: [number, number, number];
  let origin: [number, number, number];
  if (site === 'foot') {
    const heel = w(`${s}.Heel.Bottom`);
    const mt1 = w(`${s}.MT1`);
    const mt5 = w(`${s}.MT5`);
    const heads = [(mt1[0] + mt5[0]) / 2, (mt1[1] + mt5[1]) / 2, (mt1[2] + mt5[2]) / 2];
    z = [0, 0, 1];
    x = unit([heads[0] - heel[0], heads[1] - heel[1], 0]);
    y = crossV(z, x);
    // * the toe tip is not marked: the MT heads stand in for it, so the origin sits ≈ 2–3 cm behind mounting.ts's mid-sole point
    const along = FOOT_SENSOR_SOLE_FRACTION * dot(sub(heads, heel), x);
    origin = [heel[0] + along * x[0], heel[1] + along * x[1], FOOT_SENSOR_ABOVE_SOLE_M];
  } else {
    const knee = w(`${s}.Knee`);
    const kneeMed = w(`${s}.Knee.Medial`);
    const ankle = w(`${s}.Ankle`);
    const ankleMed = w(`${s}.Ankle.Medial`);
    const kneeC = [(knee[0] + kneeMed[0]) / 2, (knee[1] + kneeMed[1]) / 2, (knee[2] + kneeMed[2]) / 2];
    const ankleC = [(ankle[0] + ankleMed[0]) / 2, (ankle[1] + ankleMed[1]) / 2, (ankle[2] + ankleMed[2]) / 2];
    const axis = sub(kneeC, ankleC);
    z = unit(axis);
    // y: world left made orthogonal to the shank axis; x = y × z (anterior)
    y = unit(sub([0, 1, 0], z.map((v) => v * z[1])));
    x = crossV(y, z);
    const l = Math.hypot(axis[0], axis[1], axis[2]);
    origin = [0, 1, 2].map((c) => ankleC[c] + SHANK_SENSOR_LENGTH_FRACTION * l * z[c] + SHANK_SENSOR_ANTERIOR_M * x[c]) as [number, number, number];
  }
  return { axes: Float64Array.of(x[0], y[0], z[0], x[1], y[1], z[1], x[2], y[2], z[2]), originM: origin };
}

/**
 * Virtual IMU of one segment from a marker trial and its static trial.
 * @param trial running trial (markers in metres; `readRbdsMarkers`)
 * @param staticTrial static standing trial of the same subject (template and sensor axes)
 * @param side leg
 * @param site 'foot' (gaitmap FSF) or 'shank' (x anterior, y left, z toward the knee)
 * @param options cutoff (default 20 Hz), gravity, gap filling, trimming
 * @returns a Trace at the marker rate, times of the trial's clock (first frame = Time[0])
 * @throws InputError for missing markers, long gaps or bad options
 */
export function virtualImu(trial: MarkerData, staticTrial: MarkerData, side: Side, site: VirtualSite, options: VirtualImuOptions = {}): Trace {
  const cutoffHz = options.cutoffHz ?? 20;
  const g = options.gravityMps2 ?? STANDARD_GRAVITY_MPS2;
  const fs = trial.samplingRateHz;
  const h = 1 / fs;
  const trim = Math.round((options.trimS ?? 0.1) * fs);
  const maxGap = Math.round((options.maxGapS ?? 0.1) * fs);
  const axes = detectRbdsLabAxes(staticTrial);
  const names = rbdsSegmentMarkers(side, site);
  const m = names.length;
  const nFrame = trial.timeS.length;
  if (nFrame - 2 * trim < fs) throw new InputError(`trial too short for a virtual IMU: ${(nFrame / fs).toFixed(2)} s`, trial.source);

  // template: static mean positions, world frame, centred
  const template = new Float64Array(3 * m);
  const templateCentroid = [0, 0, 0];
  names.forEach((name, j) => {
    const p = toWorld(axes, meanPosition(staticTrial, name));
    for (let c = 0; c < 3; c++) {
      template[3 * j + c] = p[c];
      templateCentroid[c] += p[c] / m;
    }
  });
  for (let j = 0; j < m; j++) for (let c = 0; c < 3; c++) template[3 * j + c] -= templateCentroid[c];
  const mount = staticMount(staticTrial, axes, side, site);
  const [ox, oy, oz] = options.originOffsetM ?? [0, 0, 0];
  const Ax = mount.axes;
  const origin = [0, 1, 2].map((c) => mount.originM[c] + Ax[3 * c] * ox + Ax[3 * c + 1] * oy + Ax[3 * c + 2] * oz);
  const originRel = sub(origin, templateCentroid);

  const labels = matchMarkerLabels(trial, staticTrial, names);
  const notes = labels.notes;
  // filtered world-frame marker trajectories (m) of (nFrame x 3)
  const filtered = labels.trialNames.map((name) => {
    const lab = Float64Array.from(markerOf(trial, name));
    fillGaps(lab, maxGap, name);
    const world = new Float64Array(lab.length);
    for (let i = 0; i < nFrame; i++) world.set(toWorld(axes, lab, 3 * i), 3 * i);
    const channel = new Float64Array(nFrame);
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < nFrame; i++) channel[i] = world[3 * i + c];
      const f = zeroLagLowPass(channel, cutoffHz, fs);
      for (let i = 0; i < nFrame; i++) world[3 * i + c] = f[i];
    }
    return world;
  });

  // pose per frame: world←sensor rotation (nFrame x 9) and sensor position (nFrame x 3)
  const rotWs = new Float64Array(9 * nFrame);
  const pos = new Float64Array(3 * nFrame);
  const measured = new Float64Array(3 * m);
  const r = new Float64Array(9);
  const residual = new Float64Array(nFrame); // RMS distance of the fitted template from the markers, m
  const A = mount.axes;
  for (let i = 0; i < nFrame; i++) {
    const centroid = [0, 0, 0];
    for (let j = 0; j < m; j++) for (let c = 0; c < 3; c++) centroid[c] += filtered[j][3 * i + c] / m;
    for (let j = 0; j < m; j++) for (let c = 0; c < 3; c++) measured[3 * j + c] = filtered[j][3 * i + c] - centroid[c];
    fitRotation(template, measured, r);
    let sq = 0;
    for (let j = 0; j < m; j++) {
      for (let a = 0; a < 3; a++) {
        const e = r[3 * a] * template[3 * j] + r[3 * a + 1] * template[3 * j + 1] + r[3 * a + 2] * template[3 * j + 2] - measured[3 * j + a];
        sq += e * e;
      }
    }
    residual[i] = Math.sqrt(sq / m);
    for (let a = 0; a < 3; a++) {
      pos[3 * i + a] = centroid[a] + r[3 * a] * originRel[0] + r[3 * a + 1] * originRel[1] + r[3 * a + 2] * originRel[2];
      for (let b = 0; b < 3; b++) rotWs[9 * i + 3 * a + b] = r[3 * a] * A[b] + r[3 * a + 1] * A[3 + b] + r[3 * a + 2] * A[6 + b];
    }
  }
  const acc = centralDerivative5(pos, 3, h, 2);
  const rotDot = centralDerivative5(rotWs, 9, h, 1);

  const n = nFrame - 2 * trim;
  const timeS = new Float64Array(n);
  const accOut = new Float64Array(3 * n);
  const gyrOut = new Float64Array(3 * n);
  for (let k = 0; k < n; k++) {
    const i = k + trim;
    timeS[k] = trial.timeS[0] + i / fs;
    const R = rotWs.subarray(9 * i, 9 * i + 9);
    const D = rotDot.subarray(9 * i, 9 * i + 9);
    const a = [acc[3 * i], acc[3 * i + 1], acc[3 * i + 2] + g]; // a − g, g = (0, 0, −g)
    for (let c = 0; c < 3; c++) accOut[3 * k + c] = R[c] * a[0] + R[3 + c] * a[1] + R[6 + c] * a[2]; // f = Rᵀ(a − g)
    // Ω = RᵀṘ; ω = vee of its skew part
    const om = (p: number, q: number): number => R[p] * D[q] + R[3 + p] * D[3 + q] + R[6 + p] * D[6 + q];
    gyrOut[3 * k] = (om(2, 1) - om(1, 2)) / 2;
    gyrOut[3 * k + 1] = (om(0, 2) - om(2, 0)) / 2;
    gyrOut[3 * k + 2] = (om(1, 0) - om(0, 1)) / 2;
  }
  return {
    timeS,
    accMps2: accOut,
    gyrRadS: gyrOut,
    samplingRateHz: fs,
    site,
    side,
    meta: {
      site,
      side,
      rate_hz: String(fs),
      units: 'acc=m/s^2,gyr=rad/s',
      frame: site === 'foot' ? 'gaitmap FSF (x toes, y left, z up)' : 'shank (x anterior, y left, z toward knee)',
      cutoff_hz: String(cutoffHz),
      fit_rms_residual_median_m: residual.slice().sort()[nFrame >> 1].toFixed(4),
      provenance: `virtual IMU from markers ${labels.trialNames.join(',')} of ${trial.source}`,
    },
    notes,
  };
}

/**
 * Treadmill contacts (one force plate under both feet) split by foot: a contact belongs to the foot
 * whose MT-head markers are lower at mid-contact.
 * @param forces vertical force (`readRbdsForces`), same clock as the markers (both start at frame 1)
 * @param trial marker trial (for the foot heights)
 * @param options thresholds of `detectContacts` (default 50 N)
 * @returns per foot: contacts, IC times and TO times, s
 */
export function rbdsFootContacts(forces: RbdsForces, trial: MarkerData, options: ContactOptions = {}): Record<'left' | 'right', GaitEvents> {
  const all = detectContacts(forces.timeS, forces.verticalForceN, options);
  const height = (side: 'R' | 'L', tS: number): number => {
    const i = Math.min(trial.timeS.length - 1, Math.max(0, Math.round((tS - trial.timeS[0]) * trial.samplingRateHz)));
    return (markerOf(trial, `${side}.MT1`)[3 * i + 1] + markerOf(trial, `${side}.MT5`)[3 * i + 1]) / 2; // lab Y = up
  };
  const split = { left: [] as GaitEvents['contacts'][number][], right: [] as GaitEvents['contacts'][number][] };
  for (const c of all.contacts) {
    const lo = Number.isFinite(c.startS) ? c.startS : c.endS - 0.1;
    const hi = Number.isFinite(c.endS) ? c.endS : c.startS + 0.1;
    const mid = (lo + hi) / 2;
    (height('R', mid) < height('L', mid) ? split.right : split.left).push(c);
  }
  const events = (contacts: GaitEvents['contacts']): GaitEvents => ({
    contacts,
    initialContactS: contacts.map((c) => c.startS).filter((t) => Number.isFinite(t)),
    toeOffS: contacts.map((c) => c.endS).filter((t) => Number.isFinite(t)),
  });
  return { left: events(split.left), right: events(split.right) };
}
