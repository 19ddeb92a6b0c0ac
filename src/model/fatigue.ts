/**
 * Tibialis anterior fatigue: three-compartment controller model with rest recovery (3CC-r).
 *
 * Sources
 * - Xia T, Frey-Law LA (2008) A theoretical approach for modeling peripheral muscle fatigue and
 *   recovery. J Biomech 41:3046–3052, doi:10.1016/j.jbiomech.2008.07.013 (compartments M_A, M_F,
 *   M_R, controller C(t), LD = LR = 10 s⁻¹).
 * - Frey-Law LA, Looft JM, Heitsman J (2012) A three-compartment muscle fatigue model accurately
 *   predicts joint-specific maximum endurance times for sustained isometric tasks. J Biomech
 *   45:1803–1808, doi:10.1016/j.jbiomech.2012.04.018 (joint-specific F, R).
 * - Looft JM, Herkert N, Frey-Law L (2018) Modification of a three-compartment muscle fatigue
 *   model to predict peak torque decline during intermittent tasks. J Biomech 77:16–25,
 *   doi:10.1016/j.jbiomech.2018.06.005 (rest multiplier r: R_eff = r·R while TL = 0).
 * - Rakshit R, Xiang Y, Yang J (2021) Functional muscle group- and sex-specific parameters for a
 *   three-compartment controller muscle fatigue model applied to isometric contractions. J Biomech
 *   127:110695, doi:10.1016/j.jbiomech.2021.110695 (dorsiflexor F, R, r).
 * - MyoSuite `CumulativeFatigue` (MyoHub/myosuite, myosuite/core/muscle_conditions.py): parameter
 *   table and, in its version at commit aa2b239, R_eff = r·R whenever M_A ≥ TL (rule `myosuite`).
 *
 * Equations (Xia & Frey-Law 2008, eqs. 1–3; Looft 2018 for R_eff):
 *   dM_A/dt = C − F·M_A;   dM_F/dt = F·M_A − R_eff·M_F;   dM_R/dt = −C + R_eff·M_F
 *   C = LD·(TL − M_A)  if M_A < TL and M_R >  TL − M_A      (regime "rise")
 *       LD·M_R         if M_A < TL and M_R <= TL − M_A      (regime "limited": capacity ≤ TL)
 *       LR·(TL − M_A)  if M_A >= TL                         (regime "relax")
 *
 * Numerics (our choice, not from the papers). With TL held constant over a step, each regime is
 * an affine linear ODE in (M_A, M_F) with M_R = 1 − M_A − M_F, solved exactly with a closed-form
 * 2×2 matrix exponential. C is continuous across all regime boundaries; the only discontinuity
 * within a step is R_eff of the `myosuite` rule at M_A = TL, whose crossing time is solved in
 * closed form. Rise ↔ limited crossings (M_F = 1 − TL) are located by bisection. Hence a step is
 * exact (to rounding and bisection tolerance) for any step length, stays in the simplex, and
 * needs no sub-steps; a final clip/projection (as MyoSuite clips C) only absorbs rounding.
 * Load profiles are treated as zero-order hold: sample i holds TL[i] over [i·dt, (i+1)·dt).
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

/**
 * When the rest multiplier r applies to the recovery rate:
 * - `looft2018`: R_eff = r·R only while TL = 0 exactly (Looft, Herkert & Frey-Law 2018).
 * - `myosuite`: R_eff = r·R whenever M_A ≥ TL (MyoSuite `CumulativeFatigue` at commit aa2b239).
 */
export type RecoveryRule = 'looft2018' | 'myosuite';
export const RECOVERY_RULES = ['looft2018', 'myosuite'] as const;

export type FatiguePresetName = 'frey-law-2012-ankle' | 'rakshit-2021-dorsiflexors' | 'myosuite-default';

