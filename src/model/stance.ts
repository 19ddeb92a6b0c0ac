/**
 * Stance phase of one leg (MODEL.md §6): landing, foot-flat, roll-over, heel rise and toe-off,
 * as the foot's sole angle σ(t) (= absolute foot angle φ₃, + = toes up, 0 = flat) and its
 * ground pivot (heel while σ > 0, toe while σ < 0; rolling contact, no sliding).
 *
 * σ(t) = σ_land(t) + σ_late(t) (ankle position: see stanceAnkle):
 *  - σ_late, the normative roll-over: σ_late = softmin(0, σ_n(t) − o·(1 − S₅(u))) where σ_n = φ₂ + θ_ref
 *    is the pattern's foot angle with the stride's drivers, o = σ_n at `FLAT_REFERENCE_STANCE_FRACTION`
 *    of stance (the pattern's own "flat" level: Hamner's IK foot angle is ≈ −4° there *) and u goes
 *    0 → 1 from that point to toe-off (quintic smoothstep S₅). So the foot is flat until mid-stance,
 *    the heel then rises along the normative curve, and σ, σ̇ equal the pattern's at toe-off, where
 *    the swing simulation starts (C1 at toe-off by construction).
 *  - σ_land, the landing: a one-degree-of-freedom rotation of the foot about its contact point,
 *      I_p·σ̈ = −r_x(σ)·F(t) + τ_ankle(θ, θ̇) + τ_ground(σ, σ̇),
 *    started from the swing's foot angle and rate at contact (C1 at contact). F(t) is the axial load
 *    through the ankle, a ramp at `loadRateNPerS` (calibrated, below) capped at `PEAK_LOAD_BW`
 *    body weights; r_x the horizontal lever of the ankle about the pivot (heel or toe); τ_ankle the
 *    TA + soleus + passive ankle torque of model/ankle-muscle-table.ts and model/passive-ankle.ts
 *    with θ = σ − φ₂ (the TA, at the activation it had at contact or the stance template's, brakes a heel-first landing
 *    eccentrically; weak or undriven TA → fast rotation = foot slap); τ_ground a stiff
 *    spring-damper once the other end of the foot meets the ground. The landing is faded out
 *    (S₅) before mid-stance.
 *
 * Load rate: a fixed average vertical loading rate of `LOAD_RATE_BW_PER_S` (AVLR of rearfoot strikers;
 * values above 70 BW/s are associated with stress fractures, Zifchock 2006 / Zadpoor & Nikooyan 2011
 * as cited by Miller et al.; the typical 50–80 BW/s range is [M]). An earlier calibration against the
 * time to foot-flat of the normative pattern (Hamner IK, ≈ 85–120 ms) was dropped: the IK foot
 * angle keeps rotating after the sole is flat, and no load rate reproduced it. `normativeFlatTimeS`
 * is kept for comparison.
 *
 * Simplifications (*): the effective inertia about the pivot is the foot's plus the shank mass at
 * the ankle (the rest of the body couples through the compliant knee); TA activation is held constant
 * during the landing (τ_deact ≈ 40–60 ms is as long as the landing); the soleus is
 * given a fixed stance activation for toe-first landings (pre-activated triceps surae) [M].
 */
import { pointPosition, pointVelocity } from './chain.ts';
import { evaluateKinematics, type LegModel } from './leg.ts';
import { tableAnkleTorqueNm } from './ankle-muscle-table.ts';
import { passiveAnkleTorqueNm } from './passive-ankle.ts';
import { SwingSimulator, createSwingRecorder, emptySwingResult, nominalDrivers, type SwingDrivers, type SwingResult } from './swing.ts';

/** Where (fraction of stance) the pattern's foot angle is taken as "flat" and heel rise begins. */
export const FLAT_REFERENCE_STANCE_FRACTION = 0.45;
/** Peak axial load during landing, body weights (running impact peak ≈ 1.5–2.5 BW, Cavanagh & Lafortune 1980 [M]). */
export const PEAK_LOAD_BW = 2.5;
/** Average vertical loading rate, body weights per second (see module header). */
export const LOAD_RATE_BW_PER_S = 60;
/**
 * Forefoot (or heel) pad meeting the ground at the end of a landing: contact starts GROUND_PAD_RAD
 * (3°) before flat; torque K₂·c² − D₂·c·ċ in the compression c. * Modelling choice: K₂ makes 4° of
 * compression carry ≈ 2.5 BW × heel lever (≈ 130 N·m); D₂ gives a damping ratio of order 1 there.
 */
