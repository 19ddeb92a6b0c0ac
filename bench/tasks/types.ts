/** Options every benchmark task receives from bench/run.ts. */
export interface TaskOptions {
  /** Fewer repetitions and smaller problems (the smoke test; < 30 s in all). */
  quick: boolean;
  /** A fresh temporary directory for the task's files. */
  tmpDir: string;
  /** Task-specific settings. */
  [key: string]: unknown;
}

/** A task's result: JSON-serialisable figures. */
export type TaskResult = Record<string, unknown>;
