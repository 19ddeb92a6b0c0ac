/**
 * Sweep runner: the shard's tasks over a piscina worker pool, results streamed to Parquet chunks,
 * resume by key, progress callbacks.
 *
 * Shards are strided over tasks: shard i of n (1-based) runs tasks t with t mod n = i - 1, where
 * task t is point floor(t / replicates), replicate t mod replicates. Strided slices balance the load
 * when run cost trends along the design (e.g. a grid over distance). Chunks hold finished tasks in
 * completion order (the `results` view orders rows), so memory is bounded by the chunk size and
 * the tasks in flight, not by the number of points.
 */
import { availableParallelism } from 'node:os';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { InputError } from '../errors.ts';
import { provenance } from '../io/provenance.ts';
import { experimentHash, experimentToObject, planExperiment, planTask, strideEvery, type ExperimentPlan, type ExperimentSpec, type PlannedTask } from './spec.ts';
import {
  ChunkWriter,
  chunkFileName,
  designRecord,
  existingChunks,
  pointColumns,
  readExperimentRecord,
  readFinishedKeys,
  removeIncomplete,
  writeResultsDb,
  writeTextAtomic,
  type TaskRow,
} from './store.ts';
import runTask, { OUTPUT_COLUMNS, type WorkerOutcome, type WorkerTask } from './worker.ts';

/** Shard i of n (1-based). */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Parse `i/n` (1 <= i <= n).
 * @throws InputError for anything else
 */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 1) || index > count) {
    throw new InputError(`--shard expects i/n with 1 <= i <= n (e.g. 2/8), got "${text}"`, '--shard');
  }
  return { index, count };
}

/** Progress of a sweep, for a progress bar or log line. */
export interface SweepProgress {
  /** Tasks of this shard finished, including those skipped on resume. */
  done: number;
  total: number;
  skipped: number;
  errors: number;
  /** Tasks per second run in this invocation. */
  ratePerS: number;
  /** Estimated seconds left; null until a rate is known. */
  etaS: number | null;
}

export interface SweepOptions {
  /** Results directory. */
  outDir: string;
  /** Worker threads (default: all cores); 0 runs tasks in this thread (debugging). */
  workers?: number;
  shard?: Shard;
  /** Skip tasks whose key is already stored; without it an existing chunk of this shard is an error. */
  resume?: boolean;
  /** Tasks per Parquet chunk (default 50). */
  chunkSize?: number;
  /** Also write a chunk once its first task finished this long ago, s (default 60). */
  flushIntervalS?: number;
  /** File the experiment came from, for messages. */
  source?: string;
  onProgress?: (p: SweepProgress) => void;
}

/** What a sweep did (the `--json` document of `dropfoot sweep`). */
export interface SweepSummary {
  experiment: string;
  outDir: string;
  shard: Shard;
  points: number;
  replicates: number;
  /** Tasks in this shard. */
  tasks: number;
  skipped: number;
  ran: number;
  ok: number;
  errors: number;
  chunksWritten: number;
  workers: number;
  wallS: number;
  /** Tasks run per second of wall time (startup included). */
  runsPerS: number;
  results: string;
}

/** Task indices of a shard, in order. */
export function* shardTasks(nTask: number, shard: Shard): Generator<number> {
  for (let t = shard.index - 1; t < nTask; t += shard.count) yield t;
}

/** Write experiment.json and design.json, or check that existing ones describe the same experiment. */
function prepareDirectory(plan: ExperimentPlan, outDir: string, hash: string): void {
  mkdirSync(join(outDir, 'points'), { recursive: true });
  const existing = readExperimentRecord(outDir);
  if (existing && existing.experimentHash !== hash) {
    throw new InputError(
      `holds results of a different experiment (hash ${existing.experimentHash}, this one ${hash}); use another --out or remove the directory`,
      outDir,
    );
  }
  if (!existing) {
    writeTextAtomic(join(outDir, 'experiment.json'), JSON.stringify({ experimentHash: hash, spec: experimentToObject(plan.spec), provenance: provenance(plan.spec, plan.spec.seed) }, null, 2) + '\n');
  }
  writeTextAtomic(join(outDir, 'design.json'), JSON.stringify(designRecord(plan, hash)) + '\n');
}

/**
 * Run (a shard of) an experiment.
 * @param spec a validated experiment (see loadExperiment)
 * @param options output directory, workers, shard, resume, chunking, progress
 * @returns counts, timing and the results database path
 * @throws InputError for an invalid point, a directory holding another experiment, or existing
 *   chunks of this shard without `resume`
 */
