/**
 * One swing of one leg: forward dynamics of the foot about the ankle, moved by the driven
 * thigh and shank, from toe-off to the intended initial contact (MODEL.md §2–§3).
 *
 *   I_ankle·θ̈_foot = τ_TA − τ_SOL + τ_passive(θ, θ̇) + τ_gravity + τ_inertial(ankle acceleration)
 *
 * written in the general chain form of model/chain.ts (so gravity and the inertial
 * pseudo-torque of the moving ankle come out of the same equations that the MuJoCo cross-check
 * tests). TA excitation = drive × clamp(feedforward + feedback on the ankle-angle error).
 *
 * Fixed stage order per derivative evaluation (MuJoCo-style): driven kinematics → excitation →
 * activation rates → muscle torques → foot dynamics. Events (toe minimum, toe zero crossing)
 * are located inside steps by Hermite interpolation of the toe height and its velocity.
 *
 * State y (4): [θ ankle angle rad (+DF), θ̇ rad/s, a_TA, a_SOL].
 */
import { chainAccelerations, createChainScratch, pointPosition, pointVelocity, type ChainScratch } from './chain.ts';
import {
  evaluateKinematics,
  sampleKinematics,
  scaleKinematics,
  clamp01,
  FEEDFORWARD_SAMPLES,
  RAW_KINEMATICS_WIDTH,
  type LegModel,
} from './leg.ts';
import { tableAnkleTorqueNm, tableTibialisComponents } from './ankle-muscle-table.ts';
import { ANKLE_DAMPING_NMS_PER_RAD, passiveAnkleTorqueNm } from './passive-ankle.ts';
import { activationDerivative, DE_GROOTE_ACTIVATION } from './muscle.ts';
import {
  compileSwingAnkleTable,
  forceVelocityFast,
  gastrocnemiusKneeRatio,
  sinCos,
  SA_COS,
  SA_GASTROCNEMIUS,
  SA_PASSIVE_TORQUE,
  SA_SIN,
  SA_SOL_ACTIVE_TORQUE,
  SA_SOL_SPEED,
  SA_TA_ACTIVE_FORCE,
  SA_TA_ACTIVE_TORQUE,
  SA_TA_PASSIVE_FORCE,
  SA_TA_SPEED,
  SWING_ANKLE_MIN_RAD,
  SWING_ANKLE_SIZE,
  SWING_ANKLE_STEP_RAD,
  SWING_ANKLE_TABLE_WIDTH,
} from './swing-tables.ts';
import { Rk4, DormandPrince } from '../sim/integrate.ts';
import { hermiteMinimumTheta, hermiteValue, hermiteZeroTheta } from '../sim/events.ts';

/** Per-stride inputs that vary slowly over a run or randomly stride to stride. */
export interface SwingDrivers {
  /** TA residual capacity 1 − M_F (3CC-r). */
  taCapacity: number;
  /** Neural drive D ∈ [0, 1] multiplying TA excitation. */
  neuralDrive: number;
  /** Stride duration relative to the pattern's (variability). */
  strideTimeScale: number;
  /** Amplitude scales of the hip and knee curves about their means (variability). */
  hipAmplitudeScale: number;
  kneeAmplitudeScale: number;
  /** Additive TA excitation offset (variability of the motor command). */
  excitationOffset: number;
  /** Constant vertical offset of this leg's hip above the ground in swing, m (LLD, compensation, camber). */
  hipHeightOffsetM: number;
}

export const nominalDrivers = (): SwingDrivers => ({
  taCapacity: 1,
  neuralDrive: 1,
  strideTimeScale: 1,
  hipAmplitudeScale: 1,
  kneeAmplitudeScale: 1,
  excitationOffset: 0,
  hipHeightOffsetM: 0,
});

/** Outputs of one swing. Reused across strides (no allocation per stride). */
export interface SwingResult {
  swingTimeS: number;
  strideTimeS: number;
  /** Minimum toe clearance, m (first local minimum after the swing maximum, or window minimum). */
  mtcM: number;
  mtcIsLocalMin: boolean;
  /** Time of MTC as % of swing. */
  mtcTimePct: number;
  maxToeClearanceM: number;
  /** Toe touched the ground before the intended contact. */
  toeCatch: boolean;
  /** Time of the first toe catch since toe-off, s (NaN if none). */
  toeCatchTimeS: number;
  /** Sole angle to the ground at initial contact, rad (+ = toes up; Altman & Davis 2012: rearfoot > 8°). */
  footStrikeAngleRad: number;
  peakSwingDorsiflexionRad: number;
  ankleAtToeOffRad: number;
  ankleAtContactRad: number;
  /** Ankle angular velocity at contact, rad/s (+DF). */
  ankleVelocityAtContactRadS: number;
  taPeakActivation: number;
  taPeakForceN: number;
  /** Mean TA force over the swing, N. */
  taMeanForceN: number;
  /** Mean TA target load over the swing (demanded active force / F_max). */
  taMeanLoad: number;
  /** Toe-height minimum of the planned (normative) trajectory is not used; RMS of θ − θ_ref over the swing, rad. */
  ankleTrackingRmsRad: number;
}

export const emptySwingResult = (): SwingResult => ({
  swingTimeS: NaN,
  strideTimeS: NaN,
  mtcM: NaN,
  mtcIsLocalMin: false,
  mtcTimePct: NaN,
  maxToeClearanceM: NaN,
  toeCatch: false,
  toeCatchTimeS: NaN,
  footStrikeAngleRad: NaN,
  peakSwingDorsiflexionRad: NaN,
  ankleAtToeOffRad: NaN,
  ankleAtContactRad: NaN,
  ankleVelocityAtContactRadS: NaN,
  taPeakActivation: NaN,
  taPeakForceN: NaN,
  taMeanForceN: NaN,
  taMeanLoad: NaN,
  ankleTrackingRmsRad: NaN,
});