/** Published 3CC-r parameter sets. F, R in 1/s; r dimensionless. */
export const FATIGUE_PRESETS: Readonly<
  Record<FatiguePresetName, Readonly<{ F: number; R: number; r: number; source: string }>>
> = Object.freeze({
  'frey-law-2012-ankle': Object.freeze({
    F: 0.00589, // Frey-Law 2012, abstract (ankle); Table 1 not seen [unverified pairing, see below]
    R: 0.00058, // Frey-Law 2012, abstract; the abstract's F/R pairing is garbled, read as ankle
    r: 15, // Looft 2018 default, as quoted by MyoSuite (PMC6092960) [Looft 2018 text not seen]
    source:
      'F, R: Frey-Law, Looft & Heitsman 2012, J Biomech 45:1803, doi:10.1016/j.jbiomech.2012.04.018 (ankle); ' +
      'r: Looft, Herkert & Frey-Law 2018, J Biomech 77:16, doi:10.1016/j.jbiomech.2018.06.005',
  }),
  'rakshit-2021-dorsiflexors': Object.freeze({
    F: 0.00828, // Rakshit 2021, Table 2 "Ankle-Dorsiflexor", as in MyoSuite MUSCLE_FATIGUE_PARAMS
    R: 0.00204,
    r: 7.07,
    source:
      'Rakshit, Xiang & Yang 2021, J Biomech 127:110695, doi:10.1016/j.jbiomech.2021.110695 (Table 2, ' +
      'ankle dorsiflexors, both sexes), values as tabulated in MyoSuite muscle_conditions.py',
  }),
  'myosuite-default': Object.freeze({
    F: 0.0097, // MyoSuite MUSCLE_FATIGUE_PARAMS["Default"] ("general" F, R of Frey-Law 2012)
    R: 0.00091,
    r: 15, // MyoSuite: r of Looft 2018
    source:
      'MyoSuite myosuite/core/muscle_conditions.py MUSCLE_FATIGUE_PARAMS["Default"] ' +
      '(general F, R of Frey-Law 2012; r of Looft 2018)',
  }),
});

export const FATIGUE_PRESET_NAMES = Object.keys(FATIGUE_PRESETS) as readonly FatiguePresetName[];

/** Validated, frozen 3CC-r parameters. Rates in 1/s. */
export type FatigueParams = Readonly<{
  /** Fatigue rate F, 1/s (active → fatigued). */
  F: number;
  /** Recovery rate R, 1/s (fatigued → resting). */
  R: number;
  /** Rest-recovery multiplier r (dimensionless, ≥ 1); 1 gives the plain 3CC model. */
  r: number;
  /** Force development rate LD, 1/s. */
  LD: number;
  /** Force relaxation rate LR, 1/s. */
  LR: number;
  recoveryRule: RecoveryRule;
}>;

/** A finite number in [min, max] (or (min, max] when `open`); the message names key and range. */
function numField(key: string, min: number, max: number, unit: string, open = false) {
  const range = `${key} must be a finite number in ${open ? '(' : '['}${min}, ${max}]${unit ? ` ${unit}` : ''}`;
  const base = z.number({ error: range }).max(max, { error: range });
  return open ? base.gt(min, { error: range }) : base.min(min, { error: range });
}

/**
 * Zod schema of {@link FatigueParams}. Ranges match `TibialisFatigueSchema` in params.ts except
 * R, which must be > 0 here (R = 0 would make the fatigued compartment absorbing).
 * LD, LR default to 10 s⁻¹ (Xia & Frey-Law 2008); recoveryRule defaults to `looft2018`.
 */
export const FatigueParamsSchema = z
  .strictObject({
    F: numField('F', 0, 1, '1/s'),
    R: numField('R', 0, 1, '1/s', true),
    r: numField('r', 1, 1000, ''),
    LD: numField('LD', 0.1, 1000, '1/s').default(10), // Xia & Frey-Law 2008
    LR: numField('LR', 0.1, 1000, '1/s').default(10), // Xia & Frey-Law 2008
    recoveryRule: z.enum(RECOVERY_RULES, { error: 'recoveryRule must be "looft2018" or "myosuite"' }).default('looft2018'),
  })
  .readonly();

