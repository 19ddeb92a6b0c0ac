/**
 * Planar serial chain dynamics (sagittal plane) with any mix of prescribed and free joints.
 *
 * One piece of code serves two uses:
 *  - the swing leg: thigh and shank driven by normative hip/knee curves, the foot free about
 *    the ankle, hanging from a moving hip point;
 *  - a passive triple pendulum (all joints free, no torques), cross-checked against MuJoCo.
 *
 * Frame: x forward, z up, gravity along −z. Each segment has an absolute angle φ measured from
 * the downward vertical, positive when its distal end swings forward (counter-clockwise seen
 * with x right and z up). A point with local coordinates (p, l) — p along the segment's
 * "forward" axis e_perp = (cos φ, sin φ), l along its distal axis e_long = (sin φ, −cos φ) —
 * sits at p·e_perp + l·e_long from the segment's proximal joint. Joint coordinates are
 * relative: q₁ = φ₁ (base joint), q_i = φ_i − φ_{i−1}.
 *
 * Equations of motion: Lagrange's equations in absolute angles, written with the virtual-work
 * form Σ_k m_k (a_k + g ẑ)·∂r_k/∂φ_i + I_i φ̈_i = Q_i (e.g. Greenwood, Principles of Dynamics,
 * ch. 6), where the COM acceleration is a_k = a_base + Σ_{j≤k} (J w_jk φ̈_j − w_jk φ̇_j²),
 * w_jk the world vector from joint j to the point of interest on segment k, and J the +90°
 * rotation. A joint torque τ_j acts +τ on segment j and −τ on segment j−1, so in absolute
 * coordinates Q_i = τ_i − τ_{i+1}.
 */

/** Maximum number of segments; scratch arrays are sized for it (the leg uses 3). */
export const MAX_SEGMENTS = 4;

/** Immutable description of one rigid segment. */
export interface SegmentSpec {
  readonly massKg: number;
  /** Moment of inertia about the COM for rotation in the sagittal plane, kg·m². */
  readonly inertiaAboutComKgM2: number;
  /** COM in the segment's local frame [p (forward), l (distal)], m. */
  readonly comLocalM: readonly [number, number];
  /** Distal joint (proximal joint of the next segment) in the local frame [p, l], m. */
  readonly distalJointLocalM: readonly [number, number];
}

/** Compiled chain: flat arrays for the hot loop. */
export interface ChainModel {
  readonly n: number;
  readonly massKg: Float64Array; // (n)
  readonly inertiaKgM2: Float64Array; // (n)
  readonly comLocal: Float64Array; // (n x 2) [p, l]
  readonly jointLocal: Float64Array; // (n x 2) [p, l] of the distal joint
  readonly gravityMps2: number;
}

/** Build a chain model from segment specs (proximal first). */
export function compileChain(segments: readonly SegmentSpec[], gravityMps2 = 9.80665): ChainModel {
  const n = segments.length;
  if (n < 1 || n > MAX_SEGMENTS) throw new RangeError(`a chain needs 1..${MAX_SEGMENTS} segments, got ${n}`);
  const massKg = new Float64Array(n);
  const inertiaKgM2 = new Float64Array(n);
  const comLocal = new Float64Array(2 * n);
  const jointLocal = new Float64Array(2 * n);
  segments.forEach((s, i) => {
    if (!(s.massKg > 0) || !(s.inertiaAboutComKgM2 > 0)) {
      throw new RangeError(`segment ${i}: mass and inertia must be positive`);
    }
    massKg[i] = s.massKg;
    inertiaKgM2[i] = s.inertiaAboutComKgM2;
    comLocal[2 * i] = s.comLocalM[0];
    comLocal[2 * i + 1] = s.comLocalM[1];
    jointLocal[2 * i] = s.distalJointLocalM[0];
    jointLocal[2 * i + 1] = s.distalJointLocalM[1];
  });
  return Object.freeze({ n, massKg, inertiaKgM2, comLocal, jointLocal, gravityMps2 });
}

/** World vector of local point (p, l) on a segment at absolute angle φ, written to out[o], out[o+1]. */
function rotateLocal(p: number, l: number, cosPhi: number, sinPhi: number, out: Float64Array, o: number): void {
  out[o] = p * cosPhi + l * sinPhi;
  out[o + 1] = p * sinPhi - l * cosPhi;
}

/** Scratch memory for {@link chainAccelerations}; allocate once per model/thread. */
export interface ChainScratch {
  readonly cos: Float64Array; // (n)
  readonly sin: Float64Array; // (n)
  readonly w: Float64Array; // (n x n x 2) w[(k*n + j)*2]: the part of COM k's position that rotates with φ_j (j ≤ k)
  readonly mass: Float64Array; // (n x n) mass matrix in absolute angles
  readonly rhs: Float64Array; // (n)
  readonly sys: Float64Array; // (n x n) reduced system
  readonly sol: Float64Array; // (n)
  readonly freeIdx: Int32Array; // (n)
}

