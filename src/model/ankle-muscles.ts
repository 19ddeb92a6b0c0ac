/**
 * Tibialis anterior (TA) and soleus (SOL) musculotendon units of the swing-leg ankle: parameters,
 * moment arms and MTU lengths vs ankle angle, rigid-tendon fibre kinematics, forces and torques.
 *
 * Sources
 * - Architecture: OpenSim gait2392 (Delp et al. 1990 IEEE TBME 37:757; Anderson & Pandy 1999) and
 *   Rajagopal et al. 2016 IEEE TBME 63:2068, doi:10.1109/TBME.2016.2586891 — values read from the
 *   .osim files (reference sheet §2, [R]).
 * - Moment arms r(θ) and MTU lengths at 0°: computed from the .osim path points (reference sheet
 *   §2 table, [D]); here least-squares cubic fits in θ (rad), max residual 0.15 mm over −40…+30°.
 * - Curves and activation: `muscle.ts` (De Groote 2016 by default; Thelen 2003 passive optional).
 *
 * Signs: ankle angle θ > 0 = dorsiflexion (OpenSim). Signed moment arms are stored with + =
 * dorsiflexing (TA > 0, SOL < 0, as in the sheet); the exported `…MomentArmM` return magnitudes
 * and `ankleMuscleTorqueNm` applies the signs (+ = dorsiflexing torque).
 * MTU length consistent with the moment arm (virtual work): l_MT(θ) = l_MT(0) − ∫₀^θ r(θ′) dθ′.
 *
 * Rigid tendon (tendon length = l_ts): fibre length from constant-width pennation,
 * l_M = √(w² + (l_MT − l_ts)²), w = l_opt·sin α_opt; fibre velocity v_M = cos α · v_MT.
 * Why that is acceptable here: in running swing the TA carries ~190 N mean, ~490 N peak (Hamner
 * CMC, sheet §2), i.e. 0.21 / 0.54 F_max. With De Groote's tendon curve (strain 0.049 at F_max,
 * k_T = ln 6/0.049 = 36.6) the tendon strain is ln(1 + F̃/0.2)/k_T = 2.0 % / 3.6 %, i.e.
 * 4.4 / 8.0 mm of a 223 mm tendon, so the rigid-tendon fibre is 0.045 / 0.082 l_opt too long.
 * On the ascending limb where the TA works in swing (ℓ̃ ≈ 0.75–0.9) that overstates the isometric
 * force by roughly 5 % at the mean swing load. This is a systematic bias, smaller than the spread
 * between the two published parameter sets (TA ℓ̃ at 0°: 0.83 in gait2392 vs 0.98 in Rajagopal),
 * and the ankle controller tracks the intended trajectory, so it changes required activation by
 * a few percent, not the mechanics. The soleus is nearly inactive in swing (tendon unloaded), so
 * its rigid-tendon error is negligible there. A compliant tendon would add a stiff state (fibre
 * length) and cost more than the rest of the swing model.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';
import {
  DE_GROOTE_ACTIVATION,
  DE_GROOTE_MIN_NORM_FIBER_LENGTH,
  PASSIVE_SHAPE_FACTOR,
  activeForceLengthDeGroote,
  forceVelocityDeGroote,
  type ActivationTimeConstants,
} from './muscle.ts';

/** Which passive force–length curve a muscle uses. */
export type PassiveCurve = 'degroote2016' | 'thelen2003';

