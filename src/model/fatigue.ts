/**
 * Tibialis anterior fatigue: the three-compartment controller model with rest recovery (3CC-r).
 *
 * Xia T, Frey-Law LA (2008) J Biomech 41:3046–3052 (3CC); Looft JM, Herkert N, Frey-Law L (2018)
 * J Biomech 77:16–25 (rest multiplier r). Compartments are fractions of the motor-unit pool:
 * active M_A, fatigued M_F, resting M_R, M_A + M_F + M_R = 1; TL = target load (fraction of MVC).
 *   dM_A/dt = C − F·M_A;  dM_F/dt = F·M_A − R_eff·M_F;  dM_R/dt = −C + R_eff·M_F
 *   C = LD·(TL − M_A)  if M_A < TL and M_R > TL − M_A
 *       LD·M_R         if M_A < TL and M_R ≤ TL − M_A
 *       LR·(TL − M_A)  if M_A ≥ TL                         (Xia & Frey-Law 2008, eq. 3)
 * Residual capacity = 1 − M_F.
 *
 * When the rest multiplier applies is a modelling choice that changes the answer (MODEL.md §4):
 * `looft2018`: R_eff = r·R only while TL = 0 (Looft 2018); `myosuite`: R_eff = r·R whenever
 * M_A ≥ TL (MyoSuite's CumulativeFatigue implementation).
 *
 * Numerics: with TL = 0 the equations are linear and solved exactly for any interval; otherwise
 * RK4 substeps of ≤ 20 ms (LD = 10 s⁻¹ gives a 0.1 s mode; C is continuous when LD = LR), each
 * followed by a projection onto the simplex, so M_A, M_F, M_R ∈ [0, 1] and their sum is 1 at
 * every step whatever the load or step size.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';

export type RecoveryRule = 'looft2018' | 'myosuite';

export type FatiguePresetName = 'frey-law-2012-ankle' | 'rakshit-2021-dorsiflexors' | 'myosuite-default';

/** Published 3CC(-r) parameter sets for the ankle dorsiflexors (reference sheet §3). */
export const FATIGUE_PRESETS: Readonly<Record<FatiguePresetName, { F: number; R: number; r: number; source: string }>> = Object.freeze({
  // Frey-Law, Looft & Heitsman 2012, J Biomech 45:1803 (ankle); r = 15: Looft 2018 default.
  'frey-law-2012-ankle': { F: 0.00589, R: 0.00058, r: 15, source: 'Frey-Law et al. 2012 (ankle F, R); Looft et al. 2018 (r = 15)' },
  // Rakshit et al. 2021, J Biomech 110695 (ankle dorsiflexors), as used by MyoSuite.
  'rakshit-2021-dorsiflexors': { F: 0.00828, R: 0.00204, r: 7.07, source: 'Rakshit et al. 2021 (ankle dorsiflexors)' },
  // MyoSuite CumulativeFatigue "Default" (Looft 2018 values).
  'myosuite-default': { F: 0.0097, R: 0.00091, r: 15, source: 'MyoSuite CumulativeFatigue default (Looft et al. 2018)' },
});

/** Validated 3CC-r parameters; rates in 1/s. */
export const FatigueParamsSchema = z.strictObject({
  F: z.number().min(0).max(10),
  R: z.number().min(0).max(10),
  r: z.number().min(1).max(1000),
  LD: z.number().min(0.01).max(1000),
  LR: z.number().min(0.01).max(1000),
  recoveryRule: z.enum(['looft2018', 'myosuite']),
});

export type FatigueParams = Readonly<z.output<typeof FatigueParamsSchema>>;

/** Xia & Frey-Law 2008: LD = LR = 10 s⁻¹. */
export const DEFAULT_LD = 10;
export const DEFAULT_LR = 10;

/**
 * Parameters from a published preset with optional overrides.
 * @throws InputError for an unknown preset or invalid values
 */
export function fatigueParamsFromPreset(preset: FatiguePresetName, overrides: Partial<FatigueParams> = {}): FatigueParams {
  const base = FATIGUE_PRESETS[preset];
  if (!base) throw new InputError(`unknown fatigue preset "${preset}" (one of ${Object.keys(FATIGUE_PRESETS).join(', ')})`);
  const result = FatigueParamsSchema.safeParse({
    F: base.F,
    R: base.R,
    r: base.r,
    LD: DEFAULT_LD,
    LR: DEFAULT_LR,
    recoveryRule: 'looft2018',
    ...overrides,
  });
  if (!result.success) {
    throw new InputError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), 'tibialisFatigue');
  }
  return Object.freeze(result.data);
}

const MAX_SUBSTEP_S = 0.02;
// scratch for RK4 (module-level: the model is single-threaded per worker)
const k1 = new Float64Array(2);
const k2 = new Float64Array(2);
const k3 = new Float64Array(2);
const k4 = new Float64Array(2);

/** Derivatives of (M_A, M_F) for constant TL; M_R = 1 − M_A − M_F. */
function rates(p: FatigueParams, ma: number, mf: number, tl: number, out: Float64Array): void {
  const mr = 1 - ma - mf;
  let c: number;
  if (ma < tl) c = mr > tl - ma ? p.LD * (tl - ma) : p.LD * mr;
  else c = p.LR * (tl - ma);
  const rest = p.recoveryRule === 'looft2018' ? tl === 0 : ma >= tl;
  const rEff = rest ? p.r * p.R : p.R;
  out[0] = c - p.F * ma;
  out[1] = p.F * ma - rEff * mf;
}

