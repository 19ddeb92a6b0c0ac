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
import { passiveAnkleTorqueNm } from './passive-ankle.ts';
import { activationDerivative, DE_GROOTE_ACTIVATION } from './muscle.ts';
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

/** Reusable swing simulator for one leg model (scratch allocated once). */
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
  private loadSum = 0;
  // per-swing context
  private drivers: SwingDrivers = nominalDrivers();
  private strideTimeS = 1;
  private swingTimeS = 1;
  private out: SwingResult = emptySwingResult();
  private recorder: SwingRecorder | undefined;
  // event tracking
  private prevT = 0;
  private prevZ = 0;
  private prevV = 0;
  private passedMax = false;
  private foundMin = false;
  private windowMinZ = Infinity;
  private windowMinT = NaN;
  private forceSum = 0;
  private trackSq = 0;
  private nObs = 0;

  constructor(
    readonly leg: LegModel,
    readonly numerics: SwingNumerics = { integrator: 'rk4', stepS: 0.001, rtol: 1e-8 },
  ) {
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

  /** Feedforward table lookup (linear interpolation over the swing). */
  private feedforward(table: Float64Array, t: number): number {
    const x = (t / this.swingTimeS) * (FEEDFORWARD_SAMPLES - 1);
    if (x <= 0) return table[0];
    if (x >= FEEDFORWARD_SAMPLES - 1) return table[FEEDFORWARD_SAMPLES - 1];
    const i = Math.floor(x);
    const f = x - i;
    return table[i] + f * (table[i + 1] - table[i]);
  }

  private taExcitation(t: number, theta: number, thetaDot: number): number {
    const leg = this.leg;
    const k = this.kin;
    const u =
      this.feedforward(leg.feedforwardExcitation, t) +
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

  private observe(t: number, y: Float64Array): void {
    const out = this.out;
    const theta = y[0];
    this.setKinematics(t, theta, y[1]);
    this.toeClearance();
    const z = this.pos[0];
    const v = this.pos[1];
    const aTa = clamp01(y[2]);
    tableTibialisComponents(this.leg.muscleTable, theta, y[1], this.taComponents);
    const force = this.taComponents[0] * aTa * this.drivers.taCapacity + this.taComponents[1];
    // Demanded load: the activation's share of the rested muscle's force at this length and speed.
    const load = clamp01((this.taComponents[0] * aTa) / this.leg.muscles.ta.maxIsometricForceN);
    this.loadSum += load;
    if (this.halfStepS > 0) this.taLoadProfile[Math.round(t / (2 * this.halfStepS))] = load;
    this.forceSum += force;
    this.trackSq += (theta - this.kin[6]) ** 2;
    this.nObs++;
    if (aTa > out.taPeakActivation) out.taPeakActivation = aTa;
    if (force > out.taPeakForceN) out.taPeakForceN = force;
    if (theta > out.peakSwingDorsiflexionRad) out.peakSwingDorsiflexionRad = theta;
    const h = t - this.prevT;
    if (!this.passedMax) {
      if (this.prevV > 0 && v <= 0) {
        this.passedMax = true;
        out.maxToeClearanceM = Math.max(this.prevZ, z, hermiteValue(this.prevZ, this.prevV, z, v, h, hermiteMinimumThetaOfMax(this.prevZ, this.prevV, z, v, h)));
      }
    } else {
      if (!this.foundMin && this.prevV < 0 && v >= 0) {
        const th = hermiteMinimumTheta(this.prevZ, this.prevV, z, v, h);
        out.mtcM = hermiteValue(this.prevZ, this.prevV, z, v, h, th);
        out.mtcTimePct = (100 * (this.prevT + th * h)) / this.swingTimeS;
        out.mtcIsLocalMin = true;
        this.foundMin = true;
      }
      if (z < this.windowMinZ) {
        this.windowMinZ = z;
        this.windowMinT = t;
      }
      if (!out.toeCatch && this.prevZ > 0 && z <= 0) {
        const tc = this.prevT + hermiteZeroTheta(this.prevZ, this.prevV, z, v, h) * h;
        if (tc < this.swingTimeS - TOE_CATCH_LEAD_S) {
          out.toeCatch = true;
          out.toeCatchTimeS = tc;
        }
      }
    }
    if (this.recorder) {
      const r = this.recorder;
      r.timeS.push(t);
      r.ankleRad.push(theta);
      r.ankleRefRad.push(this.kin[6]);
      r.toeClearanceM.push(z);
      r.taActivation.push(aTa);
      r.taForceN.push(force);
    }
    this.prevT = t;
    this.prevZ = z;
    this.prevV = v;
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
    Object.assign(out, emptySwingResult());
    out.swingTimeS = this.swingTimeS;
    out.strideTimeS = this.strideTimeS;
    out.taPeakActivation = 0;
    out.taPeakForceN = 0;
    out.peakSwingDorsiflexionRad = -Infinity;
    out.toeCatch = false;
    this.passedMax = false;
    this.foundMin = false;
    this.windowMinZ = Infinity;
    this.windowMinT = NaN;
    this.forceSum = 0;
    this.loadSum = 0;
    this.trackSq = 0;
    this.nObs = 0;
    this.halfStepS = this.numerics.integrator === 'rk4' ? this.swingTimeS / (2 * this.nSteps) : 0;
    // Initial state at toe-off: on the planned trajectory, with the planned activation scaled by drive.
    evaluateKinematics(leg.pattern, leg.pattern.toeOffPhase, this.strideTimeS, 1, 1, leg.heightScale, this.kin);
    const y = this.y;
    y[0] = this.kin[6];
    y[1] = this.kin[7];
    y[2] = clamp01(drivers.neuralDrive * leg.feedforwardActivation[0]);
    y[3] = leg.soleusExcitation;
    out.ankleAtToeOffRad = y[0];
    this.prevT = 0;
    this.observe(0, y);
    out.maxToeClearanceM = this.prevZ;
    if (this.numerics.integrator === 'rk4') {
      this.rk4.integrate(this.derivative, 0, y, this.swingTimeS, this.nSteps, this.observer);
    } else {
      this.dopri.integrate(this.derivative, 0, y, this.swingTimeS, this.observer);
    }
    // Final state = initial contact.
    out.ankleAtContactRad = y[0];
    out.ankleVelocityAtContactRadS = y[1];
    out.footStrikeAngleRad = this.phi[2];
    if (!this.foundMin) {
      // No local minimum (common in foot drop): the minimum over [swing max, contact].
      out.mtcM = this.passedMax ? this.windowMinZ : this.prevZ;
      out.mtcTimePct = (100 * (this.passedMax ? this.windowMinT : this.swingTimeS)) / this.swingTimeS;
      out.mtcIsLocalMin = false;
    }
    out.taMeanForceN = this.forceSum / this.nObs;
    out.taMeanLoad = this.loadSum / this.nObs;
    if (this.halfStepS === 0) this.taLoadProfile.fill(out.taMeanLoad);
    out.ankleTrackingRmsRad = Math.sqrt(this.trackSq / this.nObs);
    return out;
  }
}

/** θ of the maximum of a Hermite cubic with v0 > 0 ≥ v1 (the minimum of its negative). */
function hermiteMinimumThetaOfMax(z0: number, v0: number, z1: number, v1: number, h: number): number {
  return hermiteMinimumTheta(-z0, -v0, -z1, -v1, h);
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
