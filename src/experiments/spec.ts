/**
 * Experiment files (`experiments/*.yaml`): schema, validation and the plan of points they expand to.
 *
 * One file = one study: `base` run parameters, optional named `scenarios` (overrides of base), the
 * `factors` that vary and the `design` that samples them, `replicates` seeds per point, which
 * `outputs` to keep and which `figures` to draw. Points are scenario-major:
 * point p = s · nDesign + d (scenario s, design point d); a file with no scenarios has one implicit
 * scenario (the base), a file with no factors one design point. Every point's fully resolved run
 * parameters are validated with `parseRunParams` before anything runs, so a bad range fails up front.
 *
 * Seeds: task (p, r) runs with seed deriveSeed(experiment seed, 'point', p, 'replicate', r), so results
 * do not depend on the number of workers or shards. Design seed: deriveSeed(seed, 'design').
 */
import { readFileSync, existsSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { parseRunParams, type RunParams } from '../model/params.ts';
import { deriveSeed } from '../random.ts';
import { configHash } from '../io/provenance.ts';
import {
  FactorSchema,
  gridDesign,
  latinHypercube,
  morrisDesign,
  pointValues,
  saltelliDesign,
  validateFactors,
  type Design,
  type Factor,
} from './samplers/index.ts';

const positiveInt = (max: number) =>
  z
    .number({ error: `must be an integer between 1 and ${max}` })
    .int({ error: `must be an integer between 1 and ${max}` })
    .min(1, { error: `must be an integer between 1 and ${max}` })
    .max(max, { error: `must be an integer between 1 and ${max}` });

/** Design block of an experiment file; `kind` picks the sampler (see samplers/). */
export const DesignSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('grid'),
    /** Levels per continuous factor: one count for all or one per factor (`levels` factors use their own list). */
    levels: z.union([positiveInt(10_000), z.array(positiveInt(10_000))]),
  }),
  z.strictObject({ kind: z.literal('lhs'), n: positiveInt(10_000_000), candidates: positiveInt(10_000).optional() }),
  z.strictObject({
    kind: z.literal('saltelli'),
    /** Base sample size N (runs = N (k + 2)); a power of two keeps the Sobol' points balanced. */
    baseN: z.number().int().min(2, { error: 'must be an integer >= 2' }).max(1_000_000, { error: 'must be at most 1000000' }),
    /** Scramble the Sobol' sequence (seeded from the experiment seed); default true. */
    scramble: z.boolean().default(true),
  }),
  z.strictObject({
    kind: z.literal('morris'),
    trajectories: positiveInt(100_000),
    /** Grid levels p, an even number (4 typical). */
    levels: z
      .number()
      .int()
      .min(2, { error: 'must be an even integer >= 2' })
      .max(1000, { error: 'must be at most 1000' })
      .refine((p) => p % 2 === 0, { error: 'must be an even integer >= 2' })
      .default(4),
    candidates: positiveInt(100_000).optional(),
  }),
]);
export type DesignSpec = z.output<typeof DesignSpecSchema>;

/** `none`, `all`, or `every:N` (keep every N-th stride of each leg). */
export const StrideModeSchema = z.string().regex(/^(none|all|every:[1-9]\d*)$/, { error: 'must be "none", "all" or "every:N" (N >= 1)' });

const ParamObject = z.record(z.string(), z.unknown());

/** A scenario: either a plain override object, or `{ overrides, description?, label? }`. */
const WrappedScenarioSchema = z.strictObject({
  overrides: ParamObject.default({}),
  description: z.string().optional(),
  label: z.string().optional(),
});

const NAME_PATTERN = /^[A-Za-z0-9][\w.-]*$/;

export const ExperimentSchema = z.strictObject({
  name: z.string().regex(NAME_PATTERN, { error: 'must be letters, digits, "_", "-" or "." (starting with a letter or digit)' }),
  description: z.string().default(''),
  seed: z
    .number({ error: 'must be an integer between 0 and 4294967295' })
    .int({ error: 'must be an integer between 0 and 4294967295' })
    .min(0, { error: 'must be an integer between 0 and 4294967295' })
    .max(2 ** 32 - 1, { error: 'must be an integer between 0 and 4294967295' }),
  base: ParamObject.default({}),
  scenarios: z.record(z.string().regex(NAME_PATTERN, { error: 'scenario names must be letters, digits, "_", "-" or "."' }), ParamObject.nullable()).optional(),
  factors: z.array(FactorSchema).default([]),
  design: DesignSpecSchema.optional(),
  replicates: positiveInt(100_000).default(1),
  outputs: z.strictObject({ strides: StrideModeSchema.default('none') }).prefault({}),
  figures: z.array(z.string().min(1)).default([]),
});

