/**
 * The benchmark tasks by name; each runs in its own child process (bench/task.ts), which imports
 * only its task's module, so that a task's peak RSS holds only what the task loads.
 */
import type { TaskOptions, TaskResult } from './types.ts';

type Task = (o: TaskOptions) => Promise<TaskResult>;

export const TASKS = {
  /** Nothing: the peak RSS of a bare task process (Node + tsx), the floor under every other figure. */
  baseline: async () => async () => ({}),
  swing: async () => (await import('./swing.ts')).run,
  run5km: async () => (await import('./run5km.ts')).run,
  sweep: async () => (await import('./sweep.ts')).run,
  sweepMemory: async () => (await import('./sweep-memory.ts')).run,
  train: async () => (await import('./train.ts')).run,
  analyzeClassify: async () => (await import('./analyze-classify.ts')).run,
  mujoco: async () => (await import('./mujoco.ts')).run,
  scipy: async () => (await import('./scipy.ts')).run,
} satisfies Record<string, () => Promise<Task>>;

export type TaskName = keyof typeof TASKS;
