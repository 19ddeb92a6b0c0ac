/**
 * Whole-run simulation: stride by stride, both legs (MODEL.md §1, §4–§7).
 *
 * Each leg alternates stance and swing; the left leg's first initial contact is at t = 0 and the
 * right leg's half a stride later. Every swing of the run is simulated (no sampling). Per stride,
 * in a fixed order:
 *   1. slowly varying state → drivers: TA capacity (1 − M_F, 3CC-r), neural drive (nerve
 *      mechanism), hip-height offsets (LLD and compensation, track bends), seeded variability;
 *   2. swing simulation (model/swing.ts) → outputs and the swing's TA load profile;
 *   3. the stride's TA load profile (stance template + swing) advances the fatigue state, and the
 *      nerve state advances by the stride time.
 * Rests pause running: TA load 0, compartment pressure falls. After the run, recovery (TL = 0)
 * is followed for `recoveryS`.
 */
import { compileLegModel, clamp01, type LegModel } from '../model/leg.ts';
import { SwingSimulator, emptySwingResult, nominalDrivers, type SwingDrivers, type SwingKernel } from '../model/swing.ts';
import type { RunParams, LegParams } from '../model/params.ts';
import { fatigueParamsFromPreset, advanceOverProfile, recoveryTimeS, type FatigueParams } from '../model/fatigue.ts';
import { advanceNerve, createNerveState, strideDrive, restingDrive, NERVE_STATE_DRIVE } from '../model/nerve.ts';
import { createRng, type Rng } from '../random.ts';
import { courseHipOffsetM } from './course.ts';
import { StrideTable, summarizeLeg, type LegSummary } from './outputs.ts';

/**
 * Stride-to-stride variability at `model.variability = 1` (SDs of per-stride normal draws).
 * Stride time: CV 2 % (healthy stride-time CV is "a few percent", MODEL.md §2; Hausdorff et al.
 * report ~2 % for young adults walking). Hip/knee amplitude and excitation SDs are calibrated
 * (one common factor) so that walking MTC SD at 1.3 m/s is Winter 1992's 4 mm; running MTC SD is
 * then a prediction, compared with Hamner's marker data in tests/validation/variability.test.ts.
 */
export const VARIABILITY_SD = {
  strideTime: 0.02,
  hipAmplitude: 0.066,
  kneeAmplitude: 0.066,
  excitation: 0.044,
} as const;

/**
 * TA load in stance (target load, fraction of F_max) as a template: eccentric control of the foot
 * lowering after a heel-first contact, decaying to zero by 12 % of the cycle; silent in mid-stance.
 * Peak 0.54 F_max at an 18° strike angle (Hamner 2010 CMC: TA peak 493 N of 905 N at contact,
 * reference sheet §2), scaled by the stride's strike angle (a flat or forefoot strike needs no
 * eccentric TA work). * Template, not simulated stance dynamics.
 */
export const STANCE_TA_PEAK_LOAD = 0.54;
export const STANCE_TA_REFERENCE_STRIKE_RAD = (18 * Math.PI) / 180;
export const STANCE_TA_DECAY_PHASE = 0.12;

export interface RunResult {
  params: RunParams;
  legs: { left: StrideTable; right: StrideTable };
  summary: RunSummary;
  /** After the run: TA capacity and neural drive at rest, every RECOVERY_SAMPLE_S from the end of running. */
  recovery: { left: RecoveryCurve; right: RecoveryCurve };
}

/** Post-run recovery of one leg. */
export interface RecoveryCurve {
  /** Time since the end of the run, s. */
  timeS: Float64Array;
  tibialisCapacity: Float64Array;
  neuralDrive: Float64Array;
}

/** Sampling interval of the post-run recovery curves, s. */
export const RECOVERY_SAMPLE_S = 10;

export interface RunSummary {
  left: LegSummary;
  right: LegSummary;
  /** Running time (rests excluded), s. */
  durationS: number;
  /** Elapsed time including rests, s. */
  elapsedS: number;
  distanceM: number;
  /** Extreme-but-valid settings and notable events, in words. */
  flags: string[];
}

export interface RunOptions {
  /** Called now and then with the fraction done (0..1). */
  onProgress?: (fraction: number) => void;
  /**
   * Swing derivative code (model/swing.ts): `fast` (default) or `generic`, the general chain
   * solver that the fast kernel is checked against (tests, benchmarks).
   */
  swingKernel?: SwingKernel;
}