/** Optional per-step recording of one swing (for figures and tests). */
export interface SwingRecorder {
  timeS: number[];
  ankleRad: number[];
  ankleRefRad: number[];
  toeClearanceM: number[];
  taActivation: number[];
  taForceN: number[];
}

export const createSwingRecorder = (): SwingRecorder => ({
  timeS: [],
  ankleRad: [],
  ankleRefRad: [],
  toeClearanceM: [],
  taActivation: [],
  taForceN: [],
});

export interface SwingNumerics {
  integrator: 'rk4' | 'dopri5';
  /** RK4 step (rounded so that a nominal swing has a whole number of steps; DOPRI5: a tenth of its maximum step), s. */
  stepS: number;
  rtol: number;
}

/**
 * A toe contact counts as a "catch" only if it happens more than this long before the
 * intended initial contact; touching within it is a (forefoot) landing, not a trip.
 * * Modelling choice: 20 ms ≈ 3 samples at 150 Hz motion capture.
 */
export const TOE_CATCH_LEAD_S = 0.02;

/** Which derivative code the RK4 path uses (see {@link SwingSimulator}). */
export type SwingKernel = 'fast' | 'generic';

// Columns of the per-swing stage table: the driven (state-independent) quantities at each RK4
// stage time, computed once per swing. The foot's absolute angle is φ₃ = φ₂ + θ (shank + ankle);
// with sin φ₃ = sin φ₂ cos θ + cos φ₂ sin θ and cos φ₃ likewise, every term in φ₃ becomes
// (stage coefficient)·cos θ + (stage coefficient)·sin θ. (2·nSteps+1 x STAGE_WIDTH)
const ST_SHANK = 0; // shank absolute angle φ₂, rad
const ST_SHANK_RATE = 1; // φ̇₂, rad/s
const ST_SHANK_ACC = 2; // φ̈₂, rad/s²
const ST_INERTIAL_COS = 3; // P: the gravity + ankle-acceleration term of θ̈ is P·cos θ + Q·sin θ, 1/s²
const ST_INERTIAL_SIN = 4; // Q
const ST_REF = 5; // planned ankle angle θ_ref, rad
const ST_EXCITATION_BASE = 6; // feedforward + K_p·θ_ref + K_d·θ̇_ref + offset (excitation before clamping is this − K_p·θ − K_d·θ̇)
const ST_KNEE_RATIO = 7; // gastrocnemius knee ratio ρ(κ) (swing-tables.ts)
const ST_KNEE = 8; // knee flexion κ, rad (exact fallback)
const ST_ANKLE_CLEARANCE = 9; // ankle height − standing toe height + hip offsets, m
const ST_ANKLE_CLEARANCE_RATE = 10; // its rate, m/s
const ST_TOE_U = 11; // toe relative to the ankle: z = U·cos θ + W·sin θ, x = W·cos θ − U·sin θ, m
const ST_TOE_W = 12;
const STAGE_WIDTH = 13;

// Slots of SwingSimulator.acc.
const ACC_PREV_T = 0;
const ACC_PREV_Z = 1;
const ACC_PREV_V = 2;
const ACC_WINDOW_MIN_Z = 3;
const ACC_WINDOW_MIN_T = 4;
const ACC_LOAD_SUM = 5;
const ACC_FORCE_SUM = 6;
const ACC_TRACK_SQ = 7;
const ACC_PEAK_ACTIVATION = 8;
const ACC_PEAK_FORCE = 9;
const ACC_PEAK_DORSIFLEXION = 10;
const ACC_SIZE = 11;

/**
 * Reusable swing simulator for one leg model (scratch allocated once).
 *
 * Two implementations of the same equations:
 * - `fast` (RK4 default): a fixed step puts every stride's RK4 stages at the same gait phases, so
 *   the driven kinematics of the thigh and shank (their angles, the ankle point's acceleration,
 *   the clearance offset of the ankle, the gastrocnemius knee factor) are computed once per stage
 *   per swing, not per evaluation; the foot's equation is the chain equation of model/chain.ts
 *   written out for its single free coordinate, I_A·φ̈₃ = τ − m₃(a_A + g ẑ)·(J c), with c the
 *   ankle→foot-COM vector and I_A the foot's inertia about the ankle; and the muscle, passive and
 *   trigonometric functions come from the tables of swing-tables.ts. One evaluation calls no
 *   transcendental function and allocates nothing.
 * - `generic`: the general chain solver and per-evaluation kinematics (DOPRI5 always uses it).
 * tests/validation/swing-fast-kernel.test.ts checks that both give the same swings (MTC within
 * 1e-8 m) and the same whole runs; tests/unit/swing-tables.test.ts checks the tables.
 */
