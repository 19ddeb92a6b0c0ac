/**
 * Running on a synthetic but physically consistent foot trace (no real running IMU recording is
 * available: real-data running validation is still open). A rigid foot with a prescribed sole
 * angle θ(t) and toe-ward/vertical translation; the sensor reads ω_y = −θ̇ and the specific force
 * R(θ)ᵀ (a + g), plus an impact transient at IC, white noise and a tilted mounting.
 * Cycle after Hamner subject02 (biomechanics.md § 5): stride 0.7 s, toe-off at 35 % GC, strike
 * angle ≈ 18° (rearfoot), speed 4 m/s → stride length 2.8 m.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/random.ts';
import type { Trace } from '../../src/imu/trace.ts';
import { analyzeTrace } from '../../src/imu/pipeline/index.ts';

const STRIDE_S = 0.7;
const TO_FRAC = 0.35;
const LENGTH_M = 2.8;
/** The run starts and ends at foot-flat (18 % GC) so standing joins it smoothly. */
const PHASE0 = 0.18;
// sole angle keypoints (% GC, deg): strike 18°, flat 15–22 %, push-off to −45° at TO, −60° early swing
const KEYS: Array<[number, number]> = [[0, 18], [8, 5], [15, 0], [22, 0], [35, -45], [45, -60], [70, -10], [90, 20], [100, 18]];

/** C1 cosine interpolation through the keypoints (periodic), deg. */
function soleAngleDeg(frac: number): number {
  const p = frac * 100;
  for (let k = 0; k + 1 < KEYS.length; k++) {
    const [x0, y0] = KEYS[k];
    const [x1, y1] = KEYS[k + 1];
    if (p >= x0 && p <= x1) {
      const u = (p - x0) / (x1 - x0);
      return y0 + (y1 - y0) * (1 - Math.cos(Math.PI * u)) / 2;
    }
  }
  return KEYS[0][1];
}

/** Build a synthetic running trace of `nStrides` strides after 1 s standing. */
function syntheticRun(fs: number, nStrides: number, seed: number, mountTiltRad = 0.3): Trace {
  const rng = createRng(seed, 'synthetic-run');
  const standS = 1;
  const n = Math.round((standS * 2 + nStrides * STRIDE_S) * fs);
  const acc = new Float64Array(3 * n);
  const gyr = new Float64Array(3 * n);
  const dt = 1 / fs;
  const g = 9.81;
  const theta = (t: number): number => {
    const tc = t - standS;
    if (tc < 0 || tc > nStrides * STRIDE_S) return 0;
    const f = (tc / STRIDE_S + PHASE0) % 1;
    return (soleAngleDeg(f) * Math.PI) / 180;
  };
  // swing translation: x = L (u − sin 2πu / 2π), z = H (1 − cos 2πu)/2 over the swing, u ∈ [0,1]
  const swingS = (1 - TO_FRAC) * STRIDE_S;
  const H = 0.15;
  const trans = (t: number): [number, number] => {
    const tc = t - standS;
    if (tc < 0 || tc > nStrides * STRIDE_S) return [0, 0];
    const f = (tc / STRIDE_S + PHASE0) % 1;
    if (f < TO_FRAC) return [0, 0];
    const u = (f - TO_FRAC) / (1 - TO_FRAC);
    const w = (2 * Math.PI) / swingS;
    return [((LENGTH_M * w) / swingS) * Math.sin(2 * Math.PI * u), ((H * w * w) / 2) * Math.cos(2 * Math.PI * u)];
  };
  // mounting: sensor tilted about x then z (unknown to the pipeline)
  const ca = Math.cos(mountTiltRad);
  const sa = Math.sin(mountTiltRad);
  const cb = Math.cos(1.2);
  const sb = Math.sin(1.2);
  for (let i = 0; i < n; i++) {
    const t = i * dt;
    const th = theta(t);
    const rate = (theta(t + dt / 2) - theta(t - dt / 2)) / dt;
    const [ax, az] = trans(t);
    // specific force in the foot frame (x toe, z up at foot flat)
    let fx = ax * Math.cos(th) + (az + g) * Math.sin(th);
    let fz = -ax * Math.sin(th) + (az + g) * Math.cos(th);
    const tc = t - standS;
    if (tc > 0 && tc < nStrides * STRIDE_S) {
      const since = ((tc / STRIDE_S + PHASE0) % 1) * STRIDE_S; // time since IC
      const imp = since < 0.06 ? 8 * g * Math.exp(-since / 0.012) * Math.sin(2 * Math.PI * 45 * since) : 0;
      fz += imp;
      fx += 0.3 * imp;
    }
    const fy = 0;
    const wx = 0;
    const wy = -rate; // + plantarflexion (toe down) = θ decreasing
    const wz = 0;
    // foot → sensor: v_s = Rz(b)ᵀ Rx(a)ᵀ v_f
    const rot = (x: number, y: number, z: number): [number, number, number] => {
      const y1 = ca * y + sa * z;
      const z1 = -sa * y + ca * z;
      return [cb * x + sb * y1, -sb * x + cb * y1, z1];
    };
    const a = rot(fx, fy, fz);
    const w = rot(wx, wy, wz);
    for (let c = 0; c < 3; c++) {
      acc[3 * i + c] = a[c] + 0.05 * rng.normal();
      gyr[3 * i + c] = w[c] + 0.01 * rng.normal();
    }
  }
  const timeS = new Float64Array(n);
  for (let i = 0; i < n; i++) timeS[i] = i * dt;
  return { timeS, accMps2: acc, gyrRadS: gyr, samplingRateHz: fs, site: 'foot', side: 'right', meta: {}, notes: [] };
}

