/**
 * Sensor sites and mounting: where each IMU sits on its segment and how its axes are turned.
 *
 * Positions are in the segment's chain-local frame about the ankle (model/chain.ts: p forward, l
 * distal = down for the foot at flat). Sensor axes before misalignment:
 *  - foot (dorsum/instep, over the midfoot on the laces): gaitmap FSF — x toward the toes, y to the
 *    left, z up when the foot is flat (+1 g on z at rest), the same for both feet.
 *  - shank (anterior, mid-shank, on the tibia): x anterior (forward when standing), y to the left,
 *    z along the shank toward the knee (up when standing: +1 g on z at rest), for both legs. A
 *    sagittal rotation of the shank appears on gyr_y (+ = distal end moving backward, the same sense
 *    as plantarflexion of the foot).
 * A mounting offset (m) and a small misalignment rotation (rad, random axis) are parameters.
 */
import type { LegModel } from '../../model/leg.ts';
import type { Rng } from '../../random.ts';

export type SiteName = 'foot' | 'shank';

/** One sensor's placement. */
export interface SensorMount {
  site: SiteName;
  /** Sensor origin in the segment's local frame about the ankle [p, l], m. */
  localM: [number, number];
  /** Extra offset in the sensor frame [x, y, z], m (y is lateral, applied out of plane). */
  offsetM: [number, number, number];
  /** Segment → sensor rotation (row-major 3x3), identity when perfectly aligned. */
  rotation: Float64Array;
}

/** Height of the instep sensor above the sole, m. * Typical laced running shoe over the midfoot [M]. */
export const FOOT_SENSOR_ABOVE_SOLE_M = 0.055;
/** Instep sensor position along the sole from the heel, fraction of the sole length. [M] midfoot. */
export const FOOT_SENSOR_SOLE_FRACTION = 0.5;
/** Shank sensor: fraction of the shank length above the ankle, and distance in front of the shank axis, m. [M] tibial crest. */
export const SHANK_SENSOR_LENGTH_FRACTION = 0.5;
export const SHANK_SENSOR_ANTERIOR_M = 0.035;

/**
 * Default mount of a site on a leg model.
 * @param leg compiled leg model (foot geometry and shank length)
 * @param site 'foot' or 'shank'
 */
export function defaultMount(leg: LegModel, site: SiteName): SensorMount {
  const identity = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
  if (site === 'foot') {
    const heelP = leg.heelLocal[0];
    const soleL = leg.heelLocal[1];
    const p = heelP + FOOT_SENSOR_SOLE_FRACTION * (leg.toeLocal[0] - heelP);
    return { site, localM: [p, soleL - FOOT_SENSOR_ABOVE_SOLE_M], offsetM: [0, 0, 0], rotation: identity };
  }
  const shankLengthM = leg.chain.jointLocal[3];
  return { site, localM: [SHANK_SENSOR_ANTERIOR_M, -SHANK_SENSOR_LENGTH_FRACTION * shankLengthM], offsetM: [0, 0, 0], rotation: identity };
}

/**
 * Rotation by `angleRad` about an axis drawn uniformly on the sphere (Rodrigues), row-major.
 * @param rng random source
 * @param angleRad rotation angle, rad (0 → identity)
 */
export function randomMisalignment(rng: Rng, angleRad: number): Float64Array {
  let x = rng.normal();
  let y = rng.normal();
  let z = rng.normal();
  const n = Math.hypot(x, y, z) || 1;
  x /= n;
  y /= n;
  z /= n;
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  const v = 1 - c;
  return Float64Array.of(
    c + x * x * v, x * y * v - z * s, x * z * v + y * s,
    y * x * v + z * s, c + y * y * v, y * z * v - x * s,
    z * x * v - y * s, z * y * v + x * s, c + z * z * v,
  );
}
