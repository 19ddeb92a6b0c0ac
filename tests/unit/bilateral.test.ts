/**
 * The bilateral block (src/classify/bilateral.ts) and the pairing of a recording's feet
 * (src/classify/predict.ts): differences this foot − other foot, NaN and `bilateral` 0 without
 * the other foot, a model trained before the block gets the one-foot summary, and only one left
 * plus one right foot trace of a recording are paired.
 */
import { describe, expect, it } from 'vitest';
import { BILATERAL_NAMES, INPUT_SUMMARY_NAMES, bilateralBlock, inputSummary } from '../../src/classify/bilateral.ts';
import { SUMMARY_NAMES, SEQUENCE_NAMES, summaryIndex, type TraceFeatures } from '../../src/classify/features.ts';
import { pairFeet, type RecordingTrace } from '../../src/classify/predict.ts';
import type { Trace } from '../../src/imu/trace.ts';

const features = (fill: (name: string, i: number) => number): TraceFeatures => ({
  summary: Float64Array.from(SUMMARY_NAMES, (n, i) => fill(n, i)),
  sequence: new Float64Array(SEQUENCE_NAMES.length),
  nStrides: 500,
  gait: 'run',
  durationS: 1200,
});

describe('bilateral block', () => {
  it('is this foot minus the other foot, named asym.<summary feature>', () => {
    const own = features((_, i) => 2 * i + 1);
    const other = features((_, i) => i);
    const block = bilateralBlock(own.summary, other.summary);
    expect(block).toHaveLength(BILATERAL_NAMES.length);
    expect(block[0]).toBe(1);
    BILATERAL_NAMES.slice(1).forEach((name, k) => {
      const i = summaryIndex(name.replace(/^asym\./, ''));
      expect(block[k + 1], name).toBe(i + 1);
    });
    expect(BILATERAL_NAMES).toContain('asym.median.footPitchAtIcRad');
    expect(INPUT_SUMMARY_NAMES).toEqual([...SUMMARY_NAMES, ...BILATERAL_NAMES]);
  });

  it('without the other foot: bilateral 0 and every difference NaN (→ the training mean)', () => {
    const own = features(() => 1);
    for (const ref of [null, undefined, new Float64Array(0)]) {
      const block = bilateralBlock(own.summary, ref);
      expect(block[0]).toBe(0);
      expect(block.slice(1).every(Number.isNaN)).toBe(true);
    }
  });

  it('a feature missing on either side gives a NaN difference, not a number', () => {
    const i = summaryIndex('median.footSlapRadS');
    const own = features((_, j) => (j === i ? NaN : 1));
    const block = bilateralBlock(own.summary, features(() => 0).summary);
    expect(block[BILATERAL_NAMES.indexOf('asym.median.footSlapRadS')]).toBeNaN();
    expect(block[BILATERAL_NAMES.indexOf('asym.median.footPitchAtIcRad')]).toBe(1);
  });

  it('inputSummary: paired, unpaired, and a one-foot model (trained before the block)', () => {
    const own = features((_, i) => i);
    const paired = { ...own, reference: features(() => 0) };
    expect(inputSummary(paired)).toHaveLength(INPUT_SUMMARY_NAMES.length);
    expect(inputSummary(paired)[SUMMARY_NAMES.length]).toBe(1);
    expect(inputSummary(own)[SUMMARY_NAMES.length]).toBe(0);
    // a reference without strides is no reference
    expect(inputSummary({ ...own, reference: { ...features(() => 0), nStrides: 0 } })[SUMMARY_NAMES.length]).toBe(0);
    expect(inputSummary(paired, SUMMARY_NAMES)).toEqual(Array.from(own.summary));
  });
});

describe('pairFeet', () => {
  const t = (side: Trace['side'], site: Trace['site'] = 'foot'): Trace => ({ timeS: new Float64Array(0), accMps2: new Float64Array(0), gyrRadS: new Float64Array(0), samplingRateHz: 100, site, side, meta: {}, notes: [] });
  const items = (...xs: Array<[Trace['side'], Trace['site']?, string?]>): RecordingTrace[] => xs.map(([side, site, recording], i) => ({ trace: t(side, site), name: `t${i}`, recording }));

  it('pairs one left and one right foot of a recording', () => {
    expect(pairFeet(items(['left'], ['right']))).toEqual([1, 0]);
    expect(pairFeet(items(['right', 'unknown'], ['left', 'foot']))).toEqual([1, 0]);
  });

  it('does not guess: two left feet, unknown sides, or a shank sensor stay unpaired', () => {
    expect(pairFeet(items(['left'], ['left'], ['right']))).toEqual([-1, -1, -1]);
    expect(pairFeet(items(['unknown'], ['unknown']))).toEqual([-1, -1]);
    expect(pairFeet(items(['left', 'shank'], ['right']))).toEqual([-1, -1]);
  });

  it('pairs within each recording only', () => {
    expect(pairFeet(items(['left', 'foot', 'a'], ['right', 'foot', 'b'], ['right', 'foot', 'a'], ['left', 'foot', 'b']))).toEqual([2, 3, 0, 1]);
    expect(pairFeet(items(['left', 'foot', 'a'], ['right', 'foot', 'b']))).toEqual([-1, -1]);
  });
});
