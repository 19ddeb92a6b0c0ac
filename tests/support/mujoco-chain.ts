/**
 * Independent reference for a passive planar open chain (thigh → shank → foot, or any n ≥ 1
 * segments) hanging from a fixed hip point, simulated with MuJoCo (the official WebAssembly build,
 * npm `mujoco-js`; MuJoCo 3.3.8 in `mujoco-js@0.0.7`). Used to cross-check our own chain dynamics;
 * it shares no code with `src/`.
 *
 * Conventions (the project's, not MuJoCo's): sagittal plane, x forward, z up, gravity along −z.
 * Absolute segment angle φ_i is measured from the downward vertical, positive when the distal end
 * moves toward +x. Joint coordinates are relative: q_1 = φ_1 (hip on a fixed base at the origin),
 * q_i = φ_i − φ_{i−1}. A segment's COM lies at (c·sin φ, −c·cos φ) from its proximal joint.
 *
 * Mapping onto MuJoCo: each segment is a body nested in the previous one with one hinge at its
 * proximal end, so MuJoCo's hinge qpos is already the relative angle. A hinge about +y turns −z
 * toward −x (right-hand rule), so the axis is −y ("0 -1 0") to make a positive angle swing the
 * distal end forward; `tests/validation/mujoco-harness.test.ts` checks this against MuJoCo's COM
 * positions.
 */
import loadMujoco from 'mujoco-js';
import type { MainModule, MjData, MjModel } from 'mujoco-js';
import { InputError } from '../../src/errors.ts';

/** Geometry and inertia of a planar chain; arrays are per segment, proximal (thigh) first. */
export interface ChainSpec {
  /** Segment lengths, proximal joint to distal joint (m). */
  lengthsM: number[];
  /** Segment masses (kg). */
  massesKg: number[];
  /** COM distance from the proximal joint along the segment's long axis (m). */
  comFromProximalM: number[];
  /** Moment of inertia about the COM for rotation in the sagittal plane (kg·m²). */
  inertiaAboutComKgM2: number[];
  /** Gravitational acceleration magnitude (m/s²); default 9.80665 (standard gravity). */
  gravityMps2?: number;
}

/** MuJoCo integrators accepted by this harness (all four of MuJoCo 3.3.8's `mjtIntegrator`). */
export type MujocoIntegrator = 'RK4' | 'Euler' | 'implicit' | 'implicitfast';

export interface MujocoRunOptions {
  /** Initial joint angles, relative coordinates (rad), one per segment. */
  q0Rad: number[];
  /** Initial joint angular velocities (rad/s), one per segment. */
  qd0RadS: number[];
  /** Simulated duration (s); rounded to a whole number of steps. */
  durationS: number;
  /** Fixed integration step (s). */
  timestepS: number;
  /** MuJoCo integrator; default 'RK4'. */
  integrator?: MujocoIntegrator;
  /** Sampling interval (s), a whole multiple of `timestepS`; default every step. */
  sampleEveryS?: number;
}

export interface MujocoRunResult {
  /** Sample times (s). (nSample) */
  timeS: Float64Array;
  /** Joint angles, relative coordinates as in the module header (rad). (nSample x nJoint) */
  qRad: Float64Array;
  /** Joint angular velocities (rad/s). (nSample x nJoint) */
  qdRadS: Float64Array;
  /** Total mechanical energy, kinetic + gravitational potential, as computed by MuJoCo (J). (nSample) */
  energyJ: Float64Array;
  /** Gravitational potential energy alone, as computed by MuJoCo; zero at the hip height (J). (nSample) */
  potentialEnergyJ: Float64Array;
  /** World-frame COM position of each segment, from MuJoCo's `xipos`, x then z (m). (nSample x nJoint x 2) */
  comPosM: Float64Array;
  /** MuJoCo steps taken. */
  nStep: number;
  /** Wall time spent in the stepping loop, including sampling (ms). */
  wallMs: number;
  /** The MJCF that was simulated. */
  mjcf: string;
}

/** Standard gravity (m/s²); BIPM/CGPM 1901 definition. */
const STANDARD_GRAVITY_MPS2 = 9.80665;

const INTEGRATORS: readonly MujocoIntegrator[] = ['RK4', 'Euler', 'implicit', 'implicitfast'];

let modulePromise: Promise<MainModule> | undefined;
let fileCounter = 0;
const VFS_DIR = '/dropfoot-chain';

/** Loads the WebAssembly module once per process (≈0.1 s) and reuses it. */
function mujocoModule(): Promise<MainModule> {
  modulePromise ??= loadMujoco().then((mujoco) => {
    mujoco.FS.mkdir(VFS_DIR);
    return mujoco;
  });
  return modulePromise;
}

