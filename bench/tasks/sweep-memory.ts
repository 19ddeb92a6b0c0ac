/**
 * Sweep memory against the number of points: the runner streams results to Parquet chunks, so
 * peak RSS should not grow with the points. A grid of `points` short runs (50 m, so that 10,000
 * points take about a minute) with 2 workers; the peak RSS is this child process's (bench/task.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperiment } from '../../src/experiments/spec.ts';
import { runSweep } from '../../src/experiments/runner.ts';
import { log, round } from '../lib/stats.ts';
import { sweepYaml } from './sweep.ts';
import type { TaskOptions, TaskResult } from './types.ts';

export async function run(o: TaskOptions): Promise<TaskResult> {
  const points = Number(o.points ?? 1000);
  const levels = Math.round(Math.sqrt(points));
  const file = join(o.tmpDir, 'sweep-memory.yaml');
  writeFileSync(file, sweepYaml(levels, 50));
  const spec = loadExperiment(file);
  const summary = await runSweep(spec, { outDir: join(o.tmpDir, 'out'), workers: 2, source: file });
  log(`sweepMemory: ${summary.ran} points in ${summary.wallS.toFixed(1)} s`);
  return { points: summary.points, ran: summary.ran, errors: summary.errors, wallS: round(summary.wallS, 2) };
}
