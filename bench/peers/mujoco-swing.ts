/**
 * The dropfoot swing in MuJoCo (official WebAssembly build, npm `mujoco-js`), as close to the
 * model as MuJoCo allows, for the speed comparison at equal accuracy.
 *
 * MJCF: a pelvis body on a vertical slide joint (the hip's vertical oscillation), thigh, shank
 * and foot on hinges about −y (the convention of tests/support/mujoco-chain.ts: a positive angle
 * swings the distal end forward), the same masses, COMs, inertias and joint offsets as the leg
 * model, a `toe` site at the clearance point, no geoms, no contacts. Two actuators with
 * `dyntype="muscle"` and zero gain carry the TA and soleus activation: MuJoCo's muscle
 * activation dynamics (tausmooth 0) is the same Thelen/De Groote law, τ_act(0.5 + 1.5a) rising,
 * τ_deact/(0.5 + 1.5a) falling.
 *
 * Differences from dropfoot's own integration (MuJoCo has no prescribed-motion joints and no
 * user force law evaluated inside its integrator stages):
 * - Hip height, hip and knee are driven by computed torque: at every step two `mj_inverse` calls
 *   give the generalized forces that make the driven joints follow the prescribed accelerations
 *   (plus a stiff PD term on the tracking error) given the ankle torque, applied through
 *   `qfrc_applied` and held over the step.
 * - The ankle torque is the same law (TA and soleus Hill muscles, rigid tendon, De Groote 2016
 *   curves; end-range, gastrocnemius surrogate and damping torques), evaluated in JavaScript with
 *   dropfoot's exact (untabulated) kernels once per step and held over it; the excitation (drive ×
 *   clamp(feedforward + feedback)) likewise.
 * - So MuJoCo's integrator sees forces that are constant within a step: first order in the step
 *   whatever the integrator; the default semi-implicit Euler is used.
 * - MTC: the first local minimum of the toe site's height after its maximum, from the per-step
 *   samples with a parabola through the three samples around it.
 */
import loadMujoco from 'mujoco-js';
import type { MainModule, MjData, MjModel } from 'mujoco-js';
import type { LegModel } from '../../src/model/leg.ts';
import { clamp01, evaluateKinematics, FEEDFORWARD_SAMPLES } from '../../src/model/leg.ts';
import type { SwingDrivers } from '../../src/model/swing.ts';
import { ankleMuscleTorqueNm } from '../../src/model/ankle-muscles.ts';
import { passiveAnkleTorqueNm } from '../../src/model/passive-ankle.ts';
import { DE_GROOTE_ACTIVATION } from '../../src/model/muscle.ts';

let modulePromise: Promise<MainModule> | undefined;
const VFS_DIR = '/dropfoot-bench';
let fileCounter = 0;

function mujocoModule(): Promise<MainModule> {
  modulePromise ??= loadMujoco().then((mujoco) => {
    mujoco.FS.mkdir(VFS_DIR);
    return mujoco;
  });
  return modulePromise;
}

/** MuJoCo's version string. */
export async function mujocoVersion(): Promise<string> {
  return (await mujocoModule()).mj_versionString();
}

const num = (x: number): string => String(x);

/** MJCF of the swing leg (see the module header). */
export function swingLegMjcf(leg: LegModel, timestepS: number, integrator: 'Euler' | 'RK4' | 'implicitfast' = 'Euler'): string {
  const c = leg.chain;
  const inertial = (k: number) => {
    const i = num(c.inertiaKgM2[k]);
    return `<inertial pos="${num(c.comLocal[2 * k])} 0 ${num(-c.comLocal[2 * k + 1])}" mass="${num(c.massKg[k])}" diaginertia="${i} ${i} ${i}"/>`;
  };
  const hinge = (name: string) => `<joint name="${name}" type="hinge" axis="0 -1 0" pos="0 0 0" damping="0" armature="0" frictionloss="0" stiffness="0" limited="false"/>`;
  const act = DE_GROOTE_ACTIVATION;
  return `<mujoco model="dropfoot swing leg">
  <compiler angle="radian" autolimits="false"/>
  <option timestep="${num(timestepS)}" integrator="${integrator}" gravity="0 0 ${num(-c.gravityMps2)}">
    <flag contact="disable" energy="disable"/>
  </option>
  <worldbody>
    <body name="pelvis" pos="0 0 0">
      <joint name="hip_z" type="slide" axis="0 0 1" damping="0" armature="0" limited="false"/>
      <inertial pos="0 0 0" mass="1" diaginertia="0.01 0.01 0.01"/>
      <body name="thigh" pos="0 0 0">
        ${hinge('hip')}
        ${inertial(0)}
        <body name="shank" pos="${num(c.jointLocal[0])} 0 ${num(-c.jointLocal[1])}">
          ${hinge('knee')}
          ${inertial(1)}
          <body name="foot" pos="${num(c.jointLocal[2])} 0 ${num(-c.jointLocal[3])}">
            ${hinge('ankle')}
            ${inertial(2)}
            <site name="toe" pos="${num(leg.toeLocal[0])} 0 ${num(-leg.toeLocal[1])}"/>
          </body>
        </body>
      </body>
    </body>
  </worldbody>
  <actuator>
    <general name="ta_activation" joint="ankle" dyntype="muscle" dynprm="${num(act.tauActivationS)} ${num(act.tauDeactivationS)} 0" gaintype="fixed" gainprm="0" biastype="none" ctrllimited="true" ctrlrange="0 1"/>
    <general name="sol_activation" joint="ankle" dyntype="muscle" dynprm="${num(act.tauActivationS)} ${num(act.tauDeactivationS)} 0" gaintype="fixed" gainprm="0" biastype="none" ctrllimited="true" ctrlrange="0 1"/>
  </actuator>
</mujoco>
`;
}

