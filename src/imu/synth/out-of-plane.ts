/**
 * Small out-of-plane motion of the foot and shank (modelling choice, documented).
 *
 * The model is planar, but a real foot rolls (inversion/eversion), turns (toe-out and swing
 * rotation) and moves medio-laterally, so the y/z gyro and the lateral acceleration of a real IMU
 * are never zero. A classifier must not be able to key on exactly-zero channels, so each stride gets
 * smooth periodic out-of-plane angles with seeded random amplitudes:
 *  - roll γ (about the segment's x): foot inverted ≈ 5° at contact, everting to ≈ −5° by mid-stance,
 *    back to slight inversion in swing (rearfoot eversion range in running ≈ 8–12°, Clarke et al. 1984 [M]);
 *    shank: a third of the foot's (tibial internal rotation couples to eversion [M]);
 *  - yaw ψ (about vertical): a constant toe-out (foot progression angle ≈ 5–10° [M]) plus ±3° in swing;
 *  - lateral translation of the ankle: ±1 cm over the stride (swing-leg circumduction) [M].
 * Amplitudes are multiplied per stride by 1 + 0.2·N(0, 1) (clamped to [0.4, 1.6]). Mirrored for
 * the right leg so that both feet are anatomically alike (toe-out turns each foot outward).
 * These are not fitted to data: they exist to make the channels realistic in size, not to carry signal.
 */

const TWO_PI = 2 * Math.PI;
const DEG = Math.PI / 180;

export const ROLL_AMPLITUDE_RAD = 5 * DEG;
export const TOE_OUT_RAD = 7 * DEG;
export const SWING_YAW_RAD = 3 * DEG;
export const LATERAL_AMPLITUDE_M = 0.01;
export const SHANK_ROLL_FRACTION = 1 / 3;

/**
 * Out-of-plane angles and offset at a gait phase, written into out: [roll rad, yaw rad, lateral m].
 * Smooth and periodic in phase, so strides join continuously when the stride scale is continuous.
 * @param phase gait phase of the leg (0 = contact), any real number (periodic)
 * @param side leg
 * @param site 'foot' or 'shank'
 * @param scale per-stride amplitude factor
 */
export function outOfPlane(phase: number, side: 'left' | 'right', site: 'foot' | 'shank', scale: number, out: Float64Array): void {
  const m = side === 'left' ? 1 : -1;
  const a = TWO_PI * phase;
  // inversion at contact (cos), eversion at mid-stance (phase ≈ 0.2): first two harmonics
  let roll = ROLL_AMPLITUDE_RAD * scale * (0.6 * Math.cos(a) + 0.4 * Math.cos(2 * a + 0.6));
  if (site === 'shank') roll *= SHANK_ROLL_FRACTION;
  // inversion of the left foot lifts its lateral (left, +y) edge: a negative rotation about +x
  out[0] = -m * roll;
  out[1] = m * (TOE_OUT_RAD + SWING_YAW_RAD * scale * Math.sin(a - 1.2));
  out[2] = m * LATERAL_AMPLITUDE_M * scale * Math.sin(a + 0.4);
}