/** Shortest round-trip decimal form, so the MJCF carries the exact doubles. */
function num(value: number): string {
  return String(value);
}

function checkFinitePositive(values: number[], name: string, allowZero = false): void {
  values.forEach((value, index) => {
    if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
      throw new InputError(`must be a finite ${allowZero ? 'non-negative' : 'positive'} number, got ${value}`, `${name}[${index}]`);
    }
  });
}

/** @throws {InputError} when the arrays disagree in length or hold non-physical values. */
function validateSpec(spec: ChainSpec): number {
  const nSegment = spec.lengthsM.length;
  if (nSegment < 1) throw new InputError('needs at least one segment', 'lengthsM');
  for (const [name, values] of [
    ['massesKg', spec.massesKg],
    ['comFromProximalM', spec.comFromProximalM],
    ['inertiaAboutComKgM2', spec.inertiaAboutComKgM2],
  ] as const) {
    if (values.length !== nSegment) {
      throw new InputError(`has ${values.length} entries, lengthsM has ${nSegment}`, name);
    }
  }
  checkFinitePositive(spec.lengthsM, 'lengthsM');
  checkFinitePositive(spec.massesKg, 'massesKg');
  checkFinitePositive(spec.comFromProximalM, 'comFromProximalM', true);
  checkFinitePositive(spec.inertiaAboutComKgM2, 'inertiaAboutComKgM2');
  if (spec.gravityMps2 !== undefined) checkFinitePositive([spec.gravityMps2], 'gravityMps2', true);
  return nSegment;
}

/**
 * Builds the MJCF of a passive planar chain: nested bodies with one hinge each about −y, explicit
 * inertials, no geoms (so no contacts and no inertia inferred from geometry), no damping,
 * armature, friction loss, springs or limits, energy computation on.
 * @param spec chain geometry and inertia (SI units)
 * @param timestepS integration step (s)
 * @param integrator MuJoCo integrator name, one of 'RK4' | 'Euler' | 'implicit' | 'implicitfast'
 * @returns the MJCF text
 * @throws {InputError} on an invalid spec, step or integrator
 */
export function chainMjcf(spec: ChainSpec, timestepS: number, integrator: string): string {
  const nSegment = validateSpec(spec);
  if (!Number.isFinite(timestepS) || timestepS <= 0) throw new InputError(`must be > 0, got ${timestepS}`, 'timestepS');
  if (!(INTEGRATORS as readonly string[]).includes(integrator)) {
    throw new InputError(`must be one of ${INTEGRATORS.join(', ')}, got ${integrator}`, 'integrator');
  }
  const gravity = spec.gravityMps2 ?? STANDARD_GRAVITY_MPS2;

  const lines: string[] = [];
  let indent = '    ';
  for (let i = 0; i < nSegment; i++) {
    // Segment i's proximal joint sits at the distal end of segment i−1, straight below it in the
    // parent's frame (the frame rotates with the parent's hinge).
    const bodyPosZ = i === 0 ? 0 : -spec.lengthsM[i - 1];
    const inertia = num(spec.inertiaAboutComKgM2[i]);
    lines.push(`${indent}<body name="segment${i + 1}" pos="0 0 ${num(bodyPosZ)}">`);
    lines.push(`${indent}  <joint name="joint${i + 1}" type="hinge" axis="0 -1 0" pos="0 0 0" damping="0" armature="0" frictionloss="0" stiffness="0" limited="false"/>`);
    // Planar hinge about y: only Iyy enters the dynamics. Ixx = Izz = Iyy keeps the tensor valid
    // (positive, triangle inequality) and isotropic, so no principal-axis reordering can happen.
    lines.push(`${indent}  <inertial pos="0 0 ${num(-spec.comFromProximalM[i])}" mass="${num(spec.massesKg[i])}" diaginertia="${inertia} ${inertia} ${inertia}"/>`);
    indent += '  ';
  }
  for (let i = nSegment - 1; i >= 0; i--) {
    indent = indent.slice(2);
    lines.push(`${indent}</body>`);
  }

  return [
    '<mujoco model="passive planar chain">',
    '  <compiler angle="radian" autolimits="false"/>',
    `  <option timestep="${num(timestepS)}" integrator="${integrator}" gravity="0 0 ${num(-gravity)}">`,
    '    <flag energy="enable" contact="disable"/>',
    '  </option>',
    '  <worldbody>',
    ...lines,
    '  </worldbody>',
    '</mujoco>',
    '',
  ].join('\n');
}

