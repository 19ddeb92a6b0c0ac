/**
 * Validation of the swing-leg model against published toe-clearance values (issue 2).
 *
 * Sources:
 * - Running toe-tip-marker MTC: Hamner et al. 2010 subject02 (3.96 m/s, rearfoot), derived from
 *   the public marker data in shared/reference/biomechanics.md §4: R 61 ± 11 mm, L 45 ± 11 mm at
 *   68–70 % of swing. The acceptance range: 45–60 mm at ≈ 70 % of swing.
 * - Walking MTC: Winter 1992 (Phys Ther 72:45) 12.9 mm; Moosabhoy & Gard 2006 (Gait Posture
 *   24:493) 19 ± 5 mm at ~51 % of swing. Acceptance: 10–25 mm at ≈ 50 % of swing.
 * - Sensitivity of walking MTC (Moosabhoy & Gard 2006): ankle 2.98, swing hip 1.66, knee 0.44 mm/°.
 * Published MTC values are toe-marker heights relative to standing, so these tests set
 * `model.clearancePoint = 'toeMarker'`.
 */
import { describe, expect, it } from 'vitest';
import { parseRunParams } from '../../src/model/params.ts';
import { compileLegModel, evaluateKinematics } from '../../src/model/leg.ts';
import { gaitPattern, type GaitPattern } from '../../src/model/kinematics.ts';
import { simulateSwing, createSwingRecorder } from '../../src/model/swing.ts';
import { pointPosition } from '../../src/model/chain.ts';
import { simulateRun } from '../../src/sim/run.ts';

const DEG = Math.PI / 180;
const marker = { model: { clearancePoint: 'toeMarker' as const } };

describe('healthy running at 3.96 m/s (Hamner 2010 subject02 speed)', () => {
  const params = parseRunParams({ gait: 'run', speedMps: 3.96, ...marker });

  it('nominal swing: MTC 45–60 mm at 60–80 % of swing, no toe catch, rearfoot strike', () => {
    const r = simulateSwing(compileLegModel(params, 'left'));
    console.log(
      `running MTC ${(r.mtcM * 1000).toFixed(1)} mm at ${r.mtcTimePct.toFixed(1)} % of swing; foot strike ${(r.footStrikeAngleRad / DEG).toFixed(1)}°; TA peak force ${r.taPeakForceN.toFixed(0)} N`,
    );
    expect(r.mtcIsLocalMin).toBe(true);
    expect(r.mtcM).toBeGreaterThanOrEqual(0.045);
    expect(r.mtcM).toBeLessThanOrEqual(0.06);
    expect(r.mtcTimePct).toBeGreaterThan(60);
    expect(r.mtcTimePct).toBeLessThan(80);
    expect(r.toeCatch).toBe(false);
    // Altman & Davis 2012: rearfoot strike > 8°; Hamner's marker-based strike angle is 18–19°.
    expect(r.footStrikeAngleRad / DEG).toBeGreaterThan(8);
  });

  it('a run with stride-to-stride variability: median MTC in range on both legs, no toe catches', () => {
    const run = simulateRun(parseRunParams({ gait: 'run', speedMps: 3.96, distanceM: 200, ...marker }));
    for (const leg of ['left', 'right'] as const) {
      const s = run.summary[leg];
      expect(s.strides).toBeGreaterThan(60);
      expect(s.mtcMedianM).toBeGreaterThanOrEqual(0.045);
      expect(s.mtcMedianM).toBeLessThanOrEqual(0.06);
      expect(s.toeCatches).toBe(0);
    }
  });

  it('simulated swing ankle follows the normative running ankle curve (RMS < 5°)', () => {
    // The feedforward is planned from this curve, so this measures how faithfully muscle
    // dynamics, activation lag and feedback reproduce it — with variability switched on.
    const rec = createSwingRecorder();
    simulateSwing(compileLegModel(params, 'left'), { kneeAmplitudeScale: 1.03, hipAmplitudeScale: 0.97, excitationOffset: 0.02 }, undefined, rec);
    let sq = 0;
    for (let i = 0; i < rec.ankleRad.length; i++) sq += (rec.ankleRad[i] - rec.ankleRefRad[i]) ** 2;
    const rmsDeg = Math.sqrt(sq / rec.ankleRad.length) / DEG;
    console.log(`swing ankle vs normative running curve: RMS ${rmsDeg.toFixed(2)}°`);
    expect(rmsDeg).toBeLessThan(5);
  });
});

