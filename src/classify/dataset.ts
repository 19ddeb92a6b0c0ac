/**
 * The classifier's training and test sets, defined by `experiments/classifier-training.yaml`.
 *
 * The file holds one experiment block per mechanism group (base + factors, sampled with the sweep
 * engine's Latin hypercube and seeded the engine's way: task seed = deriveSeed(group seed, 'point',
 * p, 'replicate', 0)), factors shared by every group (`common`: anthropometry, speed, run length,
 * LLD, soleus stiffness, TA strength, variability — the confounders appear in every class) and
 * the IMU synthesis factors (`imu.*`: sampling rate, sensor model, mounting misalignment).
 * Every run is its own simulated runner (its own seed and anthropometry), so the validation split
 * (by the run's seed) is a split by runner. The test set uses another seed and factor ranges
 * widened by `test.widen` (clamped to `test.limits`), to measure generalisation, not memory.
 * Runs execute on a piscina pool exactly as the sweep engine's runner does.
 */
import { readFileSync, existsSync, appendFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { parseExperiment, buildDesign } from '../experiments/spec.ts';
import { pointValues, type Factor } from '../experiments/samplers/index.ts';
import { deriveSeed } from '../random.ts';
import { configHash } from '../io/provenance.ts';
import type { LabelRule, RunTruth, ClassLabel } from './labels.ts';
import runDatasetTask, { type DatasetOutcome, type DatasetTask, type ImuTaskOptions } from './dataset-worker.ts';
import { dataCodeFingerprint } from './code-fingerprint.ts';

const ParamObject = z.record(z.string(), z.unknown());
const FactorList = z.array(z.record(z.string(), z.unknown())).default([]);

const GroupSchema = z.strictObject({
  /** The class this group is meant to produce (the label rule decides the actual label). */
  intended: z.enum(['none', 'muscular', 'neurological']),
  description: z.string().optional(),
  runs: z.number().int().min(1).max(100_000),
  base: ParamObject.default({}),
  factors: FactorList,
});

export const TrainingConfigSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(''),
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  labels: z.strictObject({
    neuroDriveBelow: z.number().min(0).max(1),
    neuroMinStrideFraction: z.number().min(0).max(1),
    muscularCapacityBelow: z.number().min(0).max(1),
    noneCapacityAbove: z.number().min(0).max(1),
    noneDriveAbove: z.number().min(0).max(1),
    noneMaxMildFraction: z.number().min(0).max(1).default(0.002),
  }),
  common: z.strictObject({ base: ParamObject.default({}), factors: FactorList }).prefault({}),
  /**
   * Factors named imu.rateHz, imu.sensor, imu.misalignmentRad, imu.<other synth option>; and
   * optionally `windows`: synthesise and analyse only windows of `lengthS` every `everyS` of the
   * run (the last ending at the run's end), to make large datasets affordable (see dataset-worker.ts).
   */
  imu: z.strictObject({
    factors: FactorList,
    windows: z.strictObject({ lengthS: z.number().min(10).max(600), everyS: z.number().min(10).max(3600) }).optional(),
  }),
  groups: z.record(z.string(), GroupSchema),
  validation: z.strictObject({ fraction: z.number().min(0.05).max(0.5) }).prefault({ fraction: 0.2 }),
  test: z.strictObject({
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    /** Runs per group relative to training. */
    runsFraction: z.number().min(0.01).max(10).default(0.3),
    /** Each uniform/log-uniform range widened by this fraction of its width (log width) on each side. */
    widen: z.number().min(0).max(1).default(0.1),
    /** Hard limits [min, max] for widened factors (the parameter's valid range). */
    limits: z.record(z.string(), z.tuple([z.number(), z.number()])).default({}),
  }),
  training: z
    .strictObject({
      epochs: z.number().int().min(1).max(10_000).default(150),
      batchSize: z.number().int().min(1).max(4096).default(32),
      learningRate: z.number().positive().default(0.003),
      /** Architectures compared on the validation split; the best is kept. */
      architectures: z.array(z.enum(['summary', 'sequence', 'both'])).min(1).default(['summary', 'sequence', 'both']),
      seed: z.number().int().min(0).default(1),
    })
    .prefault({}),
});
export type TrainingConfig = z.output<typeof TrainingConfigSchema>;

/**
 * Read and validate a classifier training config.
 * @throws InputError naming the offending key
 */
export function loadTrainingConfig(path: string): TrainingConfig {
  if (!existsSync(path)) throw new InputError('training config not found', path);
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError(`not valid YAML: ${(e as Error).message.split('\n')[0]}`, path);
  }
  return parseTrainingConfig(data, path);
}

/** Validate a parsed training config. @throws InputError */
export function parseTrainingConfig(data: unknown, where = 'classifier config'): TrainingConfig {
  const parsed = TrainingConfigSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new InputError(`invalid classifier training config:\n  ${lines.join('\n  ')}`, where);
  }
  for (const f of parsed.data.imu.factors) {
    if (typeof f.name !== 'string' || !f.name.startsWith('imu.')) throw new InputError('imu factors must be named imu.<option>', `${where}: imu.factors`);
  }
  return parsed.data;
}

