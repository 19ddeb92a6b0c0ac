/**
 * Continuous sagittal pose of one leg's foot and shank over a whole simulated run (MODEL.md §6),
 * for IMU synthesis.
 *
 * Frame: x forward in a frame moving with the running speed (Galilean: accelerations and angular
 * rates equal the ground frame's, and x stays bounded over long runs), z up, ground at z = 0.
 * The hip is at x = 0 and the ground moves backward at −v.
 *
 * Per stride k (contact t_IC,k, stride time T_k, toe-off t_TO,k = t_IC,k + toeOffPhase·T_k):
 *  - stance [t_IC, t_TO]: rolling contact of model/stance.ts — sole angle σ (landing from the
 *    previous swing's foot angle and rate + normative roll-over), pivot about the heel until flat,
 *    then about the toe; the pivot's ground point is where the previous swing put the heel (or the
 *    toe, for a toe-first contact) and moves with the ground. The shank angle is the pattern's
 *    φ₂ = φ₁ − κ with the stride's drivers.
 *  - swing [t_TO, t_IC,k+1]: the chain hanging from the hip (thigh and shank driven, the foot
 *    angle θ from re-simulating the stride's swing exactly with its drivers from the stride table).
 *  - continuity (C1 in position and orientation): orientation is continuous by construction (the
 *    landing starts at the swing's final foot angle and rate; roll-over ends at the pattern's foot
 *    angle and rate, where the swing starts); the shank angle is blended across each contact over
 *    ±`SHANK_BLEND_S` (the drivers change there). Position: at contact, the ankle's mismatch between
 *    the swing chain and the rolling foot (position and velocity: the heel's landing velocity) decays
 *    over `CONTACT_SETTLE_S` after contact — the heel pad and shoe compress and the foot comes to
 *    rest, which is the kinematic part of the impact. At toe-off, the mismatch between the rolling
 *    foot and the chain decays over the first half of the swing. Both with C2 blends
 *    (S₅ and u(1 − u/w)³).
 * Rests are not modelled: the pose ends at the first gap between strides.
 */
import type { RunResult } from './run.ts';
import type { StrideTable } from './outputs.ts';
import { compileLegModel, evaluateKinematics, type LegModel } from '../model/leg.ts';
import { SwingSimulator, createSwingRecorder, emptySwingResult, nominalDrivers, type SwingDrivers, type SwingResult } from '../model/swing.ts';
import {
  compileStanceModel,
  landingInputFromSwing,
  lateSoleAngle,
  stanceAnkle,
  smoothstep5,
  simulateLanding,
  LandingTrack,
  LANDING_STEP_S,
  FLAT_REFERENCE_STANCE_FRACTION,
  type LandingInput,
  type StanceModel,
} from '../model/stance.ts';
import { pointPosition, pointVelocity } from '../model/chain.ts';

/** Time over which the heel's landing velocity and height mismatch settle after contact, s. * modelling choice (heel pad + midsole compression ≈ 5–10 mm). */
export const CONTACT_SETTLE_S = 0.03;
/** Half-width of the shank-angle blend across a contact, s. */
export const SHANK_BLEND_S = 0.02;

/** Pose sample: [ankleX m, ankleZ m, footAngle rad (φ₃ = sole angle), shankAngle rad (φ₂), inStance (1/0), stride index]. */
export const POSE_WIDTH = 6;

/** One stride's precomputed data. */
interface StrideData {
  k: number;
  tIcS: number;
  strideTimeS: number;
  tToS: number;
  drivers: SwingDrivers;
  /** Swing foot-ankle angle θ at the swing's steps and its rate. */
  thetaRad: Float64Array;
  thetaRateRadS: Float64Array;
  swingStepS: number;
  swing: SwingResult;
  taActivationAtContact: number;
  // stance (filled by prepareStance)
  landing: LandingTrack;
  landingInput: LandingInput;
  pivotX0: number;
  icDp: Float64Array; // (2)
  icDv: Float64Array; // (2)
  toDp: Float64Array; // (2)
  toDv: Float64Array; // (2)
  toSettleS: number;
  /** Heel (pivot) speed at contact relative to the ground, m/s. */
  landingSpeedMps: number;
  stanceReady: boolean;
}

/** Contact event of the pose (for impact transients and validation). */
export interface PoseContact {
  tIcS: number;
  tToS: number;
  landingSpeedMps: number;
  footSlapRadS: number;
}