/** Per-leg simulation context: compiled model, simulator, state, RNGs and the stride table. */
interface LegRun {
  side: 'left' | 'right';
  params: LegParams;
  model: LegModel;
  sim: SwingSimulator;
  fatigue: FatigueParams;
  fatigueState: Float64Array; // [MA, MF, MR]
  nerveState: Float64Array;
  variabilityRng: Rng;
  nerveRng: Rng;
  table: StrideTable;
  drivers: SwingDrivers;
  lldOffsetM: number;
  /** Time of this leg's next initial contact (elapsed, rests included), s. */
  nextContactS: number;
  stride: number;
  /** Per-stride TA load profile buffer (stance + swing at the swing's step). */
  profile: Float64Array;
  /** Sample interval of the last profile written, s. */
  profileDtS: number;
}

/** Constant hip-height offset of a leg in swing from the leg-length discrepancy, m (MODEL.md §7). */
export function lldHipOffsetM(params: RunParams, side: 'left' | 'right'): number {
  const lld = params.legLengthDiscrepancyM; // + = left longer
  const longer = lld > 0 ? 'left' : lld < 0 ? 'right' : null;
  if (!longer) return 0;
  // The longer leg's clearance falls ≈ 1 mm per mm of LLD (geometry, reference sheet §4) minus
  // the compensated part; the shorter leg swings under a hip raised by the longer stance leg.
  return side === longer ? -Math.abs(lld) * (1 - params.lldCompensation) : Math.abs(lld);
}

/** Resolved 3CC-r parameters of one leg. */
export function legFatigueParams(leg: LegParams): FatigueParams {
  const f = leg.tibialisFatigue;
  const p = fatigueParamsFromPreset(f.preset, {
    ...(f.F !== undefined ? { F: f.F } : {}),
    ...(f.R !== undefined ? { R: f.R } : {}),
    ...(f.r !== undefined ? { r: f.r } : {}),
    LD: f.LD,
    LR: f.LR,
    recoveryRule: f.recoveryRule,
  });
  return Object.freeze({ ...p, F: p.F * f.multiplier });
}

function extremeFlags(params: RunParams): string[] {
  const flags: string[] = [];
  for (const side of ['left', 'right'] as const) {
    const leg = params[side];
    const n = leg.nerve;
    if ('drive' in n && n.drive < 0.1) flags.push(`${side}.nerve.drive=${n.drive}: the dorsiflexors receive almost no drive`);
    if (leg.tibialisFatigue.multiplier > 10) {
      flags.push(`${side}.tibialisFatigue.multiplier=${leg.tibialisFatigue.multiplier}: fatigue rate far above published values`);
    }
    if (leg.tibialisStrength < 0.2) flags.push(`${side}.tibialisStrength=${leg.tibialisStrength}: severe TA weakness`);
    if (leg.soleusStiffness > 4) flags.push(`${side}.soleusStiffness=${leg.soleusStiffness}: severe soleus contracture`);
  }
  if (Math.abs(params.legLengthDiscrepancyM) > 0.02) {
    flags.push(`legLengthDiscrepancyM=${params.legLengthDiscrepancyM}: beyond the ~2 cm usually considered clinically relevant`);
  }
  return flags;
}

/**
 * Simulate a whole run.
 * @param params validated run parameters (see parseRunParams)
 */