/** A scenario after normalisation. */
export interface Scenario {
  readonly name: string;
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly description?: string;
}

/** A validated experiment (defaults filled in). */
export interface ExperimentSpec {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly base: Readonly<Record<string, unknown>>;
  /** Named scenarios in file order; empty when the file has none. */
  readonly scenarios: readonly Scenario[];
  readonly factors: readonly Factor[];
  readonly design: DesignSpec | null;
  readonly replicates: number;
  readonly outputs: { readonly strides: string };
  readonly figures: readonly string[];
}

/** Columns every results row has; factor columns may not take these names. */
export const FIXED_COLUMNS = ['point', 'replicate', 'seed', 'shard', 'key', 'scenario', 'status', 'message', 'wall_s'] as const;

/**
 * Column name of a factor in the results: its dotted parameter path with `.` replaced by `__`
 * (`left.tibialisFatigue.multiplier` → `left__tibialisFatigue__multiplier`).
 */
export function factorColumn(name: string): string {
  return name.replaceAll('.', '__');
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join('');
}

/**
 * Validate a parsed experiment object.
 * @param input the object read from YAML/JSON
 * @param where file name for messages
 * @throws InputError naming the offending key (`design.baseN`, `factors[1].max`, …) and what is allowed
 */
export function parseExperiment(input: unknown, where = 'experiment'): ExperimentSpec {
  const parsed = ExperimentSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((iss) => {
      const path = issuePath(iss.path);
      if (iss.code === 'unrecognized_keys') {
        const allowed = allowedKeysAt(iss.path);
        return `unknown key ${iss.keys.map((k) => (path ? `${path}.${k}` : k)).join(', ')}${allowed ? ` (allowed: ${allowed})` : ''}`;
      }
      return `${path || '(root)'}: ${iss.message}`;
    });
    throw new InputError(`invalid experiment:\n  ${lines.join('\n  ')}`, where);
  }
  const data = parsed.data;
  let factors: readonly Factor[] = [];
  if (data.factors.length > 0) {
    try {
      factors = validateFactors(data.factors);
    } catch (e) {
      throw new InputError((e as Error).message, where);
    }
  }
  factors.forEach((f, i) => {
    const column = factorColumn(f.name);
    if ((FIXED_COLUMNS as readonly string[]).includes(column) || f.name === 'seed') {
      throw new InputError(`factor name "${f.name}" is reserved (seeds come from the experiment seed and replicates)`, `${where}: factors[${i}].name`);
    }
    if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(f.name)) {
      throw new InputError(`factor name "${f.name}" must be a dotted run-parameter path, e.g. left.soleusStiffness`, `${where}: factors[${i}].name`);
    }
  });
  if (factors.length > 0 && !data.design) throw new InputError('factors are given but no design (grid, lhs, saltelli or morris)', `${where}: design`);
  if (factors.length === 0 && data.design) throw new InputError(`a ${data.design.kind} design needs at least one factor`, `${where}: factors`);
  if (data.design?.kind === 'grid' && Array.isArray(data.design.levels) && data.design.levels.length !== factors.length) {
    throw new InputError(`needs one level count per factor (${factors.length}), got ${data.design.levels.length}`, `${where}: design.levels`);
  }
  if ('seed' in data.base) throw new InputError('remove it: each point\'s seed comes from the experiment seed', `${where}: base.seed`);
  const scenarios: Scenario[] = Object.entries(data.scenarios ?? {}).map(([name, value]) => normaliseScenario(name, value ?? {}, where));
  return deepFreeze({
    name: data.name,
    description: data.description,
    seed: data.seed,
    base: data.base,
    scenarios,
    factors,
    design: data.design ?? null,
    replicates: data.replicates,
    outputs: { strides: data.outputs.strides },
    figures: data.figures,
  });
}

