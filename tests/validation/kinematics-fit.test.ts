/**
 * Validation of the normative gait patterns against the recorded data they come from and against
 * the reference sheet (shared/reference/biomechanics.md §5, Hamner subject02 [D]; RBDS004 stride
 * times [D]) and Fukuchi RBDS001 (shared/data/rbds-running).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evalFourier, gaitPattern, type GaitPattern } from '../../src/model/kinematics.ts';
import { RUN_BASE, WALK_BASE } from '../../src/model/kinematics-data.ts';
import { loadHamnerRunning, loadOpenSimWalking, loadRbds001Timing25, loadRbds001Trends, type AveragedTrial } from '../../src/refdata/normative-trials.ts';

const dataDir = path.resolve(process.cwd(), '../shared/data');
const deg = (rad: number) => (rad * 180) / Math.PI;
const N = 200;

function rmsDeg(p: GaitPattern, key: 'hipFlexionRad' | 'kneeFlexionRad' | 'ankleDorsiflexionRad', data: Float64Array): number {
  let sq = 0;
  for (let i = 0; i < N; i++) sq += (deg(evalFourier(p[key], i / N)) - data[i]) ** 2;
  return Math.sqrt(sq / N);
}

function extremum(s: GaitPattern['kneeFlexionRad'], sign: 1 | -1): { value: number; phase: number } {
  let best = { value: -Infinity, phase: 0 };
  for (let i = 0; i < 1000; i++) {
    const v = sign * evalFourier(s, i / 1000);
    if (v > best.value) best = { value: v, phase: i / 1000 };
  }
  return { value: sign * best.value, phase: best.phase };
}

describe('running pattern vs Hamner subject02 (averaged 13 R + 14 L strides)', () => {
  let trial: AveragedTrial;
  let pattern: GaitPattern;
  beforeAll(() => {
    trial = loadHamnerRunning(dataDir, N);
    pattern = gaitPattern('run', RUN_BASE.speedMps);
  });

  it('reproduces the averaged curves: RMS < 0.5° per joint (fit: hip 0.15°, knee 0.14°, ankle 0.07°)', () => {
    expect(trial.cycles.right).toBe(13);
    expect(trial.cycles.left).toBe(14);
    expect(rmsDeg(pattern, 'hipFlexionRad', trial.hipFlexionDeg)).toBeLessThan(0.5);
    expect(rmsDeg(pattern, 'kneeFlexionRad', trial.kneeFlexionDeg)).toBeLessThan(0.5);
    expect(rmsDeg(pattern, 'ankleDorsiflexionRad', trial.ankleDorsiflexionDeg)).toBeLessThan(0.5);
    let sq = 0;
    for (let i = 0; i < N; i++) sq += (evalFourier(pattern.hipHeightOffsetM, i / N) - trial.hipHeightOffsetM[i]) ** 2;
    expect(Math.sqrt(sq / N)).toBeLessThan(0.001); // m
  });

  it('matches the reference-sheet values at 3.96 m/s', () => {
    const p = gaitPattern('run', 3.96);
    expect(p.strideTimeS).toBeGreaterThan(0.68); // sheet: 0.69 s
    expect(p.strideTimeS).toBeLessThan(0.70);
    expect(p.toeOffPhase).toBeGreaterThanOrEqual(0.35); // sheet: toe-off 35–36 % GC
    expect(p.toeOffPhase).toBeLessThanOrEqual(0.365);
    const knee = extremum(p.kneeFlexionRad, 1);
    expect(deg(knee.value)).toBeGreaterThanOrEqual(100); // sheet: 105 (R) / 101 (L) at 68 % GC
    expect(deg(knee.value)).toBeLessThanOrEqual(106);
    expect(knee.phase).toBeGreaterThan(0.65);
    expect(knee.phase).toBeLessThan(0.72);
    // sheet: ankle +4.1 ± 1.2° (R) / +4.6 ± 1.5° (L) DF at contact
    expect(deg(evalFourier(p.ankleDorsiflexionRad, 0))).toBeGreaterThan(2.5);
    expect(deg(evalFourier(p.ankleDorsiflexionRad, 0))).toBeLessThan(6);
    // sheet: peak hip flexion 45° at 81 % GC, peak extension −27° at 42 % GC
    const hipMax = extremum(p.hipFlexionRad, 1);
    const hipMin = extremum(p.hipFlexionRad, -1);
    expect(deg(hipMax.value)).toBeCloseTo(45, -0.5);
    expect(hipMax.phase).toBeCloseTo(0.81, 1);
    expect(deg(hipMin.value)).toBeCloseTo(-27, -0.5);
    expect(hipMin.phase).toBeCloseTo(0.42, 1);
  });

  it('has a hip-joint-centre vertical excursion of 6–10 cm (runners\' vertical oscillation ~6–10 cm [M])', () => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < 500; i++) {
      const h = evalFourier(pattern.hipHeightOffsetM, i / 500);
      lo = Math.min(lo, h);
      hi = Math.max(hi, h);
    }
    expect(hi - lo).toBeGreaterThan(0.06);
    expect(hi - lo).toBeLessThan(0.1);
    expect(hi).toBeLessThan(0.01); // the running pelvis stays below its standing height [D: max −11 mm]
  });
});

describe('running speed dependence vs Fukuchi RBDS', () => {
  it('stride time follows RBDS004 (0.798/0.777/0.721 s, sheet §5) in relative terms and RBDS001 at 2.5 m/s', () => {
    const t = [2.5, 3.5, 4.5].map((v) => gaitPattern('run', v).strideTimeS);
    // relative changes: RBDS004 T(2.5)/T(4.5) = 1.107, T(3.5)/T(4.5) = 1.078
    expect(t[0] / t[2]).toBeCloseTo(0.798 / 0.721, 1);
    expect(Math.abs(t[1] / t[2] - 0.777 / 0.721)).toBeLessThan(0.04);
    // absolute: RBDS001's own force plate at 2.5 m/s (a different runner from Hamner's): within 5 %
    const rbds001 = loadRbds001Timing25(dataDir);
    expect(rbds001.strideTimeS).toBeGreaterThan(0.74);
    expect(rbds001.strideTimeS).toBeLessThan(0.79);
    expect(Math.abs(t[0] / rbds001.strideTimeS - 1)).toBeLessThan(0.05);
  });

  it('stance fraction and peak knee flexion change with speed as in RBDS001', () => {
    const trends = loadRbds001Trends(dataDir);
    const p = [2.5, 3.5, 4.5].map((v) => gaitPattern('run', v));
    const dStance = p[0].toeOffPhase - p[2].toeOffPhase;
    expect(dStance).toBeCloseTo(trends.stanceFraction[0] - trends.stanceFraction[2], 3);
    const knee = p.map((x) => deg(extremum(x.kneeFlexionRad, 1).value));
    const dataRise = trends.kneePeakFlexionDeg[2] - trends.kneePeakFlexionDeg[0]; // ≈ 29°
    expect(knee[2] - knee[0]).toBeGreaterThan(0.75 * dataRise);
    expect(knee[2] - knee[0]).toBeLessThan(1.25 * dataRise);
  });
});

describe('walking pattern vs OpenSim subject01 walk1', () => {
  it('reproduces the averaged curves (RMS < 0.5°) and the GRF timing', () => {
    const trial = loadOpenSimWalking(dataDir, N);
    const p = gaitPattern('walk', WALK_BASE.speedMps);
    expect(rmsDeg(p, 'hipFlexionRad', trial.hipFlexionDeg)).toBeLessThan(0.5);
    expect(rmsDeg(p, 'kneeFlexionRad', trial.kneeFlexionDeg)).toBeLessThan(0.5);
    expect(rmsDeg(p, 'ankleDorsiflexionRad', trial.ankleDorsiflexionDeg)).toBeLessThan(0.5);
    expect(p.strideTimeS).toBeCloseTo(trial.strideTimeS, 3);
    // Walking stance ≈ 60–62 % of the cycle [M: Perry's textbook value ~60 %]
    expect(p.toeOffPhase).toBeGreaterThan(0.58);
    expect(p.toeOffPhase).toBeLessThan(0.65);
  });

  it('has a hip vertical excursion of 3–6 cm (walkers\' ~4–5 cm [M])', () => {
    const p = gaitPattern('walk', 1.2);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < 500; i++) {
      const h = evalFourier(p.hipHeightOffsetM, i / 500);
      lo = Math.min(lo, h);
      hi = Math.max(hi, h);
    }
    expect(hi - lo).toBeGreaterThan(0.03);
    expect(hi - lo).toBeLessThan(0.06);
  });
});
