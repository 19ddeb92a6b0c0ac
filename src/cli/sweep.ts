/**
 * `dropfoot sweep EXPERIMENT.yaml`: run (a shard of) an experiment over worker threads; results
 * as Parquet chunks plus `results.duckdb`. Progress on stderr (bar on a TTY, a line every 30 s otherwise).
 */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { InputError } from '../errors.ts';
import { loadExperiment, planExperiment } from '../experiments/spec.ts';
import { parseShard, runSweep, type SweepProgress } from '../experiments/runner.ts';
import { reportError, EXIT_OK } from './common.ts';

export interface SweepCliOptions {
  out?: string;
  workers?: string;
  shard?: string;
  resume?: boolean;
  chunkSize: string;
  dryRun?: boolean;
  json?: boolean;
}

function positiveInt(text: string, option: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new InputError(`expects an integer >= ${min}, got "${text}"`, option);
  return n;
}

function formatEta(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '?';
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** Progress reporter: a bar on a TTY, otherwise a plain line at most every 30 s. */
function progressReporter(label: string): { update(p: SweepProgress): void; done(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} runs | {rate}/s | ETA {etaText} | errors {errors}`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const payload = { rate: p.ratePerS.toFixed(2), etaText: formatEta(p.etaS), errors: p.errors };
        if (!started) {
          bar.start(p.total, p.done, payload);
          started = true;
        } else bar.update(p.done, payload);
      },
      done() {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    update(p) {
      const now = performance.now();
      if (now - last < 30_000 && p.done < p.total) return;
      last = now;
      process.stderr.write(`${label}: ${p.done}/${p.total} runs, ${p.ratePerS.toFixed(2)}/s, ETA ${formatEta(p.etaS)}, errors ${p.errors}\n`);
    },
    done() {},
  };
}

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('run a parameter sweep (experiment file) over worker threads; Parquet chunks + results.duckdb')
    .argument('<experiment>', 'experiment file (YAML/JSON), e.g. experiments/fatigue-vs-lld.yaml')
    .option('-o, --out <dir>', 'results directory (default: out/<experiment name>)')
    .option('-w, --workers <n>', 'worker threads (default: all cores; 0 = run in this thread)')
    .option('--shard <i/n>', 'run only shard i of n (1-based; tasks t with t mod n = i-1)')
    .option('--resume', 'skip tasks already stored in --out (keyed by a hash of their full parameters and seed)')
    .option('--chunk-size <n>', 'tasks per Parquet chunk file', '50')
    .option('--dry-run', 'validate the experiment and every point, print the number of points and runs, run nothing')
    .option('--json', 'print a summary document on stdout')
    .addHelpText(
      'after',
      `
Writes into --out:
  points/chunk-<i>of<n>-<k>.parquet  one row per run: point, replicate, seed, shard, key, scenario,
                                     one column per factor (dotted name with "." → "__"),
                                     left_<summary field>, right_<summary field>, durationS, distanceM,
                                     status (ok|error), message, wall_s
  strides/chunk-….parquet            per-stride rows when the experiment keeps strides
  results.duckdb                     views "results" (and "strides") over those files
  experiment.json, design.json       the experiment and its design (for merge/sensitivity)

Each task (point p, replicate r) runs with seed deriveSeed(experiment seed, 'point', p, 'replicate', r):
the numbers do not depend on --workers or --shard.

Examples:
  dropfoot sweep experiments/fatigue-vs-lld.yaml --out out/fatigue-vs-lld
  dropfoot sweep experiments/sensitivity-mtc.yaml --shard 3/16 --out /scratch/mtc   # one array task
  dropfoot sweep experiments/sensitivity-mtc.yaml --out /scratch/mtc --resume      # after a crash
  duckdb out/fatigue-vs-lld/results.duckdb -c "SELECT count(*) FROM results"`,
    )
    .action(async (experiment: string, opts: SweepCliOptions) => {
      process.exitCode = await runSweepCli(experiment, opts);
    });
}

export async function runSweepCli(experiment: string, opts: SweepCliOptions): Promise<number> {
  const progress = progressReporter('sweep');
  try {
    const spec = loadExperiment(experiment);
    const workers = opts.workers === undefined ? undefined : positiveInt(opts.workers, '--workers', 0);
    const chunkSize = positiveInt(opts.chunkSize, '--chunk-size', 1);
    const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
    const outDir = opts.out ?? `out/${spec.name}`;
    if (opts.dryRun) {
      const plan = planExperiment(spec, experiment);
      const doc = { experiment: spec.name, points: plan.nPoint, replicates: spec.replicates, tasks: plan.nTask, design: spec.design?.kind ?? null, scenarios: spec.scenarios.map((sc) => sc.name), outDir };
      process.stdout.write(opts.json ? JSON.stringify(doc, null, 2) + '\n' : `${spec.name}: ${plan.nPoint} points × ${spec.replicates} replicates = ${plan.nTask} runs (valid)\n`);
      return EXIT_OK;
    }
    const summary = await runSweep(spec, { outDir, workers, shard, resume: opts.resume, chunkSize, source: experiment, onProgress: (p) => progress.update(p) });
    progress.done();
    if (opts.json) {
      process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    } else {
      const shardText = summary.shard.count > 1 ? ` (shard ${summary.shard.index}/${summary.shard.count})` : '';
      process.stdout.write(
        `${summary.experiment}${shardText}: ran ${summary.ran} of ${summary.tasks} runs (${summary.skipped} already done), ` +
          `${summary.errors} errors, ${summary.wallS.toFixed(1)} s, ${summary.runsPerS.toFixed(2)} runs/s on ${summary.workers} workers\n` +
          `results: ${summary.results} (view "results")\n`,
      );
    }
    return summary.errors > 0 && summary.ok === 0 && summary.ran > 0 ? 1 : EXIT_OK;
  } catch (e) {
    progress.done();
    return reportError(e);
  }
}