/** A compiled MuJoCo swing for one leg and stride; free() when done. */
export class MujocoSwing {
  private constructor(
    private readonly mujoco: MainModule,
    private readonly model: MjModel,
    private readonly data: MjData,
    private readonly leg: LegModel,
    readonly timestepS: number,
    readonly mjcf: string,
  ) {}

  /**
   * @param leg leg model
   * @param drivers the stride (its duration fixes the step count)
   * @param targetStepS MuJoCo timestep, s, rounded so that the swing has a whole number of steps
   */
  static async create(leg: LegModel, drivers: SwingDrivers, targetStepS: number): Promise<MujocoSwing> {
    const mujoco = await mujocoModule();
    const swingTimeS = (1 - leg.pattern.toeOffPhase) * leg.pattern.strideTimeS * drivers.strideTimeScale;
    const timestepS = swingTimeS / Math.max(1, Math.round(swingTimeS / targetStepS));
    const mjcf = swingLegMjcf(leg, timestepS);
    const file = `${VFS_DIR}/swing${fileCounter++}.xml`;
    mujoco.FS.writeFile(file, mjcf);
    try {
      const model = mujoco.MjModel.loadFromXML(file);
      const data = new mujoco.MjData(model);
      if (model.nq !== 4 || model.nv !== 4 || model.na !== 2) throw new Error(`MuJoCo compiled nq=${model.nq}, nv=${model.nv}, na=${model.na}`);
      return new MujocoSwing(mujoco, model, data, leg, timestepS, mjcf);
    } finally {
      mujoco.FS.unlink(file);
    }
  }

  free(): void {
    this.data.delete();
    this.model.delete();
  }

