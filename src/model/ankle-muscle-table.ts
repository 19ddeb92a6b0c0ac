/**
 * Ankle-angle tables of the TA and soleus geometry-dependent factors, for the swing's hot loop.
 *
 * With a rigid tendon, everything in a musculotendon's force except activation and the
 * force–velocity factor depends on the ankle angle alone (ankle-muscles.ts):
 *   F = F_max·(q·[f_L cos α](θ)·f_V(k(θ)·θ̇) + [f_PE cos α](θ)),  k = −r·cos α/(v_max·l_opt).
 * These θ-only factors and r(θ) are tabulated once per leg model at 0.02° spacing and
 * interpolated linearly (relative error ~1e-7 for these smooth curves; tests compare with the
 * exact kernels), leaving one asinh per muscle per evaluation. Outside the table's range the
 * exact kernels are used.
 */
import {
  ankleMuscleTorqueNm,
  momentArmSignedM,
  musculotendonForceN,
  musculotendonLengthM,
  type AnkleMuscleSet,
  type MusculotendonParams,
} from './ankle-muscles.ts';
import { activeForceLengthDeGroote, forceVelocityDeGroote } from './muscle.ts';

const MIN_RAD = (-90 * Math.PI) / 180;
const MAX_RAD = (60 * Math.PI) / 180;
const STEP_RAD = (0.02 * Math.PI) / 180;
const N = Math.ceil((MAX_RAD - MIN_RAD) / STEP_RAD) + 1;
/** Values per angle per muscle: [r, f_L·cos α, f_PE·cos α, k]. */
const W = 4;
/** The grid (row i at θ = MIN + i·STEP, rad) and row width, for tables built on the same grid (swing-tables.ts). */
export { MIN_RAD as ANKLE_TABLE_MIN_RAD, STEP_RAD as ANKLE_TABLE_STEP_RAD, N as ANKLE_TABLE_SIZE, W as ANKLE_TABLE_WIDTH };


export interface AnkleMuscleTable {
  readonly set: AnkleMuscleSet;
  /** (N x 4) per muscle */
  readonly ta: Float64Array;
  readonly sol: Float64Array;
  readonly taMaxForceN: number;
  readonly solMaxForceN: number;
}

function fill(mtu: MusculotendonParams): Float64Array {
  const t = new Float64Array(N * W);
  for (let i = 0; i < N; i++) {
    const theta = MIN_RAD + i * STEP_RAD;
    const r = momentArmSignedM(mtu, theta);
    const along = musculotendonLengthM(mtu, theta) - mtu.tendonSlackLengthM;
    let flc = 0;
    let fpc = 0;
    let k = 0;
    if (along > 0) {
      const w = mtu.fiberWidthM;
      const lM = Math.sqrt(w * w + along * along);
      const cosAlpha = along / lM;
      const normLength = lM / mtu.optimalFiberLengthM;
      let fPE = (Math.exp(mtu.passiveSlope * (normLength - 1)) - mtu.passiveOffset) / mtu.passiveDenominator;
      if (fPE < 0) fPE = 0;
      flc = activeForceLengthDeGroote(normLength) * cosAlpha;
      fpc = fPE * cosAlpha;
      k = (-r * cosAlpha) / (mtu.maxContractionVelocityLoptPerS * mtu.optimalFiberLengthM);
    }
    t[i * W] = r;
    t[i * W + 1] = flc;
    t[i * W + 2] = fpc;
    t[i * W + 3] = k;
  }
  return t;
}

/** Build the tables for a muscle set (≈ 0.5 MB, a few ms). */
export function compileAnkleMuscleTable(set: AnkleMuscleSet): AnkleMuscleTable {
  return Object.freeze({
    set,
    ta: fill(set.ta),
    sol: fill(set.sol),
    taMaxForceN: set.ta.maxIsometricForceN,
    solMaxForceN: set.sol.maxIsometricForceN,
  });
}

/** Interpolated factors at θ written into out[0..3]; returns false outside the table. */
function lookup(table: Float64Array, theta: number, out: Float64Array): boolean {
  const x = (theta - MIN_RAD) / STEP_RAD;
  if (!(x >= 0 && x < N - 1)) return false;
  const i = Math.floor(x);
  const f = x - i;
  const o = i * W;
  out[0] = table[o] + f * (table[o + W] - table[o]);
  out[1] = table[o + 1] + f * (table[o + W + 1] - table[o + 1]);
  out[2] = table[o + 2] + f * (table[o + W + 2] - table[o + 2]);
  out[3] = table[o + 3] + f * (table[o + W + 3] - table[o + 3]);
  return true;
}

const fTa = new Float64Array(W);
const fSol = new Float64Array(W);

function forceVelocity(normVelocity: number): number {
  const fV = forceVelocityDeGroote(normVelocity);
  return fV > 0 ? fV : 0; // clamped as in musculotendonForceN
}

/** Net TA + soleus ankle torque, N·m (+ DF); same as ankleMuscleTorqueNm, tabulated. */
export function tableAnkleTorqueNm(
  t: AnkleMuscleTable,
  taActivation: number,
  solActivation: number,
  ankleRad: number,
  ankleVelRadS: number,
  taCapacity: number,
): number {
  if (!lookup(t.ta, ankleRad, fTa) || !lookup(t.sol, ankleRad, fSol)) {
    return ankleMuscleTorqueNm(t.set, taActivation, solActivation, ankleRad, ankleVelRadS, taCapacity);
  }
  const forceTa = t.taMaxForceN * (taActivation * taCapacity * fTa[1] * forceVelocity(fTa[3] * ankleVelRadS) + fTa[2]);
  const forceSol = t.solMaxForceN * (solActivation * fSol[1] * forceVelocity(fSol[3] * ankleVelRadS) + fSol[2]);
  return fTa[0] * forceTa + fSol[0] * forceSol;
}

/**
 * TA force components at (θ, θ̇), N, into out: [active force per unit activation·capacity
 * (F_max·f_L·f_V·cos α), passive force]. Force = out[0]·a·c + out[1].
 */
export function tableTibialisComponents(t: AnkleMuscleTable, ankleRad: number, ankleVelRadS: number, out: Float64Array): void {
  if (!lookup(t.ta, ankleRad, fTa)) {
    const s = t.set;
    const r = momentArmSignedM(s.ta, ankleRad);
    const passive = musculotendonForceN(s.ta, 0, ankleRad, ankleVelRadS, r);
    out[0] = musculotendonForceN(s.ta, 1, ankleRad, ankleVelRadS, r) - passive;
    out[1] = passive;
    return;
  }
  out[0] = t.taMaxForceN * fTa[1] * forceVelocity(fTa[3] * ankleVelRadS);
  out[1] = t.taMaxForceN * fTa[2];
}
