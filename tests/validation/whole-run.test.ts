/**
 * Whole-run behaviour (issue 3): healthy baseline, exertional compartment syndrome time course,
 * TA fatigue under the recovery rules, extreme-but-valid parameters.
 *
 * Reference values: CECS symptoms begin 20–30 min into exercise and resolve 15–30 min after
 * stopping (reference sheet §7: Medscape/Pritchett; Pedowitz 1990 pressures). The fatigue
 * numbers are checked against the equations' own behaviour (MODEL.md §4), not tuned.
 */
import { describe, expect, it } from 'vitest';
import { parseRunParams } from '../../src/model/params.ts';
import { simulateRun } from '../../src/sim/run.ts';
import { STRIDE_COLUMNS } from '../../src/sim/outputs.ts';

const threeMiles = 4828.032;

describe('healthy 3-mile run at 3 m/s', () => {
  const params = parseRunParams({ speedMps: 3, distanceM: threeMiles, seed: 11 });
  const a = simulateRun(params);

  it('no toe catches on either leg, ~2,200 strides per leg', () => {
    for (const leg of ['left', 'right'] as const) {
      expect(a.summary[leg].toeCatches).toBe(0);
      expect(a.summary[leg].strides).toBeGreaterThan(2000);
      expect(a.summary[leg].mtcP05M).toBeGreaterThan(0.01);
    }
    console.log(
      `healthy 3 mi: left MTC median ${(a.summary.left.mtcMedianM * 1000).toFixed(1)} mm, SD ${(a.summary.left.mtcSdM * 1000).toFixed(1)} mm, stride-time CV ${(a.summary.left.strideTimeCv * 100).toFixed(1)} %, min TA capacity ${a.summary.left.minTibialisCapacity.toFixed(2)}`,
    );
  });

  it('the same seed gives bit-identical strides', () => {
    const b = simulateRun(params);
    for (const leg of ['left', 'right'] as const) {
      for (const c of STRIDE_COLUMNS) expect(b.legs[leg].column(c)).toEqual(a.legs[leg].column(c));
    }
  });
});

describe('exertional compartment syndrome on the left leg (defaults), 40 min at 3 m/s', () => {
  const r = simulateRun(parseRunParams({ speedMps: 3, durationS: 2400, left: { nerve: { mechanism: 'exertionalCompartment' } } }));
  const left = r.legs.left;
  const time = left.column('timeS');
  const drive = left.column('neuralDrive');

  it('left drive falls below 0.7 between 15 and 40 min; the right leg is untouched', () => {
    const i = drive.findIndex((d) => d < 0.7);
    expect(i).toBeGreaterThan(0);
    const onsetMin = time[i] / 60;
    console.log(`CECS: left drive < 0.7 from ${onsetMin.toFixed(1)} min; min drive ${r.summary.left.minNeuralDrive.toFixed(2)}`);
    expect(onsetMin).toBeGreaterThanOrEqual(15);
    expect(onsetMin).toBeLessThanOrEqual(40);
    expect(r.summary.right.minNeuralDrive).toBe(1);
  });

  it('left toe clearance and foot-strike angle fall accordingly; recovery within 15–30 min of stopping', () => {
    const mtc = left.column('mtcM');
    const fsa = left.column('footStrikeAngleRad');
    const early = (c: Float64Array) => median(c.subarray(0, 200));
    const late = (c: Float64Array) => median(c.subarray(left.length - 200));
    expect(late(mtc)).toBeLessThan(early(mtc) - 0.002);
    expect(late(fsa)).toBeLessThan(early(fsa) - (1 * Math.PI) / 180);
    const right = r.legs.right;
    expect(Math.abs(median(right.column('mtcM').subarray(right.length - 200)) - median(right.column('mtcM').subarray(0, 200)))).toBeLessThan(0.002);
    const rec = r.summary.left.recoveryTo90PctS;
    console.log(`CECS: recovery to 90 % ${rec === null ? 'never' : (rec / 60).toFixed(1) + ' min'}`);
    expect(rec).not.toBeNull();
    expect(rec! / 60).toBeGreaterThanOrEqual(15);
    expect(rec! / 60).toBeLessThanOrEqual(30);
  });
});

