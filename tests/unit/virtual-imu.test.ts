/**
 * Kernels of the marker-based virtual IMU (src/refdata/virtual-imu.ts), checked against exact
 * answers: Horn's rigid fit on a known rotation, the zero-lag Butterworth's gain and phase, the
 * 5-point stencils on polynomials, and the whole virtual IMU on markers of an analytic rigid motion
 * (specific force and angular rate in closed form).
 */
import { describe, expect, it } from 'vitest';
import {
  centralDerivative5,
  fitRotation,
  matchMarkerLabels,
  virtualImu,
  zeroLagLowPass,
} from '../../src/refdata/virtual-imu.ts';
import type { MarkerData } from '../../src/refdata/opensim.ts';
import { FOOT_SENSOR_ABOVE_SOLE_M, FOOT_SENSOR_SOLE_FRACTION } from '../../src/imu/synth/mounting.ts';

/** Rotation matrix (row-major) of a unit quaternion (w, x, y, z). */
function quatToMatrix(w: number, x: number, y: number, z: number): number[] {
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
    2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
    2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
  ];
}

describe('fitRotation (Horn 1987)', () => {
  it('recovers a known rotation from noise-free points', () => {
    const q = [0.7, -0.3, 0.5, 0.2];
    const n = Math.hypot(...q);
    const R = quatToMatrix(q[0] / n, q[1] / n, q[2] / n, q[3] / n);
    const a = Float64Array.of(0.1, 0, 0, -0.05, 0.02, 0, 0, -0.04, 0.03, -0.05, 0.02, -0.03);
    const b = new Float64Array(a.length);
    for (let j = 0; j < 4; j++) for (let r = 0; r < 3; r++) b[3 * j + r] = R[3 * r] * a[3 * j] + R[3 * r + 1] * a[3 * j + 1] + R[3 * r + 2] * a[3 * j + 2];
    const out = fitRotation(a, b, new Float64Array(9));
    for (let k = 0; k < 9; k++) expect(out[k]).toBeCloseTo(R[k], 10);
  });

  it('rejects fewer than three points', () => {
    expect(() => fitRotation(new Float64Array(6), new Float64Array(6), new Float64Array(9))).toThrow(/≥ 3 points/);
  });
});

describe('zeroLagLowPass (Butterworth, forward–backward)', () => {
  const fs = 150;
  const n = 3000;
  const sine = (fHz: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * fHz * i) / fs));
  const amplitudeAndLag = (x: Float64Array, y: Float64Array): [number, number] => {
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 1000; i < 2000; i++) {
      sxy += x[i] * y[i];
      sxx += x[i] * x[i];
      syy += y[i] * y[i];
    }
    return [Math.sqrt(syy / sxx), sxy / Math.sqrt(sxx * syy)];
  };

  it('keeps a constant, is −3 dB at the cutoff and has no phase shift', () => {
    const c = zeroLagLowPass(new Float64Array(100).fill(2.5), 20, fs);
    for (const v of c) expect(v).toBeCloseTo(2.5, 12);
    const [gainCut, corrCut] = amplitudeAndLag(sine(20), zeroLagLowPass(sine(20), 20, fs));
    expect(gainCut).toBeCloseTo(Math.SQRT1_2, 2);
    expect(corrCut).toBeGreaterThan(0.9999); // in phase
    const [gainLow] = amplitudeAndLag(sine(3), zeroLagLowPass(sine(3), 20, fs));
    expect(gainLow).toBeGreaterThan(0.999);
    const [gainHigh] = amplitudeAndLag(sine(50), zeroLagLowPass(sine(50), 20, fs));
    expect(gainHigh).toBeLessThan(0.1);
  });

  it('rejects a cutoff at or above Nyquist', () => {
    expect(() => zeroLagLowPass(sine(3), 80, fs)).toThrow(/cutoff/);
  });
});

