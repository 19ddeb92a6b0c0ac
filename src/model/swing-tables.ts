/**
 * Lookup tables for the swing's hot loop (model/swing.ts), so that one derivative evaluation
 * calls no transcendental function. Each table is built once from the exact kernels and is
 * accurate to the level stated on it; tests/unit/swing-tables.test.ts compares every one with
 * the exact function.
 *
 * - {@link sinCos}: sine and cosine from a 2048-per-turn table plus a 5th/4th-order Taylor
 *   correction (|δ| ≤ π/2048, truncation < 1e-19): within a few ulp of Math.sin/Math.cos.
 * - {@link forceVelocityFast}: De Groote 2016 force–velocity f_V(ṽ) (an asinh) by cubic Hermite
 *   interpolation of exact values and slopes on a 1/2048 grid over ṽ ∈ [−2, 2]
 *   (error ≤ h⁴/384·max|f⁗| ≈ 2e-12); exact outside.
 * - {@link gastrocnemiusKneeRatio}: the knee-dependent factor of the gastrocnemius surrogate
 *   (passive-ankle.ts), which is separable: G(θ, κ) = G(θ, 0)·ρ(κ); ρ tabulated on a 0.02° grid
 *   with a node at the slack angle (90°, where ρ has its kink), linear (relative error ≤ 2e-8).
 * - {@link compileSwingAnkleTable}: per ankle angle, the muscle factors of ankle-muscle-table.ts
 *   (copied, same grid, same linear interpolation) and the θ-only passive terms (end-range
 *   torque and G(θ, 0), linear on the 0.02° grid: relative error ≤ 3e-7 on G and 2e-5 on the
 *   end-range torque, which is < 0.05 N·m in the swing's range).
 */
import {
  ANKLE_TABLE_MIN_RAD,
  ANKLE_TABLE_STEP_RAD,
  ANKLE_TABLE_SIZE,
  ANKLE_TABLE_WIDTH,
  type AnkleMuscleTable,
} from './ankle-muscle-table.ts';
import { forceVelocityDeGroote, forceVelocityDeGrooteDerivative } from './muscle.ts';
import { ankleLimitTorqueNm, gastrocnemiusPassiveTorqueNm, GASTROCNEMIUS_SLACK_KNEE_FLEXION_RAD } from './passive-ankle.ts';

// ---------------------------------------------------------------------------------------------
// sin / cos
// ---------------------------------------------------------------------------------------------

/** Table cells per turn (2π). */
const TRIG_CELLS = 2048;
/** 2π/2048: exact (a power-of-two division of fl(2π)). */
const TRIG_STEP = (2 * Math.PI) / TRIG_CELLS;
const TRIG_INV_STEP = TRIG_CELLS / (2 * Math.PI);
/** The table covers [−2π, 2π]: index j + TRIG_CELLS for j ∈ [−2048, 2048]. */
const SIN_TABLE = new Float64Array(2 * TRIG_CELLS + 1);
const COS_TABLE = new Float64Array(2 * TRIG_CELLS + 1);
for (let j = -TRIG_CELLS; j <= TRIG_CELLS; j++) {
  SIN_TABLE[j + TRIG_CELLS] = Math.sin(j * TRIG_STEP);
  COS_TABLE[j + TRIG_CELLS] = Math.cos(j * TRIG_STEP);
}

/**
 * sin x and cos x into out[offset], out[offset + 1]; no allocation.
 * sin(x_j + δ) = sin x_j·cos δ + cos x_j·sin δ with the nearest node x_j = j·2π/2048 and
 * cos δ, sin δ by Taylor series (|δ| ≤ 1.54e-3: the first omitted terms are < 1e-19).
 * Outside [−2π, 2π] (and for NaN) it falls back to Math.sin / Math.cos.
 */
export function sinCos(x: number, out: Float64Array, offset: number): void {
  const u = x * TRIG_INV_STEP;
  if (!(u > -TRIG_CELLS && u < TRIG_CELLS)) {
    out[offset] = Math.sin(x);
    out[offset + 1] = Math.cos(x);
    return;
  }
  const j = Math.round(u);
  const d = x - j * TRIG_STEP;
  const d2 = d * d;
  const sinD = d * (1 - d2 * (1 / 6 - d2 * (1 / 120)));
  const cosD = 1 - d2 * (0.5 - d2 * (1 / 24));
  const s = SIN_TABLE[j + TRIG_CELLS];
  const c = COS_TABLE[j + TRIG_CELLS];
  out[offset] = s * cosD + c * sinD;
  out[offset + 1] = c * cosD - s * sinD;
}

