/**
 * Passive ankle joint moment other than the modelled muscles' own passive forces (TA and soleus
 * passive curves live in `ankle-muscles.ts`, where `soleusStiffness` scales the soleus one).
 *
 * Decision (double counting). Whole-joint passive moments such as Riener & Edrich 1999 (J Biomech
 * 32:539–544, doi:10.1016/S0021-9290(99)00009-3) are measured on relaxed subjects and so INCLUDE
 * the passive forces of the soleus, TA and every other crossing muscle. Adding one to our soleus
 * curve would count the soleus twice and make `soleusStiffness` act on top of a soleus already
 * present. So the joint term here holds only what the two muscles cannot:
 *  1. Ligament/capsule end-range torque (non-muscular): the double exponential of Anderson &
 *     Pandy 1999 (CMBBE 2:201–231), coefficients as used by Falisse et al. 2019 (J R Soc Interface
 *     16:20190402) in 3dpredictsim `PassiveMoments/PassiveMomentsData.m` and KU Leuven PredSim
 *     [R code]. It is < 0.05 N·m between −35° and +22° and stiffens at the ends of the range.
 *  2. The knee-dependent part of Riener & Edrich's moment, which can only come from biarticular
 *     structures (gastrocnemius, plantaris) that this model does not include:
 *     G(θ, θ_K) = P(θ, min(θ_K, θ_K,ref)) − P(θ, θ_K,ref), with P their posterior exponential and
 *     θ_K,ref = 90° [* assumption: gastrocnemius taken as slack from 90° of knee flexion]. It is
 *     monoarticular-free by construction (a soleus contribution cannot depend on the knee). In
 *     running swing (knee 50–105°) it is ≈ 0–1 N·m; near contact (knee ~20°) ≈ 4–6 N·m of
 *     plantarflexion, which the TA must overcome to land heel first.
 *  3. Viscous damping b·θ̇ with b = 0.1 N·m·s/rad (PredSim `f_PassiveMoments`: `- 0.1*qdotin_pass`
 *     [R code]; Falisse et al. 2019).
 * Not included: passive forces of the other unmodelled muscles (EDL, EHL, peronei, tibialis
 * posterior) and skin, i.e. the rest of Riener & Edrich's moment. `rienerEdrichAnkleMomentNm`
 * is exported so tests and figures can compare the model's total passive moment with it.
 *
 * Signs: ankle θ > 0 = dorsiflexion, knee flexion > 0, torque > 0 = dorsiflexing (all rad, N·m).
 */

// Anderson & Pandy 1999 end-range torque (as in Falisse 2019 / PredSim): τ = k1·e^{k2(θ−θ_up)} + k3·e^{k4(θ−θ_low)}
const LIMIT_K1_NM = -2.03; // Anderson & Pandy 1999 via PredSim [R code]
const LIMIT_K2_PER_RAD = 38.11;
const LIMIT_K3_NM = 0.18;
const LIMIT_K4_PER_RAD = -12.12;
const LIMIT_UPPER_RAD = 0.52; // ≈ 30° DF
const LIMIT_LOWER_RAD = -0.74; // ≈ 42° PF

/** Ankle joint viscous damping, N·m·s/rad (Falisse et al. 2019 / PredSim [R code]). */
export const ANKLE_DAMPING_NMS_PER_RAD = 0.1;

// Riener & Edrich 1999, ankle: M = exp(2.1016 − 0.0843 φA − 0.0176 φK) − exp(−7.9763 + 0.1949 φA
// + 0.0008 φK) − 1.792, φA in degrees with PLANTARFLEXION positive, φK knee flexion in degrees,
// M in N·m with plantarflexing positive. Sign convention confirmed by a public implementation
// (`rienerEdrich1999PassiveAnkleMoment.m`, which flips both signs for DF > 0) [R code; the paper
// itself not read, M].
const RE_A0 = 2.1016;
const RE_A_ANKLE_PER_DEG = 0.0843;
const RE_A_KNEE_PER_DEG = 0.0176;
const RE_B0 = -7.9763;
const RE_B_ANKLE_PER_DEG = 0.1949;
const RE_B_KNEE_PER_DEG = 0.0008;
const RE_C_NM = 1.792;
const DEG_PER_RAD = 180 / Math.PI;

