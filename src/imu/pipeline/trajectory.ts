/**
 * Per-stride trajectory: strapdown integration between two zero-velocity (mid-stance) points.
 *
 * Method (the "stride-level" approach of gaitmap's StrideLevelTrajectory, Rampp 2014 /
 * Kanzler 2015, here with linear dedrifting instead of Hannink's forward-backward blend *):
 *  1. Initial attitude from the mean specific force in a short window around the start (the foot
 *     is at rest, so it is gravity): the minimal rotation taking it to world +z; heading 0.
 *  2. Gyro integration with the quaternion exponential of the mid-point rate (body rates,
 *     right multiplication).
 *  3. Tilt drift: the attitude at the end is compared with gravity measured there; the tilt error
 *     is removed linearly in time (skipped when the end window is not quasi-static).
 *  4. Gravity-free world acceleration a = R·f − [0, 0, g] is integrated to velocity; the residual
 *     end velocity (the foot is at rest there: ZUPT) is removed linearly; position by trapezoid.
 *  5. Level-ground assumption (gaitmap `level_assumption=True`): end height forced to the start
 *     height, linearly.
 * * Linear dedrift instead of forward–backward integration: simpler and equivalent in accuracy
 *   for strides of ≤ 1.5 s (gaitmap-bench: both within 0.04–0.06 m); measured here in the
 *   gaitmap-example validation test.
 *
 * Frames: input in the foot sensor frame (x toe, y left, z up at foot-flat); world frame z up,
 * x = the horizontal heading of the foot at the stride start. Sole angle (foot pitch) is the
 * angle of the world-frame sensor x-axis above the floor: positive when the toe is above the heel
 * (gaitmap sole_angle convention).
 */

/** Options of the strapdown stage. */
export interface TrajectoryOptions {
  /** Half-width of the rest windows used for initial/final attitude, s. */
  restHalfWindowS: number;
  /** Apply the level-ground assumption (end height = start height). */
  levelGround: boolean;
  /** Local gravity magnitude, m/s² (estimated from rest windows by the caller). */
  gravityMps2: number;
}

export const DEFAULT_TRAJECTORY_OPTIONS: Readonly<TrajectoryOptions> = Object.freeze({
  restHalfWindowS: 0.025,
  levelGround: true,
  gravityMps2: 9.81,
});

/** Reusable buffers for one stride; grown on demand, never per sample. */
export class TrajectoryScratch {
  /** Attitude quaternion w,x,y,z per sample. (len x 4) */
  quat = new Float64Array(0);
  /** World velocity, m/s. (len x 3) */
  vel = new Float64Array(0);
  /** World position, m, start at 0. (len x 3) */
  pos = new Float64Array(0);
  /** Sole angle (foot pitch), rad, + toe up. (len) */
  pitch = new Float64Array(0);
  /** Number of valid samples in the buffers. */
  length = 0;

  ensure(len: number): void {
    if (this.pitch.length >= len) return;
    const cap = Math.max(len, Math.ceil(this.pitch.length * 1.5));
    this.quat = new Float64Array(cap * 4);
    this.vel = new Float64Array(cap * 3);
    this.pos = new Float64Array(cap * 3);
    this.pitch = new Float64Array(cap);
  }
}

/** Summary of one integrated stride. */
export interface StrideTrajectory {
  /** Horizontal distance start→end, m. */
  strideLengthM: number;
  /** Max sensor height above its start height, m (gaitmap max_sensor_lift). */
  maxSensorLiftM: number;
  /** Tilt error at the end before correction, rad (a drift/quality indicator). */
  endTiltErrorRad: number;
  /** Forward displacement along the start heading, m (negative when the frame is flipped). */
  forwardM: number;
}

/**
 * Mean specific force direction on [i - h, i + h] into `out` (unit vector); returns the mean norm.
 */
function meanForce(acc: Float64Array, n: number, i: number, h: number, out: Float64Array, gravityMps2: number): number {
  const a = Math.max(0, i - h);
  const b = Math.min(n - 1, i + h);
  // Only quasi-static samples (|f| within 15 % of g) when there are any: in fast running the
  // window around mid-stance already holds the start of push-off (|f| ≈ 3 g at 4 m/s), which
  // tilted the reference by ~10° and biased every sole angle of the stride.
  let x = 0;
  let y = 0;
  let z = 0;
  let c = 0;
  for (let pass = 0; pass < 2 && c === 0; pass++) {
    for (let k = a; k <= b; k++) {
      const fx = acc[3 * k];
      const fy = acc[3 * k + 1];
      const fz = acc[3 * k + 2];
      if (pass === 0 && Math.abs(Math.sqrt(fx * fx + fy * fy + fz * fz) - gravityMps2) > 0.15 * gravityMps2) continue;
      x += fx;
      y += fy;
      z += fz;
      c++;
    }
  }
  x /= c;
  y /= c;
  z /= c;
  const nn = Math.sqrt(x * x + y * y + z * z) || 1;
  out[0] = x / nn;
  out[1] = y / nn;
  out[2] = z / nn;
  return nn;
}

