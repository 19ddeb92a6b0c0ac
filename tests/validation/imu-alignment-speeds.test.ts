/**
 * Automatic alignment of simulated foot traces across the running speeds the classifier is
 * trained on. Regression test for a forward-sign flip: at ≥ 3.7 m/s the foot is still for only
 * ~60 ms per stride, the 100-ms gyro average made the mid-swing reversal of the sagittal rate look
 * as quiet as stance, and the displacement check integrated from swing to stance and turned the
 * heading round (strike angle −31° instead of +15°, ICs placed at the end of push-off). About
 * 40 % of the classifier's training runs were affected before the fix.
 *
 * The synthesised traces are in the foot sensor frame already (misalignment 0.03 rad), so the
 * recovered rotation must be close to the identity, and the strike angle the pipeline reads must
 * have the simulator's sign and lie within 8° of it (see the bias below).
 */
import { describe, expect, it } from 'vitest';
import { parseRunParams } from '../../src/model/params.ts';
import { simulateRun } from '../../src/sim/run.ts';
import { synthesizeImu } from '../../src/imu/synth/index.ts';
import { analyzeTrace } from '../../src/imu/pipeline/index.ts';
import { alignToFootFrame } from '../../src/imu/pipeline/align.ts';
import { quantile } from '../../src/sim/outputs.ts';

describe('automatic foot-frame alignment at running speeds 2.6–4.5 m/s', () => {
  for (const speedMps of [2.6, 3.5, 4.0, 4.5]) {
    it(`${speedMps} m/s: forward sign right, every stride found, strike angle near the simulator's`, () => {
      const run = simulateRun(parseRunParams({ speedMps, durationS: 40, seed: 3 }));
      const trace = synthesizeImu(run, { rateHz: 200, sensor: 'bmi270', sites: ['foot'], seed: 4, standingS: 5 }).left!.foot!;
      const aligned = alignToFootFrame(trace.accMps2, trace.gyrRadS, trace.samplingRateHz);
      const res = analyzeTrace(trace, { side: 'left' });
      const strikeDeg = quantile(res.strides.map((s) => s.footPitchAtIcRad), 0.5) * (180 / Math.PI);
      const simDeg = quantile(Array.from(run.legs.left.column('footStrikeAngleRad')), 0.5) * (180 / Math.PI);
      console.log(
        `alignment ${speedMps} m/s: R_xx ${aligned.rotation[0].toFixed(3)} (${aligned.forwardSignMethod}, agreement ${aligned.forwardSignAgreement.toFixed(2)}), strides ${res.strides.length}/${run.legs.left.length}, strike ${strikeDeg.toFixed(1)}° vs simulated ${simDeg.toFixed(1)}°`,
      );
      expect(aligned.rotation[0]).toBeGreaterThan(0.95); // x stays forward (a flip gives ≈ −1)
      expect(aligned.forwardSignAgreement).toBeGreaterThan(0.9);
      expect(Math.abs(res.strides.length - run.legs.left.length)).toBeLessThanOrEqual(1);
      expect(strikeDeg).toBeGreaterThan(0);
      // Remaining bias +3.1° / +5.4° / +4.0° / +3.4° at 2.6 / 3.5 / 4.0 / 4.5 m/s (the synthesised
      // foot itself, gyro-integrated from standing, matches the simulator within 0.5°): the rest
      // attitude of a stride comes from the specific force near mid-stance, where a fast runner's
      // foot rests for only ~60 ms. It was +2.7° to +13.8° before quasi-static samples were
      // selected (trajectory.ts). A flip reads about −30°.
      expect(Math.abs(strikeDeg - simDeg)).toBeLessThan(8);
    });
  }
});