describe('synthetic running (0.7 s stride, 35 % stance, tilted mounting)', () => {
  const fs = 200;
  const nStrides = 30;
  const res = analyzeTrace(syntheticRun(fs, nStrides, 7), { gait: 'auto' });
  const inner = res.strides.filter((s) => s.startS > 1.5 && s.endS < 1 + nStrides * STRIDE_S - 0.3);

  it('finds every stride and classifies the gait as running', () => {
    console.log(`synthetic run: ${res.strides.length} strides, duty factor ${res.run.dutyFactor.toFixed(3)}, gait ${res.run.gait}`);
    expect(res.strides.length).toBeGreaterThanOrEqual(nStrides - 1);
    expect(res.strides.length).toBeLessThanOrEqual(nStrides);
    expect(res.run.gait).toBe('run');
  });

  it('places IC and TO within 20 ms of the truth and recovers stance time', () => {
    const icErr: number[] = [];
    const toErr: number[] = [];
    for (const s of inner) {
      // truth: IC at f = 0, TO at f = TO_FRAC, with f = (t − 1 s)/stride + PHASE0
      const k = Math.round((s.icS - 1) / STRIDE_S + PHASE0);
      icErr.push(Math.abs(s.icS - (1 + (k - PHASE0) * STRIDE_S)) * 1000);
      const kTo = Math.round((s.toS - 1) / STRIDE_S + PHASE0 - TO_FRAC);
      toErr.push(Math.abs(s.toS - (1 + (kTo - PHASE0 + TO_FRAC) * STRIDE_S)) * 1000);
    }
    const max = (v: number[]) => Math.max(...v);
    console.log(`synthetic run: max |IC err| ${max(icErr).toFixed(1)} ms, max |TO err| ${max(toErr).toFixed(1)} ms, stance ${res.run.features.stanceTimeS.median.toFixed(3)} s`);
    expect(max(icErr)).toBeLessThan(20);
    expect(max(toErr)).toBeLessThan(30);
    expect(res.run.features.strideTimeS.median).toBeCloseTo(STRIDE_S, 2);
    expect(Math.abs(res.run.features.stanceTimeS.median - TO_FRAC * STRIDE_S)).toBeLessThan(0.03);
  });

  it('recovers stride length, strike angle and swing toe-up rate from the tilted sensor', () => {
    const f = res.run.features;
    console.log(`synthetic run: stride length ${f.strideLengthM.median.toFixed(3)} m, IC pitch ${((f.footPitchAtIcRad.median * 180) / Math.PI).toFixed(1)}°, TO pitch ${((f.footPitchAtToRad.median * 180) / Math.PI).toFixed(1)}°, lift ${f.maxSensorLiftM.median.toFixed(3)} m`);
    expect(Math.abs(f.strideLengthM.median - LENGTH_M)).toBeLessThan(0.1);
    expect(Math.abs((f.footPitchAtIcRad.median * 180) / Math.PI - 18)).toBeLessThan(3);
    expect(Math.abs((f.footPitchAtToRad.median * 180) / Math.PI + 45)).toBeLessThan(5);
    expect(Math.abs(f.maxSensorLiftM.median - 0.15)).toBeLessThan(0.03);
    // analytic peak toe-up rate of the keypoint curve: max of −θ̇ in swing
    let peak = 0;
    for (let p = 0.35; p < 1; p += 1e-4) peak = Math.max(peak, (soleAngleDeg(p + 1e-4) - soleAngleDeg(p)) / 1e-4);
    const peakRadS = (peak * Math.PI) / 180 / STRIDE_S;
    expect(Math.abs(f.peakSwingToeUpRateRadS.median - peakRadS) / peakRadS).toBeLessThan(0.05);
  });

  it('does not invent strides while standing', () => {
    expect(res.strides.every((s) => s.toS > 0.9 && s.icS < 1 + nStrides * STRIDE_S + 0.1)).toBe(true);
  });
});