/**
 * Parse user parameters into frozen {@link FatigueParams}.
 * @param input object with F, R, r (1/s, 1/s, –) and optional LD, LR (1/s), recoveryRule.
 * @throws InputError naming the offending key and its valid range.
 */
export function parseFatigueParams(input: unknown): FatigueParams {
  const res = FatigueParamsSchema.safeParse(input);
  if (!res.success) {
    const issue = res.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
    throw new InputError(issue?.message ?? 'invalid fatigue parameters', where);
  }
  return Object.freeze({ ...res.data });
}

export type FatigueOverrides = Partial<{
  F: number;
  R: number;
  r: number;
  LD: number;
  LR: number;
  recoveryRule: RecoveryRule;
  /** Scale on F (for sweeps), applied after an F override; default 1. */
  multiplier: number;
}>;

/**
 * Parameters from a named preset, with optional overrides and a multiplier on F.
 * @param preset one of {@link FATIGUE_PRESET_NAMES}.
 * @param overrides F, R, r, LD, LR (1/s except r), recoveryRule, multiplier (scale on F, [0, 100]).
 * @throws InputError for an unknown preset or an out-of-range value (message names the key).
 */
export function fatigueParamsFromPreset(preset: FatiguePresetName, overrides: FatigueOverrides = {}): FatigueParams {
  const base = (FATIGUE_PRESETS as Record<string, { F: number; R: number; r: number } | undefined>)[preset];
  if (!base) throw new InputError(`unknown fatigue preset "${String(preset)}"; use one of ${FATIGUE_PRESET_NAMES.join(', ')}`, 'preset');
  const { multiplier = 1, ...rest } = overrides;
  if (!Number.isFinite(multiplier) || multiplier < 0 || multiplier > 100) {
    throw new InputError('multiplier must be a finite number in [0, 100]', 'multiplier');
  }
  const F = (rest.F ?? base.F) * multiplier;
  return parseFatigueParams({ LD: 10, LR: 10, recoveryRule: 'looft2018', ...rest, F, R: rest.R ?? base.R, r: rest.r ?? base.r });
}

// ---------------------------------------------------------------------------------------------
// State layout
// ---------------------------------------------------------------------------------------------

/** Index of M_A (active fraction) in a fatigue state `Float64Array(3)`. */
export const IDX_MA = 0;
/** Index of M_F (fatigued fraction). */
export const IDX_MF = 1;
/** Index of M_R (resting fraction). */
export const IDX_MR = 2;

/** A fresh (unfatigued, relaxed) state: M_A = 0, M_F = 0, M_R = 1. */
export function createFatigueState(): Float64Array {
  return Float64Array.of(0, 0, 1);
}

// ---------------------------------------------------------------------------------------------
// Exact affine 2×2 solver
// ---------------------------------------------------------------------------------------------

// Scratch (module-level, reused; the kernels are synchronous and not re-entrant).
const expScratch = new Float64Array(4); // (2 x 2) row-major exp(A·t)
const pieceOut = new Float64Array(2); // (M_A, M_F) at the end of a piece

/**
 * exp(A·t) of a 2×2 real matrix with a stable spectrum (det > 0, trace < 0), written row-major
 * into `out`. Eigenvalues λ1,2 = μ ± δ, μ = tr/2, δ² = h² + a12·a21, h = (a11 − a22)/2.
 * - Well separated (2δt ≥ 1): spectral form E = [e^{λ1 t}(A − λ2 I) − e^{λ2 t}(A − λ1 I)]/(2δ), with
 *   the cancelling one of h ± δ rewritten as −a12·a21/(h ∓ δ), so a stiff pair (M_A fast, M_F slow)
 *   keeps full relative accuracy in every entry (triangular A gives E11 = e^{a11 t} exactly).
 * - Close or complex pair: Cayley–Hamilton e^{μt}[cosh(δt)·I + sinh(δt)/δ·(A − μI)] (cos/sin
 *   when δ² < 0), free of cancellation there.
 */