/** Clip onto the simplex: M_A, M_F ∈ [0, 1], M_A + M_F ≤ 1, M_R = 1 − M_A − M_F. */
function project(state: Float64Array): void {
  let ma = state[0];
  let mf = state[1];
  ma = ma < 0 ? 0 : ma > 1 ? 1 : ma;
  mf = mf < 0 ? 0 : mf > 1 - ma ? 1 - ma : mf;
  state[0] = ma;
  state[1] = mf;
  state[2] = 1 - ma - mf;
}

/**
 * Exact solution with TL = 0 over dtS: M_A decays at LR + F; M_F is fed by F·M_A and recovers
 * at r·R (both rules apply r at TL = 0).
 */
function restStep(p: FatigueParams, state: Float64Array, dtS: number): void {
  const a = p.LR + p.F;
  const b = p.r * p.R;
  const ma0 = state[0];
  const mf0 = state[1];
  const ea = Math.exp(-a * dtS);
  const eb = Math.exp(-b * dtS);
  // ∫ coupling term: F·M_A0·(e^{−at} − e^{−bt})/(b − a); the limit b → a is F·M_A0·t·e^{−at}.
  const coupling = Math.abs(b - a) > 1e-12 ? (p.F * ma0 * (ea - eb)) / (b - a) : p.F * ma0 * dtS * ea;
  state[0] = ma0 * ea;
  state[1] = mf0 * eb + coupling;
  project(state);
}

/**
 * Advance the state [M_A, M_F, M_R] by dtS under a constant target load. Allocation-free.
 * @param targetLoad TL ∈ [0, 1] (clipped)
 */
export function fatigueStep(p: FatigueParams, state: Float64Array, targetLoad: number, dtS: number): void {
  if (!(dtS > 0)) return;
  const tl = targetLoad <= 0 ? 0 : targetLoad >= 1 ? 1 : targetLoad;
  if (tl === 0) {
    restStep(p, state, dtS);
    return;
  }
  const n = Math.max(1, Math.ceil(dtS / MAX_SUBSTEP_S));
  const h = dtS / n;
  for (let i = 0; i < n; i++) {
    const ma = state[0];
    const mf = state[1];
    rates(p, ma, mf, tl, k1);
    rates(p, ma + 0.5 * h * k1[0], mf + 0.5 * h * k1[1], tl, k2);
    rates(p, ma + 0.5 * h * k2[0], mf + 0.5 * h * k2[1], tl, k3);
    rates(p, ma + h * k3[0], mf + h * k3[1], tl, k4);
    state[0] = ma + (h / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
    state[1] = mf + (h / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
    project(state);
  }
}

/**
 * Library API (INTERFACES.md): compartments over a sampled target-load signal, starting rested
 * (M_A = 0, M_F = 0, M_R = 1). Sample i holds the state after the load of sample i has acted for dtS.
 * @param targetLoad TL per sample (nSample)
 * @param dtS sample interval, s
 */
export function simulateFatigue(
  p: FatigueParams,
  targetLoad: Float64Array,
  dtS: number,
): { MA: Float64Array; MF: Float64Array; MR: Float64Array } {
  if (!(dtS > 0) || !Number.isFinite(dtS)) throw new InputError(`dtS must be a positive number of seconds, got ${dtS}`);
  const n = targetLoad.length;
  const MA = new Float64Array(n);
  const MF = new Float64Array(n);
  const MR = new Float64Array(n);
  const s = Float64Array.of(0, 0, 1);
  for (let i = 0; i < n; i++) {
    const tl = targetLoad[i];
    if (!Number.isFinite(tl)) throw new InputError(`targetLoad[${i}] is not a finite number`);
    fatigueStep(p, s, tl, dtS);
    MA[i] = s[0];
    MF[i] = s[1];
    MR[i] = s[2];
  }
  return { MA, MF, MR };
}

/** Stride-level update: advance the state over one stride's load profile sampled at dtS. */
export function advanceOverProfile(p: FatigueParams, state: Float64Array, loadProfile: Float64Array, dtS: number): void {
  for (let i = 0; i < loadProfile.length; i++) fatigueStep(p, state, loadProfile[i], dtS);
}

/**
 * Time under TL = 0 until capacity 1 − M_F ≥ fraction, s: 0 if already there, Infinity if not
 * within maxS. Uses the exact rest solution on a 1 s grid refined by bisection.
 */
export function recoveryTimeS(p: FatigueParams, state: Float64Array, fraction = 0.9, maxS = 7200): number {
  if (1 - state[1] >= fraction) return 0;
  const s = Float64Array.from(state);
  const trial = new Float64Array(3);
  const gridS = 1;
  for (let t = 0; t < maxS; t += gridS) {
    trial.set(s);
    restStep(p, trial, gridS);
    if (1 - trial[1] >= fraction) {
      let lo = 0;
      let hi = gridS;
      for (let it = 0; it < 40; it++) {
        const mid = 0.5 * (lo + hi);
        trial.set(s);
        restStep(p, trial, mid);
        if (1 - trial[1] >= fraction) hi = mid;
        else lo = mid;
      }
      return t + hi;
    }
    s.set(trial);
  }
  return Infinity;
}