export class SwingSimulator {
  private readonly scratch: ChainScratch;
  private readonly kin = new Float64Array(12);
  private readonly phi = new Float64Array(3);
  private readonly phiDot = new Float64Array(3);
  private readonly phiDdot = new Float64Array(3);
  private readonly tau = new Float64Array(3);
  private readonly free = Uint8Array.of(0, 0, 1);
  private readonly pos = new Float64Array(2);
  private readonly taComponents = new Float64Array(2);
  private readonly y = new Float64Array(4);
  private readonly rk4 = new Rk4(4);
  private readonly dopri: DormandPrince;
  private readonly derivative: (t: number, y: Float64Array, d: Float64Array) => void;
  private readonly observer: (t: number, y: Float64Array, d: Float64Array) => void;
  /** RK4: steps per swing (fixed, so every stride's stages fall at the same phases). */
  private readonly nSteps: number;
  /** Raw kinematics at the 2·nSteps+1 RK4 stage phases. (2·nSteps+1 x RAW_KINEMATICS_WIDTH) */
  private readonly table: Float64Array;
  /** Half the current RK4 step, s (stage times are multiples of it). */
  private halfStepS = 0;
  /**
   * TA target load (demanded active force / F_max = a·f_L·f_V, capped at 1) at each RK4 step of
   * the last swing, for the fatigue model. (nSteps + 1); with DOPRI5 the swing mean fills it.
   */
  readonly taLoadProfile: Float64Array;
  // fast kernel
  private readonly kernel: SwingKernel;
  /** Driven quantities per stage of the current swing. (2·nSteps+1 x STAGE_WIDTH) */
  private readonly stages: Float64Array;
  /** Feedforward TA excitation at each stage (stage phases are fixed). (2·nSteps+1) */
  private readonly feedforwardAtStage: Float64Array;
  /** Muscle factors and θ-only passive torques per ankle angle (swing-tables.ts). */
  private readonly ankleTable: Float64Array;
  private readonly trig = new Float64Array(4);
  /**
   * Arguments of {@link record}: [t, θ, a_TA, θ_ref, z, v, TA active, TA passive] (numbers travel
   * in typed arrays, not as call arguments, so that no call boxes a double).
   */
  private readonly obs = new Float64Array(8);
  /** Foot inertia about the ankle, kg·m². */
  private readonly footInertiaAtAnkle: number;
  private readonly inverseFootInertia: number;
  private readonly taMaxForceN: number;
  private readonly solMaxForceN: number;
  private readonly feedbackGainPerRad: number;
  private readonly feedbackGainPerRadS: number;
  private readonly soleusExcitation: number;
  // per-swing context
  private drivers: SwingDrivers = nominalDrivers();
  private strideTimeS = 1;
  private swingTimeS = 1;
  private out: SwingResult = emptySwingResult();
  private recorder: SwingRecorder | undefined;
  // event tracking
  /**
   * Per-swing running values, in a typed array so that per-step stores never allocate:
   * [previous t, previous toe clearance z, its rate v, window minimum z, its t, Σ load, Σ TA force,
   * Σ (θ − θ_ref)², peak TA activation, peak TA force, peak dorsiflexion] (ACC_… slots).
   */
  private readonly acc = new Float64Array(ACC_SIZE);
  private passedMax = false;
  private foundMin = false;
  private nObs = 0;

  /**
   * @param leg compiled leg model
   * @param numerics integrator and step
   * @param kernel RK4 derivative code: `fast` (default) or `generic` (reference; see the class note)
   */
  constructor(
    readonly leg: LegModel,
    readonly numerics: SwingNumerics = { integrator: 'rk4', stepS: 0.001, rtol: 1e-8 },
    kernel: SwingKernel = 'fast',
  ) {
    this.kernel = kernel;
    this.scratch = createChainScratch(leg.chain);
    this.dopri = new DormandPrince(4, { rtol: numerics.rtol, atol: numerics.rtol * 1e-2, maxStepS: numerics.stepS * 10 });
    const pattern = leg.pattern;
    const nominalSwingS = (1 - pattern.toeOffPhase) * pattern.strideTimeS;
    this.nSteps = Math.max(4, Math.round(nominalSwingS / numerics.stepS));
    const nStages = 2 * this.nSteps + 1;
    this.table = new Float64Array(nStages * RAW_KINEMATICS_WIDTH);
    this.taLoadProfile = new Float64Array(this.nSteps + 1);
    for (let k = 0; k < nStages; k++) {
      const phase = pattern.toeOffPhase + ((1 - pattern.toeOffPhase) * k) / (nStages - 1);
      sampleKinematics(pattern, phase, this.table, k * RAW_KINEMATICS_WIDTH);
    }
    this.stages = new Float64Array(nStages * STAGE_WIDTH);
    this.feedforwardAtStage = new Float64Array(nStages);
    for (let k = 0; k < nStages; k++) this.feedforwardAtStage[k] = feedforwardAtFraction(leg.feedforwardExcitation, k / (nStages - 1));
    this.ankleTable = compileSwingAnkleTable(leg.muscleTable);
    const c = leg.chain;
    this.footInertiaAtAnkle = c.inertiaKgM2[2] + c.massKg[2] * (c.comLocal[4] * c.comLocal[4] + c.comLocal[5] * c.comLocal[5]);
    this.inverseFootInertia = 1 / this.footInertiaAtAnkle;
    this.taMaxForceN = leg.muscleTable.taMaxForceN;
    this.solMaxForceN = leg.muscleTable.solMaxForceN;
    this.feedbackGainPerRad = leg.feedbackGainPerRad;
    this.feedbackGainPerRadS = leg.feedbackGainPerRadS;
    this.soleusExcitation = leg.soleusExcitation;
    this.derivative = (t, y, d) => this.evalDerivative(t, y, d);
    this.observer = (t, y) => this.observe(t, y);
  }

  /** Phase of the gait cycle at time t since toe-off. */
  private phaseAt(t: number): number {
    return this.leg.pattern.toeOffPhase + t / this.strideTimeS;
  }

  /** Driven kinematics + absolute angles for time t and ankle state (θ, θ̇). */
  private setKinematics(t: number, theta: number, thetaDot: number): void {
    const k = this.kin;
    const d = this.drivers;
    if (this.halfStepS > 0) {
      // RK4 stage: look up the tabulated curves (stage times are exact multiples of h/2).
      const stage = Math.round(t / this.halfStepS);
      scaleKinematics(
        this.leg.pattern,
        this.table,
        stage * RAW_KINEMATICS_WIDTH,
        this.strideTimeS,
        d.hipAmplitudeScale,
        d.kneeAmplitudeScale,
        this.leg.heightScale,
        k,
      );
    } else {
      evaluateKinematics(
        this.leg.pattern,
        this.phaseAt(t),
        this.strideTimeS,
        d.hipAmplitudeScale,
        d.kneeAmplitudeScale,
        this.leg.heightScale,
        k,
      );
    }
    this.phi[0] = k[0];
    this.phi[1] = k[0] - k[3];
    this.phi[2] = this.phi[1] + theta;
    this.phiDot[0] = k[1];
    this.phiDot[1] = k[1] - k[4];
    this.phiDot[2] = this.phiDot[1] + thetaDot;
    this.phiDdot[0] = k[2];
    this.phiDdot[1] = k[2] - k[5];
  }

