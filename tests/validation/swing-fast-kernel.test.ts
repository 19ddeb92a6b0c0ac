/**
 * The swing's fast kernel (tabulated driven kinematics, closed-form single-free-joint foot
 * dynamics, lookup tables for the muscle, passive and trigonometric functions; src/model/swing.ts)
 * against the generic kernel (the general chain solver of model/chain.ts with the driven
 * kinematics evaluated at every derivative call — the code the MuJoCo cross-check validates).
 * - Per swing, over gaits, speeds, capacities, drives down to 0 and the run's variability draws:
 *   every output agrees (MTC within 1e-8 m).
 * - Whole runs with stride-to-stride variability and the fatigue/nerve feedback between strides:
 *   per-stride MTC within 0.05 mm of the generic simulation (MODEL.md §8 accuracy), in fact
 *   within 1e-4 mm; toe catches identical.
 */
import { describe, expect, it } from 'vitest';
import { parseRunParams } from '../../src/model/params.ts';
import { compileLegModel } from '../../src/model/leg.ts';
import { SwingSimulator, createSwingRecorder, emptySwingResult, nominalDrivers, type SwingResult } from '../../src/model/swing.ts';
import { simulateRun, VARIABILITY_SD } from '../../src/sim/run.ts';
import { createRng } from '../../src/random.ts';

const NUMERIC_OUTPUTS = [
  'mtcM', 'mtcTimePct', 'maxToeClearanceM', 'footStrikeAngleRad', 'peakSwingDorsiflexionRad', 'ankleAtContactRad',
  'ankleVelocityAtContactRadS', 'taPeakActivation', 'taPeakForceN', 'taMeanForceN', 'taMeanLoad', 'ankleTrackingRmsRad',
] as const satisfies ReadonlyArray<keyof SwingResult>;

describe('fast vs generic kernel, single swings', () => {
  const rng = createRng(42, 'fast-kernel-test');
  for (const [gait, speedMps] of [['run', 2.5], ['run', 3.5], ['run', 4.5], ['walk', 1.3]] as const) {
    it(`${gait} at ${speedMps} m/s: every output agrees (MTC within 1e-8 m), and the TA load profile`, () => {
      const params = parseRunParams({ gait, speedMps });
      const leg = compileLegModel(params, 'left');
      const fast = new SwingSimulator(leg, params.numerics, 'fast');
      const generic = new SwingSimulator(leg, params.numerics, 'generic');
      let worstMtc = 0;
      for (let i = 0; i < 40; i++) {
        const d = {
          ...nominalDrivers(),
          taCapacity: 0.1 + 0.9 * rng.uniform(),
          neuralDrive: i % 3 === 0 ? rng.uniform() : 1,
          strideTimeScale: 1 + 2 * VARIABILITY_SD.strideTime * rng.normal(),
          hipAmplitudeScale: 1 + 2 * VARIABILITY_SD.hipAmplitude * rng.normal(),
          kneeAmplitudeScale: 1 + 2 * VARIABILITY_SD.kneeAmplitude * rng.normal(),
          excitationOffset: 2 * VARIABILITY_SD.excitation * rng.normal(),
          hipHeightOffsetM: -0.02 * rng.uniform(),
        };
        const a = fast.simulate(d, emptySwingResult());
        const b = generic.simulate(d, emptySwingResult());
        worstMtc = Math.max(worstMtc, Math.abs(a.mtcM - b.mtcM));
        expect(a.mtcIsLocalMin).toBe(b.mtcIsLocalMin);
        expect(a.toeCatch).toBe(b.toeCatch);
        for (const k of NUMERIC_OUTPUTS) expect(Math.abs(a[k] - b[k]), k).toBeLessThan(1e-5 * Math.max(1, Math.abs(b[k])));
        for (let s = 0; s < fast.taLoadProfile.length; s++) expect(Math.abs(fast.taLoadProfile[s] - generic.taLoadProfile[s])).toBeLessThan(1e-6);
      }
      expect(worstMtc).toBeLessThan(1e-8);
    });
  }

  it('the recorder sees the same trajectory', () => {
    const params = parseRunParams({ gait: 'run', speedMps: 3.5 });
    const leg = compileLegModel(params, 'left');
    const ra = createSwingRecorder();
    const rb = createSwingRecorder();
    const d = { ...nominalDrivers(), taCapacity: 0.5, kneeAmplitudeScale: 1.05 };
    new SwingSimulator(leg, params.numerics, 'fast').simulate(d, emptySwingResult(), ra);
    new SwingSimulator(leg, params.numerics, 'generic').simulate(d, emptySwingResult(), rb);
    expect(ra.timeS).toEqual(rb.timeS);
    for (let i = 0; i < ra.toeClearanceM.length; i++) {
      expect(Math.abs(ra.toeClearanceM[i] - rb.toeClearanceM[i])).toBeLessThan(1e-8);
      expect(Math.abs(ra.taForceN[i] - rb.taForceN[i])).toBeLessThan(1e-4);
    }
  });
});

describe('fast vs generic kernel, whole runs (variability, fatigue and nerve feedback between strides)', () => {
  it.each([
    ['healthy run, 3 m/s', { speedMps: 3.0 }],
    ['TA fatigue ×8 without rest recovery (toe catches)', { speedMps: 3.0, left: { tibialisFatigue: { multiplier: 8, r: 1 } } }],
    ['intermittent conduction block, 4.5 m/s', { speedMps: 4.5, left: { nerve: { mechanism: 'intermittentBlock', baseProbability: 0.05 } } }],
    ['walking with a leg-length discrepancy', { gait: 'walk', speedMps: 1.3, legLengthDiscrepancyM: 0.01 }],
  ])('%s: per-stride MTC within 0.05 mm (observed < 1e-4 mm), same toe catches', (_name, extra) => {
    const params = parseRunParams({ distanceM: 1200, seed: 5, ...extra });
    const generic = simulateRun(params, { swingKernel: 'generic' });
    const fast = simulateRun(params);
    let worst = 0;
    for (const leg of ['left', 'right'] as const) {
      const a = generic.legs[leg].column('mtcM');
      const b = fast.legs[leg].column('mtcM');
      expect(b.length).toBe(a.length);
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
      expect(fast.summary[leg].toeCatches).toBe(generic.summary[leg].toeCatches);
    }
    expect(worst).toBeLessThan(5e-5);
    expect(worst).toBeLessThan(1e-7);
  });
});