/**
 * Continuous pose of one leg, evaluated at any time (forward in time is cheapest: strides are
 * computed lazily and old ones dropped, so memory stays constant over long runs).
 */
export class LegPoseTrack {
  readonly leg: LegModel;
  readonly stance: StanceModel;
  readonly speedMps: number;
  /** Number of stride-table rows covered (strides after a rest are dropped). */
  readonly strides: number;
  /** First contact of this leg, s. */
  readonly startS: number;
  /** End of the pose: mid-stance after the last covered stride's swing, s. */
  readonly endS: number;
  private readonly table: StrideTable;
  private readonly sim: SwingSimulator;
  private readonly cache = new Map<number, StrideData>();
  private readonly kin = new Float64Array(12);
  private readonly phi = new Float64Array(3);
  private readonly phiDot = new Float64Array(3);
  private readonly v2 = new Float64Array(4);
  private readonly late = new Float64Array(2);
  private readonly land = new Float64Array(2);
  private readonly tmp = new Float64Array(POSE_WIDTH);
  private readonly tmp2 = new Float64Array(POSE_WIDTH);
  private readonly nominalT: number;
  private hint = 0;
  private kinStride: StrideData | null = null;
  private kinT = Number.NaN;

  /**
   * @param run simulated run
   * @param side which leg
   */
  constructor(
    readonly run: RunResult,
    readonly side: 'left' | 'right',
  ) {
    this.leg = compileLegModel(run.params, side);
    this.stance = compileStanceModel(this.leg, run.params.runner.massKg);
    this.sim = new SwingSimulator(this.leg, run.params.numerics);
    this.speedMps = run.params.speedMps;
    this.table = run.legs[side];
    this.nominalT = this.leg.pattern.strideTimeS;
    const t = this.table.column('timeS');
    const st = this.table.column('strideTimeS');
    let n = this.table.length;
    for (let i = 0; i + 1 < n; i++) {
      if (t[i + 1] - (t[i] + st[i]) > 1e-6) {
        n = i + 1;
        break;
      }
    }
    this.strides = n;
    this.startS = n > 0 ? t[0] : 0;
    const lastEnd = n > 0 ? t[n - 1] + st[n - 1] : 0;
    this.endS = lastEnd + FLAT_REFERENCE_STANCE_FRACTION * this.leg.pattern.toeOffPhase * this.nominalT;
  }

  /** Contact time of stride k (virtual strides before and after the table use nominal timing). */
  private tIc(k: number): number {
    const t = this.table.column('timeS');
    const st = this.table.column('strideTimeS');
    if (this.strides === 0) return k * this.nominalT;
    if (k < 0) return t[0] + k * this.nominalT;
    if (k < this.strides) return t[k];
    return t[this.strides - 1] + st[this.strides - 1] + (k - this.strides) * this.nominalT;
  }

  private driversOf(k: number): SwingDrivers {
    const d = nominalDrivers();
    if (k < 0 || k >= this.strides) return d;
    const c = (name: Parameters<StrideTable['column']>[0]): number => this.table.column(name)[k];
    d.taCapacity = c('tibialisCapacity');
    d.neuralDrive = c('neuralDrive');
    d.strideTimeScale = c('strideTimeScale');
    d.hipAmplitudeScale = c('hipAmplitudeScale');
    d.kneeAmplitudeScale = c('kneeAmplitudeScale');
    d.excitationOffset = c('excitationOffset');
    d.hipHeightOffsetM = c('hipHeightOffsetM');
    return d;
  }

