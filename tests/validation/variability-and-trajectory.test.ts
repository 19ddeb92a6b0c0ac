/**
 * Stride-to-stride variability and the toe trajectory against real data.
 * - Walking MTC SD: Winter 1992 (Phys Ther 72:45), 4 mm — the calibration target of
 *   VARIABILITY_SD (src/sim/run.ts); checked here so a change to the model shows.
 * - Running: the per-stride toe-marker MTC and stride times of Hamner 2010 subject02 at 3.96 m/s,
 *   computed in tests/support/hamner-markers.ts from the public markers and force plate.
 * - The kinematic toe trajectory of the model (normative angles + de Leva segments + foot
 *   geometry) vs the same runner's recorded toe marker over the gait cycle.
 */
import { describe, expect, it } from 'vitest';
import { parseRunParams } from '../../src/model/params.ts';
import { simulateRun } from '../../src/sim/run.ts';
import { compileLegModel, evaluateKinematics } from '../../src/model/leg.ts';
import { pointPosition } from '../../src/model/chain.ts';
import { hamnerToe, mean, sd } from '../support/hamner-markers.ts';

const marker = { clearancePoint: 'toeMarker' as const };

describe('stride-to-stride variability', () => {
  it('walking at 1.3 m/s: MTC SD within 15 % of Winter 1992’s 4 mm; stride-time CV 1–3 %', () => {
    const s = simulateRun(parseRunParams({ gait: 'walk', speedMps: 1.3, durationS: 300, model: marker })).summary.left;
    console.log(`walking MTC SD ${(s.mtcSdM * 1000).toFixed(2)} mm, stride-time CV ${(s.strideTimeCv * 100).toFixed(2)} %`);
    expect(s.mtcSdM).toBeGreaterThan(0.0034);
    expect(s.mtcSdM).toBeLessThan(0.0046);
    expect(s.strideTimeCv).toBeGreaterThan(0.01);
    expect(s.strideTimeCv).toBeLessThan(0.03);
  });

  it('running at 3.96 m/s vs Hamner subject02: MTC SD within a factor 2, stride-time CV within a factor 3', () => {
    const data = hamnerToe();
    const dataMtc = [...data.mtcM.right, ...data.mtcM.left];
    const dataStride = [...data.strideTimesS.right, ...data.strideTimesS.left];
    const s = simulateRun(parseRunParams({ gait: 'run', speedMps: 3.96, durationS: 120, model: marker })).summary.left;
    const dataSd = (sd(data.mtcM.right) + sd(data.mtcM.left)) / 2; // within-leg SD, legs pooled
    const dataCv = sd(dataStride) / mean(dataStride);
    console.log(
      `running MTC: model median ${(s.mtcMedianM * 1000).toFixed(1)} SD ${(s.mtcSdM * 1000).toFixed(1)} mm; Hamner markers mean ${(mean(dataMtc) * 1000).toFixed(1)} mm, within-leg SD ${(dataSd * 1000).toFixed(1)} mm (n = ${dataMtc.length}); stride-time CV model ${(s.strideTimeCv * 100).toFixed(2)} %, data ${(dataCv * 100).toFixed(2)} %`,
    );
    expect(dataMtc.length).toBeGreaterThan(20);
    expect(s.mtcSdM / dataSd).toBeGreaterThan(0.5);
    expect(s.mtcSdM / dataSd).toBeLessThan(2);
    expect(s.strideTimeCv / dataCv).toBeGreaterThan(1 / 3);
    expect(s.strideTimeCv / dataCv).toBeLessThan(3);
    // the model's median MTC lies within the data's range of per-leg means ± 1 SD
    expect(s.mtcMedianM).toBeGreaterThan(Math.min(mean(data.mtcM.left), mean(data.mtcM.right)) - dataSd);
    expect(s.mtcMedianM).toBeLessThan(Math.max(mean(data.mtcM.left), mean(data.mtcM.right)) + dataSd);
  });
});

describe('kinematic toe trajectory vs the recorded toe marker (Hamner subject02, right leg)', () => {
  it('swing RMS difference < 35 mm, and < 15 mm over the MTC window (75–90 % of the cycle)', () => {
    const data = hamnerToe();
    const params = parseRunParams({ gait: 'run', speedMps: 3.96, runner: { heightM: 1.807 }, model: marker });
    const leg = compileLegModel(params, 'right');
    const kin = new Float64Array(12);
    const phi = new Float64Array(3);
    const pos = new Float64Array(2);
    let sq = 0;
    let n = 0;
    let sqMtc = 0;
    let nMtc = 0;
    for (let i = 0; i < 100; i++) {
      evaluateKinematics(leg.pattern, i / 100, leg.pattern.strideTimeS, 1, 1, leg.heightScale, kin);
      phi[0] = kin[0];
      phi[1] = kin[0] - kin[3];
      phi[2] = phi[1] + kin[6];
      pointPosition(leg.chain, phi, 2, leg.toeLocal[0], leg.toeLocal[1], pos);
      const model = pos[1] - leg.toeStandingZ + kin[9];
      const err = model - data.meanCycleRightM[i];
      if (i / 100 > leg.pattern.toeOffPhase) {
        sq += err * err;
        n++;
      }
      if (i >= 75 && i <= 90) {
        sqMtc += err * err;
        nMtc++;
      }
    }
    const rms = Math.sqrt(sq / n) * 1000;
    const rmsMtc = Math.sqrt(sqMtc / nMtc) * 1000;
    console.log(`toe trajectory vs marker (${data.cyclesRight} cycles): swing RMS ${rms.toFixed(1)} mm, MTC window RMS ${rmsMtc.toFixed(1)} mm`);
    expect(rms).toBeLessThan(35);
    expect(rmsMtc).toBeLessThan(15);
  });
});
