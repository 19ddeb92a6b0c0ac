/**
 * Whole-run simulation: stride by stride, both legs (MODEL.md §1).
 *
 * Each leg alternates stance and swing; the left leg's first initial contact is at t = 0 and
 * the right leg's half a stride later. Every swing of the run is simulated (no sampling).
 * Per stride the slowly varying state (TA capacity, neural drive, compensation) and the seeded
 * stride-to-stride variability set the swing's drivers; the swing's outputs go to a columnar
 * stride table.
 */
import { compileLegModel, type LegModel } from '../model/leg.ts';
import { SwingSimulator, emptySwingResult, nominalDrivers, type SwingDrivers } from '../model/swing.ts';
import type { RunParams } from '../model/params.ts';
import { createRng, type Rng } from '../random.ts';
import { StrideTable, summarizeLeg, type LegSummary } from './outputs.ts';

/**
 * Stride-to-stride variability at `model.variability = 1` (SDs of per-stride normal draws).
 * * Provisional values; calibrated against published healthy variability in the validation
 *   tests (stride-time CV of a few percent; walking MTC SD ≈ 4 mm, Winter 1992).
 */
export const VARIABILITY_SD = {
  strideTime: 0.02,
  hipAmplitude: 0.03,
  kneeAmplitude: 0.03,
  excitation: 0.02,
} as const;

export interface RunResult {
  params: RunParams;
  legs: { left: StrideTable; right: StrideTable };
  summary: { left: LegSummary; right: LegSummary; durationS: number; distanceM: number };
}

export interface RunOptions {
  /** Called now and then with the fraction done (0..1). */
  onProgress?: (fraction: number) => void;
}

/** Per-leg simulation context: compiled model, simulator, RNG, and the stride table. */
interface LegRun {
  side: 'left' | 'right';
  model: LegModel;
  sim: SwingSimulator;
  rng: Rng;
  table: StrideTable;
  drivers: SwingDrivers;
  nextContactS: number;
  stride: number;
}

/** Constant hip-height offset of a leg in swing from the leg-length discrepancy, m (MODEL.md §7). */
export function lldHipOffsetM(params: RunParams, side: 'left' | 'right'): number {
  const lld = params.legLengthDiscrepancyM; // + = left longer
  const longer = lld > 0 ? 'left' : lld < 0 ? 'right' : null;
  if (!longer) return 0;
  // The longer leg's clearance falls ≈1 mm per mm of LLD (geometry) minus the compensated part;
  // the shorter leg swings under a hip raised by the longer stance leg.
  return side === longer ? -Math.abs(lld) * (1 - params.lldCompensation) : Math.abs(lld);
}

/**
 * Simulate a whole run.
 * @param params validated run parameters (see parseRunParams)
 */
export function simulateRun(params: RunParams, options: RunOptions = {}): RunResult {
  const durationS = params.durationS ?? params.distanceM / params.speedMps;
  const numerics = params.numerics;
  const legs: LegRun[] = (['left', 'right'] as const).map((side) => {
    const model = compileLegModel(params, side);
    const expected = Math.ceil(durationS / model.pattern.strideTimeS) + 2;
    return {
      side,
      model,
      sim: new SwingSimulator(model, numerics),
      rng: createRng(params.seed, side, 'variability'),
      table: new StrideTable(side, expected),
      drivers: { ...nominalDrivers(), hipHeightOffsetM: lldHipOffsetM(params, side) },
      nextContactS: side === 'left' ? 0 : 0.5 * model.pattern.strideTimeS,
      stride: 0,
    };
  });
  const swing = emptySwingResult();
  const v = params.model.variability;
  let lastReport = 0;
  // Advance whichever leg's next contact comes first, so both legs progress in time order.
  for (;;) {
    const leg = legs[0].nextContactS <= legs[1].nextContactS ? legs[0] : legs[1];
    const t0 = leg.nextContactS;
    if (t0 >= durationS) {
      if (legs.every((l) => l.nextContactS >= durationS)) break;
      leg.nextContactS = Infinity;
      continue;
    }
    const d = leg.drivers;
    d.strideTimeScale = 1 + v * VARIABILITY_SD.strideTime * leg.rng.normal();
    d.hipAmplitudeScale = 1 + v * VARIABILITY_SD.hipAmplitude * leg.rng.normal();
    d.kneeAmplitudeScale = 1 + v * VARIABILITY_SD.kneeAmplitude * leg.rng.normal();
    d.excitationOffset = v * VARIABILITY_SD.excitation * leg.rng.normal();
    leg.sim.simulate(d, swing);
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
      tibialisMeanLoad: swing.taMeanForceN / leg.model.muscles.ta.maxIsometricForceN,
      hipHeightOffsetM: d.hipHeightOffsetM,
      strideTimeScale: d.strideTimeScale,
      hipAmplitudeScale: d.hipAmplitudeScale,
      kneeAmplitudeScale: d.kneeAmplitudeScale,
      excitationOffset: d.excitationOffset,
    });
    leg.stride++;
    leg.nextContactS = t0 + swing.strideTimeS;
    if (options.onProgress && t0 - lastReport > 10) {
      lastReport = t0;
      options.onProgress(Math.min(1, t0 / durationS));
    }
  }
  options.onProgress?.(1);
  const [left, right] = legs;
  return {
    params,
    legs: { left: left.table, right: right.table },
    summary: {
      left: { ...summarizeLeg(left.table), recoveryTo90PctS: 0 },
      right: { ...summarizeLeg(right.table), recoveryTo90PctS: 0 },
      durationS,
      distanceM: durationS * params.speedMps,
    },
  };
}
