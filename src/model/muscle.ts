/**
 * Generic Hill-type muscle kernels: normalised force–length, force–velocity and passive curves,
 * and first-order activation dynamics. Pure scalar functions, no allocation: they are called
 * millions of times per run.
 *
 * Sources
 * - De Groote F, Kinney AL, Rao AV, Fregly BJ (2016) Evaluation of direct collocation optimal
 *   control problem formulations for solving the muscle redundancy problem. Ann Biomed Eng
 *   44:2922–2936, doi:10.1007/s10439-016-1591-9 (supplementary eqs), as implemented in OpenSim's
 *   `DeGrooteFregly2016Muscle` (opensim-core, OpenSim/Actuators/DeGrooteFregly2016Muscle.h/.cpp).
 * - Thelen DG (2003) Adjustment of muscle mechanics model parameters to simulate dynamic
 *   contractions in older adults. J Biomech Eng 125:70–77, doi:10.1115/1.1531112 (passive curve
 *   eq. 3, activation dynamics eqs. 1–2), as stored in OpenSim gait2392 (k_PE 4, ε0 0.6).
 *
 * Conventions: normalised fibre length ℓ̃ = l_M / l_opt; normalised fibre velocity
 * ṽ = v_M / (v_max · l_opt) with v_max in optimal lengths per second, NEGATIVE = shortening
 * (concentric), so f_V(−1) ≈ 0 and f_V(0) ≈ 1.
 *
 * Passive stiffness multiplier (the `soleusStiffness` knob): implemented as a smaller strain at
 * one normalised force, e0_eff = e0 / stiffness. At stiffness 2 the passive force reaches F_max at
 * half the strain (ℓ̃ = 1 + e0/2). Both curves keep their pivot at ℓ̃ ≈ 1, so a stiffer muscle
 * carries more passive force above optimal length and (De Groote curve only) slightly less below.
 */

// ---------------------------------------------------------------------------------------------
// Active force–length (De Groote 2016 supplement: sum of three Gaussian-like terms)
// g(x) = b1 · exp(−½ (x − b2)² / (b3 + b4·x)²)
// ---------------------------------------------------------------------------------------------
const B11 = 0.815067; // De Groote 2016, constants as in OpenSim DeGrooteFregly2016Muscle
const B21 = 1.055033;
const B31 = 0.162385;
const B41 = 0.063303;
const B12 = 0.433005;
const B22 = 0.716775;
const B32 = -0.029947;
const B42 = 0.200357;
const B13 = 0.1;
const B23 = 1.0;
const B33 = 0.353553; // = 0.5·√0.5
const B43 = 0.0;

/** Gaussian-like term and its derivative: g(x), dg/dx. */
function gaussianTerm(x: number, b1: number, b2: number, b3: number, b4: number): number {
  const s = b3 + b4 * x;
  const h = (x - b2) / s;
  return b1 * Math.exp(-0.5 * h * h);
}

function gaussianTermDerivative(x: number, b1: number, b2: number, b3: number, b4: number): number {
  const s = b3 + b4 * x;
  const h = (x - b2) / s;
  const g = b1 * Math.exp(-0.5 * h * h);
  // dh/dx = (s − (x − b2)·b4) / s² = (b3 + b4·b2) / s²
  return -g * h * ((b3 + b4 * b2) / (s * s));
}

/**
 * Active force–length multiplier f_L(ℓ̃) (De Groote 2016 supplement). f_L(1) ≈ 1.000.
 * @param normFiberLength ℓ̃ = l_M / l_opt (dimensionless); valid domain ≈ 0.2–1.8.
 * @returns f_L (dimensionless, ≥ 0).
 */
export function activeForceLengthDeGroote(normFiberLength: number): number {
  const x = normFiberLength;
  return (
    gaussianTerm(x, B11, B21, B31, B41) +
    gaussianTerm(x, B12, B22, B32, B42) +
    gaussianTerm(x, B13, B23, B33, B43)
  );
}

/** d f_L / d ℓ̃ of {@link activeForceLengthDeGroote} (analytic). */
export function activeForceLengthDeGrooteDerivative(normFiberLength: number): number {
  const x = normFiberLength;
  return (
    gaussianTermDerivative(x, B11, B21, B31, B41) +
    gaussianTermDerivative(x, B12, B22, B32, B42) +
    gaussianTermDerivative(x, B13, B23, B33, B43)
  );
}

