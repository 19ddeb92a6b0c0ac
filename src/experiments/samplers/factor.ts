/**
 * Factors of an experiment design (what varies, over which range and distribution) and the map
 * from a unit-hypercube coordinate u in [0, 1] to the factor's own scale (inverse-CDF transform).
 */
import { z } from 'zod';
import { InputError } from '../../errors.ts';
import { standardNormalCdf, standardNormalQuantile } from './normal.ts';

const finite = z.number().refine(Number.isFinite, { error: 'must be a finite number' });
const name = z.string().min(1, { error: 'must be a non-empty string' });

/** Uniform on [min, max]. */
export const UniformFactorSchema = z.strictObject({ name, kind: z.literal('uniform'), min: finite, max: finite });
/** Log-uniform on [min, max], 0 < min < max (uniform in ln x). */
export const LogUniformFactorSchema = z.strictObject({ name, kind: z.literal('loguniform'), min: finite, max: finite });
/** Normal(mean, sd), optionally truncated to [min, max] (either bound may be omitted). */
export const NormalFactorSchema = z.strictObject({
  name,
  kind: z.literal('normal'),
  mean: finite,
  sd: finite,
  min: finite.optional(),
  max: finite.optional(),
});
/** Discrete levels (numbers or labels), equally likely. */
export const LevelsFactorSchema = z.strictObject({
  name,
  kind: z.literal('levels'),
  levels: z.array(z.union([finite, z.string()])).min(1, { error: 'must list at least one level' }),
});

/** Schema of one factor; cross-field rules (min < max, sd > 0) are checked in {@link validateFactors}. */
export const FactorSchema = z.discriminatedUnion('kind', [
  UniformFactorSchema,
  LogUniformFactorSchema,
  NormalFactorSchema,
  LevelsFactorSchema,
]);

export type UniformFactor = Readonly<z.infer<typeof UniformFactorSchema>>;
export type LogUniformFactor = Readonly<z.infer<typeof LogUniformFactorSchema>>;
export type NormalFactor = Readonly<z.infer<typeof NormalFactorSchema>>;
export type LevelsFactor = Readonly<{ name: string; kind: 'levels'; levels: readonly (number | string)[] }>;
/** One varied input of a design. Values are on the factor's own scale and in SI units. */
export type Factor = UniformFactor | LogUniformFactor | NormalFactor | LevelsFactor;

/** Cross-field checks; returns `[key, message]` or null. */
function crossFieldIssue(f: Factor): [string, string] | null {
  switch (f.kind) {
    case 'uniform':
      return f.min < f.max ? null : ['max', `must be greater than min (${f.min}), found ${f.max}`];
    case 'loguniform':
      if (!(f.min > 0)) return ['min', `must be > 0 for a log-uniform factor, found ${f.min}`];
      return f.min < f.max ? null : ['max', `must be greater than min (${f.min}), found ${f.max}`];
    case 'normal':
      if (!(f.sd > 0)) return ['sd', `must be > 0, found ${f.sd}`];
      if (f.min !== undefined && f.max !== undefined && !(f.min < f.max)) {
        return ['max', `must be greater than min (${f.min}), found ${f.max}`];
      }
      return null;
    case 'levels':
      return null;
  }
}

/**
 * Validate user-supplied factors (e.g. from an experiment file): shape, ranges, unique names.
 * @param input array of factor objects
 * @returns the factors, frozen
 * @throws InputError naming the offending key, e.g. `factors[2].max: must be greater than min (1), found 0`
 */
export function validateFactors(input: unknown): readonly Factor[] {
  const parsed = z.array(FactorSchema).min(1, { error: 'must list at least one factor' }).safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const path = issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
      return `factors${path}: ${issue.message}`;
    });
    throw new InputError(`invalid factors:\n  ${lines.join('\n  ')}`, 'factors');
  }
  const factors = parsed.data as Factor[];
  const seen = new Set<string>();
  factors.forEach((f, i) => {
    const issue = crossFieldIssue(f);
    if (issue) throw new InputError(issue[1], `factors[${i}].${issue[0]}`);
    if (seen.has(f.name)) throw new InputError(`duplicate factor name "${f.name}"`, `factors[${i}].name`);
    seen.add(f.name);
  });
  return Object.freeze(factors.map((f) => Object.freeze(f.kind === 'levels' ? { ...f, levels: Object.freeze([...f.levels]) } : { ...f })));
}

/**
 * Smallest/largest unit value used for an untruncated normal tail, so that u = 0 or 1 (grid and
 * Morris corner points, the first plain Sobol point) maps to mean ∓ 7.03 sd instead of ∓∞. *
 */
const UNBOUNDED_NORMAL_EPS = 1e-12;

/**
 * Map a unit-cube coordinate onto a factor's scale (inverse CDF).
 * - uniform: min + u (max - min)
 * - loguniform: exp(ln min + u (ln max - ln min))
 * - normal: mean + sd Φ⁻¹(Φ(α) + u (Φ(β) - Φ(α))), α, β the standardised truncation bounds
 * - levels: levels[floor(u L)] (u = 1 gives the last level)
 * @param factor a validated factor
 * @param u unit coordinate in [0, 1]
 * @returns the value on the factor's scale (a level label for string levels)
 */
export function unitToValue(factor: Factor, u: number): number | string {
  switch (factor.kind) {
    case 'uniform':
      return factor.min + u * (factor.max - factor.min);
    case 'loguniform': {
      const lnMin = Math.log(factor.min);
      return Math.exp(lnMin + u * (Math.log(factor.max) - lnMin));
    }
    case 'normal':
      return truncatedNormalQuantile(factor, u);
    case 'levels':
      return factor.levels[levelIndex(factor.levels.length, u)];
  }
}

/** Index of the level a unit value falls in: floor(u L), clamped to [0, L - 1]. */
export function levelIndex(levelCount: number, u: number): number {
  return Math.min(levelCount - 1, Math.max(0, Math.floor(u * levelCount)));
}

function truncatedNormalQuantile(f: NormalFactor, u: number): number {
  const alpha = f.min === undefined ? -Infinity : (f.min - f.mean) / f.sd;
  const beta = f.max === undefined ? Infinity : (f.max - f.mean) / f.sd;
  // Work in the lower half so the CDF values near the bounds keep their precision (reflect if needed).
  const reflect = alpha > 0;
  const a = reflect ? -beta : alpha;
  const b = reflect ? -alpha : beta;
  const w = reflect ? 1 - u : u;
  const pa = standardNormalCdf(a);
  const pb = standardNormalCdf(b);
  let p = pa + w * (pb - pa);
  if (!Number.isFinite(a)) p = Math.max(p, UNBOUNDED_NORMAL_EPS);
  if (!Number.isFinite(b)) p = Math.min(p, 1 - UNBOUNDED_NORMAL_EPS);
  let z = standardNormalQuantile(p);
  z = Math.min(b, Math.max(a, z)); // round-off can step a hair outside the bounds
  return f.mean + f.sd * (reflect ? -z : z);
}
