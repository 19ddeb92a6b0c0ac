import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/errors.ts';
import {
  SUPPORTED_SPEED_MPS,
  evalFourier,
  evalFourierDerivatives,
  fitFourier,
  gaitPattern,
  strideTimeAtSpeedS,
  toeOffPhaseAtSpeed,
  type FourierSeries,
} from '../../src/model/kinematics.ts';

const series = (a0: number, a: number[], b: number[]): FourierSeries => ({ a0, a: Float64Array.from(a), b: Float64Array.from(b) });

describe('evalFourier', () => {
  it('evaluates a hand-computed series', () => {
    const s = series(1, [2, 0.5], [3, -1]);
    // φ = 0: 1 + 2 + 0.5 = 3.5; φ = 0.25: 1 + 2·0 + 3·1 + 0.5·(−1) + (−1)·0 = 3.5; φ = 0.5: 1 − 2 + 0.5 = −0.5
    expect(evalFourier(s, 0)).toBeCloseTo(3.5, 12);
    expect(evalFourier(s, 0.25)).toBeCloseTo(3.5, 12);
    expect(evalFourier(s, 0.5)).toBeCloseTo(-0.5, 12);
    expect(evalFourier(s, 1.25)).toBeCloseTo(evalFourier(s, 0.25), 12);
  });

  it('derivatives match central finite differences', () => {
    const coef = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(coef, coef, fc.double({ min: 0, max: 1, noNaN: true }), (a, b, phase) => {
        const s = series(0.3, a, b);
        const out = new Float64Array(4);
        evalFourierDerivatives(s, phase, out, 1);
        const h = 1e-4;
        const fd1 = (evalFourier(s, phase + h) - evalFourier(s, phase - h)) / (2 * h);
        const fd2 = (evalFourier(s, phase + h) - 2 * evalFourier(s, phase) + evalFourier(s, phase - h)) / (h * h);
        expect(out[0]).toBe(0); // offset respected
        expect(out[1]).toBeCloseTo(evalFourier(s, phase), 10);
        expect(Math.abs(out[2] - fd1)).toBeLessThan(1e-5 * (1 + Math.abs(fd1)));
        expect(Math.abs(out[3] - fd2)).toBeLessThan(1e-3 * (1 + Math.abs(fd2)));
      }),
      { numRuns: 50 },
    );
  });
});

describe('fitFourier', () => {
  it('recovers the coefficients of a band-limited signal', () => {
    const truth = series(0.2, [1, -0.3, 0.05], [0.4, 0.1, -0.02]);
    const n = 64;
    const samples = Float64Array.from({ length: n }, (_, i) => evalFourier(truth, i / n));
    const fit = fitFourier(samples, 3);
    expect(fit.a0).toBeCloseTo(0.2, 12);
    for (let k = 0; k < 3; k++) {
      expect(fit.a[k]).toBeCloseTo(truth.a[k], 12);
      expect(fit.b[k]).toBeCloseTo(truth.b[k], 12);
    }
  });

  it('rejects too many harmonics and non-finite samples', () => {
    expect(() => fitFourier(new Float64Array(8), 4)).toThrow(InputError);
    expect(() => fitFourier(Float64Array.from([0, Number.NaN, 0, 0]), 1)).toThrow(InputError);
  });
});

describe('gaitPattern speed validation', () => {
  it('rejects speeds outside the supported range with a message naming it', () => {
    expect(() => gaitPattern('run', 2.4)).toThrow(InputError);
    expect(() => gaitPattern('run', 2.4)).toThrow(/\[2\.5, 4\.5\] m\/s/);
    expect(() => gaitPattern('run', 4.6)).toThrow(/\[2\.5, 4\.5\]/);
    expect(() => gaitPattern('walk', 1.7)).toThrow(/\[1, 1\.6\] m\/s/);
    expect(() => gaitPattern('walk', 0.9)).toThrow(InputError);
  });

  it('rejects NaN and infinite speeds', () => {
    expect(() => gaitPattern('run', Number.NaN)).toThrow(InputError);
    expect(() => gaitPattern('walk', Number.NaN)).toThrow(/\[1, 1\.6\]/);
    expect(() => gaitPattern('run', Number.POSITIVE_INFINITY)).toThrow(InputError);
  });

  it('accepts the range ends', () => {
    for (const gait of ['run', 'walk'] as const) {
      for (const v of SUPPORTED_SPEED_MPS[gait]) expect(gaitPattern(gait, v).speedMps).toBe(v);
    }
  });
});