  private taExcitation(t: number, theta: number, thetaDot: number): number {
    const leg = this.leg;
    const k = this.kin;
    const u =
      feedforwardAtFraction(leg.feedforwardExcitation, t / this.swingTimeS) +
      leg.feedbackGainPerRad * (k[6] - theta) +
      leg.feedbackGainPerRadS * (k[7] - thetaDot) +
      this.drivers.excitationOffset;
    return this.drivers.neuralDrive * clamp01(u);
  }

  private evalDerivative(t: number, y: Float64Array, d: Float64Array): void {
    const leg = this.leg;
    const theta = y[0];
    const thetaDot = y[1];
    const aTa = clamp01(y[2]);
    const aSol = clamp01(y[3]);
    // 1. driven kinematics
    this.setKinematics(t, theta, thetaDot);
    // 2. excitation, 3. activation rates
    const uTa = this.taExcitation(t, theta, thetaDot);
    const { tauActivationS, tauDeactivationS } = DE_GROOTE_ACTIVATION;
    d[2] = activationDerivative(uTa, aTa, tauActivationS, tauDeactivationS);
    d[3] = activationDerivative(leg.soleusExcitation, aSol, tauActivationS, tauDeactivationS);
    // 4. muscle and passive torques about the ankle (+DF)
    this.tau[2] =
      tableAnkleTorqueNm(leg.muscleTable, aTa, aSol, theta, thetaDot, this.drivers.taCapacity) +
      passiveAnkleTorqueNm(theta, thetaDot, this.kin[3]);
    // 5. foot dynamics: θ̈ = φ̈_foot − φ̈_shank
    chainAccelerations(leg.chain, this.phi, this.phiDot, this.phiDdot, this.free, this.tau, 0, this.kin[11], this.scratch);
    d[0] = thetaDot;
    d[1] = this.phiDdot[2] - this.phiDdot[1];
  }

  /** Toe clearance (m) and its rate (m/s) for the current kinematics; writes into pos. */
  private toeClearance(): void {
    const leg = this.leg;
    pointPosition(leg.chain, this.phi, 2, leg.toeLocal[0], leg.toeLocal[1], this.pos);
    const z = this.pos[1] - leg.toeStandingZ + this.kin[9] + this.drivers.hipHeightOffsetM;
    pointVelocity(leg.chain, this.phi, this.phiDot, 2, leg.toeLocal[0], leg.toeLocal[1], this.pos);
    this.pos[0] = z;
    this.pos[1] = this.pos[1] + this.kin[10];
  }

  /** Generic observer: recomputes kinematics, toe clearance and TA force at (t, y). */
  private observe(t: number, y: Float64Array): void {
    const theta = y[0];
    this.setKinematics(t, theta, y[1]);
    this.toeClearance();
    tableTibialisComponents(this.leg.muscleTable, theta, y[1], this.taComponents);
    const obs = this.obs;
    obs[0] = t;
    obs[1] = theta;
    obs[2] = clamp01(y[2]);
    obs[3] = this.kin[6];
    obs[4] = this.pos[0];
    obs[5] = this.pos[1];
    obs[6] = this.taComponents[0];
    obs[7] = this.taComponents[1];
    this.record();
  }

  /**
   * Per-step bookkeeping shared by both kernels: load profile, peaks, sums, events (swing
   * maximum, MTC, toe catch) located by Hermite interpolation, optional recording. Reads
   * this.obs: [t, θ, a_TA (clamped), θ_ref, toe clearance z (m), its rate v (m/s), TA active force
   * per unit activation·capacity (N), TA passive force (N)].
   */
  private record(): void {
    const obs = this.obs;
    const t = obs[0];
    const theta = obs[1];
    const aTa = obs[2];
    const thetaRef = obs[3];
    const z = obs[4];
    const v = obs[5];
    const taActive = obs[6];
    const taPassive = obs[7];
    const out = this.out;
    const force = taActive * aTa * this.drivers.taCapacity + taPassive;
    // Demanded load: the activation's share of the rested muscle's force at this length and speed.
    const load = clamp01((taActive * aTa) / this.leg.muscles.ta.maxIsometricForceN);
    const acc = this.acc;
    acc[ACC_LOAD_SUM] += load;
    if (this.halfStepS > 0) this.taLoadProfile[Math.round(t / (2 * this.halfStepS))] = load;
    acc[ACC_FORCE_SUM] += force;
    acc[ACC_TRACK_SQ] += (theta - thetaRef) ** 2;
    this.nObs++;
    if (aTa > acc[ACC_PEAK_ACTIVATION]) acc[ACC_PEAK_ACTIVATION] = aTa;
    if (force > acc[ACC_PEAK_FORCE]) acc[ACC_PEAK_FORCE] = force;
    if (theta > acc[ACC_PEAK_DORSIFLEXION]) acc[ACC_PEAK_DORSIFLEXION] = theta;
    // Events. Their (rare) interpolation runs in separate methods that read their inputs from
    // the typed arrays: passing these doubles to a call from here would box them on every step.
    if (!this.passedMax) {
      if (acc[ACC_PREV_V] > 0 && v <= 0) this.locateMaximum();
    } else {
      if (!this.foundMin && acc[ACC_PREV_V] < 0 && v >= 0) this.locateMinimum();
      if (z < acc[ACC_WINDOW_MIN_Z]) {
        acc[ACC_WINDOW_MIN_Z] = z;
        acc[ACC_WINDOW_MIN_T] = t;
      }
      if (!out.toeCatch && acc[ACC_PREV_Z] > 0 && z <= 0) this.locateToeCatch();
    }
    if (this.recorder) {
      const r = this.recorder;
      r.timeS.push(t);
      r.ankleRad.push(theta);
      r.ankleRefRad.push(thetaRef);
      r.toeClearanceM.push(z);
      r.taActivation.push(aTa);
      r.taForceN.push(force);
    }
    acc[ACC_PREV_T] = t;
    acc[ACC_PREV_Z] = z;
    acc[ACC_PREV_V] = v;
  }