export function createChainScratch(model: ChainModel): ChainScratch {
  const n = model.n;
  return {
    cos: new Float64Array(n),
    sin: new Float64Array(n),
    w: new Float64Array(n * n * 2),
    mass: new Float64Array(n * n),
    rhs: new Float64Array(n),
    sys: new Float64Array(n * n),
    sol: new Float64Array(n),
    freeIdx: new Int32Array(n),
  };
}

/**
 * Fill the scratch with the kinematic quantities at absolute angles φ: cos/sin and the vectors
 * w_jk (segment j's joint-to-joint vector for j < k, COM offset of k for j = k, so that
 * r_k = r_base + Σ_{j≤k} w_jk), then the mass matrix M_ij = Σ_k m_k w_ik·w_jk + δ_ij I_i.
 */
function fillKinematics(model: ChainModel, phi: Float64Array, s: ChainScratch): void {
  const n = model.n;
  for (let i = 0; i < n; i++) {
    s.cos[i] = Math.cos(phi[i]);
    s.sin[i] = Math.sin(phi[i]);
  }
  for (let k = 0; k < n; k++) {
    // j = k: COM offset of k in its own frame
    const o = (k * n + k) * 2;
    rotateLocal(model.comLocal[2 * k], model.comLocal[2 * k + 1], s.cos[k], s.sin[k], s.w, o);
    // j < k: joint j → joint j+1 is the distal-joint vector of segment j
    for (let j = 0; j < k; j++) {
      rotateLocal(model.jointLocal[2 * j], model.jointLocal[2 * j + 1], s.cos[j], s.sin[j], s.w, (k * n + j) * 2);
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let m = i === j ? model.inertiaKgM2[i] : 0;
      for (let k = j; k < n; k++) {
        const oi = (k * n + i) * 2;
        const oj = (k * n + j) * 2;
        m += model.massKg[k] * (s.w[oi] * s.w[oj] + s.w[oi + 1] * s.w[oj + 1]);
      }
      s.mass[i * n + j] = m;
      s.mass[j * n + i] = m;
    }
  }
}

/**
 * Angular accelerations of a chain with prescribed and free joints.
 *
 * @param model compiled chain
 * @param phi absolute angles φ, rad (n); prescribed entries must already hold their values
 * @param phiDot absolute angular velocities, rad/s (n)
 * @param phiDdot in: prescribed absolute accelerations (rad/s²) at the prescribed indices;
 *   out: the free entries are overwritten with the computed accelerations
 * @param isFree free[i] = 1 if absolute coordinate i is free (its generalised force is known)
 * @param jointTorqueNm joint torques τ_i (n): τ_i acts +τ on segment i and −τ on segment i−1
 * @param baseAccX base-point (proximal joint of segment 0) acceleration, m/s²
 * @param baseAccZ
 * @param s scratch
 *
 * Only equations of free coordinates are solved, so the prescribed coordinates' constraint
 * torques never need computing. Allocates nothing.
 */
export function chainAccelerations(
  model: ChainModel,
  phi: Float64Array,
  phiDot: Float64Array,
  phiDdot: Float64Array,
  isFree: Uint8Array,
  jointTorqueNm: Float64Array,
  baseAccX: number,
  baseAccZ: number,
  s: ChainScratch,
): void {
  const n = model.n;
  let nFree = 0;
  for (let i = 0; i < n; i++) if (isFree[i]) s.freeIdx[nFree++] = i;
  if (nFree === 0) return;
  // Only segments distal to the first free joint enter the free rows: compute their vectors.
  const first = s.freeIdx[0];
  for (let i = 0; i < n; i++) {
    s.cos[i] = Math.cos(phi[i]);
    s.sin[i] = Math.sin(phi[i]);
  }
  for (let k = first; k < n; k++) {
    rotateLocal(model.comLocal[2 * k], model.comLocal[2 * k + 1], s.cos[k], s.sin[k], s.w, (k * n + k) * 2);
    for (let j = 0; j < k; j++) {
      rotateLocal(model.jointLocal[2 * j], model.jointLocal[2 * j + 1], s.cos[j], s.sin[j], s.w, (k * n + j) * 2);
    }
  }
  const g = model.gravityMps2;
  // Right-hand side for each free row i: Q_i − Σ_k m_k (a_base + centripetal + g ẑ)·(J w_ik)
  // − Σ_{j prescribed} M_ij φ̈_j, with M_ij = Σ_{k ≥ max(i,j)} m_k w_ik·w_jk + δ_ij I_i.
  for (let f = 0; f < nFree; f++) {
    const i = s.freeIdx[f];
    let r = jointTorqueNm[i] - (i + 1 < n ? jointTorqueNm[i + 1] : 0);
    for (let k = i; k < n; k++) {
      // velocity-product acceleration of COM k: −Σ_{j≤k} w_jk φ̇_j²
      let ax = baseAccX;
      let az = baseAccZ + g;
      for (let j = 0; j <= k; j++) {
        const o = (k * n + j) * 2;
        const wd2 = phiDot[j] * phiDot[j];
        ax -= s.w[o] * wd2;
        az -= s.w[o + 1] * wd2;
      }
      const oi = (k * n + i) * 2;
      // J w = (−w_z, w_x)
      r -= model.massKg[k] * (ax * -s.w[oi + 1] + az * s.w[oi]);
    }
    for (let j = 0; j < n; j++) {
      const m = massEntry(model, s, i, j);
      if (isFree[j]) {
        let c = 0;
        while (s.freeIdx[c] !== j) c++;
        s.sys[f * nFree + c] = m;
      } else {
        r -= m * phiDdot[j];
      }
    }
    s.rhs[f] = r;
  }
  solveSymmetricInPlace(s.sys, s.rhs, nFree, s.sol);
  for (let f = 0; f < nFree; f++) phiDdot[s.freeIdx[f]] = s.sol[f];
}