function expm2(a11: number, a12: number, a21: number, a22: number, t: number, out: Float64Array): void {
  const mu = 0.5 * (a11 + a22);
  const h = 0.5 * (a11 - a22);
  const offDiag = a12 * a21;
  const d2 = h * h + offDiag;
  if (d2 >= 0) {
    const delta = Math.sqrt(d2);
    const e1 = Math.exp((mu + delta) * t);
    const e2 = Math.exp((mu - delta) * t);
    const x = 2 * delta * t;
    if (x >= 1) {
      let hp: number; // h + δ = a11 − λ2
      let hm: number; // h − δ = a11 − λ1;  hp·hm = −a12·a21
      if (h >= 0) {
        hp = h + delta;
        hm = -offDiag / hp;
      } else {
        hm = h - delta;
        hp = -offDiag / hm;
      }
      const inv = 1 / (2 * delta);
      const diff = x < 30 ? e2 * Math.expm1(x) : e1 - e2; // e1 − e2
      out[0] = (e1 * hp - e2 * hm) * inv;
      out[1] = a12 * diff * inv;
      out[2] = a21 * diff * inv;
      out[3] = (e2 * hp - e1 * hm) * inv;
      return;
    }
    const c0 = 0.5 * (e1 + e2);
    const s0 = delta === 0 ? t * Math.exp(mu * t) : (e2 * Math.expm1(x)) / (2 * delta);
    out[0] = c0 + s0 * h;
    out[1] = s0 * a12;
    out[2] = s0 * a21;
    out[3] = c0 - s0 * h;
    return;
  }
  const omega = Math.sqrt(-d2);
  const em = Math.exp(mu * t);
  const c0 = em * Math.cos(omega * t);
  const s0 = (em * Math.sin(omega * t)) / omega;
  out[0] = c0 + s0 * h;
  out[1] = s0 * a12;
  out[2] = s0 * a21;
  out[3] = c0 - s0 * h;
}

/** Exact solution of x' = A·x + b over t from (x1, x2); result in `pieceOut`. det(A) > 0. */
function solveAffine(
  a11: number,
  a12: number,
  a21: number,
  a22: number,
  b1: number,
  b2: number,
  x1: number,
  x2: number,
  t: number,
): void {
  const det = a11 * a22 - a12 * a21;
  const inf1 = (a12 * b2 - a22 * b1) / det; // x∞ = −A⁻¹·b
  const inf2 = (a21 * b1 - a11 * b2) / det;
  expm2(a11, a12, a21, a22, t, expScratch);
  const d1 = x1 - inf1;
  const d2 = x2 - inf2;
  pieceOut[0] = inf1 + expScratch[0] * d1 + expScratch[1] * d2;
  pieceOut[1] = inf2 + expScratch[2] * d1 + expScratch[3] * d2;
}

// Regimes of the controller C.
const RISE = 0; // M_A < TL, capacity 1 − M_F > TL:  C = LD·(TL − M_A)
const LIMITED = 1; // M_A < TL, capacity ≤ TL:       C = LD·M_R
const RELAX = 2; // M_A ≥ TL:                         C = LR·(TL − M_A)

/**
 * Exact piece in one regime over t (TL constant). The (M_A, M_F) system per regime:
 *   rise:    A = [[−(LD+F), 0], [F, −ρ]],     b = (LD·TL, 0)
 *   limited: A = [[−(LD+F), −LD], [F, −ρ]],   b = (LD, 0)      (C = LD·(1 − M_A − M_F))
 *   relax:   A = [[−(LR+F), 0], [F, −ρ]],     b = (LR·TL, 0)
 */
