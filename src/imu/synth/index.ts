/**
 * IMU synthesis: a simulated run → foot- and shank-mounted IMU traces of each leg (IMU.md § Synthesis).
 *
 * Pipeline per sensor, in blocks of output samples (memory stays constant apart from the output):
 *  1. pose (sim/pose.ts) at a fine rate F = D × rateHz (D = ⌈1000 / rateHz⌉, so F ≥ 1 kHz),
 *     plus out-of-plane motion (out-of-plane.ts) and the mount (mounting.ts);
 *  2. specific force and angular rate by differentiation (kinematics-to-imu.ts), plus the contact
 *     transient (impact.ts);
 *  3. anti-alias FIR (cutoff 0.28 × rateHz) and decimation to rateHz;
 *  4. sensor errors (sensors.ts): noise, biases, scale/cross-axis, clipping, quantisation.
 * Time base: run time (t = 0 = the left leg's first contact); each leg's traces run from that leg's
 * first contact to mid-stance after its last simulated swing, so every simulated stride is complete. All randomness from createRng(seed, side, site, …).
 */
import { z } from 'zod';
import type { RunResult } from '../../sim/run.ts';
import type { Trace } from '../trace.ts';
import { InputError } from '../../errors.ts';
import { createRng } from '../../random.ts';
import { LegPoseTrack, POSE_WIDTH } from '../../sim/pose.ts';
import { smoothstep5, FLAT_REFERENCE_STANCE_FRACTION } from '../../model/stance.ts';
import { defaultMount, randomMisalignment, type SensorMount, type SiteName } from './mounting.ts';
import { outOfPlane } from './out-of-plane.ts';
import { IMPACT_SPECS, addImpact } from './impact.ts';
import { SENSOR_PRESETS, SensorErrors, type SensorPresetName } from './sensors.ts';
import { designLowPassFir, firDecimate, poseToImu } from './kinematics-to-imu.ts';

export { SENSOR_PRESETS, SensorErrors, type SensorSpec, type SensorPresetName } from './sensors.ts';
export { defaultMount, randomMisalignment, type SensorMount, type SiteName } from './mounting.ts';
export { poseToImu, designLowPassFir, firDecimate } from './kinematics-to-imu.ts';
export { IMPACT_SPECS, addImpact, impactDurationS } from './impact.ts';
export { outOfPlane } from './out-of-plane.ts';

export const SynthOptionsSchema = z
  .strictObject({
    rateHz: z.number().min(100).max(1000).default(200),
    sensor: z.enum(['bmi270', 'icm20948', 'xsens-mti', 'ideal']).default('bmi270'),
    sites: z.array(z.enum(['foot', 'shank'])).min(1).default(['foot', 'shank']),
    legs: z.array(z.enum(['left', 'right'])).min(1).default(['left', 'right']),
    /** Misalignment rotation angle of each sensor about a random axis, rad. */
    misalignmentRad: z.number().min(0).max(0.5).default(0.03),
    /** Extra mounting offset in the sensor frame, m. */
    mountingOffsetM: z.tuple([z.number(), z.number(), z.number()]).default([0, 0, 0]),
    /** Out-of-plane motion on (see out-of-plane.ts); off only for tests of the planar physics. */
    outOfPlane: z.boolean().default(true),
    /** Contact transients on. */
    impacts: z.boolean().default(true),
    /**
     * Quiet standing before the run, s (0: the trace starts at the leg's first contact). Recordings
     * usually start with the runner standing still, which the readers' gravity check and the
     * pipeline's alignment use. The foot is held at the first stride's flat-foot pose (where it is
     * still in the ground frame) and the run starts from there.
     */
    standingS: z.number().min(0).max(600).default(0),
    /** Only this span of run time, s ([start, end]; clipped to the leg's trace): long runs in parts. */
    spanS: z.tuple([z.number(), z.number()]).optional(),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  });