describe('TA fatigue with published ankle parameters and a stiff soleus (left), 3 miles', () => {
  const run = (extra: object) =>
    simulateRun(parseRunParams({ speedMps: 3, distanceM: threeMiles, left: { soleusStiffness: 3, tibialisFatigue: { preset: 'frey-law-2012-ankle', ...extra } } }));

  it('capacity falls monotonically on average and MTC follows it; the recovery rules differ as the equations say', () => {
    const looft = run({});
    const myosuite = run({ recoveryRule: 'myosuite' });
    const pure = run({ r: 1 });
    const cap = (r: ReturnType<typeof run>) => r.legs.left.column('tibialisCapacity');
    const last = (c: Float64Array) => c[c.length - 1];
    // looft2018 rests in the TA's silent mid-stance, myosuite whenever M_A ≥ TL: more rest, less fatigue.
    expect(last(cap(myosuite))).toBeGreaterThan(last(cap(looft)));
    // without rest recovery (r = 1) capacity keeps falling
    expect(last(cap(pure))).toBeLessThan(last(cap(looft)) - 0.3);
    const mtcLate = pure.summary.left.mtcLateMedianM;
    expect(mtcLate).toBeLessThan(pure.summary.left.mtcEarlyMedianM - 0.005);
    console.log(
      `end capacity looft ${last(cap(looft)).toFixed(2)}, myosuite ${last(cap(myosuite)).toFixed(2)}, r=1 ${last(cap(pure)).toFixed(2)}; recovery to 90 %: looft ${looft.summary.left.recoveryTo90PctS?.toFixed(0)} s, myosuite ${myosuite.summary.left.recoveryTo90PctS?.toFixed(0)} s, r=1 ${pure.summary.left.recoveryTo90PctS ?? '> 1800'} s`,
    );
    // Under looft2018 with r = 15 the TA recovers in minutes (rR = 0.0087/s, τ ≈ 2 min), not in
    // the ~30 min of the complaint: a finding, reported in the README, not a tuning target.
    expect(looft.summary.left.recoveryTo90PctS).not.toBeNull();
    expect(looft.summary.left.recoveryTo90PctS!).toBeLessThan(600);
  });
});

describe('extreme but valid parameters', () => {
  it.each([
    ['drive 0', { left: { nerve: { mechanism: 'peronealNeuropathy', drive: 0 } } }, /drive=0/],
    ['fatigue ×100', { left: { tibialisFatigue: { multiplier: 100 } } }, /multiplier=100/],
    ['LLD 5 cm', { legLengthDiscrepancyM: 0.05 }, /legLengthDiscrepancyM=0.05/],
  ])('%s runs without NaN and is flagged', (_name, extra, flag) => {
    const r = simulateRun(parseRunParams({ distanceM: 300, ...extra }));
    for (const leg of ['left', 'right'] as const) {
      for (const c of ['mtcM', 'footStrikeAngleRad', 'tibialisCapacity', 'neuralDrive'] as const) {
        for (const v of r.legs[leg].column(c)) expect(Number.isFinite(v)).toBe(true);
      }
    }
    expect(r.summary.flags.join('\n')).toMatch(flag);
  });

  it('drive 0 on the left makes the left foot drop (toe catches) and leaves the right alone', () => {
    const r = simulateRun(parseRunParams({ distanceM: 300, left: { nerve: { mechanism: 'peronealNeuropathy', drive: 0 } } }));
    expect(r.summary.left.toeCatches).toBeGreaterThan(0.8 * r.summary.left.strides);
    expect(r.summary.right.toeCatches).toBe(0);
  });

  it('an LLD lowers the longer (left) leg’s clearance ≈ 1 mm per mm uncompensated, half that at 50 % compensation', () => {
    const base = simulateRun(parseRunParams({ distanceM: 200, model: { variability: 0 } })).summary.left.mtcMedianM;
    const lld = simulateRun(parseRunParams({ distanceM: 200, legLengthDiscrepancyM: 0.01, model: { variability: 0 } })).summary.left.mtcMedianM;
    const comp = simulateRun(parseRunParams({ distanceM: 200, legLengthDiscrepancyM: 0.01, lldCompensation: 0.5, model: { variability: 0 } })).summary.left.mtcMedianM;
    expect(base - lld).toBeCloseTo(0.01, 3);
    expect(base - comp).toBeCloseTo(0.005, 3);
  });
});

function median(a: Float64Array): number {
  const s = Array.from(a).sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}
