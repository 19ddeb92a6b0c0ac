/**
 * MEMS sensor error models and presets (values from /work/shared/reference/imu.md §C).
 *
 * Per sample at the output rate, per axis:  y = Q(clip(S·(1 + s)·x + b₀ + b_rw(t) + n)),
 * with x the true signal, S the cross-axis matrix (off-diagonals ~ N(0, σ_cross)), s the scale-factor
 * error ~ N(0, σ_scale), b₀ the turn-on bias ~ N(0, σ_bias), b_rw a bias random walk, n white noise
 * with σ = noise density × √bandwidth (bandwidth = 0.4 × output rate, a typical digital low-pass;
 * the reference notes' BMI270 example: 200 Hz ODR ↔ ≈ 80 Hz), Q quantisation to the LSB of a
 * 16-bit output over the range, clip the full-scale range. All draws come from the caller's Rng.
 */
import type { Rng } from '../../random.ts';
import { STANDARD_GRAVITY_MPS2 } from '../../units.ts';

const G = STANDARD_GRAVITY_MPS2;
const DEG = Math.PI / 180;

export interface SensorSpec {
  name: string;
  /** White noise densities: m/s²/√Hz and rad/s/√Hz. */
  accNoiseDensity: number;
  gyrNoiseDensity: number;
  /** Turn-on bias SD: m/s², rad/s. */
  accBiasSd: number;
  gyrBiasSd: number;
  /** Bias instability used as the SD of the bias random walk after 100 s: m/s², rad/s. * random-walk reading of a bias-instability figure. */
  accBiasWalk100s: number;
  gyrBiasWalk100s: number;
  /** Scale-factor and cross-axis SDs (fractions). */
  scaleSd: number;
  crossAxisSd: number;
  /** Full-scale ranges (Infinity = none): m/s², rad/s. */
  accRangeMps2: number;
  gyrRangeRadS: number;
  /** Output resolution (bits) over ± range; 0 = no quantisation. */
  bits: number;
  sources: string;
}

export const SENSOR_PRESETS: Readonly<Record<'bmi270' | 'icm20948' | 'xsens-mti' | 'ideal', SensorSpec>> = Object.freeze({
  bmi270: {
    name: 'bmi270',
    accNoiseDensity: 160e-6 * G, // 160 µg/√Hz, Bosch BMI270 datasheet via Luxonis docs (reference notes §C)
    gyrNoiseDensity: 0.007 * DEG, // 0.007 °/s/√Hz, same source
    accBiasSd: 0.02 * G, // ±20–60 mg accel offset (reference notes, bias guidance) → SD 20 mg *
    gyrBiasSd: 1 * DEG, // ±1–3 °/s consumer turn-on offset (reference notes) → SD 1 °/s *
    accBiasWalk100s: 0.1e-3 * G, // [M] not in the notes
    gyrBiasWalk100s: (10 / 3600) * DEG, // 5–20 °/h bias instability (reference notes) *
    scaleSd: 0.01, // ±0.5–2 % (reference notes)
    crossAxisSd: 0.01, // ≈ 2 % cross-axis (reference notes, ICM-20948 figure) *
    accRangeMps2: 16 * G,
    gyrRangeRadS: 2000 * DEG,
    bits: 16,
    sources: 'Bosch BMI270 datasheet noise via docs.luxonis.com; biases per /work/shared/reference/imu.md §C guidance',
  },
  icm20948: {
    name: 'icm20948',
    accNoiseDensity: 230e-6 * G, // 230 µg/√Hz, TDK DS-000189 rev 1.3 p. 12 (reference notes)
    gyrNoiseDensity: 0.015 * DEG, // 0.015 dps/√Hz — from memory in the notes, not re-verified [M]
    accBiasSd: 0.025 * G, // ±25 mg component-level zero-g offset (DS-000189) as SD *
    gyrBiasSd: 1 * DEG, // consumer guidance (reference notes) [M]
    accBiasWalk100s: 0.1e-3 * G, // [M]
    gyrBiasWalk100s: (10 / 3600) * DEG, // guidance 5–20 °/h *
    scaleSd: 0.01,
    crossAxisSd: 0.01, // ±2 % cross-axis (DS-000189 via notes) as SD 1 % *
    accRangeMps2: 16 * G,
    gyrRangeRadS: 2000 * DEG,
    bits: 16,
    sources: 'TDK ICM-20948 DS-000189 rev 1.3 (accel noise, offsets, cross-axis); gyro noise density unverified',
  },
  'xsens-mti': {
    name: 'xsens-mti',
    accNoiseDensity: 60e-6 * G, // 60 µg/√Hz, Movella MTi-300 PDF (reference notes)
    gyrNoiseDensity: 0.01 * DEG, // 0.01 °/s/√Hz, same
    accBiasSd: 0.002 * G, // factory-calibrated; [M]
    gyrBiasSd: 0.1 * DEG, // ±0.1–0.5 °/s after calibration (reference notes guidance) *
    accBiasWalk100s: 15e-6 * G, // in-run bias stability 15 µg (MTi-300)
    gyrBiasWalk100s: (10 / 3600) * DEG, // in-run bias stability 10 °/h (MTi-300)
    scaleSd: 0.002, // calibrated unit [M]
    crossAxisSd: 0.001, // [M]
    // * MTi-300 is ±450 °/s / ±20 g, which would clip every running swing; the range of Xsens units
    // used for gait (MTw Awinda: ±2000 °/s, ±16 g [M]) is used instead.
    accRangeMps2: 16 * G,
    gyrRangeRadS: 2000 * DEG,
    bits: 0,
    sources: 'Movella MTi-300 datasheet (noise, in-run bias); range of the MTw Awinda [M]',
  },
  ideal: {
    name: 'ideal',
    accNoiseDensity: 0,
    gyrNoiseDensity: 0,
    accBiasSd: 0,
    gyrBiasSd: 0,
    accBiasWalk100s: 0,
    gyrBiasWalk100s: 0,
    scaleSd: 0,
    crossAxisSd: 0,
    accRangeMps2: Infinity,
    gyrRangeRadS: Infinity,
    bits: 0,
    sources: 'no errors (exact kinematics after anti-aliasing)',
  },
});