describe('centralDerivative5', () => {
  it('is exact for a quartic (first) and a quintic (second derivative)', () => {
    const h = 0.01;
    const x = Float64Array.from({ length: 20 }, (_, i) => {
      const t = i * h;
      return 1 + 2 * t - 3 * t ** 2 + 0.5 * t ** 3 + 4 * t ** 4 + 2 * t ** 5;
    });
    const d1 = centralDerivative5(Float64Array.from(x, (_, i) => {
      const t = i * h;
      return 1 + 2 * t - 3 * t ** 2 + 0.5 * t ** 3 + 4 * t ** 4;
    }), 1, h, 1);
    const d2 = centralDerivative5(x, 1, h, 2);
    for (let i = 2; i < 18; i++) {
      const t = i * h;
      expect(d1[i]).toBeCloseTo(2 - 6 * t + 1.5 * t ** 2 + 16 * t ** 3, 8);
      expect(d2[i]).toBeCloseTo(-6 + 3 * t + 48 * t ** 2 + 40 * t ** 3, 6);
    }
  });
});

// ---- whole virtual IMU on an analytic rigid motion
// Lab axes as RBDS: X forward, Y up, Z right (world: x = X, y = −Z, z = Y).
const labFromWorld = (p: number[]): number[] => [p[0], p[2], -p[1]];
/** Static positions, world frame (m): right foot pointing +x, flat; left foot and pelvis for the axes. */
const STATIC_WORLD: Record<string, number[]> = {
  'R.Heel.Top': [0, -0.1, 0.09],
  'R.Heel.Bottom': [-0.01, -0.1, 0.04],
  'R.Heel.Lateral': [0.01, -0.15, 0.06],
  'R.MT1': [0.2, -0.05, 0.06],
  'R.MT5': [0.2, -0.15, 0.06],
  'L.Heel.Bottom': [-0.01, 0.1, 0.04],
  'L.MT1': [0.2, 0.05, 0.06],
  'L.MT5': [0.2, 0.15, 0.06],
  'R.ASIS': [0.1, -0.12, 1],
  'L.ASIS': [0.1, 0.12, 1],
};
const FOOT = ['R.Heel.Top', 'R.Heel.Bottom', 'R.Heel.Lateral', 'R.MT1', 'R.MT5'];

function markerData(frames: number, fs: number, at: (name: string, i: number) => number[], source: string): MarkerData {
  const positionsM = new Map<string, Float64Array>();
  for (const name of Object.keys(STATIC_WORLD)) {
    const p = new Float64Array(3 * frames);
    for (let i = 0; i < frames; i++) p.set(labFromWorld(at(name, i)), 3 * i);
    positionsM.set(name, p);
  }
  return { samplingRateHz: fs, declaredUnits: 'm', timeS: Float64Array.from({ length: frames }, (_, i) => i / fs), markerNames: [...positionsM.keys()], positionsM, source };
}

// motion: world point x0 → d(t) + Ry(θ(t))·x0, θ = B sin(Ωt) (toe down for θ > 0), d = (Ax sin Ωt, 0, Az sin 2Ωt)
const FS = 150;
const OMEGA = 2 * Math.PI * 1.3;
const B = 0.6;
const AX = 0.3;
const AZ = 0.05;
const ry = (th: number): number[] => [Math.cos(th), 0, Math.sin(th), 0, 1, 0, -Math.sin(th), 0, Math.cos(th)];
const mul = (R: number[], v: number[]): number[] => [0, 1, 2].map((r) => R[3 * r] * v[0] + R[3 * r + 1] * v[1] + R[3 * r + 2] * v[2]);
function moved(x0: number[], t: number): number[] {
  const p = mul(ry(B * Math.sin(OMEGA * t)), x0);
  return [p[0] + AX * Math.sin(OMEGA * t), p[1], p[2] + AZ * Math.sin(2 * OMEGA * t)];
}
const staticTrial = markerData(30, FS, (name) => STATIC_WORLD[name], 'static');
const trial = markerData(900, FS, (name, i) => (FOOT.includes(name) ? moved(STATIC_WORLD[name], i / FS) : STATIC_WORLD[name]), 'trial');