/**
 * Simulates the passive chain in MuJoCo from a given state and samples joint angles, velocities,
 * energy and COM positions. The WASM model and data are freed before returning.
 *
 * Each sample is taken after `mj_forward`, so energy and `xipos` belong to the sampled state
 * (after `mj_step` MuJoCo's `energy` still describes the state at the start of that step).
 * @param spec chain geometry and inertia (SI units)
 * @param opts initial state (rad, rad/s), duration and step (s), integrator, sampling interval (s)
 * @returns samples at t = 0, sampleEveryS, …, up to nStep·timestepS
 * @throws {InputError} on invalid spec or options
 */
export async function simulateChainMujoco(spec: ChainSpec, opts: MujocoRunOptions): Promise<MujocoRunResult> {
  const integrator = opts.integrator ?? 'RK4';
  const mjcf = chainMjcf(spec, opts.timestepS, integrator);
  const nJoint = spec.lengthsM.length;
  for (const [name, values] of [['q0Rad', opts.q0Rad], ['qd0RadS', opts.qd0RadS]] as const) {
    if (values.length !== nJoint) throw new InputError(`has ${values.length} entries, the chain has ${nJoint} joints`, name);
    values.forEach((value, index) => {
      if (!Number.isFinite(value)) throw new InputError(`must be finite, got ${value}`, `${name}[${index}]`);
    });
  }
  if (!Number.isFinite(opts.durationS) || opts.durationS < 0) throw new InputError(`must be ≥ 0, got ${opts.durationS}`, 'durationS');
  const nStep = Math.round(opts.durationS / opts.timestepS);
  const stepsPerSampleRaw = (opts.sampleEveryS ?? opts.timestepS) / opts.timestepS;
  const stepsPerSample = Math.round(stepsPerSampleRaw);
  if (stepsPerSample < 1 || Math.abs(stepsPerSampleRaw - stepsPerSample) > 1e-9 * stepsPerSampleRaw) {
    throw new InputError(`must be a whole multiple of timestepS (${opts.timestepS}), got ${opts.sampleEveryS}`, 'sampleEveryS');
  }
  const nSample = Math.floor(nStep / stepsPerSample) + 1;

  const mujoco = await mujocoModule();
  const file = `${VFS_DIR}/chain${fileCounter++}.xml`;
  mujoco.FS.writeFile(file, mjcf);
  let model: MjModel | undefined;
  let data: MjData | undefined;
  try {
    model = mujoco.MjModel.loadFromXML(file);
    data = new mujoco.MjData(model);
    if (model.nq !== nJoint || model.nv !== nJoint) {
      throw new Error(`MuJoCo compiled nq=${model.nq}, nv=${model.nv}; expected ${nJoint}`);
    }

    const timeS = new Float64Array(nSample);
    const qRad = new Float64Array(nSample * nJoint);
    const qdRadS = new Float64Array(nSample * nJoint);
    const energyJ = new Float64Array(nSample);
    const potentialEnergyJ = new Float64Array(nSample);
    const comPosM = new Float64Array(nSample * nJoint * 2);

    // The typed-array views below point into WASM memory; re-fetch them after any call that may
    // grow it rather than caching them across mj_step calls.
    const qpos0 = data.qpos as Float64Array;
    const qvel0 = data.qvel as Float64Array;
    for (let j = 0; j < nJoint; j++) {
      qpos0[j] = opts.q0Rad[j];
      qvel0[j] = opts.qd0RadS[j];
    }

    const record = (sample: number, m: MjModel, d: MjData): void => {
      mujoco.mj_forward(m, d);
      const qpos = d.qpos as Float64Array;
      const qvel = d.qvel as Float64Array;
      const energy = d.energy as Float64Array; // [potential, kinetic]
      const xipos = d.xipos as Float64Array; // (nbody x 3), body 0 = world
      timeS[sample] = d.time;
      for (let j = 0; j < nJoint; j++) {
        qRad[sample * nJoint + j] = qpos[j];
        qdRadS[sample * nJoint + j] = qvel[j];
        comPosM[(sample * nJoint + j) * 2] = xipos[(j + 1) * 3];
        comPosM[(sample * nJoint + j) * 2 + 1] = xipos[(j + 1) * 3 + 2];
      }
      potentialEnergyJ[sample] = energy[0];
      energyJ[sample] = energy[0] + energy[1];
    };

    const start = performance.now();
    record(0, model, data);
    for (let step = 1; step <= nStep; step++) {
      mujoco.mj_step(model, data);
      if (step % stepsPerSample === 0) record(step / stepsPerSample, model, data);
    }
    const wallMs = performance.now() - start;
    return { timeS, qRad, qdRadS, energyJ, potentialEnergyJ, comPosM, nStep, wallMs, mjcf };
  } finally {
    data?.delete();
    model?.delete();
    mujoco.FS.unlink(file);
  }
}