/** One musculotendon unit crossing the ankle only. Frozen; all lengths in m, forces in N. */
export interface MusculotendonParams {
  readonly name: 'tibialisAnterior' | 'soleus';
  /** F_max after any strength scaling, N. */
  readonly maxIsometricForceN: number;
  readonly optimalFiberLengthM: number;
  readonly tendonSlackLengthM: number;
  readonly pennationAtOptimalRad: number;
  /** v_max in optimal fibre lengths per second (10 in all the source models). */
  readonly maxContractionVelocityLoptPerS: number;
  /** e0 of the model before the stiffness multiplier. */
  readonly passiveStrainAtOneNormForce: number;
  /** Multiplier on passive stiffness: e0_eff = e0 / passiveStiffness. */
  readonly passiveStiffness: number;
  readonly passiveCurve: PassiveCurve;
  /** MTU length at θ = 0, m. */
  readonly mtLengthAtNeutralM: number;
  /** Signed moment arm r(θ) = c0 + c1 θ + c2 θ² + c3 θ³ (m, θ in rad, + = dorsiflexing). */
  readonly momentArmCoefficientsM: readonly [number, number, number, number];
  // Derived constants (precomputed so the force kernel does no exp() for constants).
  /** Constant pennation-model width w = l_opt·sin α_opt, m. */
  readonly fiberWidthM: number;
  /** k_PE / e0_eff. */
  readonly passiveSlope: number;
  /** Passive curve: f_PE = max(0, (exp(passiveSlope(ℓ̃ − 1)) − passiveOffset) / passiveDenominator). */
  readonly passiveOffset: number;
  readonly passiveDenominator: number;
}

/** The ankle muscles of one leg. Frozen. */
export interface AnkleMuscleSet {
  readonly model: 'gait2392' | 'rajagopal2016';
  readonly ta: MusculotendonParams;
  readonly sol: MusculotendonParams;
  /** Activation time constants for both muscles (De Groote 2016 defaults). */
  readonly activation: ActivationTimeConstants;
}

interface Architecture {
  maxIsometricForceN: number;
  optimalFiberLengthM: number;
  tendonSlackLengthM: number;
  pennationDeg: number;
  passiveStrainAtOneNormForce: number;
  mtLengthAtNeutralM: number;
  momentArmCoefficientsM: [number, number, number, number];
}

// Architecture: sheet §2 [R .osim]; MT length at 0° and moment arms: sheet §2 table [D].
// Moment-arm coefficients: least-squares cubic fits to the sheet's 8 tabulated points (−40…+30°).
const ARCHITECTURE: Record<AnkleMuscleSet['model'], { ta: Architecture; sol: Architecture }> = {
  gait2392: {
    ta: {
      maxIsometricForceN: 905, // gait2392 tib_ant_r
      optimalFiberLengthM: 0.098,
      tendonSlackLengthM: 0.223,
      pennationDeg: 5,
      passiveStrainAtOneNormForce: 0.6, // gait2392 FmaxMuscleStrain
      mtLengthAtNeutralM: 0.304, // [D] sheet
      momentArmCoefficientsM: [0.042062121, 0.0092295398, -0.014175755, -0.0066021823], // max residual 0.12 mm
    },
    sol: {
      maxIsometricForceN: 3549, // gait2392 soleus_r
      optimalFiberLengthM: 0.05,
      tendonSlackLengthM: 0.25,
      pennationDeg: 25,
      passiveStrainAtOneNormForce: 0.6,
      mtLengthAtNeutralM: 0.291, // [D] sheet
      momentArmCoefficientsM: [-0.045358658, 0.015568661, 0.019114176, -0.0044647851], // max residual 0.06 mm
    },
  },
  rajagopal2016: {
    ta: {
      maxIsometricForceN: 1227, // Rajagopal 2016 tibant_r
      optimalFiberLengthM: 0.0683,
      tendonSlackLengthM: 0.2405,
      pennationDeg: 11.2,
      passiveStrainAtOneNormForce: 0.7, // Rajagopal 2016 (Millard curve strain at 1 F_max) * used in De Groote/Thelen form
      mtLengthAtNeutralM: 0.306, // [D] sheet
      momentArmCoefficientsM: [0.042674242, 0.0092440085, -0.014399582, -0.0069346663], // max residual 0.15 mm
    },
    sol: {
      maxIsometricForceN: 6195, // Rajagopal 2016 soleus_r
      optimalFiberLengthM: 0.044,
      tendonSlackLengthM: 0.2768,
      pennationDeg: 21.9,
      passiveStrainAtOneNormForce: 0.7,
      mtLengthAtNeutralM: 0.323, // [D] sheet
      momentArmCoefficientsM: [-0.041379437, 0.014704883, 0.017739234, -0.0038948126], // max residual 0.06 mm
    },
  },
};

/** v_max = 10 l_opt/s in gait2392, Rajagopal 2016 and De Groote 2016 (sheet §2 [R]). */
const MAX_CONTRACTION_VELOCITY_LOPT_PER_S = 10;