export type SynthOptions = z.input<typeof SynthOptionsSchema>;
type ResolvedOptions = z.output<typeof SynthOptionsSchema>;

export type LegTraces = Partial<Record<SiteName, Trace>>;
export type SynthResult = Partial<Record<'left' | 'right', LegTraces>>;

/**
 * Synthesise IMU traces of a simulated run.
 * @param run result of simulateRun
 * @param options rateHz (100–1000, default 200), sensor preset, sites, legs, misalignmentRad, seed …
 * @returns per leg and site a Trace in the sensor frame (foot: gaitmap FSF; shank: see mounting.ts)
 * @throws InputError for invalid options
 */
export function synthesizeImu(run: RunResult, options: SynthOptions = {}): SynthResult {
  const opts = parseOptions(options);
  const out: SynthResult = {};
  for (const side of opts.legs) {
    const traces: LegTraces = {};
    for (const site of opts.sites) traces[site] = synthesizeSensor(new LegPoseTrack(run, side), site, opts);
    out[side] = traces;
  }
  return out;
}

function parseOptions(options: SynthOptions): ResolvedOptions {
  const parsed = SynthOptionsSchema.safeParse(options);
  if (!parsed.success) throw new InputError(`invalid IMU synthesis options: ${parsed.error.message}`);
  return parsed.data;
}

/** Lowest rate at which the pose is sampled and differentiated, Hz: the kinematics have no content
 * above ~100 Hz and the contact transient (80 Hz) is added at this rate, so 1 kHz leaves a 5× margin
 * below its Nyquist frequency for the anti-alias filter. */
const FINE_RATE_MIN_HZ = 1000;

/** Output samples per block. */
const BLOCK = 2048;

/**
 * One sensor's trace, streamed block by block into `onBlock` (and collected into a Trace unless
 * `collect` is false, for long runs written straight to disk).
 * @param track the leg's pose
 * @param site 'foot' or 'shank'
 * @param options synthesis options (unvalidated input is parsed)
 * @param onBlock called with (timeS, acc, gyr) views of each finished block
 * @param collect keep the whole trace in memory (default true)
 */
