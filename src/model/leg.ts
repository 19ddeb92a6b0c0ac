/**
 * Compiles a leg's read-only swing model (the "mjModel" of one leg): segment chain, foot
 * geometry, muscles, gait pattern and the feedforward TA excitation that makes a rested leg
 * follow the normative ankle curve.
 *
 * Segments (de Leva 1996, via model/anthropometry.ts) form the planar chain of model/chain.ts:
 * thigh (hip → knee), shank (knee → ankle), foot (rigid, about the ankle). At zero joint angles
 * the leg stands straight with the foot flat: the toe point then has clearance 0.
 */
import { compileChain, createChainScratch, pointPosition, chainAccelerations, type ChainModel } from './chain.ts';
import { segmentProperties } from './anthropometry.ts';
import { ankleMuscleSet, tibialisForceN, tibialisMomentArmM, ankleMuscleTorqueNm, type AnkleMuscleSet } from './ankle-muscles.ts';
import { passiveAnkleTorqueNm } from './passive-ankle.ts';
import { compileAnkleMuscleTable, type AnkleMuscleTable } from './ankle-muscle-table.ts';
import { gaitPattern, evalFourierDerivatives, type GaitPattern } from './kinematics.ts';
import { DE_GROOTE_ACTIVATION } from './muscle.ts';
import type { RunParams } from './params.ts';

/** Number of samples of the feedforward excitation table over the swing. */
export const FEEDFORWARD_SAMPLES = 256;

/** Soleus excitation in swing: the minimum activation of OpenSim's Millard2012 muscle (0.01); CMC shows soleus ≈ 0 in swing (Hamner 2010 CMC, reference sheet §2). */
export const SOLEUS_SWING_EXCITATION = 0.01;

export interface LegModel {
  readonly side: 'left' | 'right';
  readonly chain: ChainModel;
  /** Clearance point at the toe (see model.clearancePoint) and the heel, in the foot's local chain frame [p, l], m. */
  readonly toeLocal: readonly [number, number];
  readonly heelLocal: readonly [number, number];
  /** Toe and heel height relative to the hip at zero joint angles (standing), m. */
  readonly toeStandingZ: number;
  readonly heelStandingZ: number;
  readonly muscles: AnkleMuscleSet;
  /** The muscles' angle-dependent factors tabulated for the hot loop. */
  readonly muscleTable: AnkleMuscleTable;
  readonly pattern: GaitPattern;
  /** Runner height / the pattern's reference height: scales the hip-height curve. */
  readonly heightScale: number;
  /** Feedforward TA excitation over the swing, phase from toe-off (index 0) to contact. (FEEDFORWARD_SAMPLES) */
  readonly feedforwardExcitation: Float64Array;
  /** The activation that feedforward plans for (for the initial state). (FEEDFORWARD_SAMPLES) */
  readonly feedforwardActivation: Float64Array;
  readonly feedbackGainPerRad: number;
  readonly feedbackGainPerRadS: number;
  readonly soleusExcitation: number;
}

/**
 * Build the swing model of one leg from validated run parameters.
 * @param pattern override the normative gait pattern (sensitivity studies, tests)
 */
export function compileLegModel(params: RunParams, side: 'left' | 'right', pattern?: GaitPattern): LegModel {
  const leg = params[side];
  const seg = segmentProperties(params.runner, { shoeMassKg: params.model.shoeMassKg });
  const g = seg.footGeometry;
  // Foot frame (x forward, z up, ankle at origin) → chain local frame (p forward, l distal = down).
  const footLocal = (xz: readonly [number, number]) => [xz[0], -xz[1]] as const;
  const chain = compileChain([
    {
      massKg: seg.thigh.massKg,
      inertiaAboutComKgM2: seg.thigh.inertiaAboutComKgM2,
      comLocalM: [0, seg.thigh.comFromProximalM],
      distalJointLocalM: [0, seg.thigh.lengthM],
    },
    {
      massKg: seg.shank.massKg,
      inertiaAboutComKgM2: seg.shank.inertiaAboutComKgM2,
      comLocalM: [0, seg.shank.comFromProximalM],
      distalJointLocalM: [0, seg.shank.lengthM],
    },
    {
      massKg: seg.foot.massKg,
      inertiaAboutComKgM2: seg.foot.inertiaAboutComKgM2,
      comLocalM: footLocal(g.comM),
      distalJointLocalM: [0, 0],
    },
  ]);
  // The clearance point: the sole's toe tip, or where a toe-tip marker sits (barefoot: the same).
  const toeLocal = footLocal(params.model.clearancePoint === 'toeMarker' ? (g.toeMarkerM ?? g.toeM) : g.toeM);
  const heelLocal = footLocal(g.heelM);
  const zero = new Float64Array(3);
  const tmp = new Float64Array(2);
  pointPosition(chain, zero, 2, toeLocal[0], toeLocal[1], tmp);
  const toeStandingZ = tmp[1];
  pointPosition(chain, zero, 2, heelLocal[0], heelLocal[1], tmp);
  const heelStandingZ = tmp[1];

  const muscles = ankleMuscleSet({
    model: params.model.muscleSet,
    tibialisStrength: leg.tibialisStrength,
    soleusStiffness: leg.soleusStiffness,
    passiveCurve: params.model.passiveCurve,
  });
  pattern ??= gaitPattern(params.gait, params.speedMps);
  const heightScale = params.runner.heightM / pattern.referenceHeightM;
  const base = {
    side,
    chain,
    toeLocal,
    heelLocal,
    toeStandingZ,
    heelStandingZ,
    muscles,
    muscleTable: cachedMuscleTable(muscles),
    pattern,
    heightScale,
    feedbackGainPerRad: params.model.feedbackGainPerRad,
    feedbackGainPerRadS: params.model.feedbackGainPerRadS,
    soleusExcitation: SOLEUS_SWING_EXCITATION,
  };
  const { excitation, activation } = planFeedforward(base);
  return Object.freeze({ ...base, feedforwardExcitation: excitation, feedforwardActivation: activation });
}