  /** The swing maximum of the toe, between the previous observation (acc) and this one (obs). */
  private locateMaximum(): void {
    const acc = this.acc;
    const obs = this.obs;
    const z0 = acc[ACC_PREV_Z];
    const v0 = acc[ACC_PREV_V];
    const z1 = obs[4];
    const v1 = obs[5];
    const h = obs[0] - acc[ACC_PREV_T];
    this.passedMax = true;
    this.out.maxToeClearanceM = Math.max(z0, z1, hermiteValue(z0, v0, z1, v1, h, minimumFraction(-z0, -v0, -z1, -v1, h)));
  }

  /** MTC as the first local minimum after the swing maximum, within the last step. */
  private locateMinimum(): void {
    const acc = this.acc;
    const obs = this.obs;
    const out = this.out;
    const t0 = acc[ACC_PREV_T];
    const z0 = acc[ACC_PREV_Z];
    const v0 = acc[ACC_PREV_V];
    const z1 = obs[4];
    const v1 = obs[5];
    const h = obs[0] - t0;
    const th = minimumFraction(z0, v0, z1, v1, h);
    out.mtcM = hermiteValue(z0, v0, z1, v1, h, th);
    out.mtcTimePct = (100 * (t0 + th * h)) / this.swingTimeS;
    out.mtcIsLocalMin = true;
    this.foundMin = true;
  }

  /** First toe contact with the ground within the last step; a catch unless it is the landing itself. */
  private locateToeCatch(): void {
    const acc = this.acc;
    const obs = this.obs;
    const out = this.out;
    const t0 = acc[ACC_PREV_T];
    const h = obs[0] - t0;
    const tc = t0 + hermiteZeroTheta(acc[ACC_PREV_Z], acc[ACC_PREV_V], obs[4], obs[5], h) * h;
    if (tc < this.swingTimeS - TOE_CATCH_LEAD_S) {
      out.toeCatch = true;
      out.toeCatchTimeS = tc;
    }
  }

  /**
   * Fast kernel, once per swing: the driven quantities at every RK4 stage (the stride's time
   * scale and hip/knee amplitude scales applied to the tabulated curves, as scaleKinematics).
   */
  private fillStages(): void {
    const leg = this.leg;
    const pattern = leg.pattern;
    const chain = leg.chain;
    const raw = this.table;
    const st = this.stages;
    const trig = this.trig;
    const dr = this.drivers;
    const w = 1 / this.strideTimeS;
    const w2 = w * w;
    const hipMean = pattern.hipFlexionRad.a0;
    const kneeMean = pattern.kneeFlexionRad.a0;
    const hipScale = dr.hipAmplitudeScale;
    const kneeScale = dr.kneeAmplitudeScale;
    const heightScale = leg.heightScale;
    const thighP = chain.jointLocal[0];
    const thighL = chain.jointLocal[1];
    const shankP = chain.jointLocal[2];
    const shankL = chain.jointLocal[3];
    const g = chain.gravityMps2;
    const clearanceOffset = dr.hipHeightOffsetM - leg.toeStandingZ;
    const comP = chain.comLocal[4];
    const comL = chain.comLocal[5];
    const massOverInertia = chain.massKg[2] / this.footInertiaAtAnkle;
    const toeP = leg.toeLocal[0];
    const toeL = leg.toeLocal[1];
    const kp = leg.feedbackGainPerRad;
    const kd = leg.feedbackGainPerRadS;
    const ff = this.feedforwardAtStage;
    const nStages = 2 * this.nSteps + 1;
    for (let k = 0; k < nStages; k++) {
      const r = k * RAW_KINEMATICS_WIDTH;
      const o = k * STAGE_WIDTH;
      // thigh φ₁ = pelvis tilt + hip flexion (amplitude-scaled about its mean); knee κ likewise
      const thigh = raw[r] + hipMean + hipScale * (raw[r + 3] - hipMean);
      const thighRate = (raw[r + 1] + hipScale * raw[r + 4]) * w;
      const thighAcc = (raw[r + 2] + hipScale * raw[r + 5]) * w2;
      const knee = kneeMean + kneeScale * (raw[r + 6] - kneeMean);
      const shank = thigh - knee;
      const shankRate = thighRate - kneeScale * raw[r + 7] * w;
      const shankAcc = thighAcc - kneeScale * raw[r + 8] * w2;
      sinCos(thigh, trig, 0);
      sinCos(shank, trig, 2);
      const sinShank = trig[2];
      const cosShank = trig[3];
      // world vectors hip → knee (w₁) and knee → ankle (w₂): chain.ts rotateLocal
      const w1x = thighP * trig[1] + thighL * trig[0];
      const w1z = thighP * trig[0] - thighL * trig[1];
      const w2x = shankP * cosShank + shankL * sinShank;
      const w2z = shankP * sinShank - shankL * cosShank;
      const thighRate2 = thighRate * thighRate;
      const shankRate2 = shankRate * shankRate;
      // ankle acceleration a_A = Σ_j (J w_j φ̈_j − w_j φ̇_j²) + hip's vertical acceleration, and + g
      const ax = -w1z * thighAcc - w1x * thighRate2 - w2z * shankAcc - w2x * shankRate2;
      const azg = w1x * thighAcc - w1z * thighRate2 + w2x * shankAcc - w2z * shankRate2 + raw[r + 14] * heightScale * w2 + g;
      // −m₃(a_A + g ẑ)·(J c)/I_A with c = (comP cos φ₃ + comL sin φ₃, comP sin φ₃ − comL cos φ₃)
      // = A sin φ₃ − B cos φ₃ = P cos θ + Q sin θ
      const inertialA = massOverInertia * (ax * comP - azg * comL);
      const inertialB = massOverInertia * (ax * comL + azg * comP);
      const ref = raw[r + 9];
      st[o + ST_SHANK_ACC] = shankAcc;
      st[o + ST_INERTIAL_COS] = inertialA * sinShank - inertialB * cosShank;
      st[o + ST_INERTIAL_SIN] = inertialA * cosShank + inertialB * sinShank;
      st[o + ST_EXCITATION_BASE] = ff[k] + kp * ref + kd * raw[r + 10] * w + dr.excitationOffset;
      st[o + ST_KNEE_RATIO] = gastrocnemiusKneeRatio(knee);
      st[o + ST_KNEE] = knee;
      if ((k & 1) === 0) {
        // step ends only: what the observation needs
        st[o + ST_SHANK] = shank;
        st[o + ST_SHANK_RATE] = shankRate;
        st[o + ST_REF] = ref;
        st[o + ST_ANKLE_CLEARANCE] = w1z + w2z + raw[r + 12] * heightScale + clearanceOffset;
        st[o + ST_ANKLE_CLEARANCE_RATE] = w1x * thighRate + w2x * shankRate + raw[r + 13] * heightScale * w;
        st[o + ST_TOE_U] = toeP * sinShank - toeL * cosShank;
        st[o + ST_TOE_W] = toeP * cosShank + toeL * sinShank;
      }
    }
  }