// ---------------------------------------------------------------------------------------------
// Force–velocity (De Groote 2016 supplement: asinh form)
// f_V = d1 · ln((d2·ṽ + d3) + √((d2·ṽ + d3)² + 1)) + d4 = d1 · asinh(d2·ṽ + d3) + d4
// ---------------------------------------------------------------------------------------------
const D1 = -0.321135; // De Groote 2016, constants as in OpenSim DeGrooteFregly2016Muscle
const D2 = -8.149;
const D3 = -0.374;
const D4 = 0.882533;

/**
 * Force–velocity multiplier f_V(ṽ) (De Groote 2016 supplement). f_V(0) ≈ 1, f_V(−1) ≈ 0,
 * f_V(+1) ≈ 1.79. Not clamped: f_V < 0 for shortening faster than v_max (callers clamp).
 * @param normFiberVelocity ṽ = v_M / (v_max · l_opt), negative = shortening (dimensionless).
 */
export function forceVelocityDeGroote(normFiberVelocity: number): number {
  return D1 * Math.asinh(D2 * normFiberVelocity + D3) + D4;
}

/** d f_V / d ṽ of {@link forceVelocityDeGroote} (analytic). */
export function forceVelocityDeGrooteDerivative(normFiberVelocity: number): number {
  const z = D2 * normFiberVelocity + D3;
  return (D1 * D2) / Math.sqrt(z * z + 1);
}

// ---------------------------------------------------------------------------------------------
// Passive force–length
// ---------------------------------------------------------------------------------------------
/** Exponential shape factor of both passive curves (De Groote 2016; Thelen 2003 "KshapePassive"). */
export const PASSIVE_SHAPE_FACTOR = 4;
/** Default passive fibre strain at one normalised force, e0 (De Groote 2016 default; gait2392 FmaxMuscleStrain). */
export const DEFAULT_PASSIVE_STRAIN_AT_ONE_NORM_FORCE = 0.6;
/** Lower end of De Groote's ℓ̃ domain, where its passive curve is zero. */
export const DE_GROOTE_MIN_NORM_FIBER_LENGTH = 0.2;

/**
 * Passive force–length multiplier of De Groote 2016 (supplement, as in OpenSim
 * DeGrooteFregly2016Muscle): f_PE = (exp(k(ℓ̃−1)/e) − exp(k(0.2−1)/e)) / (exp(k) − exp(k(0.2−1)/e)),
 * with e = e0 / stiffness. f_PE(1 + e) = 1; note f_PE(1) ≈ 0.018 (nonzero at optimal length).
 * @param normFiberLength ℓ̃ (dimensionless).
 * @param strainAtOneNormForce e0 (default 0.6).
 * @param stiffness multiplier (> 0; default 1), e_eff = e0 / stiffness (* our knob, see header).
 */
export function passiveForceLengthDeGroote(
  normFiberLength: number,
  strainAtOneNormForce = DEFAULT_PASSIVE_STRAIN_AT_ONE_NORM_FORCE,
  stiffness = 1,
): number {
  const e = strainAtOneNormForce / stiffness;
  const offset = Math.exp((PASSIVE_SHAPE_FACTOR * (DE_GROOTE_MIN_NORM_FIBER_LENGTH - 1)) / e);
  return (Math.exp((PASSIVE_SHAPE_FACTOR * (normFiberLength - 1)) / e) - offset) / (Math.exp(PASSIVE_SHAPE_FACTOR) - offset);
}

/** d f_PE / d ℓ̃ of {@link passiveForceLengthDeGroote}. */
export function passiveForceLengthDeGrooteDerivative(
  normFiberLength: number,
  strainAtOneNormForce = DEFAULT_PASSIVE_STRAIN_AT_ONE_NORM_FORCE,
  stiffness = 1,
): number {
  const e = strainAtOneNormForce / stiffness;
  const offset = Math.exp((PASSIVE_SHAPE_FACTOR * (DE_GROOTE_MIN_NORM_FIBER_LENGTH - 1)) / e);
  const slope = PASSIVE_SHAPE_FACTOR / e;
  return (slope * Math.exp(slope * (normFiberLength - 1))) / (Math.exp(PASSIVE_SHAPE_FACTOR) - offset);
}

/**
 * Passive force–length multiplier of Thelen 2003 (eq. 3): f_PE = (exp(k(ℓ̃−1)/e) − 1)/(exp(k) − 1),
 * e = e0 / stiffness; * clamped to 0 for ℓ̃ < 1 (the formula goes negative there; a slack fibre
 * pushes nothing). f_PE(1) = 0, f_PE(1 + e) = 1.
 * @param normFiberLength ℓ̃ (dimensionless).
 * @param strainAtOneNormForce e0 (default 0.6, gait2392 FmaxMuscleStrain).
 * @param stiffness multiplier (> 0; default 1).
 */
