/**
 * Classifier features from stride rows with a known time course: a step drop in toe-up rate and
 * strike angle at 60 % of the run, and isolated flat strides late in the run (an intermittent
 * block's failed strides). Expected values follow from the construction.
 */
import { describe, expect, it } from 'vitest';
import { extractFeatures, summaryIndex, binMedians, rollingOutliers, failedStrides, halfChangeTimeFraction, SEQUENCE_BINS, SEQUENCE_KEYS } from '../../src/classify/features.ts';
import { runFeatures, type StrideRow } from '../../src/imu/pipeline/features.ts';
import type { AnalysisResult } from '../../src/imu/pipeline/index.ts';
import { createRng } from '../../src/random.ts';

function rows(n: number, f: (i: number) => { toeUp: number; strike: number }): StrideRow[] {
  const rng = createRng(1, 'rows');
  return Array.from({ length: n }, (_, i) => {
    const { toeUp, strike } = f(i);
    const icS = 0.72 * i;
    return {
      stride: i, startS: icS - 0.3, endS: icS + 0.4, icS, toS: icS - 0.45, midStanceS: icS + 0.4, preIcS: icS - 0.72,
      strideTimeS: 0.72 + 0.01 * rng.normal(), stanceTimeS: 0.25, swingTimeS: 0.47,
      footPitchAtIcRad: strike + 0.005 * rng.normal(), footPitchAtToRad: -0.8, peakSwingPitchRad: strike + 0.03,
      peakSwingToeUpRateRadS: toeUp + 0.05 * rng.normal(), footSlapRadS: 3, peakSwingFrontalRateRadS: 1,
      toeClearanceM: NaN, strideLengthM: 2.3, maxSensorLiftM: 0.15, gaitSpeedMps: 3.2, icFromImpact: true, endTiltErrorRad: 0,
    };
  });
}
const analysis = (r: StrideRow[]): AnalysisResult => ({ samplingRateHz: 100, site: 'foot', side: 'left', strides: r, run: runFeatures(r, 'auto'), warnings: [] });

