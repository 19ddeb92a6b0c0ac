/**
 * Sweep throughput with the experiments runner (src/experiments/runner.ts): a small grid
 * experiment written to a temporary directory, run with `workers` worker threads. Rate = tasks /
 * wall time of runSweep (pool start-up, Parquet and DuckDB writing included).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperiment } from '../../src/experiments/spec.ts';
import { runSweep } from '../../src/experiments/runner.ts';
import { log, round } from '../lib/stats.ts';
import type { TaskOptions, TaskResult } from './types.ts';

/** The sweep: speed × TA fatigue multiplier, `levels`² points of `distanceM` runs. */
export function sweepYaml(levels: number, distanceM: number, replicates = 1): string {
  return [
    'name: bench-sweep',
    'description: benchmark sweep (bench/tasks/sweep.ts)',
    'seed: 1',
    'base:',
    '  gait: run',
    `  distanceM: ${distanceM}`,
    '  recoveryS: 600',
    'factors:',
    '  - name: speedMps',
    '    kind: uniform',
    '    min: 2.6',
    '    max: 4.4',
    '  - name: left.tibialisFatigue.multiplier',
    '    kind: loguniform',
    '    min: 0.5',
    '    max: 8',
    'design:',
    '  kind: grid',
    `  levels: ${levels}`,
    `replicates: ${replicates}`,
    'outputs:',
    '  strides: none',
    '',
  ].join('\n');
}

export async function run(o: TaskOptions): Promise<TaskResult> {
  const workers = Number(o.workers ?? 1);
  // full: 64 runs of 2 km (~10 s on one worker), so that pool start-up is a small share
  const levels = Number(o.levels ?? (o.quick ? 3 : 8));
  const distanceM = Number(o.distanceM ?? (o.quick ? 300 : 2000));
  const file = join(o.tmpDir, 'sweep.yaml');
  writeFileSync(file, sweepYaml(levels, distanceM));
  const spec = loadExperiment(file);
  const summary = await runSweep(spec, { outDir: join(o.tmpDir, `out-${workers}`), workers, source: file });
  if (summary.errors > 0) throw new Error(`bench sweep: ${summary.errors} task(s) failed`);
  log(`sweep: ${summary.ran} runs of ${distanceM} m with ${workers} worker(s) in ${summary.wallS.toFixed(2)} s (${summary.runsPerS.toFixed(2)} runs/s)`);
  return {
    workers,
    points: summary.points,
    runs: summary.ran,
    distanceM,
    wallS: round(summary.wallS, 3),
    runsPerSecond: round(summary.runsPerS, 3),
  };
}