function allowedKeysAt(path: readonly PropertyKey[]): string | null {
  if (path.length === 0) return Object.keys(ExperimentSchema.shape).join(', ');
  if (path.length === 1 && path[0] === 'outputs') return 'strides';
  if (path.length === 1 && path[0] === 'design') return 'kind and, by kind: grid: levels; lhs: n, candidates; saltelli: baseN, scramble; morris: trajectories, levels, candidates';
  if (path[0] === 'factors') return 'name, kind and, by kind: uniform/loguniform: min, max; normal: mean, sd, min, max; levels: levels';
  return null;
}

function normaliseScenario(name: string, value: Record<string, unknown>, where: string): Scenario {
  if ('overrides' in value) {
    const wrapped = WrappedScenarioSchema.safeParse(value);
    if (!wrapped.success) {
      const iss = wrapped.error.issues[0];
      const detail = iss.code === 'unrecognized_keys' ? `unknown key ${iss.keys.join(', ')} (allowed: overrides, description, label)` : iss.message;
      throw new InputError(detail, `${where}: scenarios.${name}${iss.path.length ? '.' + issuePath(iss.path) : ''}`);
    }
    return { name, overrides: wrapped.data.overrides, description: wrapped.data.description ?? wrapped.data.label };
  }
  if ('seed' in value) throw new InputError('remove it: each point\'s seed comes from the experiment seed', `${where}: scenarios.${name}.seed`);
  return { name, overrides: value };
}

/**
 * Read and validate an experiment file (YAML or JSON).
 * @param path file path
 * @throws InputError for a missing file, bad YAML (with line:column) or an invalid experiment
 */
export function loadExperiment(path: string): ExperimentSpec {
  if (!existsSync(path)) throw new InputError('experiment file not found', path);
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'), { prettyErrors: true });
  } catch (e) {
    const err = e as { linePos?: Array<{ line: number; col: number }>; message: string };
    const pos = err.linePos?.[0];
    throw new InputError(`not valid YAML/JSON: ${err.message.split('\n')[0]}`, pos ? `${path}:${pos.line}:${pos.col}` : path);
  }
  return parseExperiment(data, path);
}

/**
 * The experiment back in file form (scenarios as a mapping), e.g. for `experiment.json`;
 * `parseExperiment(experimentToObject(spec))` gives `spec` back.
 */
export function experimentToObject(spec: ExperimentSpec): Record<string, unknown> {
  const { scenarios, design, ...rest } = spec;
  return {
    ...rest,
    ...(design ? { design } : {}),
    ...(scenarios.length > 0
      ? { scenarios: Object.fromEntries(scenarios.map((s) => [s.name, { overrides: s.overrides, ...(s.description !== undefined ? { description: s.description } : {}) }])) }
      : {}),
  };
}

/** Hash identifying an experiment's results (everything that changes a number; not description/figures). */
export function experimentHash(spec: ExperimentSpec): string {
  const { description: _d, figures: _f, ...rest } = spec;
  return configHash({ ...rest, scenarios: rest.scenarios.map((s) => ({ name: s.name, overrides: s.overrides })) });
}

/** The expansion of an experiment into points and tasks. */
export interface ExperimentPlan {
  readonly spec: ExperimentSpec;
  /** The sampled design, or null when there are no factors. */
  readonly design: Design | null;
  /** Design points per scenario (1 without a design). */
  readonly nDesign: number;
  /** Scenario names in point order; `[null]` when the file has no scenarios. */
  readonly scenarioNames: readonly (string | null)[];
  readonly nPoint: number;
  /** Tasks = points × replicates; task t is point floor(t / replicates), replicate t mod replicates. */
  readonly nTask: number;
}

/** One resolved task: the run's full parameters, its seed and its resume key. */
export interface PlannedTask {
  readonly task: number;
  readonly point: number;
  readonly replicate: number;
  readonly scenario: string | null;
  /** Factor values of the point by factor name (empty without a design). */
  readonly factorValues: Readonly<Record<string, number | string>>;
  readonly seed: number;
  readonly params: RunParams;
  /** Hash of the fully resolved parameters (seed included): identifies a finished task on resume and merge. */
  readonly key: string;
}