export function simulateRun(params: RunParams, options: RunOptions = {}): RunResult {
  const runningS = params.durationS ?? params.distanceM / params.speedMps;
  const rests = [...params.restsS].filter(([, d]) => d > 0).sort((a, b) => a[0] - b[0]);
  const legs: LegRun[] = (['left', 'right'] as const).map((side) => {
    const model = compileLegModel(params, side);
    const sim = new SwingSimulator(model, params.numerics, options.swingKernel);
    const expected = Math.ceil(runningS / model.pattern.strideTimeS) + 2;
    const fatigueState = Float64Array.of(0, 0, 1);
    return {
      side,
      params: params[side],
      model,
      sim,
      fatigue: legFatigueParams(params[side]),
      fatigueState,
      nerveState: createNerveState(params[side].nerve),
      variabilityRng: createRng(params.seed, side, 'variability'),
      nerveRng: createRng(params.seed, side, 'nerve'),
      table: new StrideTable(side, expected),
      drivers: nominalDrivers(),
      lldOffsetM: lldHipOffsetM(params, side),
      nextContactS: side === 'left' ? 0 : 0.5 * model.pattern.strideTimeS,
      stride: 0,
      profileDtS: 0,
      // stance samples ≈ toeOff/(1 − toeOff) × swing steps, whatever the stride time
      profile: new Float64Array(
        Math.ceil((model.pattern.toeOffPhase / (1 - model.pattern.toeOffPhase)) * sim.taLoadProfile.length) + sim.taLoadProfile.length + 8,
      ),
    };
  });
  const swing = emptySwingResult();
  const v = params.model.variability;
  let restIndex = 0;
  let restedS = 0; // total rest so far
  let lastReport = 0;
  for (;;) {
    const leg = legs[0].nextContactS <= legs[1].nextContactS ? legs[0] : legs[1];
    const t0 = leg.nextContactS;
    // A rest that starts before this contact: both legs stop, recover, and resume after it.
    if (restIndex < rests.length && t0 - restedS >= rests[restIndex][0]) {
      const restS = rests[restIndex][1];
      for (const l of legs) {
        advanceOverProfile(l.fatigue, l.fatigueState, zeroLoad, restS / zeroLoad.length);
        advanceNerve(l.params.nerve, l.nerveState, restS, 0);
        l.nextContactS += restS;
      }
      restedS += restS;
      restIndex++;
      continue;
    }
    const runningTimeS = t0 - restedS;
    if (runningTimeS >= runningS) {
      if (legs.every((l) => l.nextContactS - restedS >= runningS)) break;
      leg.nextContactS = Infinity;
      continue;
    }
    const distanceRunM = runningTimeS * params.speedMps;
    // 1. drivers
    const d = leg.drivers;
    d.taCapacity = 1 - leg.fatigueState[1];
    d.neuralDrive = strideDrive(leg.params.nerve, leg.nerveState, distanceRunM, leg.nerveRng);
    d.hipHeightOffsetM = leg.lldOffsetM + courseHipOffsetM(params.course, leg.side, distanceRunM, params.speedMps);
    d.strideTimeScale = 1 + v * VARIABILITY_SD.strideTime * leg.variabilityRng.normal();
    d.hipAmplitudeScale = 1 + v * VARIABILITY_SD.hipAmplitude * leg.variabilityRng.normal();
    d.kneeAmplitudeScale = 1 + v * VARIABILITY_SD.kneeAmplitude * leg.variabilityRng.normal();
    d.excitationOffset = v * VARIABILITY_SD.excitation * leg.variabilityRng.normal();
    // 2. swing
    leg.sim.simulate(d, swing);
    // 3. fatigue over this stride's load profile, nerve over its duration
    const nLoad = strideLoadProfile(leg, swing.strideTimeS, swing.footStrikeAngleRad);
    advanceOverProfile(leg.fatigue, leg.fatigueState, leg.profile.subarray(0, nLoad), leg.profileDtS);
    advanceNerve(leg.params.nerve, leg.nerveState, swing.strideTimeS, params.speedMps);
    leg.table.push({
      stride: leg.stride,
      timeS: t0,
      strideTimeS: swing.strideTimeS,
      swingTimeS: swing.swingTimeS,
      mtcM: swing.mtcM,
      mtcIsLocalMin: swing.mtcIsLocalMin,
      mtcTimePct: swing.mtcTimePct,
      maxToeClearanceM: swing.maxToeClearanceM,
      toeCatch: swing.toeCatch,
      toeCatchTimeS: swing.toeCatchTimeS,
      footStrikeAngleRad: swing.footStrikeAngleRad,
      peakSwingDorsiflexionRad: swing.peakSwingDorsiflexionRad,
      ankleAtToeOffRad: swing.ankleAtToeOffRad,
      ankleAtContactRad: swing.ankleAtContactRad,
      tibialisCapacity: d.taCapacity,
      neuralDrive: d.neuralDrive,
      tibialisPeakActivation: swing.taPeakActivation,
      tibialisPeakForceN: swing.taPeakForceN,
      tibialisMeanLoad: swing.taMeanLoad,
      hipHeightOffsetM: d.hipHeightOffsetM,
      strideTimeScale: d.strideTimeScale,
      hipAmplitudeScale: d.hipAmplitudeScale,
      kneeAmplitudeScale: d.kneeAmplitudeScale,
      excitationOffset: d.excitationOffset,
    });
    leg.stride++;
    leg.nextContactS = t0 + swing.strideTimeS;
    if (options.onProgress && runningTimeS - lastReport > 10) {
      lastReport = runningTimeS;
      options.onProgress(Math.min(1, runningTimeS / runningS));
    }
  }
  options.onProgress?.(1);
  const [left, right] = legs;
  const recovery = (l: LegRun) => legRecoveryS(l, params.recoveryS);
  const summaryLeft = { ...summarizeLeg(left.table), recoveryTo90PctS: recovery(left) };
  const summaryRight = { ...summarizeLeg(right.table), recoveryTo90PctS: recovery(right) };
  return {
    params,
    recovery: { left: recoveryCurve(left, params.recoveryS), right: recoveryCurve(right, params.recoveryS) },
    legs: { left: left.table, right: right.table },
    summary: {
      left: summaryLeft,
      right: summaryRight,
      durationS: runningS,
      elapsedS: runningS + restedS,
      distanceM: runningS * params.speedMps,
      flags: extremeFlags(params),
    },
  };
}