function solvePiece(p: FatigueParams, regime: number, rho: number, tl: number, ma: number, mf: number, t: number): void {
  if (regime === RISE) solveAffine(-(p.LD + p.F), 0, p.F, -rho, p.LD * tl, 0, ma, mf, t);
  else if (regime === LIMITED) solveAffine(-(p.LD + p.F), -p.LD, p.F, -rho, p.LD, 0, ma, mf, t);
  else solveAffine(-(p.LR + p.F), 0, p.F, -rho, p.LR * tl, 0, ma, mf, t);
}

// Cache of full-step propagators for a repeated (params, dt): slots rise(R), limited(R),
// relax(R), relax(r·R). Per slot: E11, E12, E21, E22, then x∞ = u + TL·v as u1, u2, v1, v2.
const SLOT_SIZE = 8;
const cache = new Float64Array(4 * SLOT_SIZE); // (4 slots x 8)
const cacheValid = new Uint8Array(4);
let cacheParams: FatigueParams | null = null;
let cacheDt = Number.NaN;

function cachedSlot(p: FatigueParams, slot: number, dtS: number): number {
  if (p !== cacheParams || dtS !== cacheDt) {
    cacheParams = p;
    cacheDt = dtS;
    cacheValid.fill(0);
  }
  const o = slot * SLOT_SIZE;
  if (cacheValid[slot] === 0) {
    const rho = slot === 3 ? p.r * p.R : p.R;
    const L = slot === RELAX || slot === 3 ? p.LR : p.LD;
    const a11 = -(L + p.F);
    const a12 = slot === LIMITED ? -p.LD : 0;
    expm2(a11, a12, p.F, -rho, dtS, expScratch);
    cache.set(expScratch, o);
    const det = a11 * -rho - a12 * p.F;
    if (slot === LIMITED) {
      // b = (LD, 0): constant forcing
      cache[o + 4] = (rho * p.LD) / det;
      cache[o + 5] = (p.F * p.LD) / det;
      cache[o + 6] = 0;
      cache[o + 7] = 0;
    } else {
      // b = (L·TL, 0): forcing proportional to TL
      cache[o + 4] = 0;
      cache[o + 5] = 0;
      cache[o + 6] = (rho * L) / det;
      cache[o + 7] = (p.F * L) / det;
    }
    cacheValid[slot] = 1;
  }
  return o;
}

/** Full step in one regime via the cached propagator; result in `pieceOut`. */
function solveCached(p: FatigueParams, slot: number, tl: number, ma: number, mf: number, dtS: number): void {
  const o = cachedSlot(p, slot, dtS);
  const inf1 = cache[o + 4] + tl * cache[o + 6];
  const inf2 = cache[o + 5] + tl * cache[o + 7];
  const d1 = ma - inf1;
  const d2 = mf - inf2;
  pieceOut[0] = inf1 + cache[o] * d1 + cache[o + 1] * d2;
  pieceOut[1] = inf2 + cache[o + 2] * d1 + cache[o + 3] * d2;
}

const MAX_PIECES = 8; // regime switches handled within one constant-TL step
const BISECTION_ITERS = 48; // rise ↔ limited crossing located to 2^-48 of the step

/**
 * Advance `state` by dtS under constant TL: exact piecewise solution, then projection onto the
 * simplex (absorbs rounding only). `useCache` reuses full-step propagators for a repeated dt.
 */
