/**
 * The server's worker threads (piscina): reading, analysis and classification run there, so the
 * event loop stays free for other requests. Each job has a wall-clock limit and is dropped when
 * its client goes away; a full queue is answered with 503.
 */
import { Piscina } from 'piscina';
import { InputError } from '../errors.ts';
import type { Job, JobOutcome, ModelInfo } from './classify-task.ts';
import type { ServerOptions } from './options.ts';

export class ClassifyPool {
  private readonly piscina: Piscina<Job, JobOutcome>;

  constructor(private readonly options: ServerOptions) {
    this.piscina = new Piscina<Job, JobOutcome>({
      // A JS entry that registers tsx's ES-module loader in the worker (see classify-worker-entry.mjs).
      filename: new URL('./classify-worker-entry.mjs', import.meta.url).href,
      execArgv: [],
      minThreads: options.workers,
      maxThreads: options.workers,
      maxQueue: options.maxQueue,
    });
  }

  /** Jobs waiting for a worker. */
  get queued(): number {
    return this.piscina.queueSize;
  }

  /**
   * Load the classifier in the workers (one warm-up job per thread, run concurrently).
   * @throws InputError when the model directory is missing or incomplete
   */
  async warmUp(): Promise<ModelInfo> {
    const outcomes = await Promise.all(Array.from({ length: this.options.workers }, () => this.run({ kind: 'warmup', modelDir: this.options.modelDir })));
    for (const outcome of outcomes) {
      if (!outcome.ok) throw outcome.status === 400 ? new InputError(outcome.error) : new Error(outcome.error);
    }
    const first = outcomes[0];
    if (!first.ok || !('model' in first)) throw new Error('warm-up returned no model');
    return first.model;
  }

  /**
   * Run a job with the time limit; a job whose client went away is aborted through `signal`.
   * @returns the worker's outcome, or 503 when the queue is full or the time limit passed
   */
  async run(job: Job, signal?: AbortSignal): Promise<JobOutcome> {
    const timeout = AbortSignal.timeout(this.options.timeoutS * 1000);
    try {
      return await this.piscina.run(job, { signal: signal ? AbortSignal.any([timeout, signal]) : timeout });
    } catch (e) {
      const message = (e as Error)?.message ?? String(e);
      if (timeout.aborted) {
        return { ok: false, status: 503, error: `the job took longer than this server's limit of ${this.options.timeoutS} s (--timeout-s); send a shorter recording or retry when the server is less busy` };
      }
      if (signal?.aborted) return { ok: false, status: 499, error: 'client closed the request' };
      if (/queue is at limit/i.test(message)) return { ok: false, status: 503, error: 'server busy: too many traces waiting; retry in a few seconds' };
      return { ok: false, status: 500, error: `worker failed: ${message}` };
    }
  }

  close(): Promise<void> {
    return this.piscina.destroy();
  }
}
