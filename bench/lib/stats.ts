/**
 * Repeated timing with warm-up excluded: median, spread and a noise flag.
 *
 * Per-core throughput is measured in this process's CPU time (process.cpuUsage: user + system),
 * which on a shared machine counts only the time this process actually ran; wall time is
 * reported beside it. A measurement is flagged `noisy` when its coefficient of variation
 * (SD / mean over the repetitions) exceeds NOISY_CV.
 */

/** Coefficient of variation above which a measurement is flagged noisy. */
export const NOISY_CV = 0.1;

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** SD / mean over the repetitions. */
  cv: number;
  runs: number;
  noisy: boolean;
}

/** Median, spread and noise flag of repeated values. */
export function summarize(values: readonly number[]): Summary {
  const xs = [...values].sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) throw new RangeError('summarize: no values');
  const median = n % 2 === 1 ? xs[(n - 1) / 2] : 0.5 * (xs[n / 2 - 1] + xs[n / 2]);
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : 0;
  const cv = mean !== 0 ? sd / Math.abs(mean) : 0;
  return { median, min: xs[0], max: xs[n - 1], cv: round(cv, 4), runs: n, noisy: cv > NOISY_CV };
}

/** Seconds of CPU (user + system) and wall time of one call. */
export interface Timing {
  cpuS: number;
  wallS: number;
}

/** Time one call in CPU and wall seconds. */
export function timeCall(fn: () => void): Timing {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  fn();
  const wallS = (performance.now() - wall0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { cpuS: (cpu.user + cpu.system) / 1e6, wallS };
}

/** Time an async call in wall seconds. */
export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ wallS: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { wallS: (performance.now() - t0) / 1000, value };
}

export interface RepeatOptions {
  /** Measured repetitions (default 7). */
  runs?: number;
  /** Unmeasured warm-up repetitions (default 2). */
  warmup?: number;
}

/** Repeat a call: warm-up excluded; CPU and wall seconds per repetition summarised. */
export function repeat(fn: () => void, options: RepeatOptions = {}): { cpuS: Summary; wallS: Summary } {
  const runs = options.runs ?? 7;
  const warmup = options.warmup ?? 2;
  for (let i = 0; i < warmup; i++) fn();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = timeCall(fn);
    cpu.push(t.cpuS);
    wall.push(t.wallS);
  }
  return { cpuS: summarize(cpu), wallS: summarize(wall) };
}

/** Round to a number of significant decimals (for JSON output). */
export function round(x: number, decimals = 3): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/** A summary with every number rounded (for JSON output). */
export function rounded(s: Summary, decimals = 4): Summary {
  return { ...s, median: round(s.median, decimals), min: round(s.min, decimals), max: round(s.max, decimals) };
}

/** Progress line on stderr (stdout carries only the JSON document). */
export const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