export function passiveForceLengthThelen(
  normFiberLength: number,
  strainAtOneNormForce = DEFAULT_PASSIVE_STRAIN_AT_ONE_NORM_FORCE,
  stiffness = 1,
): number {
  if (normFiberLength <= 1) return 0;
  const e = strainAtOneNormForce / stiffness;
  return (Math.exp((PASSIVE_SHAPE_FACTOR * (normFiberLength - 1)) / e) - 1) / (Math.exp(PASSIVE_SHAPE_FACTOR) - 1);
}

/** d f_PE / d ℓ̃ of {@link passiveForceLengthThelen} (0 below ℓ̃ = 1). */
export function passiveForceLengthThelenDerivative(
  normFiberLength: number,
  strainAtOneNormForce = DEFAULT_PASSIVE_STRAIN_AT_ONE_NORM_FORCE,
  stiffness = 1,
): number {
  if (normFiberLength <= 1) return 0;
  const slope = (PASSIVE_SHAPE_FACTOR * stiffness) / strainAtOneNormForce;
  return (slope * Math.exp(slope * (normFiberLength - 1))) / (Math.exp(PASSIVE_SHAPE_FACTOR) - 1);
}

// ---------------------------------------------------------------------------------------------
// Activation dynamics
// ---------------------------------------------------------------------------------------------
/** Activation time constants, s. */
export interface ActivationTimeConstants {
  readonly tauActivationS: number;
  readonly tauDeactivationS: number;
}

/** De Groote 2016 defaults (also OpenSim DeGrooteFregly2016Muscle): τ_act 15 ms, τ_deact 60 ms. */
export const DE_GROOTE_ACTIVATION: ActivationTimeConstants = Object.freeze({
  tauActivationS: 0.015,
  tauDeactivationS: 0.06,
});

/** Thelen 2003 values as stored in gait2392/Hamner .osim files: τ_act 10 ms, τ_deact 40 ms. */
export const GAIT2392_ACTIVATION: ActivationTimeConstants = Object.freeze({
  tauActivationS: 0.01,
  tauDeactivationS: 0.04,
});

/**
 * First-order activation dynamics, piecewise form (Thelen 2003, eqs. 1–2; same form in De Groote
 * 2016 and MyoSuite): da/dt = (u − a)/τ, τ = τ_act(0.5 + 1.5a) if u > a, else τ_deact/(0.5 + 1.5a).
 * From a = 0 a unit step reaches 63.2 % at t = τ_act·(2 − 1.5·0.632) ≈ 1.05 τ_act (closed form).
 * @param excitation u ∈ [0, 1].
 * @param activation a ∈ [0, 1].
 * @param tauActivationS τ_act, s (> 0).
 * @param tauDeactivationS τ_deact, s (> 0).
 * @returns da/dt, 1/s.
 */
export function activationDerivative(
  excitation: number,
  activation: number,
  tauActivationS: number,
  tauDeactivationS: number,
): number {
  const z = 0.5 + 1.5 * activation;
  const diff = excitation - activation;
  return diff > 0 ? diff / (tauActivationS * z) : (diff * z) / tauDeactivationS;
}

/**
 * Smooth activation dynamics (De Groote 2016 supplement [eq. number not verified]; OpenSim
 * DeGrooteFregly2016Muscle::computeStateVariableDerivatives):
 * f = ½ tanh(b(u − a)), da/dt = [(f + ½)/(τ_act z) + (½ − f) z/τ_deact](u − a), z = 0.5 + 1.5a.
 * * Default steepness b = 10, not the 0.1 hard-coded in OpenSim's implementation: with b = 0.1,
 * f ≈ 0.05(u − a) and the two time constants are blended almost 50/50 for every step, which
 * loses the fast-on/slow-off asymmetry. With b = 10 the smooth form is within ~1 % of the
 * piecewise form once |u − a| > 0.25 and differentiable everywhere (for implicit solvers).
 * @param steepness b (1/activation units), default 10.
 * @returns da/dt, 1/s.
 */
export function activationDerivativeSmooth(
  excitation: number,
  activation: number,
  tauActivationS: number,
  tauDeactivationS: number,
  steepness = 10,
): number {
  const z = 0.5 + 1.5 * activation;
  const diff = excitation - activation;
  const f = 0.5 * Math.tanh(steepness * diff);
  return ((f + 0.5) / (tauActivationS * z) + ((0.5 - f) * z) / tauDeactivationS) * diff;
}