function stepConstantLoad(p: FatigueParams, state: Float64Array, tl: number, dtS: number, useCache: boolean): void {
  let ma = state[IDX_MA];
  let mf = state[IDX_MF];
  const rRest = p.r * p.R;
  const myosuite = p.recoveryRule === 'myosuite';
  let remaining = dtS;
  let leftRelax = false;
  for (let piece = 0; piece < MAX_PIECES && remaining > 0; piece++) {
    if (!leftRelax && ma >= tl) {
      // Relax regime. ρ: `myosuite` → r·R (M_A ≥ TL); `looft2018` → r·R only if TL = 0.
      const rho = myosuite || tl === 0 ? rRest : p.R;
      if (rho === p.R && p.LR === p.LD) {
        // Same ODE as the rise regime (C = L·(TL − M_A), same ρ): no switch to locate.
        leftRelax = true;
        continue;
      }
      // M_A(t) = M∞ + (M_A0 − M∞)·e^{−(LR+F)t} with M∞ = LR·TL/(LR+F) < TL: it reaches TL at tCross.
      const k = p.LR + p.F;
      const maInf = (p.LR * tl) / k;
      let tCross = Number.POSITIVE_INFINITY;
      // TL − M∞ = TL·F/k, written without cancellation. F = 0: M_A → TL from above, never crosses
      // (and M_A = TL is then an equilibrium of the relax regime).
      // Logs taken apart so that tiny loads cannot underflow the ratio.
      if (tl > 0 && p.F > 0) tCross = ma <= tl ? 0 : (Math.log(ma - maInf) - Math.log(tl) - Math.log(p.F / k)) / k;
      if (!(tCross < remaining)) {
        if (useCache && remaining === dtS) solveCached(p, rho === p.R ? RELAX : 3, tl, ma, mf, dtS);
        else solvePiece(p, RELAX, rho, tl, ma, mf, remaining);
        ma = pieceOut[0];
        mf = pieceOut[1];
        break;
      }
      solvePiece(p, RELAX, rho, tl, ma, mf, tCross);
      ma = tl; // exact at the crossing; below TL from here on (M∞ < TL in rise and limited)
      mf = pieceOut[1];
      remaining -= tCross;
      leftRelax = true;
      continue;
    }
    // Rise or limited: M_A < TL, so ρ = R under both rules (TL > 0 here).
    const regime = 1 - mf <= tl ? LIMITED : RISE; // M_R ≤ TL − M_A  ⇔  1 − M_F ≤ TL
    if (useCache && remaining === dtS) solveCached(p, regime, tl, ma, mf, dtS);
    else solvePiece(p, regime, p.R, tl, ma, mf, remaining);
    const endRegime = 1 - pieceOut[1] <= tl ? LIMITED : RISE;
    if (endRegime === regime || piece === MAX_PIECES - 1) {
      ma = pieceOut[0];
      mf = pieceOut[1];
      break;
    }
    // C is continuous across M_F = 1 − TL; locate the crossing so each piece uses its own law.
    let lo = 0;
    let hi = remaining;
    for (let it = 0; it < BISECTION_ITERS; it++) {
      const mid = 0.5 * (lo + hi);
      solvePiece(p, regime, p.R, tl, ma, mf, mid);
      if ((1 - pieceOut[1] <= tl ? LIMITED : RISE) === regime) lo = mid;
      else hi = mid;
    }
    solvePiece(p, regime, p.R, tl, ma, mf, hi);
    ma = pieceOut[0];
    mf = pieceOut[1];
    remaining -= hi;
  }
  // Projection onto the simplex (MyoSuite clips C for the same purpose); a no-op up to rounding.
  if (!(ma > 0)) ma = 0;
  else if (ma > 1) ma = 1;
  if (!(mf > 0)) mf = 0;
  else if (mf > 1 - ma) mf = 1 - ma;
  let mr = 1 - ma - mf;
  if (mr < 0) mr = 0;
  state[IDX_MA] = ma;
  state[IDX_MF] = mf;
  state[IDX_MR] = mr;
}

function checkDt(dtS: number): void {
  if (!(dtS > 0) || !Number.isFinite(dtS)) throw new InputError(`time step must be a finite number > 0 s (got ${dtS})`, 'dtS');
}