describe('gaitPattern speed scaling', () => {
  const speeds = (g: 'run' | 'walk') => {
    const [lo, hi] = SUPPORTED_SPEED_MPS[g];
    return Array.from({ length: 9 }, (_, i) => lo + ((hi - lo) * i) / 8);
  };

  it('stride time and stance fraction fall as speed rises', () => {
    for (const g of ['run', 'walk'] as const) {
      const v = speeds(g);
      for (let i = 1; i < v.length; i++) {
        expect(strideTimeAtSpeedS(g, v[i])).toBeLessThan(strideTimeAtSpeedS(g, v[i - 1]));
        expect(toeOffPhaseAtSpeed(g, v[i])).toBeLessThanOrEqual(toeOffPhaseAtSpeed(g, v[i - 1]));
      }
    }
  });

  it('peak swing knee flexion and hip range grow with running speed', () => {
    const peak = (v: number) => {
      const p = gaitPattern('run', v);
      let knee = -Infinity;
      let hipMax = -Infinity;
      let hipMin = Infinity;
      for (let i = 0; i < 500; i++) {
        knee = Math.max(knee, evalFourier(p.kneeFlexionRad, i / 500));
        const h = evalFourier(p.hipFlexionRad, i / 500);
        hipMax = Math.max(hipMax, h);
        hipMin = Math.min(hipMin, h);
      }
      return { knee, hipRange: hipMax - hipMin };
    };
    const a = peak(2.5);
    const b = peak(3.5);
    const c = peak(4.5);
    expect(a.knee).toBeLessThan(b.knee);
    expect(b.knee).toBeLessThan(c.knee);
    expect(a.hipRange).toBeLessThan(b.hipRange);
    expect(b.hipRange).toBeLessThan(c.hipRange);
  });

  it('is continuous in speed around the measured speed (warp branch meets the identity branch)', () => {
    const base = gaitPattern('run', 3.939);
    const near = gaitPattern('run', 3.9391);
    for (let i = 0; i < 100; i++) {
      for (const key of ['hipFlexionRad', 'kneeFlexionRad', 'ankleDorsiflexionRad', 'hipHeightOffsetM'] as const) {
        expect(Math.abs(evalFourier(near[key], i / 100) - evalFourier(base[key], i / 100))).toBeLessThan(2e-3);
      }
    }
  });

  it('has smooth, plausible accelerations (no ringing) at every supported speed', () => {
    const out = new Float64Array(3);
    for (const g of ['run', 'walk'] as const) {
      for (const v of speeds(g)) {
        const p = gaitPattern(g, v);
        for (const key of ['hipFlexionRad', 'kneeFlexionRad', 'ankleDorsiflexionRad'] as const) {
          let maxAcc = 0;
          for (let i = 0; i <= 1000; i++) {
            evalFourierDerivatives(p[key], i / 1000, out);
            maxAcc = Math.max(maxAcc, Math.abs(out[2]) / p.strideTimeS ** 2);
          }
          // Joint angular accelerations in these data stay below ~500 rad/s² (Hamner knee ≈ 270).
          expect(maxAcc).toBeLessThan(500);
          // Ringing = the highest harmonic dominating the acceleration; here it must stay a minor part.
          const s = p[key];
          const k = s.a.length;
          const topAcc = ((2 * Math.PI * k) ** 2 * Math.hypot(s.a[k - 1], s.b[k - 1])) / p.strideTimeS ** 2;
          expect(topAcc / maxAcc).toBeLessThan(0.3);
        }
      }
    }
  });

  it('names its sources and a positive reference height', () => {
    const p = gaitPattern('walk', 1.3);
    expect(p.sources.length).toBeGreaterThan(0);
    expect(p.referenceHeightM).toBeGreaterThan(1.5);
    expect(p.referenceHeightM).toBeLessThan(2.1);
  });
});