export type SensorPresetName = keyof typeof SENSOR_PRESETS;

/** One sensor's drawn errors and running state (one per trace). */
export class SensorErrors {
  private readonly accMatrix = new Float64Array(9);
  private readonly gyrMatrix = new Float64Array(9);
  private readonly accBias = new Float64Array(3);
  private readonly gyrBias = new Float64Array(3);
  private readonly accSigma: number;
  private readonly gyrSigma: number;
  private readonly accWalk: number;
  private readonly gyrWalk: number;
  private readonly accLsb: number;
  private readonly gyrLsb: number;
  private readonly v = new Float64Array(3);

  /**
   * @param spec sensor model
   * @param rateHz output rate, Hz
   * @param rng random source for this sensor (drawn from here only)
   */
  constructor(
    readonly spec: SensorSpec,
    readonly rateHz: number,
    private readonly rng: Rng,
  ) {
    const bandwidthHz = 0.4 * rateHz;
    this.accSigma = spec.accNoiseDensity * Math.sqrt(bandwidthHz);
    this.gyrSigma = spec.gyrNoiseDensity * Math.sqrt(bandwidthHz);
    const dt = 1 / rateHz;
    this.accWalk = spec.accBiasWalk100s * Math.sqrt(dt / 100);
    this.gyrWalk = spec.gyrBiasWalk100s * Math.sqrt(dt / 100);
    this.accLsb = spec.bits > 0 && Number.isFinite(spec.accRangeMps2) ? spec.accRangeMps2 / 2 ** (spec.bits - 1) : 0;
    this.gyrLsb = spec.bits > 0 && Number.isFinite(spec.gyrRangeRadS) ? spec.gyrRangeRadS / 2 ** (spec.bits - 1) : 0;
    for (const [m, b, sd] of [
      [this.accMatrix, this.accBias, spec.accBiasSd],
      [this.gyrMatrix, this.gyrBias, spec.gyrBiasSd],
    ] as const) {
      for (let r = 0; r < 3; r++) {
        for (let c = 0; c < 3; c++) m[3 * r + c] = r === c ? 1 + spec.scaleSd * rng.normal() : spec.crossAxisSd * rng.normal();
        b[r] = sd * rng.normal();
      }
    }
  }

  /** Apply the errors to sample i of (n x 3) arrays in place. */
  apply(acc: Float64Array, gyr: Float64Array, i: number): void {
    const s = this.spec;
    this.one(acc, i, this.accMatrix, this.accBias, this.accSigma, this.accWalk, s.accRangeMps2, this.accLsb);
    this.one(gyr, i, this.gyrMatrix, this.gyrBias, this.gyrSigma, this.gyrWalk, s.gyrRangeRadS, this.gyrLsb);
  }

  private one(x: Float64Array, i: number, m: Float64Array, bias: Float64Array, sigma: number, walk: number, range: number, lsb: number): void {
    const o = 3 * i;
    const v = this.v;
    for (let r = 0; r < 3; r++) v[r] = m[3 * r] * x[o] + m[3 * r + 1] * x[o + 1] + m[3 * r + 2] * x[o + 2];
    for (let r = 0; r < 3; r++) {
      if (walk > 0) bias[r] += walk * this.rng.normal();
      let y = v[r] + bias[r] + (sigma > 0 ? sigma * this.rng.normal() : 0);
      if (y > range) y = range;
      else if (y < -range) y = -range;
      if (lsb > 0) y = Math.round(y / lsb) * lsb;
      x[o + r] = y;
    }
  }
}