export const GROUND_PAD_RAD = (3 * Math.PI) / 180;
export const GROUND_STIFFNESS_NM_PER_RAD2 = 2.7e4;
export const GROUND_DAMPING_NMS_PER_RAD2 = 500;
/** Soleus activation during a toe-first landing. [M] pre-activation of the triceps surae; modelling choice. */
export const STANCE_SOLEUS_ACTIVATION = 0.3;
/** Soft-min width for the heel-rise curve, rad (0.5°). */
export const SOFTMIN_WIDTH_RAD = (0.5 * Math.PI) / 180;
/**
 * TA activation in a heel-first landing: 0.54 at an 18° strike, scaled by the strike angle and the
 * neural drive — the same template sim/run.ts uses for the stance TA load (Hamner 2010 CMC: TA
 * 493 N of 905 N at contact). Duplicated here to keep model/ free of sim/ imports.
 */
export const STANCE_TA_PEAK_ACTIVATION = 0.54;
export const STANCE_TA_REFERENCE_STRIKE_RAD = (18 * Math.PI) / 180;
/** Landing integration step, s. */
export const LANDING_STEP_S = 2e-4;
/** Foot-slap window after contact, s (MODEL.md §2: first 80 ms). */
export const SLAP_WINDOW_S = 0.08;

const G = 9.80665;

/** Read-only stance model of one leg. */
export interface StanceModel {
  readonly leg: LegModel;
  /** Heel and toe contact points on the sole, chain-local [p, l] about the ankle, m (same l). */
  readonly heelLocal: readonly [number, number];
  readonly toeLocal: readonly [number, number];
  /** Heel-to-toe sole length, m. */
  readonly soleLengthM: number;
  readonly bodyWeightN: number;
  /** Effective inertia about the heel / the toe, kg·m² (foot + shank mass at the ankle *). */
  readonly inertiaHeelKgM2: number;
  readonly inertiaToeKgM2: number;
  /** Axial load rate, N/s. */
  readonly loadRateNPerS: number;
  /** Time from contact to foot-flat of the normative pattern's foot angle (90 % of its drop), s; for comparison. */
  readonly normativeFlatTimeS: number;
}

/** Conditions at initial contact that start a landing. */
export interface LandingInput {
  /** Sole angle at contact, rad (+ = toes up). */
  strikeAngleRad: number;
  /** Sole angular rate at contact, rad/s. */
  strikeRateRadS: number;
  /** TA activation at contact (0..1; includes neural drive). */
  taActivation: number;
  /** TA residual capacity 1 − M_F. */
  taCapacity: number;
  /** Neural drive to the TA in this stance (0..1). */
  neuralDrive: number;
  /** This stance's stride time and hip/knee amplitude scales (shank kinematics). */
  strideTimeS: number;
  hipAmplitudeScale: number;
  kneeAmplitudeScale: number;
}

/** Landing trajectory σ_land, σ̇_land at LANDING_STEP_S, reused across strides. */
export class LandingTrack {
  n = 0;
  readonly sigmaRad: Float64Array;
  readonly sigmaRateRadS: Float64Array;
  /** Time from contact to the first foot-flat (σ crossing 0), s; NaN if it never does. */
  flatTimeS = NaN;
  /** Peak plantarflexion rate (−σ̇) within SLAP_WINDOW_S of contact, rad/s (≥ 0). */
  footSlapRadS = 0;
  /** Pivot: +1 heel, −1 toe. */
  pivot = 1;
  constructor(readonly maxSamples: number) {
    this.sigmaRad = new Float64Array(maxSamples);
    this.sigmaRateRadS = new Float64Array(maxSamples);
  }
  /** Duration covered, s. */
  get durationS(): number {
    return (this.n - 1) * LANDING_STEP_S;
  }
  /** σ_land and σ̇_land at time t after contact (cubic Hermite), written to out[0..1]; zero beyond the track. */
  evaluate(tS: number, out: Float64Array): void {
    const x = tS / LANDING_STEP_S;
    if (!(x >= 0) || x >= this.n - 1) {
      out[0] = 0;
      out[1] = 0;
      return;
    }
    const i = Math.floor(x);
    const s = x - i;
    const h = LANDING_STEP_S;
    const y0 = this.sigmaRad[i];
    const y1 = this.sigmaRad[i + 1];
    const d0 = this.sigmaRateRadS[i] * h;
    const d1 = this.sigmaRateRadS[i + 1] * h;
    const s2 = s * s;
    const s3 = s2 * s;
    out[0] = (2 * s3 - 3 * s2 + 1) * y0 + (s3 - 2 * s2 + s) * d0 + (-2 * s3 + 3 * s2) * y1 + (s3 - s2) * d1;
    out[1] = ((6 * s2 - 6 * s) * y0 + (3 * s2 - 4 * s + 1) * d0 + (-6 * s2 + 6 * s) * y1 + (3 * s2 - 2 * s) * d1) / h;
  }
}

