/** Physics checks of the IMU synthesiser (src/imu/synth) and the stance/pose model it reads. */
import { describe, expect, it } from 'vitest';
import { poseToImu, designLowPassFir, firDecimate, synthesizeImu, SensorErrors, SENSOR_PRESETS } from '../../src/imu/synth/index.ts';
import { parseRunParams } from '../../src/model/params.ts';
import { simulateRun } from '../../src/sim/run.ts';
import { LegPoseTrack } from '../../src/sim/pose.ts';
import { compileLegModel } from '../../src/model/leg.ts';
import { compileStanceModel, footSlapRadS, nominalLandingInput } from '../../src/model/stance.ts';
import { createRng } from '../../src/random.ts';
import { STANDARD_GRAVITY_MPS2 } from '../../src/units.ts';

/** world←sensor for a sagittal angle φ (+ = toes up): Ry(−φ). */
const ry = (phi: number, out: Float64Array, o: number): void => {
  const c = Math.cos(phi);
  const s = Math.sin(phi);
  out.set([c, 0, -s, 0, 1, 0, s, 0, c], o);
};

describe('poseToImu kernel', () => {
  it('a sensor at rest reads (0, 0, +g) and zero rate', () => {
    const n = 5;
    const pos = new Float64Array(3 * n).fill(0.3);
    const rot = new Float64Array(9 * n);
    for (let i = 0; i < n; i++) ry(0, rot, 9 * i);
    const acc = new Float64Array(3 * n);
    const gyr = new Float64Array(3 * n);
    poseToImu(pos, rot, 0.001, acc, gyr);
    expect(acc[6]).toBeCloseTo(0, 12);
    expect(acc[7]).toBeCloseTo(0, 12);
    expect(acc[8]).toBeCloseTo(STANDARD_GRAVITY_MPS2, 10);
    expect(Math.max(...gyr.slice(3, 3 * (n - 1)).map(Math.abs))).toBe(0);
  });

  it('a pure toe-down rotation appears only on gyr_y, positive (plantarflexion = +gyr_y, gaitmap FSF)', () => {
    const n = 101;
    const h = 0.001;
    const pos = new Float64Array(3 * n);
    const rot = new Float64Array(9 * n);
    const rate = -5; // φ̇ < 0: toes moving down
    for (let i = 0; i < n; i++) ry(0.2 + rate * i * h, rot, 9 * i);
    const acc = new Float64Array(3 * n);
    const gyr = new Float64Array(3 * n);
    poseToImu(pos, rot, h, acc, gyr);
    for (let i = 1; i < n - 1; i++) {
      expect(gyr[3 * i + 1]).toBeCloseTo(-rate, 9);
      expect(Math.abs(gyr[3 * i])).toBeLessThan(1e-12);
      expect(Math.abs(gyr[3 * i + 2])).toBeLessThan(1e-12);
    }
  });

  it('specific force integrates back to the velocity change (finite-difference consistency)', () => {
    const n = 2001;
    const h = 0.0005;
    const pos = new Float64Array(3 * n);
    const rot = new Float64Array(9 * n);
    const p = (t: number) => [0.4 * Math.sin(7 * t), 0.01 * Math.cos(3 * t), 0.1 * Math.sin(11 * t) ** 2];
    const phi = (t: number) => 0.8 * Math.sin(9 * t);
    for (let i = 0; i < n; i++) {
      pos.set(p(i * h), 3 * i);
      ry(phi(i * h), rot, 9 * i);
    }
    const acc = new Float64Array(3 * n);
    const gyr = new Float64Array(3 * n);
    poseToImu(pos, rot, h, acc, gyr);
    // world acceleration = R f + g; trapezoid from sample 1 to n−2
    const v = [0, 0, 0];
    const world = (i: number) => {
      const r = 9 * i;
      const f = [acc[3 * i], acc[3 * i + 1], acc[3 * i + 2]];
      return [0, 1, 2].map((a) => rot[r + 3 * a] * f[0] + rot[r + 3 * a + 1] * f[1] + rot[r + 3 * a + 2] * f[2] - (a === 2 ? STANDARD_GRAVITY_MPS2 : 0));
    };
    for (let i = 1; i + 2 < n; i++) {
      const a0 = world(i);
      const a1 = world(i + 1);
      for (let a = 0; a < 3; a++) v[a] += 0.5 * h * (a0[a] + a1[a]);
    }
    const t0 = h;
    const t1 = (n - 2) * h;
    const dv = [0.4 * 7 * (Math.cos(7 * t1) - Math.cos(7 * t0)), -0.01 * 3 * (Math.sin(3 * t1) - Math.sin(3 * t0)), 0.1 * 11 * (Math.sin(22 * t1) - Math.sin(22 * t0))];
    for (let a = 0; a < 3; a++) expect(Math.abs(v[a] - dv[a])).toBeLessThan(2e-3);
  });

  it('the anti-alias FIR passes DC and removes content above the output Nyquist rate', () => {
    const factor = 10;
    const taps = designLowPassFir(0.4 / factor, 300);
    const n = 4000;
    const x = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      x[3 * i] = 1;
      x[3 * i + 1] = Math.sin(2 * Math.PI * 0.07 * i); // 0.7 × output rate: must vanish
      x[3 * i + 2] = Math.sin(2 * Math.PI * 0.01 * i); // 0.1 × output rate: must pass
    }
    const out = new Float64Array(3 * 300);
    firDecimate(x, taps, 301, factor, 300, out, 0);
    let maxHigh = 0;
    let sqLow = 0;
    for (let j = 0; j < 300; j++) {
      expect(out[3 * j]).toBeCloseTo(1, 9);
      maxHigh = Math.max(maxHigh, Math.abs(out[3 * j + 1]));
      sqLow += out[3 * j + 2] ** 2;
    }
    expect(maxHigh).toBeLessThan(1e-3);
    // amplitude from the RMS (30 whole periods): passband gain within 0.5 %
    expect(Math.sqrt((2 * sqLow) / 300)).toBeGreaterThan(0.995);
  });
});