/** Rotate body vector (bx,by,bz) by quaternion q[o..o+3] (w,x,y,z) into out[0..2]. */
function rotate(q: Float64Array, o: number, bx: number, by: number, bz: number, out: Float64Array): void {
  const w = q[o];
  const x = q[o + 1];
  const y = q[o + 2];
  const z = q[o + 3];
  // t = 2 q_vec × v; v' = v + w t + q_vec × t
  const tx = 2 * (y * bz - z * by);
  const ty = 2 * (z * bx - x * bz);
  const tz = 2 * (x * by - y * bx);
  out[0] = bx + w * tx + (y * tz - z * ty);
  out[1] = by + w * ty + (z * tx - x * tz);
  out[2] = bz + w * tz + (x * ty - y * tx);
}

const tmpA = new Float64Array(3);
const tmpB = new Float64Array(3);

/**
 * Integrate one stride between rest samples `i0` and `i1` (inclusive) into `scratch`.
 * @param acc specific force, m/s², foot frame (n x 3)
 * @param gyr angular rate, rad/s, foot frame (n x 3)
 * @param i0 start sample (mid-stance)
 * @param i1 end sample (next mid-stance), i1 > i0
 * @param samplingRateHz Hz
 * @param options strapdown options
 * @param scratch buffers, filled for samples 0..i1-i0
 */