/** Knee flexion from which the gastrocnemius is taken as slack (* assumption), rad. */
export const GASTROCNEMIUS_SLACK_KNEE_FLEXION_RAD = Math.PI / 2;

/**
 * Ligament/capsule end-range torque, N·m (+ = dorsiflexing), Anderson & Pandy 1999 coefficients.
 * @param ankleRad θ, rad (+ = DF).
 */
export function ankleLimitTorqueNm(ankleRad: number): number {
  return (
    LIMIT_K1_NM * Math.exp(LIMIT_K2_PER_RAD * (ankleRad - LIMIT_UPPER_RAD)) +
    LIMIT_K3_NM * Math.exp(LIMIT_K4_PER_RAD * (ankleRad - LIMIT_LOWER_RAD))
  );
}

/**
 * Whole-joint passive ankle moment of Riener & Edrich 1999 (all passive structures, muscles
 * included), converted to DF-positive angles and torque. For comparison only: do not add it to the
 * muscle model (it would double count the soleus).
 * @param ankleRad θ, rad (+ = DF). @param kneeFlexionRad knee flexion, rad (> 0 = flexed).
 * @returns N·m, + = dorsiflexing.
 */
export function rienerEdrichAnkleMomentNm(ankleRad: number, kneeFlexionRad: number): number {
  const plantarflexionDeg = -ankleRad * DEG_PER_RAD;
  const kneeDeg = kneeFlexionRad * DEG_PER_RAD;
  const plantarflexingNm =
    Math.exp(RE_A0 - RE_A_ANKLE_PER_DEG * plantarflexionDeg - RE_A_KNEE_PER_DEG * kneeDeg) -
    Math.exp(RE_B0 + RE_B_ANKLE_PER_DEG * plantarflexionDeg + RE_B_KNEE_PER_DEG * kneeDeg) -
    RE_C_NM;
  return -plantarflexingNm;
}

/**
 * Knee-dependent (biarticular, gastrocnemius) part of Riener & Edrich's moment, N·m, + = DF
 * (so ≤ 0): −[P(θ, min(θ_K, θ_ref)) − P(θ, θ_ref)], P = exp(2.1016 − 0.0843 φA − 0.0176 φK).
 * @param ankleRad θ, rad (+ = DF). @param kneeFlexionRad knee flexion, rad.
 */
export function gastrocnemiusPassiveTorqueNm(ankleRad: number, kneeFlexionRad: number): number {
  const knee = kneeFlexionRad < GASTROCNEMIUS_SLACK_KNEE_FLEXION_RAD ? kneeFlexionRad : GASTROCNEMIUS_SLACK_KNEE_FLEXION_RAD;
  const ankleTerm = RE_A0 + RE_A_ANKLE_PER_DEG * ankleRad * DEG_PER_RAD; // −0.0843·φA with φA = −θ
  const kneeFactor =
    Math.exp(-RE_A_KNEE_PER_DEG * knee * DEG_PER_RAD) -
    Math.exp(-RE_A_KNEE_PER_DEG * GASTROCNEMIUS_SLACK_KNEE_FLEXION_RAD * DEG_PER_RAD);
  return -Math.exp(ankleTerm) * kneeFactor;
}

/**
 * Passive ankle joint torque beyond the modelled TA and soleus, N·m, + = dorsiflexing:
 * end-range ligament torque + gastrocnemius surrogate − damping·θ̇ (see module header).
 * No allocation.
 * @param ankleRad θ, rad (+ = DF).
 * @param ankleVelRadS θ̇, rad/s.
 * @param kneeFlexionRad knee flexion, rad (> 0 = flexed).
 */
export function passiveAnkleTorqueNm(ankleRad: number, ankleVelRadS: number, kneeFlexionRad: number): number {
  return (
    ankleLimitTorqueNm(ankleRad) +
    gastrocnemiusPassiveTorqueNm(ankleRad, kneeFlexionRad) -
    ANKLE_DAMPING_NMS_PER_RAD * ankleVelRadS
  );
}