  /**
   * Fast kernel: the whole RK4 integration of one swing, with the derivative written once inside
   * the loop (4 evaluations per step, plus one at toe-off), state and stage derivatives in
   * locals. Same stages, equations and arithmetic order as Rk4.integrate over
   * {@link evalDerivative}; tables as in the class note.
   */
  private integrateFast(): void {
    const st = this.stages;
    const table = this.ankleTable;
    const dr = this.drivers;
    const y = this.y;
    const kp = this.feedbackGainPerRad;
    const kd = this.feedbackGainPerRadS;
    // The soleus's excitation is constant and its activation starts at it, so ȧ_SOL = 0 exactly:
    // it stays constant (as in the generic kernel, bit for bit).
    const aSol = clamp01(y[3]);
    const drive = dr.neuralDrive;
    const capacity = dr.taCapacity;
    const inverseInertia = this.inverseFootInertia;
    const obs = this.obs;
    const n = this.nSteps;
    const tEnd = this.swingTimeS;
    const h = tEnd / n;
    const halfH = 0.5 * h;
    const sixthH = h / 6;
    let th = y[0];
    let om = y[1];
    let aT = y[2];
    // trial state of the next evaluation
    let xTh = th;
    let xOm = om;
    let xAT = aT;
    // k1 of the current step and the running RK sum k1 + 2k2 + 2k3
    let k1Th = 0;
    let k1Om = 0;
    let k1AT = 0;
    let sTh = 0;
    let sOm = 0;
    let sAT = 0;
    const nEval = 4 * n + 1;
    for (let e = 0; e < nEval; e++) {
      const sub = e === 0 ? 3 : (e - 1) & 3; // 0, 1: mid-step; 2: step end (k4); 3: new state (next k1 + observation)
      const step = (e - 1) >> 2;
      const stage = e === 0 ? 0 : sub < 2 ? 2 * step + 1 : 2 * step + 2;
      const o = stage * STAGE_WIDTH;
      // ---- derivative at (stage, x) ----
      const theta = xTh;
      const thetaDot = xOm;
      const aTa = xAT < 0 ? 0 : xAT > 1 ? 1 : xAT;
      // 2. excitation, 3. activation rate (muscle.ts activationDerivative)
      let u = st[o + ST_EXCITATION_BASE] - kp * theta - kd * thetaDot;
      u = drive * (u < 0 ? 0 : u > 1 ? 1 : u);
      const diff = u - aTa;
      const z = 0.5 + 1.5 * aTa;
      const dAT = diff > 0 ? diff / (TAU_ACTIVATION_S * z) : diff * z * INV_TAU_DEACTIVATION_S;
      // 4. muscle and passive torques, cos θ, sin θ
      let torque: number;
      let cosTheta: number;
      let sinTheta: number;
      let row = -1; // table row of θ (for the TA force at observations), −1 outside the table
      let frac = 0;
      let fvTa = 0;
      const x = (theta - SWING_ANKLE_MIN_RAD) * INV_SWING_ANKLE_STEP_RAD;
      if (x >= 0 && x < SWING_ANKLE_SIZE - 1) {
        const i = Math.floor(x);
        const f = x - i;
        const r0 = i * SWING_ANKLE_TABLE_WIDTH;
        const r1 = r0 + SWING_ANKLE_TABLE_WIDTH;
        row = r0;
        frac = f;
        const activeTa = table[r0 + SA_TA_ACTIVE_TORQUE] + f * (table[r1 + SA_TA_ACTIVE_TORQUE] - table[r0 + SA_TA_ACTIVE_TORQUE]);
        const speedTa = table[r0 + SA_TA_SPEED] + f * (table[r1 + SA_TA_SPEED] - table[r0 + SA_TA_SPEED]);
        const activeSol = table[r0 + SA_SOL_ACTIVE_TORQUE] + f * (table[r1 + SA_SOL_ACTIVE_TORQUE] - table[r0 + SA_SOL_ACTIVE_TORQUE]);
        const speedSol = table[r0 + SA_SOL_SPEED] + f * (table[r1 + SA_SOL_SPEED] - table[r0 + SA_SOL_SPEED]);
        const passive = table[r0 + SA_PASSIVE_TORQUE] + f * (table[r1 + SA_PASSIVE_TORQUE] - table[r0 + SA_PASSIVE_TORQUE]);
        const gastrocnemius = table[r0 + SA_GASTROCNEMIUS] + f * (table[r1 + SA_GASTROCNEMIUS] - table[r0 + SA_GASTROCNEMIUS]);
        fvTa = forceVelocityFast(speedTa * thetaDot);
        if (fvTa < 0) fvTa = 0;
        let fvSol = forceVelocityFast(speedSol * thetaDot);
        if (fvSol < 0) fvSol = 0;
        torque =
          aTa * capacity * activeTa * fvTa + aSol * activeSol * fvSol + passive + gastrocnemius * st[o + ST_KNEE_RATIO] - ANKLE_DAMPING_NMS_PER_RAD * thetaDot;
        // sin/cos at the node θ_i, corrected by Taylor series in δ = θ − θ_i (|δ| < 3.5e-4 rad: exact to rounding)
        const delta = theta - (SWING_ANKLE_MIN_RAD + i * SWING_ANKLE_STEP_RAD);
        const delta2 = delta * delta;
        const sinDelta = delta * (1 - delta2 * (1 / 6));
        const cosDelta = 1 - delta2 * (0.5 - delta2 * (1 / 24));
        const sinNode = table[r0 + SA_SIN];
        const cosNode = table[r0 + SA_COS];
        sinTheta = sinNode * cosDelta + cosNode * sinDelta;
        cosTheta = cosNode * cosDelta - sinNode * sinDelta;
      } else {
        // outside the tables: the exact kernels (rare; arguments travel through obs)
        obs[0] = theta;
        obs[1] = thetaDot;
        obs[2] = aTa;
        obs[3] = aSol;
        obs[4] = st[o + ST_KNEE];
        this.exactTorque();
        torque = obs[0];
        sinTheta = Math.sin(theta);
        cosTheta = Math.cos(theta);
      }
      // 5. foot dynamics about the moving ankle: θ̈ = τ/I_A + P cos θ + Q sin θ − φ̈₂
      const dTh = thetaDot;
      const dOm = torque * inverseInertia + st[o + ST_INERTIAL_COS] * cosTheta + st[o + ST_INERTIAL_SIN] * sinTheta - st[o + ST_SHANK_ACC];
      // ---- RK4 bookkeeping (the same arithmetic as Rk4.step) ----
      if (sub === 0) {
        sTh = k1Th + 2 * dTh;
        sOm = k1Om + 2 * dOm;
        sAT = k1AT + 2 * dAT;
        xTh = th + halfH * dTh;
        xOm = om + halfH * dOm;
        xAT = aT + halfH * dAT;
      } else if (sub === 1) {
        sTh += 2 * dTh;
        sOm += 2 * dOm;
        sAT += 2 * dAT;
        xTh = th + h * dTh;
        xOm = om + h * dOm;
        xAT = aT + h * dAT;
      } else if (sub === 2) {
        th += sixthH * (sTh + dTh);
        om += sixthH * (sOm + dOm);
        aT += sixthH * (sAT + dAT);
        xTh = th;
        xOm = om;
        xAT = aT;
      } else {
        k1Th = dTh;
        k1Om = dOm;
        k1AT = dAT;
        // observation of the new state: toe clearance and its rate, TA force
        const tu = st[o + ST_TOE_U];
        const tw = st[o + ST_TOE_W];
        obs[0] = e === 0 ? 0 : step === n - 1 ? tEnd : (step + 1) * h;
        obs[1] = theta;
        obs[2] = aTa;
        obs[3] = st[o + ST_REF];
        obs[4] = st[o + ST_ANKLE_CLEARANCE] + tu * cosTheta + tw * sinTheta;
        obs[5] = st[o + ST_ANKLE_CLEARANCE_RATE] + (tw * cosTheta - tu * sinTheta) * (st[o + ST_SHANK_RATE] + thetaDot);
        if (row >= 0) {
          const r1 = row + SWING_ANKLE_TABLE_WIDTH;
          obs[6] = (table[row + SA_TA_ACTIVE_FORCE] + frac * (table[r1 + SA_TA_ACTIVE_FORCE] - table[row + SA_TA_ACTIVE_FORCE])) * fvTa;
          obs[7] = table[row + SA_TA_PASSIVE_FORCE] + frac * (table[r1 + SA_TA_PASSIVE_FORCE] - table[row + SA_TA_PASSIVE_FORCE]);
        } else {
          tableTibialisComponents(this.leg.muscleTable, theta, thetaDot, this.taComponents);
          obs[6] = this.taComponents[0];
          obs[7] = this.taComponents[1];
        }
        this.record();
        if (e === 0) this.out.maxToeClearanceM = obs[4];
        xTh = th + halfH * dTh;
        xOm = om + halfH * dOm;
        xAT = aT + halfH * dAT;
      }
    }
    y[0] = th;
    y[1] = om;
    y[2] = aT;
    // the contact state's foot angle, for the strike angle
    this.phi[2] = st[2 * n * STAGE_WIDTH + ST_SHANK] + th;
  }