/** One planned run of the dataset. */
export interface DatasetRun {
  group: string;
  intended: ClassLabel;
  split: 'train' | 'validation' | 'test';
  seed: number;
  task: DatasetTask;
  /** Factor values of the run (run parameters and imu.*). */
  factors: Record<string, number | string>;
}

/** A generated example. */
export interface Example {
  group: string;
  split: 'train' | 'validation' | 'test';
  seed: number;
  label: ClassLabel | 'ambiguous';
  summary: number[];
  sequence: number[];
  /** The right foot's features (the runner's own reference); empty when not available. */
  referenceSummary: number[];
  referenceSequence: number[];
  nStrides: number;
  gait: 'walk' | 'run';
  durationS: number;
  truth: RunTruth;
  factors: Record<string, number | string>;
}

function widenFactor(f: Record<string, unknown>, widen: number, limits: Record<string, [number, number]>): Record<string, unknown> {
  if (widen === 0) return f;
  const lim = limits[f.name as string] ?? [-Infinity, Infinity];
  if (f.kind === 'uniform') {
    const w = (f.max as number) - (f.min as number);
    return { ...f, min: Math.max(lim[0], (f.min as number) - widen * w), max: Math.min(lim[1], (f.max as number) + widen * w) };
  }
  if (f.kind === 'loguniform') {
    const r = Math.pow((f.max as number) / (f.min as number), widen);
    return { ...f, min: Math.max(lim[0], (f.min as number) / r), max: Math.min(lim[1], (f.max as number) * r) };
  }
  return f;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  const child = obj[head];
  const isObj = child !== null && typeof child === 'object' && !Array.isArray(child);
  return { ...obj, [head]: rest.length === 0 ? value : setPath(isObj ? (child as Record<string, unknown>) : {}, rest.join('.'), value) };
}