/** Quintic smoothstep S₅ on [0, 1] (C2), clamped; and its derivative. */
export function smoothstep5(u: number): number {
  if (u <= 0) return 0;
  if (u >= 1) return 1;
  return u * u * u * (10 + u * (-15 + 6 * u));
}
export function smoothstep5Derivative(u: number): number {
  if (u <= 0 || u >= 1) return 0;
  const v = u * (1 - u);
  return 30 * v * v;
}

/** softmin(0, x) = −w·ln(1 + e^(−x/w)) and its derivative with respect to x. */
function softminZero(x: number, w: number, out: Float64Array): void {
  const z = -x / w;
  if (z > 30) {
    out[0] = x;
    out[1] = 1;
    return;
  }
  const e = Math.exp(z);
  out[0] = -w * Math.log1p(e);
  out[1] = e / (1 + e);
}

const kinScratch = new Float64Array(12);
const tmp2 = new Float64Array(2);

/**
 * The normative roll-over part σ_late and its rate at time tS after contact.
 * @param leg leg model
 * @param input stride time and amplitude scales of this stance
 * @param tS time since contact, s
 * @param out [σ_late rad, σ̇_late rad/s]
 */
export function lateSoleAngle(leg: LegModel, input: Pick<LandingInput, 'strideTimeS' | 'hipAmplitudeScale' | 'kneeAmplitudeScale'>, tS: number, out: Float64Array): void {
  const p = leg.pattern;
  const T = input.strideTimeS;
  const k = kinScratch;
  evaluateKinematics(p, p.toeOffPhase * FLAT_REFERENCE_STANCE_FRACTION, T, input.hipAmplitudeScale, input.kneeAmplitudeScale, leg.heightScale, k);
  const flat = k[0] - k[3] + k[6];
  evaluateKinematics(p, tS / T, T, input.hipAmplitudeScale, input.kneeAmplitudeScale, leg.heightScale, k);
  const sn = k[0] - k[3] + k[6];
  const snDot = k[1] - k[4] + k[7];
  const t0 = p.toeOffPhase * FLAT_REFERENCE_STANCE_FRACTION * T;
  const span = p.toeOffPhase * T - t0;
  const u = (tS - t0) / span;
  const arg = sn - flat * (1 - smoothstep5(u));
  const argDot = snDot + (flat * smoothstep5Derivative(u)) / span;
  softminZero(arg, SOFTMIN_WIDTH_RAD, tmp2);
  out[0] = tmp2[0];
  out[1] = tmp2[1] * argDot;
}

/**
 * Build the stance model of a leg (see module header).
 * @param leg compiled leg model
 * @param bodyMassKg runner's mass, kg
 */
export function compileStanceModel(leg: LegModel, bodyMassKg: number): StanceModel {
  const chain = leg.chain;
  const heelLocal = [leg.heelLocal[0], leg.heelLocal[1]] as const;
  const toeLocal = [leg.toeLocal[0], leg.heelLocal[1]] as const; // the sole toe, at the heel's depth
  const footCom = [chain.comLocal[4], chain.comLocal[5]];
  const mFoot = chain.massKg[2];
  const mShank = chain.massKg[1];
  const inertiaAbout = (q: readonly [number, number]): number =>
    chain.inertiaKgM2[2] + mFoot * ((footCom[0] - q[0]) ** 2 + (footCom[1] - q[1]) ** 2) + mShank * (q[0] ** 2 + q[1] ** 2);
  const base = {
    leg,
    heelLocal,
    toeLocal,
    soleLengthM: toeLocal[0] - heelLocal[0],
    bodyWeightN: bodyMassKg * G,
    inertiaHeelKgM2: inertiaAbout(heelLocal),
    inertiaToeKgM2: inertiaAbout(toeLocal),
  };
  const nominal = nominalLandingInput(leg);
  return Object.freeze({
    ...base,
    loadRateNPerS: LOAD_RATE_BW_PER_S * base.bodyWeightN,
    normativeFlatTimeS: normativeFlatTimeS(leg, nominal),
  });
}