describe('healthy walking at 1.3 m/s', () => {
  const params = parseRunParams({ gait: 'walk', speedMps: 1.3, ...marker });

  it('MTC 10–25 mm at 40–60 % of swing', () => {
    const r = simulateSwing(compileLegModel(params, 'left'));
    console.log(`walking MTC ${(r.mtcM * 1000).toFixed(1)} mm at ${r.mtcTimePct.toFixed(1)} % of swing`);
    expect(r.mtcIsLocalMin).toBe(true);
    expect(r.mtcM).toBeGreaterThanOrEqual(0.01);
    expect(r.mtcM).toBeLessThanOrEqual(0.025);
    expect(r.mtcTimePct).toBeGreaterThan(40);
    expect(r.mtcTimePct).toBeLessThan(60);
    expect(r.toeCatch).toBe(false);
  });

  /** MTC change per degree added to one normative curve (central difference, ±1°). */
  function sensitivityMmPerDeg(key: 'hipFlexionRad' | 'kneeFlexionRad' | 'ankleDorsiflexionRad'): number {
    const base = gaitPattern('walk', 1.3);
    const shifted = (delta: number): GaitPattern => ({ ...base, [key]: { ...base[key], a0: base[key].a0 + delta } });
    const mtc = (delta: number) => simulateSwing(compileLegModel(params, 'left', shifted(delta))).mtcM;
    return ((mtc(DEG) - mtc(-DEG)) / 2) * 1000;
  }

  it('ankle sensitivity within ±30 % of Moosabhoy & Gard 2006 (2.98 mm/°)', () => {
    const s = sensitivityMmPerDeg('ankleDorsiflexionRad');
    console.log(`walking MTC sensitivity to ankle dorsiflexion: ${s.toFixed(2)} mm/° (published 2.98)`);
    expect(s).toBeGreaterThan(2.98 * 0.7);
    expect(s).toBeLessThan(2.98 * 1.3);
  });

  it('hip and knee sensitivities equal the lever arms of the toe at MTC (geometry of this gait data)', () => {
    // Rotating the thigh by 1° moves the toe by (x_toe − x_hip)·1°; more knee flexion rotates the
    // shank backwards, moving it by −(x_toe − x_knee)·1°. Moosabhoy & Gard's 1.66 and 0.44 mm/°
    // imply the toe 95 mm ahead of the hip and 25 mm behind the knee at MTC; the OpenSim subject01
    // walking data used here place it further forward (see issue note), so the published hip/knee
    // values are not expected; the check is that the model's sensitivities are the geometric ones.
    const leg = compileLegModel(params, 'left');
    const r = simulateSwing(leg);
    const phase = leg.pattern.toeOffPhase + ((r.mtcTimePct / 100) * (1 - leg.pattern.toeOffPhase));
    const kin = new Float64Array(12);
    evaluateKinematics(leg.pattern, phase, leg.pattern.strideTimeS, 1, 1, leg.heightScale, kin);
    const phi = Float64Array.of(kin[0], kin[0] - kin[3], kin[0] - kin[3] + kin[6]);
    const toe = new Float64Array(2);
    const knee = new Float64Array(2);
    pointPosition(leg.chain, phi, 2, leg.toeLocal[0], leg.toeLocal[1], toe);
    pointPosition(leg.chain, phi, 1, 0, 0, knee);
    const hipLever = toe[0] * DEG * 1000;
    const kneeLever = -(toe[0] - knee[0]) * DEG * 1000;
    const hip = sensitivityMmPerDeg('hipFlexionRad');
    const kneeS = sensitivityMmPerDeg('kneeFlexionRad');
    console.log(
      `walking sensitivities: hip ${hip.toFixed(2)} mm/° (lever ${hipLever.toFixed(2)}; published 1.66), knee ${kneeS.toFixed(2)} mm/° (lever ${kneeLever.toFixed(2)}; published 0.44)`,
    );
    // The ankle's own response to the changed plan adds a little; 0.5 mm/° covers it.
    expect(Math.abs(hip - hipLever)).toBeLessThan(0.5);
    expect(Math.abs(kneeS - kneeLever)).toBeLessThan(0.5);
  });
});

describe('numerics', () => {
  it('halving the default step changes MTC by < 0.05 mm (RK4 at 5 ms vs 2.5 ms; DOPRI5 agrees)', () => {
    const base = parseRunParams({ gait: 'run', speedMps: 3.5 });
    const mtc = (numerics: { integrator: 'rk4' | 'dopri5'; stepS: number; rtol: number }) =>
      simulateSwing(compileLegModel(base, 'left'), {}, numerics).mtcM;
    const h1 = mtc({ integrator: 'rk4', stepS: 5e-3, rtol: 1e-8 });
    const h2 = mtc({ integrator: 'rk4', stepS: 2.5e-3, rtol: 1e-8 });
    const dp = mtc({ integrator: 'dopri5', stepS: 1e-3, rtol: 1e-10 });
    console.log(`MTC rk4 5 ms ${(h1 * 1000).toFixed(4)} mm, 2.5 ms ${(h2 * 1000).toFixed(4)} mm, dopri5 ${(dp * 1000).toFixed(4)} mm`);
    expect(Math.abs(h1 - h2)).toBeLessThan(5e-5);
    expect(Math.abs(h2 - dp)).toBeLessThan(5e-5);
  });
});