  /** Stride k's data with its swing simulated (stance not yet prepared). */
  private swingOf(k: number): StrideData {
    let s = this.cache.get(k);
    if (s) return s;
    const drivers = this.driversOf(k);
    const rec = createSwingRecorder();
    const swing = this.sim.simulate(drivers, emptySwingResult(), rec);
    const n = rec.timeS.length;
    const theta = Float64Array.from(rec.ankleRad);
    const step = n > 1 ? rec.timeS[1] - rec.timeS[0] : swing.swingTimeS;
    const rate = new Float64Array(n);
    // 4th-order central differences inside, 2nd-order one-sided at the ends (RK4 output is smooth).
    for (let i = 0; i < n; i++) {
      if (i >= 2 && i + 2 < n) rate[i] = (theta[i - 2] - 8 * theta[i - 1] + 8 * theta[i + 1] - theta[i + 2]) / (12 * step);
      else if (i === 0) rate[i] = (-3 * theta[0] + 4 * theta[1] - theta[2]) / (2 * step);
      else if (i === n - 1) rate[i] = (3 * theta[i] - 4 * theta[i - 1] + theta[i - 2]) / (2 * step);
      else rate[i] = (theta[i + 1] - theta[i - 1]) / (2 * step);
    }
    // the swing starts on the planned trajectory: exact initial rate
    evaluateKinematics(this.leg.pattern, this.leg.pattern.toeOffPhase, swing.strideTimeS, 1, 1, this.leg.heightScale, this.kin);
    this.kinStride = null;
    rate[0] = this.kin[7];
    rate[n - 1] = swing.ankleVelocityAtContactRadS;
    const tIcS = this.tIc(k);
    s = {
      k,
      tIcS,
      strideTimeS: swing.strideTimeS,
      tToS: tIcS + this.leg.pattern.toeOffPhase * swing.strideTimeS,
      drivers,
      thetaRad: theta,
      thetaRateRadS: rate,
      swingStepS: step,
      swing: { ...swing },
      taActivationAtContact: rec.taActivation[n - 1],
      landing: new LandingTrack(Math.ceil(0.5 / LANDING_STEP_S) + 2),
      landingInput: undefined as unknown as LandingInput,
      pivotX0: 0,
      icDp: new Float64Array(2),
      icDv: new Float64Array(2),
      toDp: new Float64Array(2),
      toDv: new Float64Array(2),
      toSettleS: 0.5 * (swing.swingTimeS),
      landingSpeedMps: 0,
      stanceReady: false,
    };
    this.cache.set(k, s);
    // keep memory bounded: drop strides well behind
    for (const key of this.cache.keys()) if (key < k - 3) this.cache.delete(key);
    return s;
  }

  /** Stride k with its stance prepared (landing from swing k−1, contact and toe-off blends). */
  private strideOf(k: number): StrideData {
    const s = this.swingOf(k);
    if (s.stanceReady) return s;
    const prev = k - 1 >= -1 ? this.swingOf(k - 1) : s;
    s.landingInput = landingInputFromSwing(this.leg, prev.swing, prev.drivers, {
      ...s.drivers,
      strideTimeScale: s.strideTimeS / this.nominalT,
    }, prev.taActivationAtContact);
    simulateLanding(this.stance, s.landingInput, s.landing);
    // Chain at the end of the previous swing (this contact), relative positions in the moving frame.
    const prevEnd = prev === s ? s.tIcS + s.strideTimeS : s.tIcS;
    this.chainAt(prev, prevEnd, this.tmp, this.v2);
    const heelLocal = this.stance.heelLocal;
    const toeLocal = this.stance.toeLocal;
    const pivotLocal = s.landingInput.strikeAngleRad >= 0 ? heelLocal : toeLocal;
    // pivot ground point: where the chain puts the heel (or toe) at contact
    this.setChainAngles(prev, prevEnd);
    pointPosition(this.leg.chain, this.phi, 2, pivotLocal[0], pivotLocal[1], this.v2, 0);
    pointVelocity(this.leg.chain, this.phi, this.phiDot, 2, pivotLocal[0], pivotLocal[1], this.v2, 2);
    const hipZDot = this.kin[10];
    s.pivotX0 = this.v2[0] - (pivotLocal === toeLocal ? this.stance.soleLengthM : 0);
    // landing speed of the pivot relative to the ground (ground moves at −v in this frame)
    s.landingSpeedMps = Math.hypot(this.v2[2] + this.speedMps, this.v2[3] + hipZDot);
    s.stanceReady = true; // stanceRaw below needs pivotX0 and the landing only
    const ax = this.tmp[0];
    const az = this.tmp[1];
    const h = 1e-5;
    this.stanceRaw(s, s.tIcS, this.tmp2);
    s.icDp[0] = ax - this.tmp2[0];
    s.icDp[1] = az - this.tmp2[1];
    this.chainAt(prev, prevEnd - h, this.tmp, this.v2);
    const bx = this.tmp[0];
    const bz = this.tmp[1];
    this.stanceRaw(s, s.tIcS + h, this.tmp);
    s.icDv[0] = (ax - bx) / h - (this.tmp[0] - this.tmp2[0]) / h;
    s.icDv[1] = (az - bz) / h - (this.tmp[1] - this.tmp2[1]) / h;
    // toe-off: rolling foot (with its contact correction) vs chain
    this.stanceAt(s, s.tToS, this.tmp);
    this.chainAt(s, s.tToS, this.tmp2, this.v2);
    s.toDp[0] = this.tmp[0] - this.tmp2[0];
    s.toDp[1] = this.tmp[1] - this.tmp2[1];
    const sx = this.tmp[0];
    const sz = this.tmp[1];
    this.stanceAt(s, s.tToS - h, this.tmp);
    const cx = this.tmp2[0];
    const cz = this.tmp2[1];
    this.chainAt(s, s.tToS + h, this.tmp2, this.v2);
    s.toDv[0] = (sx - this.tmp[0]) / h - (this.tmp2[0] - cx) / h;
    s.toDv[1] = (sz - this.tmp[1]) / h - (this.tmp2[1] - cz) / h;
    return s;
  }