describe('sensor errors', () => {
  it('white noise SD equals noise density × √(0.4 × rate) (BMI270 gyro, 200 Hz)', () => {
    const spec = { ...SENSOR_PRESETS.bmi270, gyrBiasSd: 0, accBiasSd: 0, gyrBiasWalk100s: 0, accBiasWalk100s: 0, scaleSd: 0, crossAxisSd: 0, bits: 0 };
    const e = new SensorErrors(spec, 200, createRng(3, 'noise-test'));
    const n = 20000;
    const acc = new Float64Array(3 * n);
    const gyr = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) e.apply(acc, gyr, i);
    let s = 0;
    for (let i = 0; i < n; i++) s += gyr[3 * i] ** 2;
    const expected = spec.gyrNoiseDensity * Math.sqrt(80);
    expect(Math.sqrt(s / n) / expected).toBeGreaterThan(0.97);
    expect(Math.sqrt(s / n) / expected).toBeLessThan(1.03);
  });

  it('clips at the configured range (±16 g)', () => {
    const e = new SensorErrors(SENSOR_PRESETS.bmi270, 200, createRng(1, 'clip'));
    const acc = Float64Array.of(0, 0, 40 * STANDARD_GRAVITY_MPS2);
    const gyr = new Float64Array(3);
    e.apply(acc, gyr, 0);
    expect(acc[2]).toBeLessThanOrEqual(16 * STANDARD_GRAVITY_MPS2);
    expect(acc[2]).toBeGreaterThan(15.9 * STANDARD_GRAVITY_MPS2);
  });
});

describe('synthesised foot trace of a short run', () => {
  const params = parseRunParams({ speedMps: 3.5, durationS: 5, seed: 4 });
  const run = simulateRun(params);
  const rate = 1000;
  const tr = synthesizeImu(run, { rateHz: rate, sensor: 'ideal', sites: ['foot'], legs: ['left'], outOfPlane: false, misalignmentRad: 0, impacts: false }).left!.foot!;
  const track = new LegPoseTrack(run, 'left');
  const pose = new Float64Array(6);

  it('the integral of gyr_y over a stride equals minus the change in sole angle', () => {
    const ic = run.legs.left.column('timeS');
    const i0 = Math.round((ic[1] - tr.timeS[0]) * rate);
    const i1 = Math.round((ic[3] - tr.timeS[0]) * rate);
    let integral = 0;
    for (let i = i0; i < i1; i++) integral += tr.gyrRadS[3 * i + 1] / rate;
    track.evaluate(tr.timeS[i0], pose);
    const a0 = pose[2];
    track.evaluate(tr.timeS[i1], pose);
    const a1 = pose[2];
    // over two strides the sole angle changes little, but the rotation in between is > 200°
    expect(Math.abs(integral + (a1 - a0))).toBeLessThan((0.5 * Math.PI) / 180);
  });

  it('channels are exactly planar without out-of-plane motion, and not with it', () => {
    let maxX = 0;
    for (let i = 0; i < tr.timeS.length; i++) maxX = Math.max(maxX, Math.abs(tr.gyrRadS[3 * i]), Math.abs(tr.accMps2[3 * i + 1]));
    expect(maxX).toBeLessThan(1e-9);
    const real = synthesizeImu(run, { rateHz: 200, sensor: 'bmi270', sites: ['foot'], legs: ['left'] }).left!.foot!;
    let gx = 0;
    for (let i = 0; i < real.timeS.length; i++) gx = Math.max(gx, Math.abs(real.gyrRadS[3 * i]));
    expect(gx).toBeGreaterThan(0.2); // > 11 °/s of frontal-plane rotation
  });

  it('mid-stance: the foot is nearly at rest on the ground', () => {
    const ic = run.legs.left.column('timeS');
    const st = run.legs.left.column('strideTimeS');
    const toeOff = compileLegModel(params, 'left').pattern.toeOffPhase;
    const h = 1e-4;
    for (let k = 1; k < 4; k++) {
      const t = ic[k] + 0.42 * toeOff * st[k];
      track.evaluate(t - h, pose);
      const x0 = pose[0];
      const z0 = pose[1];
      track.evaluate(t + h, pose);
      const vx = (pose[0] - x0) / (2 * h) + params.speedMps; // ground frame
      const vz = (pose[1] - z0) / (2 * h);
      expect(Math.hypot(vx, vz)).toBeLessThan(0.15);
      expect(pose[4]).toBe(1);
    }
  });
});

describe('stance landing', () => {
  it('an undriven TA slaps faster than a driven one; a flat landing hardly slaps', () => {
    const params = parseRunParams({ speedMps: 3.5, durationS: 5 });
    const leg = compileLegModel(params, 'left');
    const model = compileStanceModel(leg, params.runner.massKg);
    const nominal = nominalLandingInput(leg);
    const healthy = footSlapRadS(model, nominal);
    const undriven = footSlapRadS(model, { ...nominal, taActivation: 0, neuralDrive: 0 });
    const flat = footSlapRadS(model, { ...nominal, strikeAngleRad: 0.01, strikeRateRadS: 0 });
    expect(undriven).toBeGreaterThan(healthy);
    expect(flat).toBeLessThan(0.5 * healthy);
  });
});
