/**
 * The swing of one leg as plain numbers, for the peer implementations (SciPy, MuJoCo): segments,
 * foot points, the driven kinematics as the pattern's Fourier coefficients, the muscles'
 * parameters, the motor plan (feedforward excitation, feedback gains) and the stride's drivers.
 * Everything a peer needs to integrate the same equations without our code.
 */
import type { LegModel } from '../../src/model/leg.ts';
import type { SwingDrivers } from '../../src/model/swing.ts';
import type { FourierSeries } from '../../src/model/fourier.ts';
import type { MusculotendonParams } from '../../src/model/ankle-muscles.ts';
import { DE_GROOTE_ACTIVATION } from '../../src/model/muscle.ts';

export interface SeriesExport {
  a0: number;
  a: number[];
  b: number[];
}

export interface MuscleExport {
  maxIsometricForceN: number;
  optimalFiberLengthM: number;
  tendonSlackLengthM: number;
  fiberWidthM: number;
  maxContractionVelocityLoptPerS: number;
  passiveSlope: number;
  passiveOffset: number;
  passiveDenominator: number;
  mtLengthAtNeutralM: number;
  momentArmCoefficientsM: number[];
}

export interface SwingExport {
  chain: { massKg: number[]; inertiaKgM2: number[]; comLocalM: number[]; jointLocalM: number[]; gravityMps2: number };
  toeLocalM: [number, number];
  toeStandingZM: number;
  pattern: {
    toeOffPhase: number;
    strideTimeS: number;
    heightScale: number;
    pelvisTiltRad: SeriesExport;
    hipFlexionRad: SeriesExport;
    kneeFlexionRad: SeriesExport;
    ankleDorsiflexionRad: SeriesExport;
    hipHeightOffsetM: SeriesExport;
  };
  feedforwardExcitation: number[];
  feedforwardActivationAtToeOff: number;
  feedbackGainPerRad: number;
  feedbackGainPerRadS: number;
  soleusExcitation: number;
  activation: { tauActivationS: number; tauDeactivationS: number };
  muscles: { ta: MuscleExport; sol: MuscleExport };
  drivers: SwingDrivers;
}

const series = (s: FourierSeries): SeriesExport => ({ a0: s.a0, a: Array.from(s.a), b: Array.from(s.b) });

const muscle = (m: MusculotendonParams): MuscleExport => ({
  maxIsometricForceN: m.maxIsometricForceN,
  optimalFiberLengthM: m.optimalFiberLengthM,
  tendonSlackLengthM: m.tendonSlackLengthM,
  fiberWidthM: m.fiberWidthM,
  maxContractionVelocityLoptPerS: m.maxContractionVelocityLoptPerS,
  passiveSlope: m.passiveSlope,
  passiveOffset: m.passiveOffset,
  passiveDenominator: m.passiveDenominator,
  mtLengthAtNeutralM: m.mtLengthAtNeutralM,
  momentArmCoefficientsM: [...m.momentArmCoefficientsM],
});

export function exportSwing(leg: LegModel, drivers: SwingDrivers): SwingExport {
  const p = leg.pattern;
  const c = leg.chain;
  return {
    chain: {
      massKg: Array.from(c.massKg),
      inertiaKgM2: Array.from(c.inertiaKgM2),
      comLocalM: Array.from(c.comLocal),
      jointLocalM: Array.from(c.jointLocal),
      gravityMps2: c.gravityMps2,
    },
    toeLocalM: [leg.toeLocal[0], leg.toeLocal[1]],
    toeStandingZM: leg.toeStandingZ,
    pattern: {
      toeOffPhase: p.toeOffPhase,
      strideTimeS: p.strideTimeS,
      heightScale: leg.heightScale,
      pelvisTiltRad: series(p.pelvisTiltRad),
      hipFlexionRad: series(p.hipFlexionRad),
      kneeFlexionRad: series(p.kneeFlexionRad),
      ankleDorsiflexionRad: series(p.ankleDorsiflexionRad),
      hipHeightOffsetM: series(p.hipHeightOffsetM),
    },
    feedforwardExcitation: Array.from(leg.feedforwardExcitation),
    feedforwardActivationAtToeOff: leg.feedforwardActivation[0],
    feedbackGainPerRad: leg.feedbackGainPerRad,
    feedbackGainPerRadS: leg.feedbackGainPerRadS,
    soleusExcitation: leg.soleusExcitation,
    activation: { tauActivationS: DE_GROOTE_ACTIVATION.tauActivationS, tauDeactivationS: DE_GROOTE_ACTIVATION.tauDeactivationS },
    muscles: { ta: muscle(leg.muscles.ta), sol: muscle(leg.muscles.sol) },
    drivers: { ...drivers },
  };
}