  /** Driven kinematics of stride s at time t into this.kin; the shank angle and the chain ask for the same sample, so the last one is reused. */
  private kinFor(s: StrideData, tS: number): void {
    if (this.kinStride === s && this.kinT === tS) return;
    const d = s.drivers;
    evaluateKinematics(this.leg.pattern, (tS - s.tIcS) / s.strideTimeS, s.strideTimeS, d.hipAmplitudeScale, d.kneeAmplitudeScale, this.leg.heightScale, this.kin);
    this.kinStride = s;
    this.kinT = tS;
  }

  /** Chain angles φ and rates at time t of stride s's swing (θ from its simulation, clamped to the swing). */
  private setChainAngles(s: StrideData, tS: number): void {
    this.kinFor(s, tS);
    const k = this.kin;
    this.swingTheta(s, tS - s.tToS, this.land);
    this.phi[0] = k[0];
    this.phi[1] = k[0] - k[3];
    this.phi[2] = this.phi[1] + this.land[0];
    this.phiDot[0] = k[1];
    this.phiDot[1] = k[1] - k[4];
    this.phiDot[2] = this.phiDot[1] + this.land[1];
  }

  /** θ and θ̇ at time u since toe-off (cubic Hermite over the swing steps). */
  private swingTheta(s: StrideData, u: number, out: Float64Array): void {
    const n = s.thetaRad.length;
    const h = s.swingStepS;
    let x = u / h;
    if (x < 0) x = 0;
    if (x > n - 1) x = n - 1;
    const i = Math.min(n - 2, Math.floor(x));
    const f = x - i;
    const y0 = s.thetaRad[i];
    const y1 = s.thetaRad[i + 1];
    const d0 = s.thetaRateRadS[i] * h;
    const d1 = s.thetaRateRadS[i + 1] * h;
    const f2 = f * f;
    const f3 = f2 * f;
    out[0] = (2 * f3 - 3 * f2 + 1) * y0 + (f3 - 2 * f2 + f) * d0 + (-2 * f3 + 3 * f2) * y1 + (f3 - f2) * d1;
    out[1] = ((6 * f2 - 6 * f) * y0 + (3 * f2 - 4 * f + 1) * d0 + (-6 * f2 + 6 * f) * y1 + (3 * f2 - 2 * f) * d1) / h;
  }

  /** Swing chain (uncorrected): out = [ankleX, ankleZ, φ₃, φ₂]. */
  private chainAt(s: StrideData, tS: number, out: Float64Array, scratch: Float64Array): void {
    this.setChainAngles(s, tS);
    pointPosition(this.leg.chain, this.phi, 2, 0, 0, scratch, 0);
    out[0] = scratch[0];
    out[1] = scratch[1] - this.leg.toeStandingZ + this.kin[9] + s.drivers.hipHeightOffsetM;
    out[2] = this.phi[2];
    out[3] = this.phi[1];
  }

  /** Rolling foot without the contact correction: out = [ankleX, ankleZ, σ]. */
  private stanceRaw(s: StrideData, tS: number, out: Float64Array): void {
    const u = tS - s.tIcS;
    s.landing.evaluate(u, this.land);
    lateSoleAngle(this.leg, s.landingInput, u, this.late);
    const sigma = this.land[0] + this.late[0];
    stanceAnkle(this.stance, s.landing.pivot, this.land[0], this.late[0], this.v2);
    out[0] = s.pivotX0 - this.speedMps * u + this.v2[0];
    out[1] = this.v2[1];
    out[2] = sigma;
  }