  /** Exact muscle + passive torque outside the tables; obs in: [θ, θ̇, a_TA, a_SOL, κ]; out: obs[0] = τ, N·m. */
  private exactTorque(): void {
    const obs = this.obs;
    const theta = obs[0];
    const thetaDot = obs[1];
    obs[0] =
      tableAnkleTorqueNm(this.leg.muscleTable, obs[2], obs[3], theta, thetaDot, this.drivers.taCapacity) + passiveAnkleTorqueNm(theta, thetaDot, obs[4]);
  }

  /**
   * Simulate one swing from toe-off to the intended initial contact.
   * @param drivers per-stride inputs
   * @param out result object, overwritten
   * @param recorder optional per-step recording
   */
  simulate(drivers: SwingDrivers, out: SwingResult, recorder?: SwingRecorder): SwingResult {
    const leg = this.leg;
    this.drivers = drivers;
    this.out = out;
    this.recorder = recorder;
    this.strideTimeS = leg.pattern.strideTimeS * drivers.strideTimeScale;
    this.swingTimeS = (1 - leg.pattern.toeOffPhase) * this.strideTimeS;
    resetSwingResult(out);
    out.swingTimeS = this.swingTimeS;
    out.strideTimeS = this.strideTimeS;
    out.toeCatch = false;
    this.passedMax = false;
    this.foundMin = false;
    const acc = this.acc;
    acc.fill(0);
    acc[ACC_WINDOW_MIN_Z] = Infinity;
    acc[ACC_WINDOW_MIN_T] = NaN;
    acc[ACC_PEAK_DORSIFLEXION] = -Infinity;
    this.nObs = 0;
    const rk4 = this.numerics.integrator === 'rk4';
    this.halfStepS = rk4 ? this.swingTimeS / (2 * this.nSteps) : 0;
    // Initial state at toe-off: on the planned trajectory, with the planned activation scaled by drive.
    evaluateKinematics(leg.pattern, leg.pattern.toeOffPhase, this.strideTimeS, 1, 1, leg.heightScale, this.kin);
    const y = this.y;
    y[0] = this.kin[6];
    y[1] = this.kin[7];
    y[2] = clamp01(drivers.neuralDrive * leg.feedforwardActivation[0]);
    y[3] = leg.soleusExcitation;
    out.ankleAtToeOffRad = y[0];
    if (rk4 && this.kernel === 'fast') {
      this.fillStages();
      this.integrateFast();
    } else {
      this.observe(0, y);
      out.maxToeClearanceM = acc[ACC_PREV_Z];
      if (rk4) this.rk4.integrate(this.derivative, 0, y, this.swingTimeS, this.nSteps, this.observer);
      else this.dopri.integrate(this.derivative, 0, y, this.swingTimeS, this.observer);
    }
    // Final state = initial contact.
    out.ankleAtContactRad = y[0];
    out.ankleVelocityAtContactRadS = y[1];
    out.footStrikeAngleRad = this.phi[2];
    if (!this.foundMin) {
      // No local minimum (common in foot drop): the minimum over [swing max, contact].
      out.mtcM = this.passedMax ? acc[ACC_WINDOW_MIN_Z] : acc[ACC_PREV_Z];
      out.mtcTimePct = (100 * (this.passedMax ? acc[ACC_WINDOW_MIN_T] : this.swingTimeS)) / this.swingTimeS;
      out.mtcIsLocalMin = false;
    }
    out.taPeakActivation = acc[ACC_PEAK_ACTIVATION];
    out.taPeakForceN = acc[ACC_PEAK_FORCE];
    out.peakSwingDorsiflexionRad = acc[ACC_PEAK_DORSIFLEXION];
    out.taMeanForceN = acc[ACC_FORCE_SUM] / this.nObs;
    out.taMeanLoad = acc[ACC_LOAD_SUM] / this.nObs;
    if (this.halfStepS === 0) this.taLoadProfile.fill(out.taMeanLoad);
    out.ankleTrackingRmsRad = Math.sqrt(acc[ACC_TRACK_SQ] / this.nObs);
    return out;
  }
}

