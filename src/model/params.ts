/**
 * Run parameters: zod schemas with a default, unit and valid range for every field.
 *
 * Names are the stable interface (`--set` paths, config files, library; see INTERFACES.md).
 * Parsed parameter objects are deeply frozen. Ranges are the domain the model was built and
 * checked for; values outside them are rejected with a message naming the key and the range.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';

/** A finite number in [min, max]; the message names the range and unit. */
function num(min: number, max: number, unit = '') {
  const range = `must be a number between ${min} and ${max}${unit ? ` ${unit}` : ''}`;
  return z.number({ error: range }).min(min, { error: range }).max(max, { error: range });
}

/** Supported speed ranges per gait, m/s (the range the normative kinematics were fitted over). */
export const SPEED_RANGE_MPS = { run: [2.5, 4.5], walk: [1.0, 1.6] } as const;

export const RunnerSchema = z
  .strictObject({
    heightM: num(1.2, 2.3, 'm').default(1.75),
    massKg: num(30, 200, 'kg').default(70),
    sex: z.enum(['male', 'female']).default('male'),
  })
  .prefault({});

export const FATIGUE_PRESET_NAMES = ['frey-law-2012-ankle', 'rakshit-2021-dorsiflexors', 'myosuite-default'] as const;

export const TibialisFatigueSchema = z
  .strictObject({
    /** Published 3CC-r parameter set (see model/fatigue.ts for values and sources). */
    preset: z.enum(FATIGUE_PRESET_NAMES).default('frey-law-2012-ankle'),
    /** Fatigue rate F, 1/s; overrides the preset. */
    F: num(0, 1, '1/s').optional(),
    /** Recovery rate R, 1/s; overrides the preset. */
    R: num(0, 1, '1/s').optional(),
    /** Rest-recovery multiplier r (3CC-r, Looft 2018); overrides the preset. */
    r: num(1, 1000).optional(),
    /** Scale on F (for sweeps). */
    multiplier: num(0, 100).default(1),
    /** Development and relaxation rate constants LD, LR, 1/s (Xia & Frey-Law 2008: 10). */
    LD: num(0.1, 1000, '1/s').default(10),
    LR: num(0.1, 1000, '1/s').default(10),
    /** When the rest-recovery multiplier applies: `looft2018` (TL = 0 only) or `myosuite` (MA ≥ TL). */
    recoveryRule: z.enum(['looft2018', 'myosuite']).default('looft2018'),
  })
  .prefault({});

/** Neural drive mechanism of one leg (MODEL.md §5). */
export const NerveSchema = z
  .discriminatedUnion('mechanism', [
    z.strictObject({ mechanism: z.literal('none') }),
    z.strictObject({
      mechanism: z.literal('peronealNeuropathy'),
      /** Constant drive to the dorsiflexors from the first stride (1 = intact). */
      drive: num(0, 1).default(0.5),
    }),
    z.strictObject({
      mechanism: z.literal('exertionalCompartment'),
      /** Resting anterior-compartment pressure, mmHg (Pedowitz 1990: < 15 normal). */
      restingPressureMmHg: num(0, 60, 'mmHg').default(10),
      /** Pressure plateau during running at the reference speed, mmHg (Lindorsson 2021: CECS median 47 post-exercise). */
      plateauPressureMmHg: num(0, 200, 'mmHg').default(60),
      /** Time constant of the pressure rise during exercise, s. */
      riseTauS: num(10, 7200, 's').default(900),
      /**
       * Time constant of the pressure fall at rest, s. Pedowitz 1990 criteria (≥ 30 mmHg 1 min and
       * ≥ 20 mmHg 5 min after exercise) with Lindorsson 2021's median 47 mmHg at 1 min imply a
       * fall of (47−10) → ~20 mmHg over 4 min, τ ≈ 4 min.
       */
      fallTauS: num(10, 7200, 's').default(240),
      /** Time constant of conduction failure once pressure exceeds the threshold, s. */
      nerveFailTauS: num(1, 3600, 's').default(60),
      /** Time constant of conduction recovery after decompression, s (symptoms resolve 15–30 min after stopping). */
      nerveRecoveryTauS: num(1, 7200, 's').default(600),
      /** Pressure at which conduction starts to fail, mmHg. */
      thresholdMmHg: num(0, 200, 'mmHg').default(40),
      /** Pressure rise above threshold over which drive falls from 1 to `minDrive`, mmHg. */
      widthMmHg: num(0.1, 200, 'mmHg').default(10),
      minDrive: num(0, 1).default(0.3),
    }),
    z.strictObject({
      mechanism: z.literal('intermittentBlock'),
      /** Per-stride probability of a conduction failure at the start of the run. */
      baseProbability: num(0, 1).default(0.001),
      /** Added per-stride probability per km run (dynamic entrapment worsens with load). */
      probabilityPerKm: num(0, 1).default(0.02),
      /** Drive during a failed stride. */
      failedDrive: num(0, 1).default(0.05),
    }),
    z.strictObject({
      mechanism: z.literal('radiculopathyL5'),
      /** Constant drive to the L5-innervated dorsiflexors. */
      drive: num(0, 1).default(0.6),
    }),
  ])
  .prefault({ mechanism: 'none' });

export const LegSchema = z
  .strictObject({
    /** Scale on TA maximum isometric force (weakness independent of fatigue). */
    tibialisStrength: num(0, 3).default(1),
    tibialisFatigue: TibialisFatigueSchema,
    /** Multiplier on soleus passive stiffness (1 = normal, > 1 stiffer/contracture). */
    soleusStiffness: num(0.25, 10).default(1),
    nerve: NerveSchema,
  })
  .prefault({});

