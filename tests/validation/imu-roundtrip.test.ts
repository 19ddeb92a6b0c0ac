/**
 * Round trip: simulated run → synthesised foot IMU → analysis pipeline → strides and events,
 * compared with the simulator's own events (initial contact = stride-table timeS, toe-off =
 * timeS + toeOffPhase × strideTimeS). A healthy 3.5 m/s run of 42 s (≈ 60 strides per leg), both legs.
 *
 * Edge strides: each leg's trace starts at that leg's first contact and ends at mid-stance after
 * its last simulated swing, so every simulated stride (stance + swing) is complete and the
 * pipeline (mid-stance → mid-stance strides around each swing) must find exactly as many.
 * The traces are in the foot sensor frame already (misalignment 0.03 rad) and go through the full
 * pipeline, automatic alignment included (its forward-sign step used to flip fast running; fixed,
 * see imu-alignment-speeds.test.ts): the numbers equal those with alignment 'none' to 0.1 ms.
 */
import { describe, expect, it } from 'vitest';
import { parseRunParams } from '../../src/model/params.ts';
import { simulateRun } from '../../src/sim/run.ts';
import { compileLegModel } from '../../src/model/leg.ts';
import { synthesizeImu, type SensorPresetName } from '../../src/imu/synth/index.ts';
import { analyzeTrace } from '../../src/imu/pipeline/index.ts';
import { quantile } from '../../src/sim/outputs.ts';

const params = parseRunParams({ speedMps: 3.5, durationS: 42, seed: 11 });
const run = simulateRun(params);
const toeOffPhase = compileLegModel(params, 'left').pattern.toeOffPhase;

interface Errors {
  strides: number;
  detected: number;
  icMs: number[];
  toMs: number[];
}

function roundTrip(rateHz: number, sensor: SensorPresetName): Errors {
  const traces = synthesizeImu(run, { rateHz, sensor, sites: ['foot'], seed: 5 });
  const out: Errors = { strides: 0, detected: 0, icMs: [], toMs: [] };
  for (const side of ['left', 'right'] as const) {
    const table = run.legs[side];
    const ic = table.column('timeS');
    const st = table.column('strideTimeS');
    const res = analyzeTrace(traces[side]!.foot!, { side });
    out.strides += table.length;
    out.detected += res.strides.length;
    for (const s of res.strides) {
      // the simulated stride whose swing this is: nearest toe-off
      let best = 0;
      for (let k = 1; k < table.length; k++) if (Math.abs(ic[k] + toeOffPhase * st[k] - s.toS) < Math.abs(ic[best] + toeOffPhase * st[best] - s.toS)) best = k;
      out.toMs.push(1000 * (s.toS - (ic[best] + toeOffPhase * st[best])));
      out.icMs.push(1000 * (s.icS - (ic[best] + st[best])));
    }
  }
  return out;
}

const abs = (a: number[]): number[] => a.map(Math.abs);
const summary = (e: Errors) => ({
  icMedianMs: quantile(e.icMs, 0.5),
  icAbsP95Ms: quantile(abs(e.icMs), 0.95),
  toMedianMs: quantile(e.toMs, 0.5),
  toAbsP95Ms: quantile(abs(e.toMs), 0.95),
});

describe('IMU round trip through analyzeTrace', () => {
  const cases: Array<[number, SensorPresetName]> = [
    [100, 'bmi270'],
    [200, 'bmi270'],
    [500, 'bmi270'],
    [1000, 'bmi270'],
    [200, 'icm20948'],
    [200, 'xsens-mti'],
    [200, 'ideal'],
  ];
  for (const [rate, sensor] of cases) {
    it(`${rate} Hz, ${sensor}: every simulated stride found, events within bounds`, () => {
      const e = roundTrip(rate, sensor);
      const s = summary(e);
      console.log(`round trip ${rate} Hz ${sensor}: strides ${e.detected}/${e.strides}, IC median ${s.icMedianMs.toFixed(1)} ms, |IC| p95 ${s.icAbsP95Ms.toFixed(1)} ms, TO median ${s.toMedianMs.toFixed(1)} ms, |TO| p95 ${s.toAbsP95Ms.toFixed(1)} ms`);
      expect(e.detected).toBe(e.strides);
      // IC: the pipeline's jerk onset picks the heel strike, or the forefoot contact ≈ 30–35 ms later
      // on some strides; TO: its midpoint rule (push-off peak ↔ toe-up reversal, tuned on walking)
      // lands ≈ 80 ms late on this running pattern (see the report).
      expect(Math.abs(s.icMedianMs)).toBeLessThan(40);
      expect(s.icAbsP95Ms).toBeLessThan(45);
      expect(Math.abs(s.toMedianMs)).toBeLessThan(120);
    }, 30_000);
  }
});