function buildMusculotendon(
  name: MusculotendonParams['name'],
  arch: Architecture,
  forceScale: number,
  passiveStiffness: number,
  passiveCurve: PassiveCurve,
): MusculotendonParams {
  const pennationAtOptimalRad = (arch.pennationDeg * Math.PI) / 180;
  const e = arch.passiveStrainAtOneNormForce / passiveStiffness;
  const passiveSlope = PASSIVE_SHAPE_FACTOR / e;
  // De Groote 2016: offset = exp(k(0.2 − 1)/e); Thelen 2003: offset = 1.
  const passiveOffset =
    passiveCurve === 'degroote2016' ? Math.exp(passiveSlope * (DE_GROOTE_MIN_NORM_FIBER_LENGTH - 1)) : 1;
  return Object.freeze({
    name,
    maxIsometricForceN: arch.maxIsometricForceN * forceScale,
    optimalFiberLengthM: arch.optimalFiberLengthM,
    tendonSlackLengthM: arch.tendonSlackLengthM,
    pennationAtOptimalRad,
    maxContractionVelocityLoptPerS: MAX_CONTRACTION_VELOCITY_LOPT_PER_S,
    passiveStrainAtOneNormForce: arch.passiveStrainAtOneNormForce,
    passiveStiffness,
    passiveCurve,
    mtLengthAtNeutralM: arch.mtLengthAtNeutralM,
    momentArmCoefficientsM: Object.freeze([...arch.momentArmCoefficientsM]) as unknown as readonly [
      number,
      number,
      number,
      number,
    ],
    fiberWidthM: arch.optimalFiberLengthM * Math.sin(pennationAtOptimalRad),
    passiveSlope,
    passiveOffset,
    passiveDenominator: Math.exp(PASSIVE_SHAPE_FACTOR) - passiveOffset,
  });
}