/** A zero-load profile used to advance fatigue through rests (any length works: its dt is scaled). */
const zeroLoad = new Float64Array(64);

/**
 * The stride's TA load profile: the stance template (from this leg's contact to toe-off) followed
 * by the swing's simulated load, at the swing's step. Written into the leg's buffer; returns the
 * number of samples (the interval goes to leg.profileDtS).
 */
function strideLoadProfile(leg: LegRun, strideTimeS: number, strikeAngleRad: number): number {
  const swingLoad = leg.sim.taLoadProfile;
  const toeOff = leg.model.pattern.toeOffPhase;
  const nSwing = swingLoad.length - 1; // steps in swing
  const dtS = ((1 - toeOff) * strideTimeS) / nSwing;
  const nStance = Math.max(1, Math.round((toeOff * strideTimeS) / dtS));
  const peak = STANCE_TA_PEAK_LOAD * clamp01(Math.max(0, strikeAngleRad) / STANCE_TA_REFERENCE_STRIKE_RAD);
  const buf = leg.profile;
  let k = 0;
  for (let i = 0; i < nStance && k < buf.length; i++) {
    const phase = (i / nStance) * toeOff;
    buf[k++] = peak * Math.max(0, 1 - phase / STANCE_TA_DECAY_PHASE);
  }
  for (let i = 1; i <= nSwing && k < buf.length; i++) buf[k++] = swingLoad[i];
  leg.profileDtS = dtS;
  return k;
}

/** Capacity and drive at rest after the run (copies of the leg's state are advanced). */
function recoveryCurve(leg: LegRun, recoveryS: number): RecoveryCurve {
  const n = Math.floor(Math.max(0, recoveryS) / RECOVERY_SAMPLE_S) + 1;
  const curve: RecoveryCurve = { timeS: new Float64Array(n), tibialisCapacity: new Float64Array(n), neuralDrive: new Float64Array(n) };
  const fatigue = Float64Array.from(leg.fatigueState);
  const nerve = Float64Array.from(leg.nerveState);
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      advanceOverProfile(leg.fatigue, fatigue, zeroLoad, RECOVERY_SAMPLE_S / zeroLoad.length);
      advanceNerve(leg.params.nerve, nerve, RECOVERY_SAMPLE_S, 0);
    }
    curve.timeS[i] = i * RECOVERY_SAMPLE_S;
    curve.tibialisCapacity[i] = 1 - fatigue[1];
    curve.neuralDrive[i] = restingDrive(leg.params.nerve, nerve);
  }
  return curve;
}

/** Time after the run until TA capacity and neural drive are both ≥ 90 %, s; null if beyond recoveryS. */
function legRecoveryS(leg: LegRun, recoveryS: number): number | null {
  if (!(recoveryS > 0)) {
    const recovered = 1 - leg.fatigueState[1] >= 0.9 && restingDrive(leg.params.nerve, leg.nerveState) >= 0.9;
    return recovered ? 0 : null;
  }
  const fatigueS = recoveryTimeS(leg.fatigue, leg.fatigueState, 0.9, recoveryS);
  let nerveS = 0;
  if (restingDrive(leg.params.nerve, leg.nerveState) < 0.9) {
    if (leg.params.nerve.mechanism !== 'exertionalCompartment') return null; // constant deficit: never recovers
    const s = Float64Array.from(leg.nerveState);
    const stepS = 5;
    nerveS = Infinity;
    for (let t = stepS; t <= recoveryS; t += stepS) {
      advanceNerve(leg.params.nerve, s, stepS, 0);
      if (s[NERVE_STATE_DRIVE] >= 0.9) {
        nerveS = t;
        break;
      }
    }
  }
  const total = Math.max(fatigueS, nerveS);
  return Number.isFinite(total) && total <= recoveryS ? total : null;
}
