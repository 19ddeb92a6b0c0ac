/**
 * Kinematics → ideal IMU readings: specific force f = Rᵀ(a − g) and body-frame angular rate from a
 * finely sampled smooth pose, then anti-aliasing and decimation to the output rate.
 *
 * Differentiation on the fine grid (step h): a = (p₊ − 2p₀ + p₋)/h² (error O(h²·p⁗)); ω from the
 * relative rotation ΔR = R₋ᵀR₊ = exp(2h[ω]×) (body frame at the centre sample, error O(h²)), via
 * the exact axis–angle logarithm. Positions are kept small (frame moving with the runner) so the
 * 1/h² rounding error stays ≪ 1 mm/s². Anti-aliasing: a Blackman-windowed sinc FIR with cutoff
 * 0.4 × output rate (the sensor's own digital low-pass plays this role in real IMUs), applied at
 * the output instants only (polyphase decimation).
 */
import { STANDARD_GRAVITY_MPS2 } from '../../units.ts';

/**
 * Low-pass FIR taps (Blackman-windowed sinc, unity DC gain).
 * @param cutoffCyclesPerSample cutoff / sampling rate (0 < c < 0.5)
 * @param halfLength taps on each side of the centre (length 2·halfLength + 1)
 */
export function designLowPassFir(cutoffCyclesPerSample: number, halfLength: number): Float64Array {
  const n = 2 * halfLength + 1;
  const h = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const m = i - halfLength;
    const sinc = m === 0 ? 2 * cutoffCyclesPerSample : Math.sin(2 * Math.PI * cutoffCyclesPerSample * m) / (Math.PI * m);
    const w = 0.42 + 0.5 * Math.cos((Math.PI * m) / (halfLength + 1)) + 0.08 * Math.cos((2 * Math.PI * m) / (halfLength + 1));
    h[i] = sinc * w;
    sum += h[i];
  }
  for (let i = 0; i < n; i++) h[i] /= sum;
  return h;
}

/**
 * Specific force and angular rate at the interior samples of a fine pose block.
 * @param positionM sensor positions in the world (n x 3), m
 * @param rotation world←sensor rotations (n x 9, row-major)
 * @param stepS fine step h, s
 * @param accOut specific force in the sensor frame (n x 3), m/s² (entries 0 and n−1 left untouched)
 * @param gyrOut angular rate in the sensor frame (n x 3), rad/s
 * @param gravityMps2 gravity magnitude (world −z), m/s²
 */
export function poseToImu(
  positionM: Float64Array,
  rotation: Float64Array,
  stepS: number,
  accOut: Float64Array,
  gyrOut: Float64Array,
  gravityMps2 = STANDARD_GRAVITY_MPS2,
): void {
  const n = positionM.length / 3;
  const inv2 = 1 / (stepS * stepS);
  for (let i = 1; i + 1 < n; i++) {
    const o = 3 * i;
    const ax = (positionM[o + 3] - 2 * positionM[o] + positionM[o - 3]) * inv2;
    const ay = (positionM[o + 4] - 2 * positionM[o + 1] + positionM[o - 2]) * inv2;
    const az = (positionM[o + 5] - 2 * positionM[o + 2] + positionM[o - 1]) * inv2 + gravityMps2;
    const r = 9 * i;
    // f = Rᵀ(a − g), g = (0, 0, −g)
    accOut[o] = rotation[r] * ax + rotation[r + 3] * ay + rotation[r + 6] * az;
    accOut[o + 1] = rotation[r + 1] * ax + rotation[r + 4] * ay + rotation[r + 7] * az;
    accOut[o + 2] = rotation[r + 2] * ax + rotation[r + 5] * ay + rotation[r + 8] * az;
    relativeRate(rotation, 9 * (i - 1), 9 * (i + 1), 2 * stepS, gyrOut, o);
  }
}

/** Body-frame rate from R_a, R_b (offsets into rot) over dt: log(R_aᵀR_b)/dt. */
function relativeRate(rot: Float64Array, a: number, b: number, dtS: number, out: Float64Array, o: number): void {
  // M = R_aᵀ R_b
  let m00 = 0, m01 = 0, m02 = 0, m10 = 0, m11 = 0, m12 = 0, m20 = 0, m21 = 0, m22 = 0;
  for (let k = 0; k < 3; k++) {
    const ak0 = rot[a + 3 * k];
    const ak1 = rot[a + 3 * k + 1];
    const ak2 = rot[a + 3 * k + 2];
    const bk0 = rot[b + 3 * k];
    const bk1 = rot[b + 3 * k + 1];
    const bk2 = rot[b + 3 * k + 2];
    m00 += ak0 * bk0; m01 += ak0 * bk1; m02 += ak0 * bk2;
    m10 += ak1 * bk0; m11 += ak1 * bk1; m12 += ak1 * bk2;
    m20 += ak2 * bk0; m21 += ak2 * bk1; m22 += ak2 * bk2;
  }
  const cosA = Math.min(1, Math.max(-1, (m00 + m11 + m22 - 1) / 2));
  const angle = Math.acos(cosA);
  const sinA = Math.sin(angle);
  const f = angle < 1e-8 ? 0.5 : angle / (2 * sinA);
  out[o] = (f * (m21 - m12)) / dtS;
  out[o + 1] = (f * (m02 - m20)) / dtS;
  out[o + 2] = (f * (m10 - m01)) / dtS;
}

/**
 * Filter and decimate: out[j] = Σ_m h[m]·x[c_j + m − K] for each output j, where c_j is the fine
 * index of output j in the block.
 * @param x fine samples (n x 3)
 * @param taps FIR (2K + 1)
 * @param firstCentre fine index of the first output's centre
 * @param factor decimation factor
 * @param count number of outputs
 * @param out (count x 3) written from outOffset (in samples)
 */
export function firDecimate(x: Float64Array, taps: Float64Array, firstCentre: number, factor: number, count: number, out: Float64Array, outOffset: number): void {
  const K = (taps.length - 1) / 2;
  for (let j = 0; j < count; j++) {
    const c = firstCentre + j * factor;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    for (let m = 0; m < taps.length; m++) {
      const o = 3 * (c + m - K);
      const w = taps[m];
      s0 += w * x[o];
      s1 += w * x[o + 1];
      s2 += w * x[o + 2];
    }
    const q = 3 * (outOffset + j);
    out[q] = s0;
    out[q + 1] = s1;
    out[q + 2] = s2;
  }
}