export function integrateStride(
  acc: Float64Array,
  gyr: Float64Array,
  i0: number,
  i1: number,
  samplingRateHz: number,
  options: TrajectoryOptions,
  scratch: TrajectoryScratch,
): StrideTrajectory {
  const n = acc.length / 3;
  const len = i1 - i0 + 1;
  scratch.ensure(len);
  scratch.length = len;
  const dt = 1 / samplingRateHz;
  const h = Math.max(1, Math.round(options.restHalfWindowS * samplingRateHz));
  const q = scratch.quat;

  // 1. initial attitude: minimal rotation taking the measured up-direction to world +z.
  meanForce(acc, n, i0, h, tmpA, options.gravityMps2);
  {
    const [ux, uy, uz] = [tmpA[0], tmpA[1], tmpA[2]];
    // axis = u × ez = (uy, -ux, 0); cos = uz; half-angle quaternion
    const w = Math.sqrt(Math.max(0, (1 + uz) / 2));
    const s = w > 1e-9 ? 1 / (2 * w) : 0;
    q[0] = w;
    q[1] = uy * s;
    q[2] = -ux * s;
    q[3] = 0;
  }

  // 2. gyro integration (body rates, q ← q ⊗ exp(ω dt / 2)).
  for (let k = 1; k < len; k++) {
    const a = 3 * (i0 + k - 1);
    const b = a + 3;
    const rx = 0.5 * (gyr[a] + gyr[b]) * dt;
    const ry = 0.5 * (gyr[a + 1] + gyr[b + 1]) * dt;
    const rz = 0.5 * (gyr[a + 2] + gyr[b + 2]) * dt;
    const ang = Math.sqrt(rx * rx + ry * ry + rz * rz);
    const c = Math.cos(ang / 2);
    const s = ang > 1e-12 ? Math.sin(ang / 2) / ang : 0.5;
    const dw = c;
    const dx = rx * s;
    const dy = ry * s;
    const dz = rz * s;
    const p = 4 * (k - 1);
    const w = q[p];
    const x = q[p + 1];
    const y = q[p + 2];
    const z = q[p + 3];
    const o = 4 * k;
    q[o] = w * dw - x * dx - y * dy - z * dz;
    q[o + 1] = w * dx + x * dw + y * dz - z * dy;
    q[o + 2] = w * dy - x * dz + y * dw + z * dx;
    q[o + 3] = w * dz + x * dy - y * dx + z * dw;
  }

  // 3. tilt drift at the end: measured up-direction rotated to world should be +z.
  const endNorm = meanForce(acc, n, i1, h, tmpA, options.gravityMps2);
  rotate(q, 4 * (len - 1), tmpA[0], tmpA[1], tmpA[2], tmpB);
  // small rotation (world frame) taking tmpB to ez: axis tmpB × ez = (by, -bx, 0)
  const ex = tmpB[1];
  const ey = -tmpB[0];
  const sinE = Math.sqrt(ex * ex + ey * ey);
  const endTiltErrorRad = Math.asin(Math.min(1, sinE));
  const quasiStatic = Math.abs(endNorm - options.gravityMps2) < 0.15 * options.gravityMps2;
  if (quasiStatic && sinE > 1e-9) {
    const ux = ex / sinE;
    const uy = ey / sinE;
    for (let k = 1; k < len; k++) {
      const half = (0.5 * endTiltErrorRad * k) / (len - 1);
      const cw = Math.cos(half);
      const sx = ux * Math.sin(half);
      const sy = uy * Math.sin(half);
      const o = 4 * k;
      const w = q[o];
      const x = q[o + 1];
      const y = q[o + 2];
      const z = q[o + 3];
      // left multiply by the world-frame correction (cw, sx, sy, 0)
      q[o] = cw * w - sx * x - sy * y;
      q[o + 1] = cw * x + sx * w + sy * z;
      q[o + 2] = cw * y + sy * w - sx * z;
      q[o + 3] = cw * z + sx * y - sy * x;
    }
  }

  // 4. velocity, with linear removal of the end velocity (ZUPT at both ends).
  const v = scratch.vel;
  const pos = scratch.pos;
  const pitch = scratch.pitch;
  const g = options.gravityMps2;
  let pax = 0;
  let pay = 0;
  let paz = 0;
  v[0] = 0;
  v[1] = 0;
  v[2] = 0;
  for (let k = 0; k < len; k++) {
    const o = 4 * k;
    const a = 3 * (i0 + k);
    rotate(q, o, acc[a], acc[a + 1], acc[a + 2], tmpB);
    const ax = tmpB[0];
    const ay = tmpB[1];
    const az = tmpB[2] - g;
    if (k > 0) {
      v[3 * k] = v[3 * k - 3] + 0.5 * (ax + pax) * dt;
      v[3 * k + 1] = v[3 * k - 2] + 0.5 * (ay + pay) * dt;
      v[3 * k + 2] = v[3 * k - 1] + 0.5 * (az + paz) * dt;
    }
    pax = ax;
    pay = ay;
    paz = az;
    // sole angle: z-component of the world-frame sensor x-axis
    const w = q[o];
    const x = q[o + 1];
    const y = q[o + 2];
    const z = q[o + 3];
    pitch[k] = Math.asin(Math.max(-1, Math.min(1, 2 * (x * z - w * y))));
  }
  const last = 3 * (len - 1);
  const vex = v[last];
  const vey = v[last + 1];
  const vez = v[last + 2];
  const inv = len > 1 ? 1 / (len - 1) : 0;
  for (let k = 0; k < len; k++) {
    const f = k * inv;
    v[3 * k] -= vex * f;
    v[3 * k + 1] -= vey * f;
    v[3 * k + 2] -= vez * f;
  }
  pos[0] = 0;
  pos[1] = 0;
  pos[2] = 0;
  for (let k = 1; k < len; k++) {
    for (let c = 0; c < 3; c++) pos[3 * k + c] = pos[3 * k - 3 + c] + 0.5 * (v[3 * k + c] + v[3 * k - 3 + c]) * dt;
  }
  // 5. level ground
  if (options.levelGround) {
    const zEnd = pos[last + 2];
    for (let k = 0; k < len; k++) pos[3 * k + 2] -= zEnd * k * inv;
  }
  let maxLift = 0;
  for (let k = 0; k < len; k++) if (pos[3 * k + 2] > maxLift) maxLift = pos[3 * k + 2];
  const dx = pos[last];
  const dy = pos[last + 1];
  return {
    strideLengthM: Math.sqrt(dx * dx + dy * dy),
    maxSensorLiftM: maxLift,
    endTiltErrorRad,
    forwardM: dx,
  };
}

/**
 * Height of a point fixed to the foot (e.g. the toe tip) above its height at the stride start,
 * per sample, from an integrated stride in `scratch`.
 * @param offsetM point position in the foot sensor frame relative to the sensor, m (x, y, z)
 * @param out heights, m (scratch.length)
 */
export function pointHeight(scratch: TrajectoryScratch, offsetM: readonly [number, number, number], out: Float64Array): Float64Array {
  const len = scratch.length;
  let z0 = 0;
  for (let k = 0; k < len; k++) {
    rotate(scratch.quat, 4 * k, offsetM[0], offsetM[1], offsetM[2], tmpB);
    const z = scratch.pos[3 * k + 2] + tmpB[2];
    if (k === 0) z0 = z;
    out[k] = z - z0;
  }
  return out;
}