export const ModelOptionsSchema = z
  .strictObject({
    /** Musculotendon parameter set (OpenSim model). */
    muscleSet: z.enum(['gait2392', 'rajagopal2016']).default('gait2392'),
    /** Soleus passive force–length curve: Thelen 2003 matches the reference passive ankle moments better than De Groote 2016 (see model/ankle-muscles.ts). */
    passiveCurve: z.enum(['thelen2003', 'degroote2016']).default('thelen2003'),
    /**
     * Point whose clearance is reported as toe clearance: `soleToe` (front of the sole; what
     * actually catches the ground) or `toeMarker` (where gait labs put the toe-tip marker, for
     * comparison with marker-based MTC data).
     */
    clearancePoint: z.enum(['soleToe', 'toeMarker']).default('soleToe'),
    /** Shoe mass added to each foot, kg. */
    shoeMassKg: num(0, 1.5, 'kg').default(0.25),
    /** Proportional gain of the TA feedback on ankle-angle error, excitation per rad. */
    feedbackGainPerRad: num(0, 100, '1/rad').default(4),
    /** Derivative gain of the TA feedback on ankle-velocity error, excitation per rad/s. */
    feedbackGainPerRadS: num(0, 10, 's/rad').default(0.15),
    /** Stride-to-stride variability scale (1 = calibrated healthy variability, 0 = none). */
    variability: num(0, 10).default(1),
  })
  .prefault({});

export const NumericsSchema = z
  .strictObject({
    integrator: z.enum(['rk4', 'dopri5']).default('rk4'),
    /** Fixed step for RK4, s (5 ms: halving it changes MTC by < 0.002 mm; see tests/validation/swing-model.test.ts). */
    stepS: num(1e-5, 0.02, 's').default(0.005),
    /** Relative tolerance for Dormand–Prince. */
    rtol: num(1e-12, 1e-2).default(1e-8),
  })
  .prefault({});

export const RunParamsSchema = z
  .strictObject({
    gait: z.enum(['run', 'walk']).default('run'),
    speedMps: num(0.1, 10, 'm/s').default(3.0),
    /** Distance of the run, m (3 miles by default). Ignored if durationS is given. */
    distanceM: num(1, 200_000, 'm').default(4828.032),
    durationS: num(1, 86_400, 's').optional(),
    course: z.enum(['road', 'track400']).default('road'),
    /** Rest intervals [startS, durationS] (time since start of the run). */
    restsS: z.array(z.tuple([num(0, 86_400, 's'), num(0, 86_400, 's')])).default([]),
    /** Time simulated after the run to follow recovery, s. */
    recoveryS: num(0, 14_400, 's').default(1800),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    runner: RunnerSchema,
    /** Signed leg-length discrepancy, m: positive = left leg longer. */
    legLengthDiscrepancyM: num(-0.06, 0.06, 'm').default(0),
    /** Fraction of the LLD's clearance loss recovered by compensation (hip hike, vaulting, knee flexion). */
    lldCompensation: num(0, 1).default(0),
    left: LegSchema,
    right: LegSchema,
    model: ModelOptionsSchema,
    numerics: NumericsSchema,
  })
  .superRefine((p, ctx) => {
    const [lo, hi] = SPEED_RANGE_MPS[p.gait];
    if (p.speedMps < lo || p.speedMps > hi) {
      ctx.addIssue({
        code: 'custom',
        path: ['speedMps'],
        message: `must be between ${lo} and ${hi} m/s for gait=${p.gait} (the range the normative kinematics cover)`,
      });
    }
  });

export type RunParams = z.output<typeof RunParamsSchema>;
export type LegParams = z.output<typeof LegSchema>;
export type NerveParams = z.output<typeof NerveSchema>;
export type RunnerParams = z.output<typeof RunnerSchema>;
export type ModelOptions = z.output<typeof ModelOptionsSchema>;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = obj;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** Human-readable lines for zod issues: `path: message (found …)`. */
export function formatIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((iss) => {
    const path = iss.path.map(String).join('.');
    if (iss.code === 'unrecognized_keys') {
      const keys = iss.keys.map((k) => (path ? `${path}.${k}` : k));
      return `unknown parameter ${keys.join(', ')}${path ? '' : ' at the top level'}; see \`dropfoot simulate --help\` for the parameter list`;
    }
    const found = valueAt(input, iss.path);
    const shown = found === undefined ? '' : ` (found ${JSON.stringify(found) ?? String(found)})`;
    const nanNote = typeof found === 'number' && !Number.isFinite(found) ? ` (found ${found})` : shown;
    return `${path || '(root)'}: ${iss.message}${nanNote}`;
  });
}

/**
 * Validate and complete run parameters (defaults filled in), deeply frozen.
 * @throws InputError naming every offending key with its allowed range
 */
export function parseRunParams(input: unknown): RunParams {
  const result = RunParamsSchema.safeParse(input ?? {});
  if (!result.success) {
    const lines = formatIssues(result.error, input);
    throw new InputError(`invalid run parameters:\n  ${lines.join('\n  ')}`);
  }
  return deepFreeze(result.data);
}

/** The built-in defaults: the reference runner's healthy 3-mile run at 3 m/s. */
export function defaultRunParams(): RunParams {
  return parseRunParams({});
}