describe('classifier features', () => {
  it('a step at 60 % of the run: step model, onset fraction ≈ 0.6, change = the step, sequence flat then down', () => {
    const n = 1500;
    const f = extractFeatures(analysis(rows(n, (i) => (i < 0.6 * n ? { toeUp: 8, strike: 0.19 } : { toeUp: 6, strike: 0.09 }))));
    expect(f.summary[summaryIndex('best.peakSwingToeUpRateRadS.step')]).toBe(1);
    expect(f.summary[summaryIndex('onsetFraction.peakSwingToeUpRateRadS')]).toBeCloseTo(0.6, 1);
    expect(f.summary[summaryIndex('change.peakSwingToeUpRateRadS')]).toBeCloseTo(-2, 1);
    expect(f.summary[summaryIndex('change.footPitchAtIcRad')]).toBeCloseTo(-0.1, 2);
    expect(f.summary[summaryIndex('durationMin')]).toBeCloseTo((0.72 * (n - 1)) / 60, 6);
    const j = SEQUENCE_KEYS.indexOf('peakSwingToeUpRateRadS');
    expect(f.sequence[j * SEQUENCE_BINS]).toBeCloseTo(0, 1);
    expect(f.sequence[j * SEQUENCE_BINS + SEQUENCE_BINS - 1]).toBeCloseTo(-2, 1);
    expect(f.gait).toBe('run');
  });

  it('isolated flat strides late in the run raise the late outlier fraction only', () => {
    const n = 1200;
    const fail = (i: number): boolean => i > (2 / 3) * n && i % 20 === 0; // 5 % of late strides
    const f = extractFeatures(analysis(rows(n, (i) => (fail(i) ? { toeUp: 10, strike: 0.02 } : { toeUp: 8, strike: 0.19 }))));
    expect(f.summary[summaryIndex('outlierFractionLate.footPitchAtIcRad')]).toBeCloseTo(0.05, 2);
    expect(f.summary[summaryIndex('outlierFractionEarly.footPitchAtIcRad')]).toBe(0);
    // the failed strides strike flatter, swing with less pitch and peak higher in toe-up rate
    expect(f.summary[summaryIndex('failedStrideFractionLate')]).toBeCloseTo(0.05, 2);
    expect(f.summary[summaryIndex('failedStrideFractionEarly')]).toBe(0);
  });

  it('a short bout after a pause is compared with its own strides, not with the other bout', () => {
    // 100 strides, a 2-min pause, 6 strides with the failed-drive signature level, a pause, 100 strides
    const r = rows(206, (i) => (i >= 100 && i < 106 ? { toeUp: 10, strike: 0.05 } : { toeUp: 8, strike: 0.19 }));
    const shift = (from: number, by: number): void => {
      for (let i = from; i < r.length; i++) r[i].icS += by;
    };
    expect(failedStrides(r).reduce((a, b) => a + b, 0)).toBe(6); // contiguous: the 6 stand out
    shift(100, 120);
    shift(106, 120);
    expect(failedStrides(r).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('one channel alone (a slap glitch) does not make a failed stride; the full signature does', () => {
    const n = 600;
    const r = rows(n, () => ({ toeUp: 8, strike: 0.19 }));
    for (let i = 100; i < n; i += 25) r[i].footSlapRadS = -5; // 20 strides: slap 8 rad/s weaker only
    expect(failedStrides(r).reduce((a, b) => a + b, 0)).toBe(0);
    for (let i = 100; i < n; i += 25) {
      r[i].footPitchAtIcRad = 0.1; // 5° flatter strike and swing pitch, toe-up 1 rad/s faster
      r[i].peakSwingPitchRad = 0.13;
      r[i].peakSwingToeUpRateRadS = 9;
    }
    expect(failedStrides(r).reduce((a, b) => a + b, 0)).toBe(20);
  });

  it('binMedians fills empty bins from neighbours; rollingOutliers flags only drops', () => {
    expect(Array.from(binMedians([0, 1, 9, 10], [1, 1, 5, 5], 0, 10, 5))).toEqual([1, 1, 1, 5, 5]);
    const y = Array.from({ length: 100 }, (_, i) => (i === 50 ? 0 : i === 60 ? 20 : 10 + 0.1 * Math.sin(i)));
    const { flags } = rollingOutliers(y);
    expect(flags[50]).toBe(1);
    expect(flags[60]).toBe(0);
  });

  it('halfChangeTimeFraction: early-saturating vs late-dropping time courses; NaN without a change', () => {
    const fatigueLike = [0, -0.4, -0.7, -0.85, -0.93, -0.97, -1, -1, -1, -1, -1, -1];
    const compartmentLike = [0, 0, 0, 0, 0, -0.1, -0.5, -0.9, -1, -1, -1, -1];
    expect(halfChangeTimeFraction(fatigueLike, 0.1)).toBeCloseTo((1 + 1 / 3 + 0.5) / 12, 9); // a third of the way from bin 1 to bin 2
    expect(halfChangeTimeFraction(compartmentLike, 0.1)).toBeCloseTo(6.5 / 12, 9);
    expect(halfChangeTimeFraction(compartmentLike, 2)).toBeNaN();
    // the step test above: half of the change is reached at the step (60 % of the run)
    const n = 1500;
    const f = extractFeatures(analysis(rows(n, (i) => (i < 0.6 * n ? { toeUp: 8, strike: 0.19 } : { toeUp: 6, strike: 0.09 }))));
    expect(f.summary[summaryIndex('halfChangeTimeFraction.footPitchAtIcRad')]).toBeGreaterThan(0.55);
    expect(f.summary[summaryIndex('halfChangeTimeFraction.footPitchAtIcRad')]).toBeLessThan(0.65);
  });

  it('no strides: NaN summary, zero counts', () => {
    const f = extractFeatures(analysis([]));
    expect(f.nStrides).toBe(0);
    expect(f.durationS).toBe(0);
  });
});
