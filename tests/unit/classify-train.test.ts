/**
 * A small real training run (never the full one): 30-odd simulated runners of 3 min through the
 * whole chain (simulate → stand-in IMU synthesis → analysis pipeline → features → baseline,
 * three candidate networks, temperature, out-of-domain model → model directory), then loading the
 * directory and classifying non-gait traces, which must come out uncertain and out of domain.
 * Also: the training is reproducible (same seed → identical weights and temperature).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrainingConfig } from '../../src/classify/dataset.ts';
import { runnerFolds, trainClassifier } from '../../src/classify/train.ts';
import { INPUT_SUMMARY_NAMES } from '../../src/classify/bilateral.ts';
import { loadClassifier, classifyTrace } from '../../src/classify/predict.ts';
import { nonGaitTrace } from './classify-non-gait.ts';

const STAND_IN = join(process.cwd(), 'tests/unit/classify-synth-stand-in.ts');

describe('classifier training (small)', () => {
  it('trains, writes the model directory, and flags non-gait traces as uncertain + out of domain', async () => {
    const cfg = loadTrainingConfig('experiments/classifier-training.yaml');
    const out = mkdtempSync(join(tmpdir(), 'dropfoot-clf-'));
    const opts = { outDir: out, runsScale: 0.05, durationS: 150, workers: 0, epochs: 2, synthModule: STAND_IN, cacheDir: null, realDataDir: '/nonexistent' };
    const report = await trainClassifier(cfg, opts);
    for (const f of ['model.json', 'weights.bin', 'preprocessing.json', 'metrics.json']) expect(existsSync(join(out, f))).toBe(true);
    const modelJson = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    const m = report.metrics as { test: { network: { confusion: number[][]; balancedAccuracy: number } }; timing: { perArchitecture: unknown[] } };
    expect(m.test.network.confusion).toHaveLength(3);
    expect(m.timing.perArchitecture).toHaveLength(3);
    expect(report.preprocessing.temperature).toBeGreaterThan(0);
    expect(report.preprocessing.ood.threshold).toBeGreaterThan(0);
    // both feet were synthesised: the bilateral block is an input, the test set is scored with
    // the other foot (headline) and without it
    expect(report.preprocessing.summaryNames).toEqual(INPUT_SUMMARY_NAMES);
    const mm = report.metrics as { test: { pairedRuns: number; network: { n: number } }; testOneFoot: { network: { balancedAccuracy: number } } };
    expect(mm.test.pairedRuns).toBeGreaterThan(0);
    expect(Number.isFinite(mm.testOneFoot.network.balancedAccuracy)).toBe(true);
    // every training runner entered twice, with and without the other foot
    const iBilateral = report.preprocessing.summaryNames.indexOf('bilateral');
    expect(report.preprocessing.summaryStandardizer.mean[iBilateral]).toBeCloseTo(0.5, 12);

    const clf = await loadClassifier(out);
    for (const kind of ['still', 'shaken'] as const) {
      const doc = classifyTrace(nonGaitTrace(kind, 120), clf, kind);
      expect(doc.mechanism, kind).toBe('uncertain');
      expect(doc.outOfDomain, kind).toBe(true);
      expect(Object.keys(doc.probabilities)).toEqual(['none', 'muscular', 'neurological']);
      expect(doc.model.name).toBe('mechanism-classifier');
    }

    // reproducible: same config and seed → same temperature and weights
    const out2 = mkdtempSync(join(tmpdir(), 'dropfoot-clf-'));
    const again = await trainClassifier(cfg, { ...opts, outDir: out2 });
    expect(again.preprocessing.temperature).toBe(report.preprocessing.temperature);
    expect(readFileSync(join(out2, 'weights.bin')).equals(readFileSync(join(out, 'weights.bin')))).toBe(true);
  }, 120_000);

  it('calibration folds keep both rows of a runner (with and without the other foot) together', () => {
    const runner = Array.from({ length: 200 }, (_, i) => i >> 1);
    const fold = runnerFolds(runner, 5, 1);
    for (let i = 0; i < 200; i += 2) expect(fold[i + 1]).toBe(fold[i]);
    const sizes = [0, 1, 2, 3, 4].map((f) => fold.filter((x) => x === f).length);
    expect(sizes).toEqual([40, 40, 40, 40, 40]);
    expect(runnerFolds(runner, 5, 2)).not.toEqual(fold);
  });
});