/** Landing input of the nominal (rested, fully driven, mean) stride, from a simulated swing. */
export function nominalLandingInput(leg: LegModel): LandingInput {
  const sim = new SwingSimulator(leg, { integrator: 'rk4', stepS: 0.001, rtol: 1e-8 });
  const rec = createSwingRecorder();
  const res = sim.simulate(nominalDrivers(), emptySwingResult(), rec);
  return landingInputFromSwing(leg, res, nominalDrivers(), nominalDrivers(), rec.taActivation[rec.taActivation.length - 1]);
}

/**
 * Landing input at the contact that ends a swing.
 * @param leg leg model
 * @param swing result of the swing that ends at this contact
 * @param swingDrivers drivers of that swing (its stride)
 * @param stanceDrivers drivers of the stride that starts at this contact
 * @param taActivationAtContact TA activation at the end of the swing; when unknown, pass
 *   undefined to use the feedforward plan at contact × neural drive (an approximation that ignores
 *   the feedback term)
 */
export function landingInputFromSwing(
  leg: LegModel,
  swing: SwingResult,
  swingDrivers: SwingDrivers,
  stanceDrivers: Pick<SwingDrivers, 'taCapacity' | 'neuralDrive' | 'strideTimeScale' | 'hipAmplitudeScale' | 'kneeAmplitudeScale'>,
  taActivationAtContact?: number,
): LandingInput {
  const k = kinScratch;
  evaluateKinematics(leg.pattern, 1, swing.strideTimeS, swingDrivers.hipAmplitudeScale, swingDrivers.kneeAmplitudeScale, leg.heightScale, k);
  const shankRate = k[1] - k[4];
  const ff = leg.feedforwardActivation;
  return {
    strikeAngleRad: swing.footStrikeAngleRad,
    strikeRateRadS: shankRate + swing.ankleVelocityAtContactRadS,
    taActivation: taActivationAtContact ?? swingDrivers.neuralDrive * ff[ff.length - 1],
    taCapacity: stanceDrivers.taCapacity,
    neuralDrive: stanceDrivers.neuralDrive,
    strideTimeS: leg.pattern.strideTimeS * stanceDrivers.strideTimeScale,
    hipAmplitudeScale: stanceDrivers.hipAmplitudeScale,
    kneeAmplitudeScale: stanceDrivers.kneeAmplitudeScale,
  };
}

/** Time after contact at which the pattern's own foot angle has completed 90 % of its drop to the flat level, s. */
function normativeFlatTimeS(leg: LegModel, input: LandingInput): number {
  const p = leg.pattern;
  const T = input.strideTimeS;
  const k = kinScratch;
  const sigmaAt = (phase: number): number => {
    evaluateKinematics(p, phase, T, 1, 1, leg.heightScale, k);
    return k[0] - k[3] + k[6];
  };
  const flatPhase = p.toeOffPhase * FLAT_REFERENCE_STANCE_FRACTION;
  const s0 = sigmaAt(0);
  const flat = sigmaAt(flatPhase);
  const level = flat + 0.1 * (s0 - flat);
  for (let i = 1; i <= 1000; i++) {
    const ph = (flatPhase * i) / 1000;
    if (sigmaAt(ph) <= level) return ph * T;
  }
  return flatPhase * T;
}

// Scratch for the landing ODE (module-level; the simulation is synchronous and allocation-free).
const y = new Float64Array(2);
const k1 = new Float64Array(2);
const k2 = new Float64Array(2);
const k3 = new Float64Array(2);
const k4 = new Float64Array(2);
const ys = new Float64Array(2);
const late = new Float64Array(2);

/**
 * Integrate the landing (RK4, LANDING_STEP_S) into `track`: σ_land and σ̇_land from contact to
 * the fade-out before mid-stance, the time to foot-flat and the foot-slap rate.
 * @param model stance model
 * @param input conditions at contact
 * @param track output, overwritten
 * @param maxDurationS optional cap on the simulated time, s (default: up to the flat reference point)
 * @returns the peak plantarflexion rate in the first 80 ms, rad/s (= track.footSlapRadS)
 */
