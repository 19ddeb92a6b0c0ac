/** Run-level features: time-course model selection (BIC), variability and left–right asymmetry. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/random.ts';
import { compareRunFeatures, fitTimeCourse, runFeatures, type StrideRow } from '../../src/imu/pipeline/features.ts';
import { analyzeTrace } from '../../src/imu/pipeline/index.ts';
import { InputError } from '../../src/errors.ts';

function series(kind: 'constant' | 'linear' | 'step', seed: number): { t: number[]; y: number[] } {
  const rng = createRng(seed, 'timecourse', kind);
  const t: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < 600; i++) {
    const ts = i * 0.7;
    const base = kind === 'linear' ? 0.2 + 0.0001 * ts : kind === 'step' ? (ts > 250 ? 0.15 : 0.2) : 0.2;
    t.push(ts);
    y.push(base + 0.01 * rng.normal());
  }
  return { t, y };
}

describe('time-course models', () => {
  it('picks constant, linear and step with the onset time of the step', () => {
    expect(fitTimeCourse(...Object.values(series('constant', 1)) as [number[], number[]]).best).toBe('constant');
    const lin = fitTimeCourse(...Object.values(series('linear', 2)) as [number[], number[]]);
    expect(lin.best).toBe('linear');
    expect(lin.slopePerMin).toBeCloseTo(0.006, 3);
    const step = fitTimeCourse(...Object.values(series('step', 3)) as [number[], number[]]);
    expect(step.best).toBe('step');
    expect(Math.abs(step.onsetS - 250)).toBeLessThan(3);
    expect(step.change).toBeCloseTo(-0.05, 2);
  });
});

function row(i: number, over: Partial<StrideRow>): StrideRow {
  return {
    stride: i, startS: i, endS: i + 1, icS: i + 0.8, toS: i + 0.4, midStanceS: i + 1, preIcS: i - 0.2,
    strideTimeS: 1, stanceTimeS: 0.6, swingTimeS: 0.4, footPitchAtIcRad: 0.4, footPitchAtToRad: -1,
    peakSwingPitchRad: 0.45, peakSwingToeUpRateRadS: 6, footSlapRadS: 3, peakSwingFrontalRateRadS: 1,
    toeClearanceM: NaN, strideLengthM: 1.4, maxSensorLiftM: 0.15, gaitSpeedMps: 1.4, icFromImpact: true,
    endTiltErrorRad: 0, ...over,
  };
}

describe('run features and asymmetry', () => {
  it('computes medians, CV, the walking duty factor and a one-sided deficit', () => {
    const left = runFeatures(Array.from({ length: 20 }, (_, i) => row(i, { footPitchAtIcRad: 0.4 + (i % 2 ? 0.02 : -0.02) })), 'auto');
    const right = runFeatures(Array.from({ length: 20 }, (_, i) => row(i, { footPitchAtIcRad: 0.2 })), 'auto');
    expect(left.gait).toBe('walk');
    expect(left.dutyFactor).toBeCloseTo(0.6, 6);
    expect(left.features.footPitchAtIcRad.median).toBeCloseTo(0.4, 6);
    expect(left.features.footPitchAtIcRad.cv).toBeGreaterThan(0.04);
    const cmp = compareRunFeatures(left, right);
    expect(cmp.footPitchAtIcRad.difference).toBeCloseTo(0.2, 6);
    expect(cmp.footPitchAtIcRad.symmetryIndexPct).toBeCloseTo((100 * 0.2) / 0.3, 4);
    expect(cmp.strideTimeS.symmetryIndexPct).toBeCloseTo(0, 9);
  });
});

describe('input errors', () => {
  const n = 100;
  const trace = { timeS: new Float64Array(n), accMps2: new Float64Array(3 * n), gyrRadS: new Float64Array(3 * n), samplingRateHz: 100, site: 'foot' as const, side: 'left' as const, meta: {}, notes: [] };
  it('rejects a too-short trace, a bad rate and bad options', () => {
    expect(() => analyzeTrace(trace)).toThrow(InputError);
    expect(() => analyzeTrace({ ...trace, samplingRateHz: 20 })).toThrow(/50–2000/);
    expect(() => analyzeTrace(trace, { gait: 'hop' as 'run' })).toThrow(InputError);
  });
  it('rejects acceleration that never reads ~1 g at rest (e.g. in g instead of m/s²)', () => {
    const m = 1000;
    const acc = new Float64Array(3 * m);
    for (let i = 0; i < m; i++) acc[3 * i + 2] = 1; // 1 "g" written as m/s²
    expect(() => analyzeTrace({ ...trace, timeS: new Float64Array(m), accMps2: acc, gyrRadS: new Float64Array(3 * m) })).toThrow(/1 g/);
  });
});