/** Build the design of an experiment (deterministic in the experiment seed). */
export function buildDesign(spec: ExperimentSpec): Design | null {
  const d = spec.design;
  if (!d || spec.factors.length === 0) return null;
  const seed = deriveSeed(spec.seed, 'design');
  switch (d.kind) {
    case 'grid':
      return gridDesign(spec.factors, d.levels);
    case 'lhs':
      return latinHypercube(spec.factors, d.n, seed, { candidates: d.candidates });
    case 'saltelli':
      return saltelliDesign(spec.factors, d.baseN, d.scramble ? seed : undefined);
    case 'morris':
      return morrisDesign(spec.factors, d.trajectories, d.levels, seed, { candidates: d.candidates });
  }
}

/**
 * Expand an experiment into its plan and validate every point's resolved run parameters.
 * @param spec a validated experiment
 * @param where file name for messages
 * @throws InputError naming the first point whose parameters are invalid, the key and its allowed range
 */
export function planExperiment(spec: ExperimentSpec, where = spec.name): ExperimentPlan {
  let design: Design | null;
  try {
    design = buildDesign(spec);
  } catch (e) {
    throw new InputError((e as Error).message, `${where}: design`);
  }
  const nDesign = design ? design.nPoint : 1;
  const scenarioNames = spec.scenarios.length > 0 ? spec.scenarios.map((s) => s.name) : [null];
  const nPoint = nDesign * scenarioNames.length;
  const plan: ExperimentPlan = { spec, design, nDesign, scenarioNames, nPoint, nTask: nPoint * spec.replicates };
  for (let p = 0; p < nPoint; p++) {
    const { config, factorValues, scenario } = pointConfig(plan, p);
    try {
      parseRunParams({ ...config, seed: 0 });
    } catch (e) {
      const values = Object.entries(factorValues)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      const what = [scenario !== null ? `scenario ${scenario}` : '', values].filter(Boolean).join('; ');
      throw new InputError(`point ${p} of ${nPoint}${what ? ` (${what})` : ''}: ${(e as Error).message}`, where);
    }
  }
  return plan;
}

/** The run configuration of a point (base ← scenario overrides ← factor values), before its seed. */
export function pointConfig(
  plan: ExperimentPlan,
  point: number,
): { config: Record<string, unknown>; factorValues: Record<string, number | string>; scenario: string | null } {
  const s = Math.floor(point / plan.nDesign);
  const d = point - s * plan.nDesign;
  const scenario = plan.scenarioNames[s];
  let config = plan.spec.base as Record<string, unknown>;
  if (scenario !== null) config = mergeObjects(config, plan.spec.scenarios[s].overrides);
  const factorValues = plan.design ? pointValues(plan.design, d) : {};
  for (const [name, value] of Object.entries(factorValues)) config = setPath(config, name, value);
  return { config, factorValues, scenario };
}

/**
 * Resolve one task: parameters with the point's seed, and its key.
 * @param plan the experiment plan
 * @param task task index 0..nTask-1
 */
export function planTask(plan: ExperimentPlan, task: number): PlannedTask {
  const replicates = plan.spec.replicates;
  const point = Math.floor(task / replicates);
  const replicate = task - point * replicates;
  const { config, factorValues, scenario } = pointConfig(plan, point);
  const seed = deriveSeed(plan.spec.seed, 'point', point, 'replicate', replicate);
  const params = parseRunParams({ ...config, seed });
  return { task, point, replicate, scenario, factorValues, seed, params, key: configHash(params) };
}

/** Objects merge key by key; anything else (arrays included) is replaced. Returns a new object. */
function mergeObjects(base: Record<string, unknown>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isObject(b) && isObject(v) ? mergeObjects(b, v) : v;
  }
  return out;
}

/** Set a dotted path in a copy of `obj`, creating objects along the way. */
function setPath(obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  const child = obj[head];
  return { ...obj, [head]: rest.length === 0 ? value : setPath(isObject(child) ? child : {}, rest.join('.'), value) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

/** Parse `outputs.strides`: 0 = none, 1 = all, N = every N-th stride. */
export function strideEvery(mode: string): number {
  if (mode === 'none') return 0;
  if (mode === 'all') return 1;
  return Number(mode.slice('every:'.length));
}