export function simulateLanding(model: StanceModel, input: LandingInput, track: LandingTrack, maxDurationS?: number): number {
  const leg = model.leg;
  const T = input.strideTimeS;
  const tEnd = Math.min(maxDurationS ?? leg.pattern.toeOffPhase * FLAT_REFERENCE_STANCE_FRACTION * T, (track.maxSamples - 1) * LANDING_STEP_S);
  const n = Math.max(2, Math.floor(tEnd / LANDING_STEP_S) + 1);
  lateSoleAngle(leg, input, 0, late);
  y[0] = input.strikeAngleRad - late[0];
  y[1] = input.strikeRateRadS - late[1];
  const pivot = input.strikeAngleRad >= 0 ? 1 : -1;
  const q = pivot > 0 ? model.heelLocal : model.toeLocal;
  const inertia = pivot > 0 ? model.inertiaHeelKgM2 : model.inertiaToeKgM2;
  const solAct = pivot > 0 ? leg.soleusExcitation : STANCE_SOLEUS_ACTIVATION;
  // TA in the landing: the activation at contact, or the stance template's (run.ts) if higher.
  const strikeShare = Math.min(1, Math.max(0, input.strikeAngleRad) / STANCE_TA_REFERENCE_STRIKE_RAD);
  const taAct = Math.max(input.taActivation, input.neuralDrive * STANCE_TA_PEAK_ACTIVATION * strikeShare);
  const k = kinScratch;
  // RK4's two mid-step stages and each step's end and the next step's start share their times:
  // evaluate the driven kinematics once per distinct time (half the Fourier work).
  let kinT = Number.NaN;
  let shank = 0;
  let shankRate = 0;
  let knee = 0;
  const deriv = (t: number, s: Float64Array, d: Float64Array): void => {
    const sigma = s[0];
    const rate = s[1];
    if (t !== kinT) {
      evaluateKinematics(leg.pattern, t / T, T, input.hipAmplitudeScale, input.kneeAmplitudeScale, leg.heightScale, k);
      shank = k[0] - k[3];
      shankRate = k[1] - k[4];
      knee = k[3];
      kinT = t;
    }
    const theta = sigma - shank;
    const thetaDot = rate - shankRate;
    const c = Math.cos(sigma);
    const sn = Math.sin(sigma);
    // ankle relative to the pivot = −(world vector of the pivot's local point)
    const rx = -(q[0] * c + q[1] * sn);
    const load = Math.min(model.loadRateNPerS * t, PEAK_LOAD_BW * model.bodyWeightN);
    let torque =
      -rx * load +
      tableAnkleTorqueNm(leg.muscleTable, taAct, solAct, theta, thetaDot, input.taCapacity) +
      passiveAnkleTorqueNm(theta, thetaDot, knee);
    // the other end of the foot meets the ground
    // The other end's pad meets the ground GROUND_PAD_RAD before flat and stiffens progressively
    // (quadratic spring, damping ∝ compression: Hunt & Crossley 1975 idea), so the forefoot contact
    // decelerates the rotation over several ms instead of as a jerk spike.
    const compression = pivot * (GROUND_PAD_RAD * pivot - sigma);
    if (compression > 0) {
      torque += pivot * (GROUND_STIFFNESS_NM_PER_RAD2 * compression * compression - GROUND_DAMPING_NMS_PER_RAD2 * compression * rate * pivot);
    }
    d[0] = rate;
    d[1] = torque / inertia;
  };
  const h = LANDING_STEP_S;
  track.n = n;
  track.pivot = pivot;
  track.flatTimeS = NaN;
  track.footSlapRadS = 0;
  track.sigmaRad[0] = y[0];
  track.sigmaRateRadS[0] = y[1];
  for (let i = 1; i < n; i++) {
    const t = (i - 1) * h;
    const tMid = (i - 0.5) * h;
    deriv(t, y, k1);
    ys[0] = y[0] + 0.5 * h * k1[0];
    ys[1] = y[1] + 0.5 * h * k1[1];
    deriv(tMid, ys, k2);
    ys[0] = y[0] + 0.5 * h * k2[0];
    ys[1] = y[1] + 0.5 * h * k2[1];
    deriv(tMid, ys, k3);
    ys[0] = y[0] + h * k3[0];
    ys[1] = y[1] + h * k3[1];
    deriv(i * h, ys, k4);
    const prev = y[0];
    y[0] += (h / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
    y[1] += (h / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
    track.sigmaRad[i] = y[0];
    track.sigmaRateRadS[i] = y[1];
    if (Number.isNaN(track.flatTimeS) && prev * pivot > 0 && y[0] * pivot <= 0) track.flatTimeS = (i - 1 + prev / (prev - y[0])) * h;
  }
  // Fade σ_land out after foot-flat (or over the last 40 % of the window), so stance joins σ_late exactly.
  const fadeStart = Number.isFinite(track.flatTimeS) ? Math.min(track.flatTimeS, 0.6 * tEnd) : 0.6 * tEnd;
  const fadeSpan = Math.max(h, (n - 1) * h - fadeStart);
  for (let i = 0; i < n; i++) {
    const u = (i * h - fadeStart) / fadeSpan;
    const w = 1 - smoothstep5(u);
    const dw = -smoothstep5Derivative(u) / fadeSpan;
    track.sigmaRateRadS[i] = track.sigmaRateRadS[i] * w + track.sigmaRad[i] * dw;
    track.sigmaRad[i] *= w;
  }
  // Foot slap: peak of −σ̇ (σ_land + σ_late) in the window.
  const nSlap = Math.min(n, Math.round(SLAP_WINDOW_S / h) + 1);
  let slap = 0;
  for (let i = 0; i < nSlap; i++) {
    lateSoleAngle(leg, input, i * h, late);
    const r = -(track.sigmaRateRadS[i] + late[1]);
    if (r > slap) slap = r;
  }
  track.footSlapRadS = slap;
  return slap;
}

/**
 * `footSlapRadS` of a stride (INTERFACES.md strides.csv): peak plantarflexion rate of the foot in
 * the first 80 ms after the contact that ends `swing`, rad/s (≥ 0). For run.ts: call with the swing
 * that just ended and the next stride's drivers (the current ones are a good stand-in).
 * Allocates a small track on first use per model.
 * @param model stance model (compileStanceModel)
 * @param input landing conditions (landingInputFromSwing)
 */
export function footSlapRadS(model: StanceModel, input: LandingInput): number {
  let track = slapTracks.get(model);
  if (!track) {
    track = new LandingTrack(Math.ceil(SLAP_WINDOW_S / LANDING_STEP_S) + 2);
    slapTracks.set(model, track);
  }
  return simulateLanding(model, input, track, SLAP_WINDOW_S);
}
const slapTracks = new WeakMap<StanceModel, LandingTrack>();

/**
 * Ankle position in stance relative to the heel's ground point (rolling contact, no sliding).
 * The roll-over angle σ_late (≤ 0: the soft-min never exceeds 0) pivots the foot about the toe
 * (heel rise; at σ_late = 0 the foot is flat and heel and toe are both on the ground); the landing
 * angle σ_land then rotates that pose about the landing pivot (heel for pivot = +1, toe for −1),
 * so a landing's small overshoot into the ground is compression about its own pivot, not a
 * switch of pivot. Writes [x, z] into out[0..1].
 * @param model stance model
 * @param pivot landing pivot: +1 heel, −1 toe
 * @param sigmaLandRad landing angle σ_land, rad
 * @param sigmaLateRad roll-over angle σ_late, rad
 */
export function stanceAnkle(model: StanceModel, pivot: number, sigmaLandRad: number, sigmaLateRad: number, out: Float64Array): void {
  const c = Math.cos(sigmaLateRad);
  const s = Math.sin(sigmaLateRad);
  const [tp, tl] = model.toeLocal;
  const [hp, hl] = model.heelLocal;
  const L = model.soleLengthM;
  // toe on the ground at (L, 0); ankle = toe − w(toe)
  const ax = L - (tp * c + tl * s);
  const az = -(tp * s - tl * c);
  let px = L;
  let pz = 0;
  if (pivot > 0) {
    px = ax + (hp * c + hl * s);
    pz = az + (hp * s - hl * c);
  }
  const cl = Math.cos(sigmaLandRad);
  const sl = Math.sin(sigmaLandRad);
  const rx = ax - px;
  const rz = az - pz;
  out[0] = px + cl * rx - sl * rz;
  out[1] = pz + sl * rx + cl * rz;
}

/** Swing-chain helpers shared with sim/pose.ts: hip-relative position and velocity of a foot point. */
export function chainFootPoint(leg: LegModel, phi: Float64Array, phiDot: Float64Array, local: readonly [number, number], out: Float64Array): void {
  pointPosition(leg.chain, phi, 2, local[0], local[1], out, 0);
  pointVelocity(leg.chain, phi, phiDot, 2, local[0], local[1], out, 2);
}
