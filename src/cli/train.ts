/**
 * `dropfoot train [--config FILE] [--out DIR]`: build the training set from the simulator (the
 * experiment file) and fit the mechanism classifier; writes the model directory.
 */
import type { Command } from 'commander';
import { InputError } from '../errors.ts';
import { loadTrainingConfig } from '../classify/dataset.ts';
import { trainClassifier } from '../classify/train.ts';
import { writeModelCard } from '../classify/model-card.ts';
import { reportError, EXIT_OK } from './common.ts';
import { DEFAULT_MODEL_DIR } from './classify.ts';

export const DEFAULT_TRAINING_CONFIG = 'experiments/classifier-training.yaml';

interface TrainCliOptions {
  config: string;
  out: string;
  workers?: string;
  /** Directory, or false with --no-cache. */
  cache: string | false;
  json?: boolean;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('build the training set from the simulator and fit the mechanism classifier')
    .option('--config <file>', 'classifier training experiment', DEFAULT_TRAINING_CONFIG)
    .option('-o, --out <dir>', 'model directory to write', DEFAULT_MODEL_DIR)
    .option('--workers <n>', 'worker threads for data generation (default: all cores)')
    .option('--cache <dir>', 'cache generated datasets here (keyed by their hash)', 'out/classifier-data')
    .option('--no-cache', 'regenerate the data even when a cached copy exists')
    .option('--json', 'print metrics.json on stdout')
    .action(async (opts: TrainCliOptions) => {
      process.exitCode = await runTrain(opts);
    });
}

export async function runTrain(o: TrainCliOptions): Promise<number> {
  try {
    const workers = o.workers === undefined ? undefined : Number(o.workers);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) throw new InputError(`--workers must be an integer >= 0, got "${o.workers}"`);
    const config = loadTrainingConfig(o.config);
    const log = (line: string): void => void process.stderr.write(line + '\n');
    const report = await trainClassifier(config, { outDir: o.out, workers, cacheDir: o.cache === false ? null : o.cache, configPath: o.config, log });
    writeModelCard(o.out, report);
    if (o.json) process.stdout.write(JSON.stringify(report.metrics, null, 2) + '\n');
    else log(`model written to ${o.out}`);
    return EXIT_OK;
  } catch (e) {
    return reportError(e);
  }
}