function mergeObjects(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    const bothObj = b && typeof b === 'object' && !Array.isArray(b) && v && typeof v === 'object' && !Array.isArray(v);
    out[k] = bothObj ? mergeObjects(b as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/** Options of planning. */
export interface PlanOptions {
  /** Scale on every group's run count (tests use small values). */
  runsScale?: number;
  /** Override the run duration, s (tests). */
  durationS?: number;
  synthModule?: string;
  /** Which sets to plan. */
  sets?: ReadonlyArray<'trainval' | 'test'>;
}

/**
 * Expand a training config into runs (train/validation by runner seed; test with its own seed and
 * widened ranges). Each group is validated as a sweep-engine experiment.
 * @throws InputError for an invalid group
 */
export function planDataset(config: TrainingConfig, options: PlanOptions = {}): DatasetRun[] {
  const runs: DatasetRun[] = [];
  const scale = options.runsScale ?? 1;
  const sets = options.sets ?? ['trainval', 'test'];
  const labelRule: LabelRule = config.labels;
  for (const set of sets) {
    const isTest = set === 'test';
    for (const [group, g] of Object.entries(config.groups)) {
      const n = Math.max(1, Math.round(g.runs * scale * (isTest ? config.test.runsFraction : 1)));
      let factors = [...config.common.factors, ...g.factors, ...config.imu.factors];
      if (isTest) factors = factors.map((f) => widenFactor(f, config.test.widen, config.test.limits));
      const seed = deriveSeed(isTest ? config.test.seed : config.seed, 'group', group);
      const spec = parseExperiment(
        { name: `${config.name}.${group}`, seed, base: mergeObjects(config.common.base, g.base), factors, design: { kind: 'lhs', n: Math.max(2, n) }, replicates: 1 },
        `${config.name}: groups.${group}`,
      );
      const design = buildDesign(spec);
      for (let p = 0; p < n; p++) {
        const values = design ? pointValues(design, p) : {};
        let params: Record<string, unknown> = spec.base as Record<string, unknown>;
        const imu: ImuTaskOptions = { rateHz: 100, sensor: 'bmi270', misalignmentRad: 0, extra: {} };
        for (const [name, value] of Object.entries(values)) {
          if (name === 'imu.rateHz') imu.rateHz = Number(value);
          else if (name === 'imu.sensor') imu.sensor = String(value);
          else if (name === 'imu.misalignmentRad') imu.misalignmentRad = Number(value);
          else if (name.startsWith('imu.')) imu.extra[name.slice(4)] = value;
          else params = setPath(params, name, value);
        }
        if (options.durationS !== undefined) params = { ...params, durationS: options.durationS };
        const runSeed = deriveSeed(seed, 'point', p, 'replicate', 0);
        const split: DatasetRun['split'] = isTest
          ? 'test'
          : (deriveSeed(runSeed, 'split') % 10_000) / 10_000 < config.validation.fraction
            ? 'validation'
            : 'train';
        runs.push({
          group,
          intended: g.intended,
          split,
          seed: runSeed,
          factors: values as Record<string, number | string>,
          task: {
            params: { ...params, seed: runSeed },
            imu,
            labelRule,
            ...(config.imu.windows ? { windows: config.imu.windows } : {}),
            ...(options.synthModule ? { synthModule: options.synthModule } : {}),
          },
        });
      }
    }
  }
  return runs;
}

/**
 * Feature vectors read back from JSON (cache, journal) with their missing values restored: JSON
 * writes NaN as null, and Float64Array.from turns null into 0 — a real value — so a cached test
 * set was scored differently from the same runs generated fresh (and from `classify`).
 */
export function withNaN<T extends { summary: readonly (number | null)[]; sequence: readonly (number | null)[]; referenceSummary?: readonly (number | null)[]; referenceSequence?: readonly (number | null)[] }>(x: T): T {
  const fix = (a: readonly (number | null)[] | undefined): number[] => (a ?? []).map((v) => (typeof v === 'number' ? v : NaN));
  return { ...x, summary: fix(x.summary), sequence: fix(x.sequence), referenceSummary: fix(x.referenceSummary), referenceSequence: fix(x.referenceSequence) };
}

/** Hash identifying a planned dataset and the code that makes its examples (cache key). */
export function datasetHash(runs: readonly DatasetRun[], code: string = dataCodeFingerprint()): string {
  return configHash({ code, runs: runs.map((r) => ({ s: r.split, t: r.task })) });
}

export interface GenerateOptions {
  /** Worker threads; 0 runs in this thread (default: all cores). */
  workers?: number;
  /**
   * Journal file (JSON lines): every finished run is appended as it completes, and runs already
   * in it are not run again, so an interrupted generation resumes where it stopped.
   */
  journal?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateResult {
  examples: Example[];
  errors: { group: string; seed: number; message: string }[];
  wallS: number;
  /** Summed per-stage CPU time over all runs, s. */
  stageS: { simulate: number; synthesize: number; analyze: number };
}

/**
 * Generate the examples of planned runs on a worker pool.
 * @param runs from `planDataset`
 * @param options workers and progress
 */
export async function generateDataset(runs: readonly DatasetRun[], options: GenerateOptions = {}): Promise<GenerateResult> {
  const started = performance.now();
  const workers = options.workers ?? availableParallelism();
  const pool =
    workers > 0
      ? new Piscina<DatasetTask, DatasetOutcome>({
          filename: new URL('./dataset-worker-entry.mjs', import.meta.url).href,
          execArgv: [],
          minThreads: workers,
          maxThreads: workers,
          idleTimeout: 1000,
        })
      : null;
  const examples: (Example | null)[] = new Array(runs.length).fill(null);
  const errors: GenerateResult['errors'] = [];
  const stageS = { simulate: 0, synthesize: 0, analyze: 0 };
  let done = 0;
  const journaled = new Map<number, DatasetOutcome>();
  if (options.journal && existsSync(options.journal)) {
    for (const line of readFileSync(options.journal, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const { i, out } = JSON.parse(line) as { i: number; out: DatasetOutcome };
        if (Number.isInteger(i) && i >= 0 && i < runs.length) journaled.set(i, withNaN(out));
      } catch {
        // a line cut short by the interruption: that run is simply run again
      }
    }
  }
  const one = async (i: number): Promise<void> => {
    const r = runs[i];
    let out: DatasetOutcome;
    const prior = journaled.get(i);
    if (prior) out = prior;
    else {
      try {
        out = pool ? await pool.run(r.task) : await runDatasetTask(r.task);
      } catch (e) {
        out = { status: 'error', message: `worker failed: ${(e as Error).message}`, summary: [], sequence: [], referenceSummary: [], referenceSequence: [], nStrides: 0, gait: 'run', durationS: 0, truth: null, label: null, timingS: { simulate: 0, synthesize: 0, analyze: 0 } };
      }
      if (options.journal) appendFileSync(options.journal, JSON.stringify({ i, out }) + '\n');
    }
    stageS.simulate += out.timingS.simulate;
    stageS.synthesize += out.timingS.synthesize;
    stageS.analyze += out.timingS.analyze;
    if (out.status === 'ok' && out.truth && out.label) {
      examples[i] = {
        group: r.group,
        split: r.split,
        seed: r.seed,
        label: out.label,
        summary: out.summary,
        sequence: out.sequence,
        referenceSummary: out.referenceSummary ?? [],
        referenceSequence: out.referenceSequence ?? [],
        nStrides: out.nStrides,
        gait: out.gait,
        durationS: out.durationS,
        truth: out.truth,
        factors: r.factors,
      };
    } else {
      errors.push({ group: r.group, seed: r.seed, message: out.message ?? 'unknown error' });
    }
    options.onProgress?.(++done, runs.length);
  };
  try {
    const limit = Math.max(1, workers * 2);
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < runs.length; i++) {
      const p: Promise<void> = one(i).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await pool?.destroy();
  }
  return { examples: examples.filter((e): e is Example => e !== null), errors, wallS: (performance.now() - started) / 1000, stageS };
}

export type { Factor };
