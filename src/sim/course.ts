/**
 * The course: road (straight, flat) or a 400 m track run counter-clockwise, where the bends add a
 * functional asymmetry between the inside (left) and outside (right) leg (MODEL.md §7).
 *
 * Track geometry (World Athletics standard 400 m track, lane 1): two bends of radius 36.5 m
 * (measured line 0.30 m outside the kerb → 36.80 m, i.e. 115.61 m of running line per bend) and
 * two 84.39 m straights. The run starts at the beginning of a straight.
 *
 * On a bend the runner leans into the curve by β = atan(v²/(g·R)); the pelvis follows the lean,
 * so the inside hip sits lower than the outside hip by the hip-centre separation × sin β
 * (gait2392: 0.167 m; reference sheet §1) — ≈ 2.9 mm per degree of obliquity (reference sheet §4).
 * The inside leg therefore swings with less clearance and the outside leg with more.
 * * Modelling choice: lean transmitted fully to pelvic obliquity, no active compensation.
 */
import { STANDARD_GRAVITY_MPS2 } from '../units.ts';

export const TRACK_BEND_RADIUS_M = 36.8;
export const TRACK_BEND_LENGTH_M = 115.61;
export const TRACK_STRAIGHT_LENGTH_M = 84.39;
export const TRACK_LAP_M = 2 * (TRACK_BEND_LENGTH_M + TRACK_STRAIGHT_LENGTH_M);
/** Distance between the hip joint centres, m (gait2392, reference sheet §1). */
export const HIP_CENTRE_SEPARATION_M = 0.167;

/** True if the runner is on a bend at this distance from the start. */
export function onTrackBend(distanceM: number): boolean {
  const s = distanceM % TRACK_LAP_M;
  const half = TRACK_STRAIGHT_LENGTH_M + TRACK_BEND_LENGTH_M;
  const inHalf = s % half;
  return inHalf >= TRACK_STRAIGHT_LENGTH_M;
}

/**
 * Swing-hip height offset from the course at this distance, m (+ = more clearance).
 * Counter-clockwise track: left = inside leg.
 */
export function courseHipOffsetM(course: 'road' | 'track400', side: 'left' | 'right', distanceM: number, speedMps: number): number {
  if (course === 'road' || !onTrackBend(distanceM)) return 0;
  const lean = Math.atan((speedMps * speedMps) / (STANDARD_GRAVITY_MPS2 * TRACK_BEND_RADIUS_M));
  const drop = HIP_CENTRE_SEPARATION_M * Math.sin(lean);
  return side === 'left' ? -drop : drop;
}

/** Fraction of a lap's distance spent on bends. */
export const TRACK_BEND_FRACTION = (2 * TRACK_BEND_LENGTH_M) / TRACK_LAP_M;