// ---------------------------------------------------------------------------------------------
// Force–velocity (De Groote 2016), cubic Hermite
// ---------------------------------------------------------------------------------------------

const FV_MIN = -2;
const FV_CELLS_PER_UNIT = 2048;
const FV_CELLS = 4 * FV_CELLS_PER_UNIT;
/** (FV_CELLS + 1 x 2): [f_V, h·f_V′] at ṽ_i = FV_MIN + i/2048. */
const FV_TABLE = new Float64Array(2 * (FV_CELLS + 1));
for (let i = 0; i <= FV_CELLS; i++) {
  const v = FV_MIN + i / FV_CELLS_PER_UNIT;
  FV_TABLE[2 * i] = forceVelocityDeGroote(v);
  FV_TABLE[2 * i + 1] = forceVelocityDeGrooteDerivative(v) / FV_CELLS_PER_UNIT;
}

/**
 * De Groote 2016 force–velocity multiplier f_V(ṽ) (unclamped, as forceVelocityDeGroote), by
 * cubic Hermite interpolation; exact kernel outside ṽ ∈ [−2, 2].
 * @param normFiberVelocity ṽ = v_M / (v_max·l_opt), negative = shortening.
 */
export function forceVelocityFast(normFiberVelocity: number): number {
  const x = (normFiberVelocity - FV_MIN) * FV_CELLS_PER_UNIT;
  if (!(x >= 0 && x < FV_CELLS)) return forceVelocityDeGroote(normFiberVelocity);
  const i = Math.floor(x);
  const t = x - i;
  const o = 2 * i;
  const f0 = FV_TABLE[o];
  const s0 = FV_TABLE[o + 1];
  const f1 = FV_TABLE[o + 2];
  const s1 = FV_TABLE[o + 3];
  const df = f1 - f0;
  return f0 + t * (s0 + t * (3 * df - 2 * s0 - s1 + t * (s0 + s1 - 2 * df)));
}

// ---------------------------------------------------------------------------------------------
// Gastrocnemius surrogate: knee ratio ρ(κ) = G(θ, κ)/G(θ, 0)
// ---------------------------------------------------------------------------------------------

const KNEE_STEP_RAD = (0.02 * Math.PI) / 180;
/** Nodes below the slack angle; the grid starts at 90° − 7500·0.02° = −60°. */
const KNEE_NODES_BELOW_SLACK = 7500;
const KNEE_MIN_RAD = GASTROCNEMIUS_SLACK_KNEE_FLEXION_RAD - KNEE_NODES_BELOW_SLACK * KNEE_STEP_RAD;
const KNEE_RATIO_TABLE = new Float64Array(KNEE_NODES_BELOW_SLACK + 2);
const GASTROCNEMIUS_AT_ZERO = gastrocnemiusPassiveTorqueNm(0, 0);
for (let i = 0; i < KNEE_RATIO_TABLE.length; i++) {
  const knee = i === KNEE_NODES_BELOW_SLACK ? GASTROCNEMIUS_SLACK_KNEE_FLEXION_RAD : KNEE_MIN_RAD + i * KNEE_STEP_RAD;
  KNEE_RATIO_TABLE[i] = gastrocnemiusPassiveTorqueNm(0, knee) / GASTROCNEMIUS_AT_ZERO;
}

/**
 * ρ(κ) with gastrocnemiusPassiveTorqueNm(θ, κ) = gastrocnemiusPassiveTorqueNm(θ, 0)·ρ(κ)
 * (the surrogate is a product of an ankle and a knee factor); 0 from the slack angle on.
 * @param kneeFlexionRad κ, rad.
 */
