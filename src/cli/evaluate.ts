/**
 * `dropfoot evaluate [--model DIR] [--json]`: the metrics of a trained classifier on the held-out
 * simulated test set and the real recordings (as computed at training time, metrics.json), plus a
 * fresh check of the real recordings against the model on disk.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../errors.ts';
import { loadClassifier, classifyRecordings } from '../classify/predict.ts';
import { loadRealTraces } from '../classify/real-data.ts';
import { reportError, EXIT_OK } from './common.ts';
import { DEFAULT_MODEL_DIR } from './classify.ts';

interface EvaluateCliOptions {
  model: string;
  data: string;
  json?: boolean;
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('metrics of the classifier on the held-out simulated test set and on the real recordings')
    .option('--model <dir>', 'classifier directory', DEFAULT_MODEL_DIR)
    .option('--data <dir>', 'real recordings folder', '../shared/data')
    .option('--json', 'print JSON')
    .action(async (opts: EvaluateCliOptions) => {
      process.exitCode = await runEvaluate(opts);
    });
}

export async function runEvaluate(o: EvaluateCliOptions): Promise<number> {
  try {
    const metricsPath = join(o.model, 'metrics.json');
    if (!existsSync(metricsPath)) throw new InputError('metrics.json not found (train with `dropfoot train`)', o.model);
    type Scores = { network?: Record<string, unknown>; baseline?: Record<string, unknown> };
    const metrics = JSON.parse(readFileSync(metricsPath, 'utf8')) as { test?: Scores; testOneFoot?: Scores };
    const clf = await loadClassifier(o.model);
    const real = loadRealTraces(o.data);
    const docs = classifyRecordings(real.traces.map((r) => ({ trace: r.trace, name: r.source, recording: r.recording })), clf);
    const results = docs.map((d) => ({ trace: d.trace, mechanism: d.mechanism, outOfDomain: d.outOfDomain, otherFoot: typeof d.evidence.otherFoot === 'string' && !d.evidence.otherFoot.startsWith('not given') }));
    const ok = results.filter((r) => r.mechanism === 'none' || r.mechanism === 'uncertain').length;
    const doc = { test: metrics.test ?? null, testOneFoot: metrics.testOneFoot ?? null, realData: { n: results.length, noneOrUncertainFraction: results.length ? ok / results.length : null, results } };
    if (o.json) process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    else {
      const n = metrics.test?.network ?? {};
      const b = metrics.test?.baseline ?? {};
      const one = metrics.testOneFoot?.network;
      const f = (x: unknown): string => (typeof x === 'number' ? x.toFixed(3) : 'n/a');
      process.stdout.write(
        `held-out simulated test set (from metrics.json):\n  network  balanced accuracy ${f(n.balancedAccuracy)}, macro ROC AUC ${f(n.macroRocAuc)}, ECE ${f(n.ece)}${one ? ' (both feet)' : ''}\n` +
          (one ? `  network  balanced accuracy ${f(one.balancedAccuracy)}, macro ROC AUC ${f(one.macroRocAuc)}, ECE ${f(one.ece)} (the affected foot alone)\n` : '') +
          `  baseline balanced accuracy ${f(b.balancedAccuracy)}, macro ROC AUC ${f(b.macroRocAuc)}, ECE ${f(b.ece)}\n` +
          `real recordings: ${ok}/${results.length} called none or uncertain\n`,
      );
    }
    return EXIT_OK;
  } catch (e) {
    return reportError(e);
  }
}