export function synthesizeSensor(
  track: LegPoseTrack,
  site: SiteName,
  options: SynthOptions,
  onBlock?: (timeS: Float64Array, acc: Float64Array, gyr: Float64Array) => void,
  collect = true,
): Trace {
  const opts = parseOptions(options);
  const side = track.side;
  const rate = opts.rateHz;
  const factor = Math.ceil(FINE_RATE_MIN_HZ / rate);
  const fine = rate * factor;
  const h = 1 / fine;
  // Anti-alias low-pass like a MEMS sensor's digital filter (bandwidth ≈ ODR/4, e.g. BMI270 normal
  // mode, Bosch BST-BMI270-DS000): Blackman-windowed sinc, cutoff 0.28 × rate, transition ≈ 0.18 × rate
  // (Blackman: ≈ 5.5/N of the fine rate); a sharper filter rings visibly after the foot slap.
  const halfLength = 3 * factor * 5;
  const taps = designLowPassFir(0.28 / factor, halfLength);
  // each leg's trace starts at its first contact (no partial swing before a stance), or with
  // standing still at the first stride's flat-foot pose
  const ev0 = track.eventsOf(0);
  const holdS = opts.standingS > 0 ? ev0.tIcS + FLAT_REFERENCE_STANCE_FRACTION * (ev0.tToS - ev0.tIcS) : -Infinity;
  let traceStartS = opts.standingS > 0 ? holdS - opts.standingS : track.startS;
  let traceEndS = track.endS;
  if (opts.spanS) {
    traceStartS = Math.max(traceStartS, opts.spanS[0]);
    traceEndS = Math.min(traceEndS, opts.spanS[1]);
    if (!(traceEndS > traceStartS)) throw new InputError(`spanS [${opts.spanS.join(', ')}] does not overlap the ${side} leg's trace [${traceStartS}, ${traceEndS}] s`);
  }
  const startIdx = Math.ceil(traceStartS * rate - 1e-9);
  const nOut = Math.floor(traceEndS * rate) - startIdx + 1;
  // pose velocity at the hold time (the standing foot moves at −v in the pose's moving frame)
  const holdVel = new Float64Array(2);
  if (opts.standingS > 0) {
    const a = new Float64Array(POSE_WIDTH);
    const b = new Float64Array(POSE_WIDTH);
    const dt = 1e-4;
    track.evaluate(holdS - dt, a);
    track.evaluate(holdS + dt, b);
    holdVel[0] = (b[0] - a[0]) / (2 * dt);
    holdVel[1] = (b[1] - a[1]) / (2 * dt);
  }
  const mount: SensorMount = defaultMount(track.leg, site);
  mount.offsetM = [...opts.mountingOffsetM];
  mount.rotation = randomMisalignment(createRng(opts.seed, side, site, 'misalignment'), opts.misalignmentRad);
  const spec = SENSOR_PRESETS[opts.sensor as SensorPresetName];
  const errors = new SensorErrors(spec, rate, createRng(opts.seed, side, site, 'sensor'));
  const impact = IMPACT_SPECS[site];
  const scaleCache = new Map<number, number>();
  const strideScale = (k: number): number => {
    let s = scaleCache.get(k);
    if (s === undefined) {
      s = Math.min(1.6, Math.max(0.4, 1 + 0.2 * createRng(opts.seed, side, site, 'out-of-plane', k).normal()));
      scaleCache.set(k, s);
      if (scaleCache.size > 16) scaleCache.delete(scaleCache.keys().next().value as number);
    }
    return s;
  };

  const timeS = new Float64Array(collect ? nOut : 0);
  const accAll = new Float64Array(collect ? 3 * nOut : 0);
  const gyrAll = new Float64Array(collect ? 3 * nOut : 0);
  const nFineMax = (BLOCK - 1) * factor + 2 * halfLength + 3;
  const pos = new Float64Array(3 * nFineMax);
  const rot = new Float64Array(9 * nFineMax);
  const accFine = new Float64Array(3 * nFineMax);
  const gyrFine = new Float64Array(3 * nFineMax);
  const blockT = new Float64Array(BLOCK);
  const blockAcc = new Float64Array(3 * BLOCK);
  const blockGyr = new Float64Array(3 * BLOCK);
  const sinceIc = new Float64Array(nFineMax);
  const strideOf = new Int32Array(nFineMax);
  const pose = new Float64Array(POSE_WIDTH);
  const oop = new Float64Array(3);
  const seg = new Float64Array(9);
  const [lp, ll] = mount.localM;
  const local = [lp + mount.offsetM[0], mount.offsetM[1], -ll + mount.offsetM[2]];
  const M = mount.rotation;

  for (let j0 = 0; j0 < nOut; j0 += BLOCK) {
    const count = Math.min(BLOCK, nOut - j0);
    const first = (startIdx + j0) * factor - halfLength - 1; // global fine index of block sample 0
    const nFine = (count - 1) * factor + 2 * halfLength + 3;
    for (let i = 0; i < nFine; i++) {
      const tRun = (first + i) * h;
      const t = tRun < holdS ? holdS : tRun;
      track.evaluate(t, pose);
      if (tRun < holdS) {
        pose[0] += holdVel[0] * (tRun - holdS);
        pose[1] += holdVel[1] * (tRun - holdS);
      }
      const k = pose[5];
      const ev = track.eventsOf(k);
      const next = track.eventsOf(k + 1);
      const phase = (t - ev.tIcS) / (next.tIcS - ev.tIcS);
      sinceIc[i] = t - ev.tIcS;
      strideOf[i] = k;
      const angle = site === 'foot' ? pose[2] : pose[3];
      let roll = 0;
      let yaw = 0;
      let lateral = 0;
      if (opts.outOfPlane) {
        const sc = strideScale(k) + (strideScale(k + 1) - strideScale(k)) * smoothstep5(phase);
        outOfPlane(phase, side, site, sc, oop);
        roll = oop[0];
        yaw = oop[1];
        lateral = oop[2];
      }
      segmentRotation(yaw, angle, roll, seg);
      const o = 3 * i;
      pos[o] = pose[0] + seg[0] * local[0] + seg[1] * local[1] + seg[2] * local[2];
      pos[o + 1] = lateral + seg[3] * local[0] + seg[4] * local[1] + seg[5] * local[2];
      pos[o + 2] = pose[1] + seg[6] * local[0] + seg[7] * local[1] + seg[8] * local[2];
      // world←sensor = world←segment · Mᵀ (M: segment → sensor)
      const r = 9 * i;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) rot[r + 3 * a + b] = seg[3 * a] * M[3 * b] + seg[3 * a + 1] * M[3 * b + 1] + seg[3 * a + 2] * M[3 * b + 2];
    }
    poseToImu(pos.subarray(0, 3 * nFine), rot.subarray(0, 9 * nFine), h, accFine, gyrFine);
    if (opts.impacts) {
      for (let i = 1; i + 1 < nFine; i++) addImpact(impact, sinceIc[i], track.landingSpeedAt(strideOf[i]), accFine, i);
    }
    firDecimate(accFine, taps, halfLength + 1, factor, count, blockAcc, 0);
    firDecimate(gyrFine, taps, halfLength + 1, factor, count, blockGyr, 0);
    for (let j = 0; j < count; j++) {
      blockT[j] = (startIdx + j0 + j) / rate;
      errors.apply(blockAcc, blockGyr, j);
    }
    if (collect) {
      timeS.set(blockT.subarray(0, count), j0);
      accAll.set(blockAcc.subarray(0, 3 * count), 3 * j0);
      gyrAll.set(blockGyr.subarray(0, 3 * count), 3 * j0);
    }
    onBlock?.(blockT.subarray(0, count), blockAcc.subarray(0, 3 * count), blockGyr.subarray(0, 3 * count));
  }
  return {
    timeS,
    accMps2: accAll,
    gyrRadS: gyrAll,
    samplingRateHz: rate,
    site,
    side,
    meta: {
      site,
      side,
      rate_hz: String(rate),
      units: 'acc=m/s^2,gyr=rad/s',
      frame: site === 'foot' ? 'gaitmap FSF (x toes, y left, z up)' : 'shank (x anterior, y left, z toward knee)',
      sensor: spec.name,
      misalignment_rad: String(opts.misalignmentRad),
      seed: String(opts.seed),
      provenance: 'dropfoot synthesizeImu',
    },
    notes: [],
  };
}

/** world←segment = Rz(yaw)·Ry(−φ)·Rx(roll), row-major, into out (9). */
function segmentRotation(yaw: number, pitch: number, roll: number, out: Float64Array): void {
  const cy = Math.cos(yaw);
  const sy = Math.sin(yaw);
  const cp = Math.cos(pitch);
  const sp = Math.sin(pitch);
  const cr = Math.cos(roll);
  const sr = Math.sin(roll);
  // Ry(−φ) = [[cp, 0, −sp], [0, 1, 0], [sp, 0, cp]]; A = Ry(−φ)·Rx(roll)
  const a00 = cp, a01 = -sp * sr, a02 = -sp * cr;
  const a10 = 0, a11 = cr, a12 = -sr;
  const a20 = sp, a21 = cp * sr, a22 = cp * cr;
  out[0] = cy * a00 - sy * a10;
  out[1] = cy * a01 - sy * a11;
  out[2] = cy * a02 - sy * a12;
  out[3] = sy * a00 + cy * a10;
  out[4] = sy * a01 + cy * a11;
  out[5] = sy * a02 + cy * a12;
  out[6] = a20;
  out[7] = a21;
  out[8] = a22;
}
