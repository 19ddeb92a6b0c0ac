/**
 * Neural drive D ∈ [0, 1] to the dorsiflexors for each neurological mechanism (MODEL.md §5).
 *
 * Drive multiplies TA excitation: the muscle itself is not tired (force per unit activation is
 * intact), which is what separates a nerve deficit from fatigue (model/fatigue.ts scales
 * capacity instead). The mechanisms differ in time course:
 *  - peronealNeuropathy: constant reduced drive from the first stride (fibular-head entrapment, scar).
 *  - exertionalCompartment: anterior compartment pressure rises with running towards a
 *    speed-dependent plateau and falls at rest; conduction in the deep peroneal nerve fails
 *    smoothly above a threshold pressure and recovers slowly after decompression.
 *  - intermittentBlock: stride-by-stride conduction failures whose probability grows with the
 *    distance run (dynamic entrapment).
 *  - radiculopathyL5: constant reduced drive (the L5 myotome's invertors and hip abductors are
 *    not in this planar model).
 *
 * State per leg lives in a small Float64Array (see NERVE_STATE_*); updates allocate nothing.
 */
import type { NerveParams } from './params.ts';
import type { Rng } from '../random.ts';

/** Indices into the per-leg nerve state. */
export const NERVE_STATE_PRESSURE_MMHG = 0;
export const NERVE_STATE_DRIVE = 1;
export const NERVE_STATE_SIZE = 2;

/** Running speed at which the compartment plateau pressure is specified, m/s. */
export const COMPARTMENT_REFERENCE_SPEED_MPS = 3.0;

/** A fresh nerve state at the start of a run (rested: resting pressure, full drive). */
export function createNerveState(p: NerveParams): Float64Array {
  const s = new Float64Array(NERVE_STATE_SIZE);
  s[NERVE_STATE_PRESSURE_MMHG] = p.mechanism === 'exertionalCompartment' ? p.restingPressureMmHg : 0;
  s[NERVE_STATE_DRIVE] = constantDrive(p);
  return s;
}

/** The drive of mechanisms whose drive does not change over time (1 for the others at rest). */
function constantDrive(p: NerveParams): number {
  return p.mechanism === 'peronealNeuropathy' || p.mechanism === 'radiculopathyL5' ? p.drive : 1;
}

/** Smooth 0→1 ramp over [0, 1] (cubic smoothstep). */
const smoothstep = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - 2 * x));

/**
 * Drive the compartment pressure alone would allow, given the pressure (deep peroneal nerve
 * compression: conduction fails progressively above the threshold).
 */
export function compartmentDriveTarget(p: Extract<NerveParams, { mechanism: 'exertionalCompartment' }>, pressureMmHg: number): number {
  return 1 - (1 - p.minDrive) * smoothstep((pressureMmHg - p.thresholdMmHg) / p.widthMmHg);
}

/**
 * Advance the slowly varying nerve state by dtS, running at speedMps (0 = resting).
 * Exact exponential updates, so any dtS (a stride or a whole rest) is accurate.
 *
 * Compartment pressure: first-order towards the target (plateau scaled linearly with speed
 * relative to COMPARTMENT_REFERENCE_SPEED_MPS while running*, resting pressure at rest), with
 * riseTauS while rising and fallTauS while falling. Drive follows its pressure-determined
 * target quickly when conduction fails (nerveFailTauS) and slowly when it recovers
 * (nerveRecoveryTauS): ischaemic conduction block recovers over minutes after decompression,
 * which is why symptoms outlast the pressure drop (resolution 15–30 min, Pedowitz 1990 /
 * reference sheet §7).
 * * The linear speed scaling of the plateau is a modelling assumption (no published
 *   pressure-vs-speed relation was found).
 */
export function advanceNerve(p: NerveParams, state: Float64Array, dtS: number, speedMps: number): void {
  if (p.mechanism !== 'exertionalCompartment') {
    state[NERVE_STATE_DRIVE] = constantDrive(p);
    return;
  }
  const running = speedMps > 0;
  const target = running
    ? p.restingPressureMmHg + (p.plateauPressureMmHg - p.restingPressureMmHg) * (speedMps / COMPARTMENT_REFERENCE_SPEED_MPS)
    : p.restingPressureMmHg;
  const pressure = state[NERVE_STATE_PRESSURE_MMHG];
  const tau = target > pressure ? p.riseTauS : p.fallTauS;
  const next = target + (pressure - target) * Math.exp(-dtS / tau);
  state[NERVE_STATE_PRESSURE_MMHG] = next;
  const driveTarget = compartmentDriveTarget(p, next);
  const drive = state[NERVE_STATE_DRIVE];
  const tauDrive = driveTarget < drive ? p.nerveFailTauS : p.nerveRecoveryTauS;
  state[NERVE_STATE_DRIVE] = driveTarget + (drive - driveTarget) * Math.exp(-dtS / tauDrive);
}

/**
 * Drive for one stride: the slowly varying drive, except that an intermittent block may make
 * this stride fail (probability baseProbability + probabilityPerKm · km run).
 */
export function strideDrive(p: NerveParams, state: Float64Array, distanceRunM: number, rng: Rng): number {
  if (p.mechanism === 'intermittentBlock') {
    const probability = Math.min(1, p.baseProbability + p.probabilityPerKm * (distanceRunM / 1000));
    return rng.uniform() < probability ? p.failedDrive : 1;
  }
  return state[NERVE_STATE_DRIVE];
}

/** Drive after the run has stopped (intermittent blocks need movement to occur). */
export function restingDrive(p: NerveParams, state: Float64Array): number {
  return p.mechanism === 'intermittentBlock' ? 1 : state[NERVE_STATE_DRIVE];
}