/** A finite number in [min, max] whose every failure message names the field and the range. */
function rangedNumber(field: string, min: number, max: number, unit: string) {
  const error = `${field} must be a finite number in [${min}, ${max}]${unit ? ' ' + unit : ''}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

/** Options of {@link ankleMuscleSet}; validated with zod. */
export const ankleMuscleOptionsSchema = z
  .object({
    model: z.enum(['gait2392', 'rajagopal2016'], { error: "model must be 'gait2392' or 'rajagopal2016'" }).default('gait2392'),
    /** Scale on TA F_max (weakness independent of fatigue), 0–2. */
    tibialisStrength: rangedNumber('tibialisStrength', 0, 2, '').default(1),
    /** Multiplier on soleus passive stiffness (1 = normal, > 1 = stiffer/contracture), 0.25–10. */
    soleusStiffness: rangedNumber('soleusStiffness', 0.25, 10, '').default(1),
    passiveCurve: z
      .enum(['degroote2016', 'thelen2003'], { error: "passiveCurve must be 'degroote2016' or 'thelen2003'" })
      .default('degroote2016'),
    tauActivationS: rangedNumber('tauActivationS', 0.001, 0.2, 's').default(DE_GROOTE_ACTIVATION.tauActivationS),
    tauDeactivationS: rangedNumber('tauDeactivationS', 0.001, 0.5, 's').default(DE_GROOTE_ACTIVATION.tauDeactivationS),
  })
  .strict();

export type AnkleMuscleOptions = z.input<typeof ankleMuscleOptionsSchema>;

/**
 * Build the frozen TA + soleus parameter set of one leg.
 * @param options model (`gait2392` default | `rajagopal2016`), tibialisStrength (× TA F_max, 0–2),
 *   soleusStiffness (× soleus passive stiffness, 0.25–10), passiveCurve (`degroote2016` default |
 *   `thelen2003`), tauActivationS / tauDeactivationS (s; De Groote 2016 defaults 0.015 / 0.060).
 * Caution with `rajagopal2016`: its soleus is already at ℓ̃ = 1.11 at 0° (l_MT 0.323 m, l_ts
 * 0.2768 m), so with these exponential passive curves (e0 0.7) it carries 4 N·m (Thelen) to
 * 8.5 N·m (De Groote) of passive plantarflexion at neutral and ~35 N·m at +20°; Rajagopal's own
 * Millard passive curve is much softer at small strain. Use it for active properties.
 * @throws InputError naming the field and its valid range.
 * @example ankleMuscleSet().ta.maxIsometricForceN // 905
 */
export function ankleMuscleSet(options: AnkleMuscleOptions = {}): AnkleMuscleSet {
  const parsed = ankleMuscleOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(issue?.message ?? 'invalid ankle muscle options', issue?.path.join('.') || 'ankleMuscles');
  }
  const o = parsed.data;
  const arch = ARCHITECTURE[o.model];
  return Object.freeze({
    model: o.model,
    ta: buildMusculotendon('tibialisAnterior', arch.ta, o.tibialisStrength, 1, o.passiveCurve),
    sol: buildMusculotendon('soleus', arch.sol, 1, o.soleusStiffness, o.passiveCurve),
    activation: Object.freeze({ tauActivationS: o.tauActivationS, tauDeactivationS: o.tauDeactivationS }),
  });
}

// ---------------------------------------------------------------------------------------------
// Geometry kernels (pure, no allocation)
// ---------------------------------------------------------------------------------------------

/** Signed moment arm r(θ), m (+ = dorsiflexing). Cubic fit, Horner form. */
export function momentArmSignedM(mtu: MusculotendonParams, ankleRad: number): number {
  const c = mtu.momentArmCoefficientsM;
  return c[0] + ankleRad * (c[1] + ankleRad * (c[2] + ankleRad * c[3]));
}

/** MTU length, m: l_MT(θ) = l_MT(0) − ∫₀^θ r dθ′ (virtual work; exact integral of the cubic). */
export function musculotendonLengthM(mtu: MusculotendonParams, ankleRad: number): number {
  const c = mtu.momentArmCoefficientsM;
  const t = ankleRad;
  return mtu.mtLengthAtNeutralM - t * (c[0] + t * (c[1] / 2 + t * (c[2] / 3 + t * (c[3] / 4))));
}

/**
 * Rigid-tendon fibre length, m: √(w² + (l_MT − l_ts)²); if l_MT ≤ l_ts the fibre is taken as
 * perpendicular to the tendon (length w, cos α = 0, no force transmitted).
 */
export function fiberLengthM(mtu: MusculotendonParams, musculotendonLengthMeters: number): number {
  const along = musculotendonLengthMeters - mtu.tendonSlackLengthM;
  const w = mtu.fiberWidthM;
  return along > 0 ? Math.sqrt(w * w + along * along) : w;
}

/** Normalised fibre length ℓ̃ = l_M / l_opt at ankle angle θ (rad), rigid tendon. */
export function normalizedFiberLength(mtu: MusculotendonParams, ankleRad: number): number {
  return fiberLengthM(mtu, musculotendonLengthM(mtu, ankleRad)) / mtu.optimalFiberLengthM;
}

/** Passive force multiplier of this muscle (its curve and stiffness) at ℓ̃. */
export function passiveMultiplier(mtu: MusculotendonParams, normFiberLength: number): number {
  const f = (Math.exp(mtu.passiveSlope * (normFiberLength - 1)) - mtu.passiveOffset) / mtu.passiveDenominator;
  return f > 0 ? f : 0;
}

/**
 * Musculotendon (tendon) force, N, rigid tendon:
 * F_T = F_max·(q·f_L(ℓ̃)·f_V(ṽ) + f_PE(ℓ̃))·cos α, with q = activation × capacity.
 * * f_V is clamped at ≥ 0 (the asinh curve goes negative beyond v_max shortening).
 * @param activeScale q = activation × capacity ∈ [0, 1].
 * @param ankleRad θ, rad (+ = DF). @param ankleVelRadS θ̇, rad/s.
 * @param signedMomentArmM r(θ) from {@link momentArmSignedM} (passed in to avoid recomputing).
 */
export function musculotendonForceN(
  mtu: MusculotendonParams,
  activeScale: number,
  ankleRad: number,
  ankleVelRadS: number,
  signedMomentArmM: number,
): number {
  const along = musculotendonLengthM(mtu, ankleRad) - mtu.tendonSlackLengthM;
  if (along <= 0) return 0; // fibre perpendicular to the tendon: cos α = 0
  const w = mtu.fiberWidthM;
  const lM = Math.sqrt(w * w + along * along);
  const cosAlpha = along / lM;
  const lOpt = mtu.optimalFiberLengthM;
  const normLength = lM / lOpt;
  // Rigid tendon: v_MT = −r·θ̇; constant width ⇒ v_M = cos α · v_MT.
  const normVelocity = (-signedMomentArmM * ankleVelRadS * cosAlpha) / (mtu.maxContractionVelocityLoptPerS * lOpt);
  let fV = forceVelocityDeGroote(normVelocity);
  if (fV < 0) fV = 0;
  let fPE = (Math.exp(mtu.passiveSlope * (normLength - 1)) - mtu.passiveOffset) / mtu.passiveDenominator;
  if (fPE < 0) fPE = 0;
  return mtu.maxIsometricForceN * (activeScale * activeForceLengthDeGroote(normLength) * fV + fPE) * cosAlpha;
}

// ---------------------------------------------------------------------------------------------
// TA / soleus API
// ---------------------------------------------------------------------------------------------

/** TA moment arm magnitude, m (dorsiflexor). @param ankleRad θ, rad (+ = DF). */
export function tibialisMomentArmM(set: AnkleMuscleSet, ankleRad: number): number {
  return momentArmSignedM(set.ta, ankleRad);
}

/** Soleus moment arm magnitude, m (plantarflexor). @param ankleRad θ, rad (+ = DF). */
export function soleusMomentArmM(set: AnkleMuscleSet, ankleRad: number): number {
  return -momentArmSignedM(set.sol, ankleRad);
}

/**
 * TA tendon force, N: F = F_max·(c·a·f_L·f_V + f_PE)·cos α (passive not scaled by capacity).
 * @param activation a ∈ [0, 1]. @param ankleRad θ, rad (+ = DF). @param ankleVelRadS θ̇, rad/s.
 * @param capacity c ∈ [0, 1] = 1 − fatigued fraction.
 */
export function tibialisForceN(
  set: AnkleMuscleSet,
  activation: number,
  ankleRad: number,
  ankleVelRadS: number,
  capacity: number,
): number {
  const ta = set.ta;
  return musculotendonForceN(ta, activation * capacity, ankleRad, ankleVelRadS, momentArmSignedM(ta, ankleRad));
}

/**
 * Soleus tendon force, N: F = F_max·(a·f_L·f_V + f_PE)·cos α, passive curve scaled by soleusStiffness.
 * @param activation a ∈ [0, 1]. @param ankleRad θ, rad (+ = DF). @param ankleVelRadS θ̇, rad/s.
 */
export function soleusForceN(set: AnkleMuscleSet, activation: number, ankleRad: number, ankleVelRadS: number): number {
  const sol = set.sol;
  return musculotendonForceN(sol, activation, ankleRad, ankleVelRadS, momentArmSignedM(sol, ankleRad));
}

/**
 * Net ankle torque of TA and soleus, N·m, + = dorsiflexing: r_TA·F_TA − r_SOL·F_SOL.
 * No allocation. Passive joint structures are separate (`passive-ankle.ts`).
 * @param taActivation a_TA ∈ [0, 1]. @param solActivation a_SOL ∈ [0, 1].
 * @param ankleRad θ, rad (+ = DF). @param ankleVelRadS θ̇, rad/s. @param taCapacity 1 − M_F ∈ [0, 1].
 */
export function ankleMuscleTorqueNm(
  set: AnkleMuscleSet,
  taActivation: number,
  solActivation: number,
  ankleRad: number,
  ankleVelRadS: number,
  taCapacity: number,
): number {
  const rTa = momentArmSignedM(set.ta, ankleRad); // > 0
  const rSol = momentArmSignedM(set.sol, ankleRad); // < 0
  return (
    rTa * musculotendonForceN(set.ta, taActivation * taCapacity, ankleRad, ankleVelRadS, rTa) +
    rSol * musculotendonForceN(set.sol, solActivation, ankleRad, ankleVelRadS, rSol)
  );
}
