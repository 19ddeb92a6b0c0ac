/**
 * Classifier training from scratch, SMALL and labelled as such: experiments/classifier-training.yaml
 * with every group's run count scaled by `runsScale` and short runs, the IMU traces from the
 * test stand-in synthesiser (tests/unit/classify-synth-stand-in.ts; the real synthesiser takes
 * ≈ 90 s per 60-min trace), no dataset cache. Writes the model to the task's directory, which the
 * analyze/classify task uses when no trained model is committed.
 */
import { join } from 'node:path';
import { loadTrainingConfig } from '../../src/classify/dataset.ts';
import { trainClassifier } from '../../src/classify/train.ts';
import { writeModelCard } from '../../src/classify/model-card.ts';
import { log, round } from '../lib/stats.ts';
import type { TaskOptions, TaskResult } from './types.ts';

export const STAND_IN_SYNTH = 'tests/unit/classify-synth-stand-in.ts';

export async function run(o: TaskOptions): Promise<TaskResult> {
  const runsScale = o.quick ? 0.05 : 0.1;
  const durationS = o.quick ? 150 : 600;
  const epochs = o.quick ? 2 : undefined;
  const workers = Number(o.workers ?? 2);
  const outDir = String(o.modelDir ?? join(o.tmpDir, 'model'));
  const config = loadTrainingConfig('experiments/classifier-training.yaml');
  const t0 = performance.now();
  const report = await trainClassifier(config, {
    outDir,
    runsScale,
    durationS,
    workers,
    ...(epochs !== undefined ? { epochs } : {}),
    synthModule: join(process.cwd(), STAND_IN_SYNTH),
    cacheDir: null,
    realDataDir: '/nonexistent',
    log: (line) => log(`train: ${line}`),
  });
  writeModelCard(outDir, report);
  const wallS = (performance.now() - t0) / 1000;
  log(`train: small training (runsScale ${runsScale}, ${durationS} s runs, stand-in synth) in ${wallS.toFixed(1)} s`);
  return {
    trainFromScratchS: round(wallS, 2),
    label: `small training, not the full config: runsScale ${runsScale} (group run counts × ${runsScale}), ${durationS}-s runs, ${epochs ?? 'configured'} epochs, IMU traces from the test stand-in synthesiser (${STAND_IN_SYNTH}) instead of src/imu/synth, ${workers} workers, no cache`,
    runsScale,
    durationS,
    epochs: epochs ?? config.training.epochs,
    workers,
    modelDir: outDir,
  };
}