export async function runSweep(spec: ExperimentSpec, options: SweepOptions): Promise<SweepSummary> {
  const started = performance.now();
  const shard = options.shard ?? { index: 1, count: 1 };
  const workers = options.workers ?? availableParallelism();
  const chunkSize = options.chunkSize ?? 50;
  const flushIntervalMs = (options.flushIntervalS ?? 60) * 1000;
  if (!Number.isInteger(workers) || workers < 0) throw new InputError(`--workers must be an integer >= 0, got ${workers}`, '--workers');
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new InputError(`chunk size must be an integer >= 1, got ${chunkSize}`, '--chunk-size');
  const plan = planExperiment(spec, options.source ?? spec.name);
  const hash = experimentHash(spec);
  const outDir = options.outDir;
  prepareDirectory(plan, outDir, hash);

  const pointsDir = join(outDir, 'points');
  removeIncomplete(outDir, shard);
  const previous = existingChunks(pointsDir, shard);
  if (previous.length > 0 && !options.resume) {
    throw new InputError(`already holds ${previous.length} result chunk(s) of shard ${shard.index}/${shard.count}; add --resume to continue, or use another --out`, outDir);
  }
  const finished = options.resume ? await readFinishedKeys(outDir) : new Set<string>();

  // First pass: which tasks remain (keys only; nothing is kept per task but the index).
  let total = 0;
  let skipped = 0;
  for (const t of shardTasks(plan.nTask, shard)) {
    total++;
    if (finished.size > 0 && finished.has(planTask(plan, t).key)) skipped++;
  }

  const every = strideEvery(spec.outputs.strides);
  const writer = await ChunkWriter.open(outDir, plan);
  let nextChunk = previous.length > 0 ? Math.max(...previous) + 1 : 0;
  let chunksWritten = 0;
  let buffer: TaskRow[] = [];
  let bufferSinceMs = 0;
  let ran = 0;
  let errors = 0;
  let ok = 0;
  const runStarted = performance.now();
  const report = () => {
    if (!options.onProgress) return;
    const elapsedS = (performance.now() - runStarted) / 1000;
    const ratePerS = elapsedS > 0 ? ran / elapsedS : 0;
    const left = total - skipped - ran;
    options.onProgress({ done: skipped + ran, total, skipped, errors, ratePerS, etaS: ran > 0 ? left / ratePerS : null });
  };
  const flush = async () => {
    if (buffer.length === 0) return;
    const rows = buffer;
    buffer = [];
    await writer.write(chunkFileName(shard, nextChunk++), rows);
    chunksWritten++;
  };

  const pool =
    workers > 0
      ? new Piscina<WorkerTask, WorkerOutcome>({
          // A JS entry that registers tsx's ES-module loader in the worker (see worker-entry.mjs);
          // works the same under the CLI, plain node and vitest.
          filename: new URL('./worker-entry.mjs', import.meta.url).href,
          execArgv: [],
          minThreads: workers,
          maxThreads: workers,
          idleTimeout: 1000,
        })
      : null;
  const execute = async (task: PlannedTask): Promise<WorkerOutcome> => {
    const input: WorkerTask = { params: task.params, strideEvery: every };
    if (!pool) return runTask(input);
    try {
      return await pool.run(input);
    } catch (e) {
      // The worker itself died (not a run error, which runTask catches): record it, keep going.
      return { status: 'error', message: `worker failed: ${(e as Error).message}`, outputs: OUTPUT_COLUMNS.map(() => null), wallS: NaN, strides: [] };
    }
  };

  const inFlight = new Set<Promise<void>>();
  /** Wait until at most `limit` tasks are in flight, writing a chunk whenever one is due. */
  const drain = async (limit: number) => {
    while (inFlight.size > limit) {
      await Promise.race(inFlight);
      if (buffer.length >= chunkSize || (buffer.length > 0 && performance.now() - bufferSinceMs > flushIntervalMs)) await flush();
    }
  };
  const maxInFlight = Math.max(1, 2 * workers);
  let failure: unknown = null;
  report();
  try {
    for (const t of shardTasks(plan.nTask, shard)) {
      const task = planTask(plan, t);
      if (finished.has(task.key)) continue;
      const job = execute(task).then((outcome) => {
        if (buffer.length === 0) bufferSinceMs = performance.now();
        buffer.push({ point: task.point, replicate: task.replicate, seed: task.seed, shard: shard.index, key: task.key, scenario: task.scenario, factorValues: task.factorValues, outcome });
        ran++;
        if (outcome.status === 'ok') ok++;
        else errors++;
        report();
      });
      inFlight.add(job);
      job.finally(() => inFlight.delete(job)).catch(() => {}); // a rejection surfaces through Promise.race/all below
      await drain(maxInFlight - 1);
    }
    await drain(0);
    await flush();
  } catch (e) {
    failure = e;
  } finally {
    await pool?.destroy();
    writer.close();
  }
  if (failure) throw failure;

  const results = await writeResultsDb(outDir, [outDir], pointColumns(plan));
  const wallS = (performance.now() - started) / 1000;
  return {
    experiment: spec.name,
    outDir,
    shard,
    points: plan.nPoint,
    replicates: spec.replicates,
    tasks: total,
    skipped,
    ran,
    ok,
    errors,
    chunksWritten,
    workers,
    wallS,
    runsPerS: wallS > 0 ? ran / wallS : 0,
    results,
  };
}