/** Mass-matrix entry M_ij from the w vectors already in the scratch (rows at or distal to i). */
function massEntry(model: ChainModel, s: ChainScratch, i: number, j: number): number {
  const n = model.n;
  let m = i === j ? model.inertiaKgM2[i] : 0;
  for (let k = i > j ? i : j; k < n; k++) {
    const oi = (k * n + i) * 2;
    const oj = (k * n + j) * 2;
    m += model.massKg[k] * (s.w[oi] * s.w[oj] + s.w[oi + 1] * s.w[oj + 1]);
  }
  return m;
}

/** Solve A x = b for a small symmetric positive-definite A (n ≤ MAX_SEGMENTS) by Cholesky; no allocation. */
function solveSymmetricInPlace(a: Float64Array, b: Float64Array, n: number, x: Float64Array): void {
  if (n === 1) {
    x[0] = b[0] / a[0];
    return;
  }
  // In-place Cholesky: lower triangle of a becomes L.
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let v = a[i * n + j];
      for (let k = 0; k < j; k++) v -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = v / ljj;
    }
  }
  for (let i = 0; i < n; i++) {
    let v = b[i];
    for (let k = 0; k < i; k++) v -= a[i * n + k] * x[k];
    x[i] = v / a[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let v = x[i];
    for (let k = i + 1; k < n; k++) v -= a[k * n + i] * x[k];
    x[i] = v / a[i * n + i];
  }
}

/**
 * World position of a local point (p, l) on segment `seg`, relative to the base point.
 * Writes [x, z] into out[offset..offset+1]. Allocates nothing.
 */
export function pointPosition(
  model: ChainModel,
  phi: Float64Array,
  seg: number,
  p: number,
  l: number,
  out: Float64Array,
  offset = 0,
): void {
  let x = 0;
  let z = 0;
  for (let j = 0; j < seg; j++) {
    const c = Math.cos(phi[j]);
    const sn = Math.sin(phi[j]);
    const jp = model.jointLocal[2 * j];
    const jl = model.jointLocal[2 * j + 1];
    x += jp * c + jl * sn;
    z += jp * sn - jl * c;
  }
  const c = Math.cos(phi[seg]);
  const sn = Math.sin(phi[seg]);
  out[offset] = x + p * c + l * sn;
  out[offset + 1] = z + p * sn - l * c;
}

/**
 * World velocity of a local point (p, l) on segment `seg`, relative to the base point's
 * velocity: Σ_j J w_j φ̇_j. Writes [vx, vz] into out[offset..offset+1].
 */
export function pointVelocity(
  model: ChainModel,
  phi: Float64Array,
  phiDot: Float64Array,
  seg: number,
  p: number,
  l: number,
  out: Float64Array,
  offset = 0,
): void {
  let vx = 0;
  let vz = 0;
  for (let j = 0; j <= seg; j++) {
    const c = Math.cos(phi[j]);
    const sn = Math.sin(phi[j]);
    const lp = j === seg ? p : model.jointLocal[2 * j];
    const ll = j === seg ? l : model.jointLocal[2 * j + 1];
    const wx = lp * c + ll * sn;
    const wz = lp * sn - ll * c;
    vx += -wz * phiDot[j];
    vz += wx * phiDot[j];
  }
  out[offset] = vx;
  out[offset + 1] = vz;
}

/**
 * Kinetic and potential energy of the chain with a fixed base at height 0, J.
 * Used to check energy conservation of the passive chain.
 */
export function chainEnergy(
  model: ChainModel,
  phi: Float64Array,
  phiDot: Float64Array,
  s: ChainScratch,
): { kineticJ: number; potentialJ: number } {
  const n = model.n;
  fillKinematics(model, phi, s);
  let kinetic = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) kinetic += 0.5 * phiDot[i] * s.mass[i * n + j] * phiDot[j];
  let potential = 0;
  for (let k = 0; k < n; k++) {
    let z = 0;
    for (let j = 0; j <= k; j++) z += s.w[(k * n + j) * 2 + 1];
    potential += model.massKg[k] * model.gravityMps2 * z;
  }
  return { kineticJ: kinetic, potentialJ: potential };
}