  /**
   * Simulate one swing from toe-off to the intended contact.
   * @returns MTC (m) as defined in the module header, the number of MuJoCo steps, and the toe
   *   clearance at contact (m)
   */
  simulate(drivers: SwingDrivers): { mtcM: number; steps: number; contactClearanceM: number } {
    const { mujoco, model, data, leg } = this;
    const p = leg.pattern;
    const strideTimeS = p.strideTimeS * drivers.strideTimeScale;
    const swingTimeS = (1 - p.toeOffPhase) * strideTimeS;
    const nStep = Math.round(swingTimeS / this.timestepS);
    const h = this.timestepS;
    mujoco.mj_resetData(model, data);
    const kin = new Float64Array(12);
    const driven = (t: number) => evaluateKinematics(p, p.toeOffPhase + t / strideTimeS, strideTimeS, drivers.hipAmplitudeScale, drivers.kneeAmplitudeScale, leg.heightScale, kin);
    // initial state on the planned trajectory, as in dropfoot
    driven(0);
    const qpos = data.qpos as Float64Array;
    const qvel = data.qvel as Float64Array;
    qpos[0] = kin[9];
    qpos[1] = kin[0];
    qpos[2] = -kin[3];
    qpos[3] = kin[6];
    qvel[0] = kin[10];
    qvel[1] = kin[1];
    qvel[2] = -kin[4];
    qvel[3] = kin[7];
    const actState = data.act as Float64Array;
    actState[0] = clamp01(drivers.neuralDrive * leg.feedforwardActivation[0]);
    actState[1] = leg.soleusExcitation;
    const toeSite = 0;
    const clearanceOffset = drivers.hipHeightOffsetM - leg.toeStandingZ;
    const ankleDof = 3;
    const madr = (model.dof_Madr as Int32Array)[ankleDof];
    // stiff PD on the driven joints' tracking error (ω = 400 rad/s, critically damped)
    const kp = 400 * 400;
    const kd = 2 * 400;
    // M row of the ankle dof in MuJoCo's sparse inertia: [M33, M32, M31, M30] from dof_Madr[3]
    // (a dof's diagonal entry followed by its ancestors', mjData.qM layout)
    // Views into WASM memory stay valid unless the memory grows (then they detach: length 0).
    const views = () => ({
      q: data.qpos as Float64Array,
      v: data.qvel as Float64Array,
      a: data.act as Float64Array,
      ctrl: data.ctrl as Float64Array,
      qacc: data.qacc as Float64Array,
      inverse: data.qfrc_inverse as Float64Array,
      applied: data.qfrc_applied as Float64Array,
      site: data.site_xpos as Float64Array,
      qM: data.qM as Float64Array,
    });
    let w = views();
    const z = new Float64Array(nStep + 1);
    for (let s = 0; s <= nStep; s++) {
      if (w.q.length === 0) w = views();
      const t = s * h;
      driven(t);
      const { q, v, a } = w;
      const theta = q[3];
      const thetaDot = v[3];
      // excitation → actuator controls (MuJoCo integrates the activations)
      const x = (t / swingTimeS) * (FEEDFORWARD_SAMPLES - 1);
      const i = Math.min(FEEDFORWARD_SAMPLES - 2, Math.max(0, Math.floor(x)));
      const f = Math.min(1, Math.max(0, x - i));
      const ff = leg.feedforwardExcitation[i] + f * (leg.feedforwardExcitation[i + 1] - leg.feedforwardExcitation[i]);
      const u = ff + leg.feedbackGainPerRad * (kin[6] - theta) + leg.feedbackGainPerRadS * (kin[7] - thetaDot) + drivers.excitationOffset;
      w.ctrl[0] = drivers.neuralDrive * clamp01(u);
      w.ctrl[1] = leg.soleusExcitation;
      // ankle torque: the same muscle + passive law
      const tauAnkle =
        ankleMuscleTorqueNm(leg.muscles, clamp01(a[0]), clamp01(a[1]), theta, thetaDot, drivers.taCapacity) + passiveAnkleTorqueNm(theta, thetaDot, -q[2]);
      // computed torque for the driven joints: prescribed accelerations + PD on the error, ankle free
      w.qacc[0] = kin[11] + kp * (kin[9] - q[0]) + kd * (kin[10] - v[0]);
      w.qacc[1] = kin[2] + kp * (kin[0] - q[1]) + kd * (kin[1] - v[1]);
      w.qacc[2] = -kin[5] + kp * (-kin[3] - q[2]) + kd * (-kin[4] - v[2]);
      w.qacc[3] = 0;
      mujoco.mj_inverse(model, data);
      if (w.q.length === 0) w = views();
      z[s] = w.site[3 * toeSite + 2] + clearanceOffset;
      if (s === nStep) break;
      // M q̈ + c = τ: the ankle row gives q̈₃; the driven rows then need M_d3 q̈₃ more
      const m = w.qM;
      const ankleAcc = (tauAnkle - w.inverse[ankleDof]) / m[madr];
      w.applied[0] = w.inverse[0] + m[madr + 3] * ankleAcc;
      w.applied[1] = w.inverse[1] + m[madr + 2] * ankleAcc;
      w.applied[2] = w.inverse[2] + m[madr + 1] * ankleAcc;
      w.applied[3] = tauAnkle;
      mujoco.mj_step(model, data);
    }
    return { mtcM: minimumToeClearance(z), steps: nStep, contactClearanceM: z[nStep] };
  }
}

/**
 * MTC from toe heights sampled at equal steps: the first local minimum after the first local
 * maximum, refined by the parabola through its three samples; if none, the lowest sample after the
 * maximum.
 */
export function minimumToeClearance(z: Float64Array): number {
  let i = 1;
  while (i < z.length - 1 && !(z[i] >= z[i - 1] && z[i] > z[i + 1])) i++;
  const afterMax = i;
  for (i = afterMax + 1; i < z.length - 1; i++) {
    if (z[i] <= z[i - 1] && z[i] < z[i + 1]) {
      const curvature = z[i + 1] - 2 * z[i] + z[i - 1];
      return curvature > 0 ? z[i] - (z[i + 1] - z[i - 1]) ** 2 / (8 * curvature) : z[i];
    }
  }
  let min = Infinity;
  for (i = afterMax; i < z.length; i++) min = Math.min(min, z[i]);
  return min;
}
