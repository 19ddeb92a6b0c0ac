/**
 * Classifier building blocks against values computed by hand or by independent definitions:
 * ROC AUC of the scikit-learn documentation example (roc_auc_score([0,0,1,1],[0.1,0.4,0.35,0.8])
 * = 0.75), balanced accuracy as the mean recall, ECE (Guo et al. 2017) on a hand-worked case,
 * temperature scaling recovering a known temperature, Mahalanobis = Euclidean for identity
 * covariance, and the label rule.
 */
import { describe, expect, it } from 'vitest';
import { balancedAccuracy, confusionMatrix, expectedCalibrationError, macroRocAuc, perClassRecall, rocAuc } from '../../src/classify/metrics.ts';
import { fitTemperature, softmaxT } from '../../src/classify/calibrate.ts';
import { fitMahalanobis, invertSpd, mahalanobis, quantileOf, ruleViolations } from '../../src/classify/ood.ts';
import { labelFromTruth, type LabelRule } from '../../src/classify/labels.ts';
import { fitBaseline, baselineLogits, BASELINE_FEATURES } from '../../src/classify/baseline.ts';
import { SUMMARY_NAMES, summaryIndex } from '../../src/classify/features.ts';
import { createRng } from '../../src/random.ts';

describe('metrics', () => {
  it('ROC AUC matches the scikit-learn documentation example (0.75)', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(0.75, 12);
    expect(rocAuc([0.5, 0.5], [true, false])).toBeCloseTo(0.5, 12); // ties count half
  });

  it('confusion, recall and balanced accuracy', () => {
    const c = confusionMatrix([0, 0, 0, 0, 1, 1, 2], [0, 0, 0, 1, 1, 0, 2], 3);
    expect(c).toEqual([[3, 1, 0], [1, 1, 0], [0, 0, 1]]);
    expect(perClassRecall(c)).toEqual([0.75, 0.5, 1]);
    expect(balancedAccuracy(c)).toBeCloseTo((0.75 + 0.5 + 1) / 3, 12);
  });

  it('macro AUC is 1 for perfectly separated classes', () => {
    expect(macroRocAuc([[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]], [0, 1, 2], 3)).toBe(1);
  });

  it('ECE by hand: two bins, |acc − conf| weighted', () => {
    // confidences 0.95 (correct), 0.95 (wrong) → bin 9: acc 0.5, conf 0.95; 0.55 (correct) → bin 5: acc 1, conf 0.55
    const p = [[0.95, 0.05], [0.95, 0.05], [0.45, 0.55]];
    const ece = expectedCalibrationError(p, [0, 1, 1]);
    expect(ece).toBeCloseTo((2 / 3) * 0.45 + (1 / 3) * 0.45, 12);
  });
});

describe('temperature scaling', () => {
  it('recovers the temperature of over-confident logits', () => {
    const rng = createRng(3, 'temp');
    const trueLogits: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const z = [rng.normal(), rng.normal(), rng.normal()];
      const p = softmaxT(z, 1);
      const u = rng.uniform();
      labels.push(u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2);
      trueLogits.push(z.map((v) => 2.5 * v)); // the model is 2.5× over-confident
    }
    expect(fitTemperature(trueLogits, labels)).toBeGreaterThan(2.1);
    expect(fitTemperature(trueLogits, labels)).toBeLessThan(2.9);
  });
});

describe('out-of-domain', () => {
  it('invertSpd inverts a known 2×2 matrix', () => {
    const inv = invertSpd(Float64Array.from([4, 2, 2, 3]), 2);
    // inverse of [[4,2],[2,3]] = 1/8 [[3,-2],[-2,4]]
    expect(Array.from(inv)).toEqual([3 / 8, -2 / 8, -2 / 8, 4 / 8].map((v) => expect.closeTo(v, 12)));
  });

  it('Mahalanobis distance ≈ Euclidean for white data; far points exceed the 99th percentile', () => {
    const rng = createRng(5, 'maha');
    const rows = Array.from({ length: 4000 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const m = fitMahalanobis(rows, 0);
    expect(mahalanobis(m, [3, 0, 4])).toBeCloseTo(5, 0);
    const d = rows.slice(0, 1000).map((r) => mahalanobis(m, r));
    const q99 = quantileOf(d, 0.99);
    // chi distribution with 3 dof: 99th percentile = sqrt(11.345) = 3.37
    expect(q99).toBeGreaterThan(3.0);
    expect(q99).toBeLessThan(3.8);
    expect(mahalanobis(m, [6, 6, 0])).toBeGreaterThan(q99);
  });

  it('rules: walking, too few strides, too short, no strides', () => {
    const rules = { gait: 'run' as const, minStrides: 200, minDurationS: 480 };
    expect(ruleViolations(rules, { gait: 'run', nStrides: 2000, durationS: 1500 })).toEqual([]);
    expect(ruleViolations(rules, { gait: 'walk', nStrides: 2000, durationS: 1500 })[0]).toMatch(/walking/);
    expect(ruleViolations(rules, { gait: 'run', nStrides: 50, durationS: 60 })).toHaveLength(2);
    expect(ruleViolations(rules, { gait: 'run', nStrides: 0, durationS: 0 })[0]).toMatch(/no strides/);
  });
});

describe('label rule', () => {
  const rule: LabelRule = { neuroDriveBelow: 0.6, neuroMinStrideFraction: 0.01, muscularCapacityBelow: 0.45, noneCapacityAbove: 0.6, noneDriveAbove: 0.85, noneMaxMildFraction: 0.002 };
  const base = { minCapacity: 0.76, minDrive: 1, deficitStrideFraction: 0, mildDeficitStrideFraction: 0, mechanism: 'none' };
  it('healthy fatigue is none; strong fatigue muscular; nerve deficit neurological (precedence); mild in between ambiguous', () => {
    expect(labelFromTruth(base, rule)).toBe('none');
    expect(labelFromTruth({ ...base, minCapacity: 0.2 }, rule)).toBe('muscular');
    expect(labelFromTruth({ ...base, minCapacity: 0.2, deficitStrideFraction: 0.05, minDrive: 0.1 }, rule)).toBe('neurological');
    expect(labelFromTruth({ ...base, minCapacity: 0.5 }, rule)).toBe('ambiguous');
    expect(labelFromTruth({ ...base, mildDeficitStrideFraction: 1, minDrive: 0.7 }, rule)).toBe('ambiguous');
    // a compartment syndrome that never reached the threshold within the run: none
    expect(labelFromTruth({ ...base, mechanism: 'exertionalCompartment' }, rule)).toBe('none');
  });
});

describe('baseline', () => {
  it('separates classes that differ in one named feature', () => {
    const rng = createRng(9, 'baseline');
    const strike = summaryIndex('median.footPitchAtIcRad');
    const change = summaryIndex('change.footPitchAtIcRad');
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 300; i++) {
      const k = i % 3;
      const s = SUMMARY_NAMES.map(() => rng.normal());
      s[strike] = (k === 2 ? 0.05 : 0.19) + 0.02 * rng.normal();
      s[change] = (k === 1 ? -0.08 : 0) + 0.01 * rng.normal();
      rows.push(s);
      labels.push(k);
    }
    const m = fitBaseline(rows, labels, 3, 1e-3, 500);
    expect(m.features).toEqual([...BASELINE_FEATURES]);
    const correct = rows.filter((r, i) => {
      const z = baselineLogits(m, r);
      return z.indexOf(Math.max(...z)) === labels[i];
    }).length;
    expect(correct / rows.length).toBeGreaterThan(0.95);
  });
});