  /** Rolling foot with the contact correction: out = [ankleX, ankleZ, σ]. */
  private stanceAt(s: StrideData, tS: number, out: Float64Array): void {
    this.stanceRaw(s, tS, out);
    const u = tS - s.tIcS;
    if (u < CONTACT_SETTLE_S) {
      const w = CONTACT_SETTLE_S;
      const fade = 1 - smoothstep5(u / w);
      const b = u * (1 - u / w) ** 3;
      out[0] += s.icDp[0] * fade + s.icDv[0] * b;
      out[1] += s.icDp[1] * fade + s.icDv[1] * b;
    }
  }

  /** Shank angle φ₂ of stride s at time t (pattern with the stride's drivers). */
  private shankOf(s: StrideData, tS: number): number {
    this.kinFor(s, tS);
    return this.kin[0] - this.kin[3];
  }

  /** Index of the stride whose [t_IC, t_IC + T) contains t. */
  private strideIndexAt(tS: number): number {
    let k = this.hint;
    while (tS < this.tIc(k)) k--;
    while (tS >= this.tIc(k + 1)) k++;
    this.hint = k;
    return k;
  }

  /**
   * Pose at time t (s, run time; t = 0 is the left leg's first contact).
   * @param tS time, s (any value; before the first and after the last stride, nominal virtual strides)
   * @param out (POSE_WIDTH): [ankleX m, ankleZ m, foot angle rad, shank angle rad, inStance, stride]
   */
  evaluate(tS: number, out: Float64Array): void {
    const k = this.strideIndexAt(tS);
    const s = this.strideOf(k);
    let shank = this.shankOf(s, tS);
    // blend the shank angle across contacts (drivers change there)
    const dPrev = tS - s.tIcS;
    if (dPrev < SHANK_BLEND_S) {
      const w = smoothstep5((dPrev + SHANK_BLEND_S) / (2 * SHANK_BLEND_S));
      shank = w * shank + (1 - w) * this.shankOf(this.swingOf(k - 1), tS);
    } else if (s.tIcS + s.strideTimeS - tS < SHANK_BLEND_S) {
      const w = smoothstep5((tS - (s.tIcS + s.strideTimeS) + SHANK_BLEND_S) / (2 * SHANK_BLEND_S));
      shank = (1 - w) * shank + w * this.shankOf(this.swingOf(k + 1), tS);
    }
    if (tS < s.tToS) {
      this.stanceAt(s, tS, this.tmp);
      out[0] = this.tmp[0];
      out[1] = this.tmp[1];
      out[2] = this.tmp[2];
      out[4] = 1;
    } else {
      this.chainAt(s, tS, this.tmp, this.v2);
      const u = tS - s.tToS;
      const w = s.toSettleS;
      if (u < w) {
        const fade = 1 - smoothstep5(u / w);
        const b = u * (1 - u / w) ** 3;
        this.tmp[0] += s.toDp[0] * fade + s.toDv[0] * b;
        this.tmp[1] += s.toDp[1] * fade + s.toDv[1] * b;
      }
      out[0] = this.tmp[0];
      out[1] = this.tmp[1];
      out[2] = this.tmp[2];
      out[4] = 0;
    }
    out[3] = shank;
    out[5] = k;
  }

  /** Contact events of the covered strides (IC, TO, landing speed, foot slap), in time order, including the virtual contact that ends the last swing. */
  contacts(): PoseContact[] {
    const out: PoseContact[] = [];
    for (let k = 0; k <= this.strides; k++) {
      const s = this.strideOf(k);
      out.push({ tIcS: s.tIcS, tToS: s.tToS, landingSpeedMps: s.landingSpeedMps, footSlapRadS: s.landing.footSlapRadS });
    }
    return out;
  }

  /** Landing speed of the contact that starts stride k, m/s. */
  landingSpeedAt(k: number): number {
    return this.strideOf(k).landingSpeedMps;
  }

  /** Contact and toe-off time of stride k, s. */
  eventsOf(k: number): { tIcS: number; tToS: number } {
    const s = this.swingOf(k);
    return { tIcS: s.tIcS, tToS: s.tToS };
  }
}