/** TL clamped into [0, 1]; NaN is an error (it would silently corrupt the state). */
function clampLoad(tl: number): number {
  if (tl !== tl) throw new InputError('target load is NaN', 'targetLoad');
  return tl < 0 ? 0 : tl > 1 ? 1 : tl;
}

// ---------------------------------------------------------------------------------------------
// Public kernels
// ---------------------------------------------------------------------------------------------

/**
 * Advance the state by dtS under a constant target load. Exact for any dtS (closed-form solution
 * per controller regime with located switches); the state stays in the simplex (each fraction in
 * [0, 1], sum 1) for any dtS > 0. Allocates nothing.
 * @param p validated parameters.
 * @param state Float64Array(3) [M_A, M_F, M_R], updated in place.
 * @param targetLoad TL = demanded force / F_max, in [0, 1] (values outside are clamped).
 * @param dtS step, s (> 0).
 * @throws InputError if dtS is not a finite positive number or TL is NaN.
 */
export function fatigueStep(p: FatigueParams, state: Float64Array, targetLoad: number, dtS: number): void {
  checkDt(dtS);
  stepConstantLoad(p, state, clampLoad(targetLoad), dtS, true);
}

/**
 * Simulate from a fresh state (M_A = 0, M_F = 0, M_R = 1) under a sampled load (zero-order hold:
 * sample i holds over [i·dt, (i+1)·dt)). Output i is the state at the END of interval i, i.e. at
 * t = (i+1)·dtS.
 * @param p validated parameters.
 * @param targetLoad TL samples in [0, 1], one per dtS.
 * @param dtS sample interval, s.
 * @returns M_A, M_F, M_R as Float64Arrays of targetLoad.length.
 * @throws InputError for a bad dtS or a NaN load.
 */
export function simulateFatigue(
  p: FatigueParams,
  targetLoad: Float64Array,
  dtS: number,
): { MA: Float64Array; MF: Float64Array; MR: Float64Array } {
  checkDt(dtS);
  const n = targetLoad.length;
  const MA = new Float64Array(n); // (n)
  const MF = new Float64Array(n); // (n)
  const MR = new Float64Array(n); // (n)
  const state = createFatigueState();
  for (let i = 0; i < n; i++) {
    stepConstantLoad(p, state, clampLoad(targetLoad[i]), dtS, true);
    MA[i] = state[IDX_MA];
    MF[i] = state[IDX_MF];
    MR[i] = state[IDX_MR];
  }
  return { MA, MF, MR };
}

/**
 * Stride-level update: advance the state over one stride's load profile (zero-order hold at
 * dtS). Same exact kernel as {@link fatigueStep} with cached propagators, so the cost is a few
 * multiply-adds per sample plus a logarithm and exponentials at each M_A = TL crossing.
 * @param p validated parameters.
 * @param state Float64Array(3) [M_A, M_F, M_R], updated in place.
 * @param loadProfile TL samples over the stride, in [0, 1].
 * @param dtS sample interval, s.
 * @throws InputError for a bad dtS or a NaN load.
 */