/**
 * Compiled muscle tables by muscle parameters (a few ms each; the runs of a sweep mostly share
 * them). A small first-in-first-out cache: at most MUSCLE_TABLE_CACHE_SIZE tables (~1 MB each with
 * the swing's own table) stay alive.
 */
const muscleTableCache = new Map<string, AnkleMuscleTable>();
const MUSCLE_TABLE_CACHE_SIZE = 8;

function cachedMuscleTable(muscles: AnkleMuscleSet): AnkleMuscleTable {
  const key = JSON.stringify(muscles);
  let table = muscleTableCache.get(key);
  if (!table) {
    if (muscleTableCache.size >= MUSCLE_TABLE_CACHE_SIZE) muscleTableCache.delete(muscleTableCache.keys().next().value as string);
    table = compileAnkleMuscleTable(muscles);
    muscleTableCache.set(key, table);
  }
  return table;
}

/**
 * Inverse dynamics of the rested leg along the normative ankle curve → the TA excitation that
 * produces it. This is the "learned" motor plan: it includes this runner's own segment
 * properties and soleus stiffness (a chronically stiff soleus is planned for, so it raises the
 * TA's load), but assumes full TA capacity and neural drive; fatigue and nerve deficits then act
 * on top of it, and the feedback loop compensates as far as the muscle allows.
 *
 * Steps per sample: required ankle torque from the chain equation with the foot's acceleration
 * prescribed; minus passive and soleus torques → TA torque; / moment arm → TA force; → activation
 * by inverting the (linear in activation) force; → excitation by inverting first-order
 * activation dynamics a' = (u − a)/τ(a, u).
 */
function planFeedforward(leg: Omit<LegModel, 'feedforwardExcitation' | 'feedforwardActivation'>): {
  excitation: Float64Array;
  activation: Float64Array;
} {
  const n = FEEDFORWARD_SAMPLES;
  const { pattern, chain } = leg;
  const T = pattern.strideTimeS;
  const phiTO = pattern.toeOffPhase;
  const scratch = createChainScratch(chain);
  const kin = new Float64Array(12);
  const phi = new Float64Array(3);
  const phiDot = new Float64Array(3);
  const phiDdot = new Float64Array(3);
  const tau = new Float64Array(3);
  const free = Uint8Array.of(0, 0, 1);
  const activation = new Float64Array(n);
  const footInertiaAtAnkle =
    chain.inertiaKgM2[2] + chain.massKg[2] * (chain.comLocal[4] ** 2 + chain.comLocal[5] ** 2);
  for (let i = 0; i < n; i++) {
    const phase = phiTO + ((1 - phiTO) * i) / (n - 1);
    evaluateKinematics(pattern, phase, T, 1, 1, leg.heightScale, kin);
    const theta = kin[6];
    const thetaDot = kin[7];
    phi[0] = kin[0];
    phi[1] = kin[0] - kin[3];
    phi[2] = phi[1] + theta;
    phiDot[0] = kin[1];
    phiDot[1] = kin[1] - kin[4];
    phiDot[2] = phiDot[1] + thetaDot;
    phiDdot[0] = kin[2];
    phiDdot[1] = kin[2] - kin[5];
    // Foot acceleration with zero ankle torque, then the torque that gives the planned one:
    // M33 φ̈3 = τ + rhs  ⇒  τ = M33 (φ̈3,planned − φ̈3,τ=0).
    chainAccelerations(chain, phi, phiDot, phiDdot, free, tau, 0, kin[11], scratch);
    const plannedFootAcc = phiDdot[1] + kin[8];
    const requiredTorque = footInertiaAtAnkle * (plannedFootAcc - phiDdot[2]);
    const passive =
      ankleMuscleTorqueNm(leg.muscles, 0, leg.soleusExcitation, theta, thetaDot, 1) +
      passiveAnkleTorqueNm(theta, thetaDot, kin[3]);
    const armM = tibialisMomentArmM(leg.muscles, theta);
    const force0 = tibialisForceN(leg.muscles, 0, theta, thetaDot, 1);
    const force1 = tibialisForceN(leg.muscles, 1, theta, thetaDot, 1);
    const neededForce = (requiredTorque - passive) / armM + force0;
    activation[i] = clamp01((neededForce - force0) / (force1 - force0));
  }
  // Invert activation dynamics with central differences of the planned activation.
  const excitation = new Float64Array(n);
  const dt = ((1 - phiTO) * T) / (n - 1);
  for (let i = 0; i < n; i++) {
    const a = activation[i];
    const aDot = (activation[Math.min(n - 1, i + 1)] - activation[Math.max(0, i - 1)]) / ((i === 0 || i === n - 1 ? 1 : 2) * dt);
    // Thelen 2003 eqs. 1–2 inverted: u = a + τ(a)·ȧ, τ = τ_act(0.5+1.5a) rising, τ_deact/(0.5+1.5a) falling.
    const z = 0.5 + 1.5 * a;
    const tau = aDot >= 0 ? DE_GROOTE_ACTIVATION.tauActivationS * z : DE_GROOTE_ACTIVATION.tauDeactivationS / z;
    excitation[i] = clamp01(a + tau * aDot);
  }
  return { excitation, activation };
}