export function gastrocnemiusKneeRatio(kneeFlexionRad: number): number {
  if (kneeFlexionRad >= GASTROCNEMIUS_SLACK_KNEE_FLEXION_RAD) return 0;
  const x = (kneeFlexionRad - KNEE_MIN_RAD) / KNEE_STEP_RAD;
  if (!(x >= 0)) return gastrocnemiusPassiveTorqueNm(0, kneeFlexionRad) / GASTROCNEMIUS_AT_ZERO;
  const i = Math.floor(x);
  const f = x - i;
  return KNEE_RATIO_TABLE[i] + f * (KNEE_RATIO_TABLE[i + 1] - KNEE_RATIO_TABLE[i]);
}

// ---------------------------------------------------------------------------------------------
// Per ankle angle: muscle factors + θ-only passive terms
// ---------------------------------------------------------------------------------------------

/** Columns of the swing ankle table (per node θ_i; N·m for torques, N for forces). */
export const SA_TA_ACTIVE_TORQUE = 0; // r·F_max·f_L·cos α of the TA: torque per unit activation·capacity·f_V
export const SA_TA_SPEED = 1; // k of the TA: ṽ = k·θ̇
export const SA_SOL_ACTIVE_TORQUE = 2; // the same for the soleus
export const SA_SOL_SPEED = 3;
export const SA_PASSIVE_TORQUE = 4; // TA + soleus passive fibre torque + end-range ligament torque
export const SA_GASTROCNEMIUS = 5; // G(θ, 0)
export const SA_SIN = 6; // sin θ_i (exact; callers add the Taylor correction in θ − θ_i)
export const SA_COS = 7; // cos θ_i
export const SA_TA_ACTIVE_FORCE = 8; // F_max·f_L·cos α of the TA, N (TA force and load outputs)
export const SA_TA_PASSIVE_FORCE = 9; // F_max·f_PE·cos α of the TA, N
export const SWING_ANKLE_TABLE_WIDTH = 10;
export { ANKLE_TABLE_MIN_RAD as SWING_ANKLE_MIN_RAD, ANKLE_TABLE_STEP_RAD as SWING_ANKLE_STEP_RAD, ANKLE_TABLE_SIZE as SWING_ANKLE_SIZE };

const cache = new WeakMap<AnkleMuscleTable, Float64Array>();

/**
 * The swing ankle table of a muscle table: (ANKLE_TABLE_SIZE x SWING_ANKLE_TABLE_WIDTH), rows on
 * the muscle table's grid. Cached per muscle table (≈ 0.6 MB).
 */
export function compileSwingAnkleTable(muscles: AnkleMuscleTable): Float64Array {
  const hit = cache.get(muscles);
  if (hit) return hit;
  const w = SWING_ANKLE_TABLE_WIDTH;
  const mw = ANKLE_TABLE_WIDTH; // muscle table row: [r, f_L·cos α, f_PE·cos α, k]
  const table = new Float64Array(ANKLE_TABLE_SIZE * w);
  const ta = muscles.ta;
  const sol = muscles.sol;
  for (let i = 0; i < ANKLE_TABLE_SIZE; i++) {
    const theta = ANKLE_TABLE_MIN_RAD + i * ANKLE_TABLE_STEP_RAD;
    const m = i * mw;
    const o = i * w;
    table[o + SA_TA_ACTIVE_TORQUE] = ta[m] * muscles.taMaxForceN * ta[m + 1];
    table[o + SA_TA_SPEED] = ta[m + 3];
    table[o + SA_SOL_ACTIVE_TORQUE] = sol[m] * muscles.solMaxForceN * sol[m + 1];
    table[o + SA_SOL_SPEED] = sol[m + 3];
    table[o + SA_PASSIVE_TORQUE] = ta[m] * muscles.taMaxForceN * ta[m + 2] + sol[m] * muscles.solMaxForceN * sol[m + 2] + ankleLimitTorqueNm(theta);
    table[o + SA_GASTROCNEMIUS] = gastrocnemiusPassiveTorqueNm(theta, 0);
    table[o + SA_SIN] = Math.sin(theta);
    table[o + SA_COS] = Math.cos(theta);
    table[o + SA_TA_ACTIVE_FORCE] = muscles.taMaxForceN * ta[m + 1];
    table[o + SA_TA_PASSIVE_FORCE] = muscles.taMaxForceN * ta[m + 2];
  }
  cache.set(muscles, table);
  return table;
}