describe('virtualImu on an analytic rigid motion', () => {
  // sensor origin as staticMount: half-way from the heel to the MT heads, 5.5 cm above the floor
  const heel = STATIC_WORLD['R.Heel.Bottom'];
  const s0 = [heel[0] + FOOT_SENSOR_SOLE_FRACTION * (0.2 - heel[0]), heel[1], FOOT_SENSOR_ABOVE_SOLE_M];

  it('reads the closed-form angular rate and specific force (FSF: toe-down rotation = +gyr_y)', () => {
    const tr = virtualImu(trial, staticTrial, 'right', 'foot', { cutoffHz: 20 });
    let worstF = 0;
    let worstW = 0;
    for (let k = Math.round(0.5 * FS); k < tr.timeS.length - Math.round(0.5 * FS); k++) {
      const t = tr.timeS[k];
      const th = B * Math.sin(OMEGA * t);
      const thd = B * OMEGA * Math.cos(OMEGA * t);
      const thdd = -B * OMEGA * OMEGA * Math.sin(OMEGA * t);
      // R'' s0 for Ry: dR/dθ and d²R/dθ²
      const c = Math.cos(th);
      const s = Math.sin(th);
      const d1 = [-s * s0[0] + c * s0[2], 0, -c * s0[0] - s * s0[2]];
      const d2 = [-c * s0[0] - s * s0[2], 0, s * s0[0] - c * s0[2]];
      const a = [0, 1, 2].map((j) => d2[j] * thd * thd + d1[j] * thdd);
      a[0] += -AX * OMEGA * OMEGA * Math.sin(OMEGA * t);
      a[2] += -AZ * 4 * OMEGA * OMEGA * Math.sin(2 * OMEGA * t) + 9.80665;
      const R = ry(th);
      const f = [0, 1, 2].map((col) => R[col] * a[0] + R[3 + col] * a[1] + R[6 + col] * a[2]); // Rᵀ(a − g)
      for (let j = 0; j < 3; j++) worstF = Math.max(worstF, Math.abs(tr.accMps2[3 * k + j] - f[j]));
      worstW = Math.max(worstW, Math.abs(tr.gyrRadS[3 * k + 1] - thd), Math.abs(tr.gyrRadS[3 * k]), Math.abs(tr.gyrRadS[3 * k + 2]));
    }
    // peaks: |f| ≈ 25 m/s², |ω| ≈ 4.9 rad/s; errors from the 20 Hz low-pass and the stencils only
    expect(worstF).toBeLessThan(0.05);
    expect(worstW).toBeLessThan(0.005);
    expect(tr.site).toBe('foot');
    expect(tr.side).toBe('right');
    expect(Number(tr.meta.fit_rms_residual_median_m)).toBeLessThan(1e-6);
  });

  it('reads (0, 0, +g) and no rotation when the foot stands still', () => {
    const still = markerData(300, FS, (name) => STATIC_WORLD[name], 'still');
    const tr = virtualImu(still, staticTrial, 'right', 'foot');
    for (let k = 0; k < tr.timeS.length; k++) {
      expect(tr.accMps2[3 * k]).toBeCloseTo(0, 9);
      expect(tr.accMps2[3 * k + 2]).toBeCloseTo(9.80665, 9);
      expect(tr.gyrRadS[3 * k + 1]).toBeCloseTo(0, 9);
    }
  });

  it('detects two swapped marker labels and undoes the swap', () => {
    const swapped = markerData(900, FS, (name, i) => {
      const real = name === 'R.MT1' ? 'R.MT5' : name === 'R.MT5' ? 'R.MT1' : name;
      return FOOT.includes(real) ? moved(STATIC_WORLD[real], i / FS) : STATIC_WORLD[real];
    }, 'swapped');
    const labels = matchMarkerLabels(swapped, staticTrial, FOOT);
    expect(labels.trialNames).toEqual(['R.Heel.Top', 'R.Heel.Bottom', 'R.Heel.Lateral', 'R.MT5', 'R.MT1']);
    expect(labels.notes[0]).toMatch(/swapped/);
    const a = virtualImu(trial, staticTrial, 'right', 'foot');
    const b = virtualImu(swapped, staticTrial, 'right', 'foot');
    for (let k = 0; k < a.accMps2.length; k += 37) expect(b.accMps2[k]).toBeCloseTo(a.accMps2[k], 9);
  });

  it('throws on a missing marker and on an unfillable gap', () => {
    expect(() => virtualImu(trial, staticTrial, 'right', 'shank')).toThrow(/marker "R.Knee" not found|not found/);
    const gappy = markerData(900, FS, (name, i) => (name === 'R.MT1' && i > 100 && i < 200 ? [NaN, NaN, NaN] : moved(STATIC_WORLD[name], i / FS)), 'gappy');
    expect(() => virtualImu(gappy, staticTrial, 'right', 'foot')).toThrow(/gap of 99 frames/);
  });
});