export function advanceOverProfile(p: FatigueParams, state: Float64Array, loadProfile: Float64Array, dtS: number): void {
  checkDt(dtS);
  // Fast path: samples that stay in one regime use the cached full-step propagators, inlined;
  // samples with a regime switch (or in the capacity-limited regime) go through the general step.
  const oRise = cachedSlot(p, RISE, dtS);
  const oRelax = cachedSlot(p, RELAX, dtS);
  const oRest = cachedSlot(p, 3, dtS);
  const oLimited = cachedSlot(p, LIMITED, dtS);
  const myosuite = p.recoveryRule === 'myosuite';
  const relaxIsRise = !myosuite && p.LR === p.LD; // same ODE on both sides of M_A = TL when TL > 0
  const oRelaxLoaded = myosuite ? oRest : oRelax; // relax with TL > 0: ρ = r·R (myosuite) or R
  const relaxDecay = cache[oRelax]; // e^{−(LR+F)·dt}
  const relaxInfPerLoad = cache[oRelax + 6]; // M_A∞ / TL in the relax regime
  let ma = state[IDX_MA];
  let mf = state[IDX_MF];
  for (let i = 0; i < loadProfile.length; i++) {
    const tl = clampLoad(loadProfile[i]);
    let o = oRise;
    if (ma >= tl) {
      if (tl === 0) o = oRest;
      else if (!relaxIsRise) {
        const maInf = relaxInfPerLoad * tl;
        if (maInf + (ma - maInf) * relaxDecay < tl) o = -1; // crosses M_A = TL within the step
        else o = oRelaxLoaded;
      }
    }
    if (o === oRise && 1 - mf <= tl) o = oLimited; // capacity-limited regime
    if (o >= 0) {
      const inf1 = cache[o + 4] + tl * cache[o + 6];
      const inf2 = cache[o + 5] + tl * cache[o + 7];
      const d1 = ma - inf1;
      const d2 = mf - inf2;
      const ma1 = inf1 + cache[o] * d1 + cache[o + 1] * d2;
      const mf1 = inf2 + cache[o + 2] * d1 + cache[o + 3] * d2;
      // accept unless a rise ↔ limited switch happened within the step
      if (o === oRise ? 1 - mf1 > tl : o !== oLimited || 1 - mf1 <= tl) {
        // projection as in stepConstantLoad (absorbs rounding only)
        ma = ma1 > 0 ? (ma1 > 1 ? 1 : ma1) : 0;
        mf = mf1 > 0 ? (mf1 > 1 - ma ? 1 - ma : mf1) : 0;
        continue;
      }
    }
    state[IDX_MA] = ma;
    state[IDX_MF] = mf;
    state[IDX_MR] = 1 - ma - mf;
    stepConstantLoad(p, state, tl, dtS, true);
    ma = state[IDX_MA];
    mf = state[IDX_MF];
  }
  const mr = 1 - ma - mf;
  state[IDX_MA] = ma;
  state[IDX_MF] = mf;
  state[IDX_MR] = mr < 0 ? 0 : mr;
}

const recoveryScratch = new Float64Array(3);

/**
 * Time under TL = 0 until the residual capacity 1 − M_F reaches `fraction`. At TL = 0 the model
 * has a single regime, so the state at any time is evaluated exactly and the first crossing is
 * found by bisection (M_F may first rise while active units relax, then decays monotonically).
 * @param p validated parameters.
 * @param state Float64Array(3) [M_A, M_F, M_R] at the start of rest (not modified).
 * @param fraction capacity to reach, in (0, 1]; default 0.9.
 * @param maxS search horizon, s; default 86 400 (24 h).
 * @returns time in s; 0 if capacity is already ≥ fraction; Infinity if not reached within maxS.
 * @throws InputError for fraction outside (0, 1] or maxS not positive.
 */
export function recoveryTimeS(p: FatigueParams, state: Float64Array, fraction = 0.9, maxS = 86_400): number {
  if (!(fraction > 0 && fraction <= 1)) throw new InputError(`fraction must be in (0, 1] (got ${fraction})`, 'fraction');
  if (!(maxS > 0)) throw new InputError(`maxS must be > 0 s (got ${maxS})`, 'maxS');
  const target = 1 - fraction; // reached when M_F ≤ target
  if (state[IDX_MF] <= target) return 0;
  const reached = (tS: number): boolean => {
    recoveryScratch.set(state);
    stepConstantLoad(p, recoveryScratch, 0, tS, false);
    return recoveryScratch[IDX_MF] <= target;
  };
  let lo = 0;
  let hi = Math.min(1, maxS);
  while (!reached(hi)) {
    if (hi >= maxS) return Number.POSITIVE_INFINITY;
    lo = hi;
    hi = Math.min(2 * hi, maxS);
  }
  for (let it = 0; it < 60 && hi - lo > 1e-9 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (reached(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
