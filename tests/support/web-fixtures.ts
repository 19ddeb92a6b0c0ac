/**
 * Fixtures of the web tests and the load test: a tiny classifier trained like
 * tests/e2e/cli-classify.test.ts (stand-in synthesiser, 2 epochs), and canonical trace CSVs of a
 * healthy run and of a run with a fatigued left TA (stand-in synthesiser over simulateRun).
 */
import { join } from 'node:path';
import { loadTrainingConfig } from '../../src/classify/dataset.ts';
import { trainClassifier } from '../../src/classify/train.ts';
import { writeModelCard } from '../../src/classify/model-card.ts';
import { writeCanonicalCsv } from '../../src/imu/formats/index.ts';
import { parseRunParams, simulateRun } from '../../src/index.ts';
import { synthesizeImu } from '../unit/classify-synth-stand-in.ts';

/** Training runs of the tiny classifier (train + validation), whatever the config's group sizes. */
const TINY_RUNS = 40;

/** Train the tiny test classifier into `dir` (~20–40 s on 2 cores). */
export async function trainTinyClassifier(dir: string): Promise<void> {
  const cfg = loadTrainingConfig(join(process.cwd(), 'experiments/classifier-training.yaml'));
  const configRuns = Object.values(cfg.groups).reduce((sum, g) => sum + g.runs, 0);
  const report = await trainClassifier(cfg, {
    outDir: dir, runsScale: TINY_RUNS / configRuns, durationS: 150, workers: 0, epochs: 2,
    synthModule: join(process.cwd(), 'tests/unit/classify-synth-stand-in.ts'), cacheDir: null, realDataDir: '/nonexistent',
  });
  writeModelCard(dir, report);
}

/**
 * The left foot's canonical trace CSV of a simulated run.
 * @param footDrop true: left TA fatiguing 3× faster than the default preset (foot drop late in the run)
 * @param durationS run length, s
 */
export function simulatedTraceCsv(footDrop: boolean, durationS = 180): string {
  const params = parseRunParams({ gait: 'run', speedMps: 3, durationS, seed: 7, ...(footDrop ? { left: { tibialisFatigue: { F: 0.05 } } } : {}) });
  const trace = synthesizeImu(simulateRun(params), { rateHz: 100, seed: 7 }).left.foot;
  return writeCanonicalCsv(trace);
}
