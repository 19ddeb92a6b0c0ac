/**
 * ROC curves and reliability bins stored by training, and the classifier figures drawn from a
 * model directory's metrics.json.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { rocAuc, rocCurve, reliabilityBins, expectedCalibrationError } from '../../src/classify/metrics.ts';
import { trapezoidArea } from '../../src/plots/figures/classifier.ts';
import { classifierFigures, isClassifierConfig } from '../../src/report/classifier-figures.ts';
import { InputError } from '../../src/errors.ts';

describe('rocCurve / reliabilityBins', () => {
  it('the area under rocCurve equals the rank-based rocAuc (ties included)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 2, maxLength: 60 }), (pairs) => {
        const scores = pairs.map(([s]) => s / 20);
        const pos = pairs.map(([, p]) => p);
        fc.pre(pos.some(Boolean) && pos.some((p) => !p));
        const c = rocCurve(scores, pos);
        expect(c.fpr[0]).toBe(0);
        expect(c.fpr[c.fpr.length - 1]).toBeCloseTo(1, 12);
        expect(c.tpr[c.tpr.length - 1]).toBeCloseTo(1, 12);
        expect(trapezoidArea(c.fpr, c.tpr)).toBeCloseTo(rocAuc(scores, pos), 10);
      }),
      { numRuns: 200 },
    );
  });

  it('reliability bins reproduce the ECE and count every example', () => {
    const probs = [[0.9, 0.05, 0.05], [0.55, 0.4, 0.05], [0.2, 0.7, 0.1], [0.34, 0.33, 0.33], [0.1, 0.1, 0.8]];
    const labels = [0, 1, 1, 2, 2];
    const bins = reliabilityBins(probs, labels);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(5);
    const ece = bins.reduce((a, b) => a + (b.count / 5) * Math.abs(b.accuracy - b.meanConfidence), 0);
    expect(ece).toBeCloseTo(expectedCalibrationError(probs, labels), 12);
  });
});

describe('classifierFigures', () => {
  it('draws confusion, ROC and reliability figures from metrics.json, and says what is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropfoot-clf-fig-'));
    expect(() => classifierFigures(dir)).toThrow(InputError);
    writeFileSync(join(dir, 'metrics.json'), JSON.stringify({ test: { network: { confusion: [[3, 1, 0], [0, 4, 0], [1, 0, 2]], ece: 0.04 } } }));
    expect(() => classifierFigures(dir)).toThrow(/retrain/);
    const roc = ['none', 'muscular', 'neurological'].map((className) => ({ className, fpr: [0, 0.2, 1], tpr: [0, 0.8, 1], auc: 0.8 }));
    writeFileSync(
      join(dir, 'metrics.json'),
      JSON.stringify({ test: { network: { confusion: [[3, 1, 0], [0, 4, 0], [1, 0, 2]], ece: 0.04 }, curves: { roc, reliability: [{ meanConfidence: 0.7, accuracy: 0.75, count: 8 }, { meanConfidence: 0.95, accuracy: 1, count: 3 }] } } }),
    );
    const figs = classifierFigures(dir);
    expect(figs.map((f) => f.name)).toEqual(['classifier-confusion', 'classifier-roc', 'classifier-reliability']);
    for (const f of figs) expect(f.spec.data.length).toBeGreaterThan(0);
  });

  it('tells a classifier training config from a sweep experiment', () => {
    expect(isClassifierConfig({ name: 'x', groups: {}, labels: {} })).toBe(true);
    expect(isClassifierConfig({ name: 'x', factors: [] })).toBe(false);
    expect(isClassifierConfig(null)).toBe(false);
  });
});