export const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** Number of values per phase in a raw kinematics sample (see {@link sampleKinematics}). */
export const RAW_KINEMATICS_WIDTH = 15;

/**
 * The pattern's curves at one phase, per unit phase (no stride-specific scaling), written to
 * out[offset..offset+14]: [tilt, tilt', tilt'', hip, hip', hip'', knee, knee', knee'', ankle,
 * ankle', ankle'', hipHeight, hipHeight', hipHeight''] (' = d/dφ). These are tabulated once per
 * leg model at the integrator's stage phases, since a fixed number of steps per swing puts every
 * stride's stages at the same phases.
 */
export function sampleKinematics(pattern: GaitPattern, phase: number, out: Float64Array, offset = 0): void {
  evalFourierDerivatives(pattern.pelvisTiltRad, phase, out, offset);
  evalFourierDerivatives(pattern.hipFlexionRad, phase, out, offset + 3);
  evalFourierDerivatives(pattern.kneeFlexionRad, phase, out, offset + 6);
  evalFourierDerivatives(pattern.ankleDorsiflexionRad, phase, out, offset + 9);
  evalFourierDerivatives(pattern.hipHeightOffsetM, phase, out, offset + 12);
}

/**
 * Stride-specific driven kinematics from a raw sample, written into out (12):
 * [thigh angle φ1, φ̇1, φ̈1, knee flexion κ, κ̇, κ̈, ankle ref θ, θ̇, θ̈, hip height offset z, ż, z̈]
 * with time derivatives for a stride of duration strideTimeS. The thigh's angle to the vertical
 * is hip flexion + pelvis tilt. Amplitude scales act on the deviation of hip flexion and knee
 * flexion from their means (stride-to-stride variability). Allocation-free.
 */
export function scaleKinematics(
  pattern: GaitPattern,
  raw: Float64Array,
  offset: number,
  strideTimeS: number,
  hipScale: number,
  kneeScale: number,
  heightScale: number,
  out: Float64Array,
): void {
  const w = 1 / strideTimeS;
  const w2 = w * w;
  const hipMean = pattern.hipFlexionRad.a0;
  const kneeMean = pattern.kneeFlexionRad.a0;
  const r = offset;
  out[0] = raw[r] + hipMean + hipScale * (raw[r + 3] - hipMean);
  out[1] = (raw[r + 1] + hipScale * raw[r + 4]) * w;
  out[2] = (raw[r + 2] + hipScale * raw[r + 5]) * w2;
  out[3] = kneeMean + kneeScale * (raw[r + 6] - kneeMean);
  out[4] = kneeScale * raw[r + 7] * w;
  out[5] = kneeScale * raw[r + 8] * w2;
  out[6] = raw[r + 9];
  out[7] = raw[r + 10] * w;
  out[8] = raw[r + 11] * w2;
  out[9] = raw[r + 12] * heightScale;
  out[10] = raw[r + 13] * heightScale * w;
  out[11] = raw[r + 14] * heightScale * w2;
}

const rawScratch = new Float64Array(RAW_KINEMATICS_WIDTH);

/** {@link sampleKinematics} + {@link scaleKinematics} at any phase (e.g. for adaptive steps). */
export function evaluateKinematics(
  pattern: GaitPattern,
  phase: number,
  strideTimeS: number,
  hipScale: number,
  kneeScale: number,
  heightScale: number,
  out: Float64Array,
): void {
  sampleKinematics(pattern, phase, rawScratch, 0);
  scaleKinematics(pattern, rawScratch, 0, strideTimeS, hipScale, kneeScale, heightScale, out);
}