/** Feedforward table lookup at a fraction of the swing (linear interpolation). */
function feedforwardAtFraction(table: Float64Array, fraction: number): number {
  const x = fraction * (FEEDFORWARD_SAMPLES - 1);
  if (x <= 0) return table[0];
  if (x >= FEEDFORWARD_SAMPLES - 1) return table[FEEDFORWARD_SAMPLES - 1];
  const i = Math.floor(x);
  const f = x - i;
  return table[i] + f * (table[i + 1] - table[i]);
}

const TAU_ACTIVATION_S = DE_GROOTE_ACTIVATION.tauActivationS;
const TAU_DEACTIVATION_S = DE_GROOTE_ACTIVATION.tauDeactivationS;
const INV_TAU_DEACTIVATION_S = 1 / TAU_DEACTIVATION_S;
const INV_SWING_ANKLE_STEP_RAD = 1 / SWING_ANKLE_STEP_RAD;


/** Overwrite a result with the values of {@link emptySwingResult} (no allocation). */
function resetSwingResult(out: SwingResult): void {
  out.swingTimeS = NaN;
  out.strideTimeS = NaN;
  out.mtcM = NaN;
  out.mtcIsLocalMin = false;
  out.mtcTimePct = NaN;
  out.maxToeClearanceM = NaN;
  out.toeCatch = false;
  out.toeCatchTimeS = NaN;
  out.footStrikeAngleRad = NaN;
  out.peakSwingDorsiflexionRad = NaN;
  out.ankleAtToeOffRad = NaN;
  out.ankleAtContactRad = NaN;
  out.ankleVelocityAtContactRadS = NaN;
  out.taPeakActivation = NaN;
  out.taPeakForceN = NaN;
  out.taMeanForceN = NaN;
  out.taMeanLoad = NaN;
  out.ankleTrackingRmsRad = NaN;
}

/**
 * θ ∈ [0, 1] of the minimum of the Hermite cubic of a step with v0 < 0 ≤ v1, in closed form (the
 * same point as sim/events.ts hermiteMinimumTheta, which bisects to 1e-12; this runs once or
 * twice per swing and allocates nothing). The slope h·dz/dt = A θ² + B θ + C (the derivative of
 * events.ts hermiteValue) changes sign once in [0, 1]; the minimum is the root where it rises,
 * 2Aθ + B = +√(B² − 4AC). Falls back to the bisection if rounding leaves no root in [0, 1].
 */
function minimumFraction(z0: number, v0: number, z1: number, v1: number, h: number): number {
  const a = 6 * (z0 - z1) + 3 * h * (v0 + v1);
  const b = 6 * (z1 - z0) - h * (4 * v0 + 2 * v1);
  const c = h * v0;
  let theta: number;
  if (Math.abs(a) <= 1e-12 * (Math.abs(b) + Math.abs(c))) {
    theta = -c / b;
  } else {
    const disc = b * b - 4 * a * c;
    const root = Math.sqrt(disc > 0 ? disc : 0);
    // stable form of (−b + √disc)/(2a)
    theta = b < 0 ? (root - b) / (2 * a) : (2 * c) / (-b - root);
  }
  return theta >= 0 && theta <= 1 ? theta : hermiteMinimumTheta(z0, v0, z1, v1, h);
}

/** Convenience: build a simulator and run one nominal swing. */
export function simulateSwing(
  leg: LegModel,
  drivers: Partial<SwingDrivers> = {},
  numerics?: SwingNumerics,
  recorder?: SwingRecorder,
): SwingResult {
  const sim = new SwingSimulator(leg, numerics);
  return sim.simulate({ ...nominalDrivers(), ...drivers }, emptySwingResult(), recorder);
}
