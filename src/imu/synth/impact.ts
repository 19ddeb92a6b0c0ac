/**
 * Initial-contact transient: a short damped oscillation added to the specific force, scaled by the
 * landing speed, on top of the kinematic deceleration that sim/pose.ts already contains.
 *
 *   a(u) = g_site · v_land · e^(−ζωu) · sin(ω_d·u),  u ≥ 0 after contact, ω_d = ω·√(1 − ζ²)
 *
 * along the sensor's z (70 %) and x (30 %, the shear of heel contact).
 * Values (*, modelling choice within published ranges): foot 80 Hz, ζ = 0.3, 8 g per m/s of landing
 * speed (foot peaks of tens of g up to 70 g at heel strike, Bailey & Harle 2014 [R via reference
 * notes]); shank 18 Hz, ζ = 0.35, 1.5 g per m/s (leg soft-tissue vibration after heel strike at
 * ≈ 10–40 Hz, Wakeling & Nigg 2001 [M]; peak tibial accelerations 5–25 g, reference notes §C).
 */
import { STANDARD_GRAVITY_MPS2 } from '../../units.ts';

export interface ImpactSpec {
  frequencyHz: number;
  dampingRatio: number;
  /** Peak-scale per m/s of landing speed, m/s² per (m/s). */
  gainMps2PerMps: number;
}

export const IMPACT_SPECS: Readonly<Record<'foot' | 'shank', ImpactSpec>> = Object.freeze({
  foot: { frequencyHz: 80, dampingRatio: 0.3, gainMps2PerMps: 8 * STANDARD_GRAVITY_MPS2 },
  shank: { frequencyHz: 18, dampingRatio: 0.35, gainMps2PerMps: 1.5 * STANDARD_GRAVITY_MPS2 },
});

/** Transient lasts until the envelope is below 0.1 % (s). */
export function impactDurationS(spec: ImpactSpec): number {
  return Math.log(1000) / (spec.dampingRatio * 2 * Math.PI * spec.frequencyHz);
}

/**
 * Add the transient of one contact to a specific-force sample.
 * @param spec site's transient
 * @param uS time since contact, s (no effect outside [0, duration])
 * @param landingSpeedMps landing speed, m/s
 * @param acc sensor-frame specific force (n x 3), modified in place at index i
 */
export function addImpact(spec: ImpactSpec, uS: number, landingSpeedMps: number, acc: Float64Array, i: number): void {
  if (!(uS >= 0) || uS > impactDurationS(spec)) return;
  const w = 2 * Math.PI * spec.frequencyHz;
  const z = spec.dampingRatio;
  const a = spec.gainMps2PerMps * landingSpeedMps * Math.exp(-z * w * uS) * Math.sin(w * Math.sqrt(1 - z * z) * uS);
  acc[3 * i] += 0.3 * a;
  acc[3 * i + 2] += 0.7 * a;
}
