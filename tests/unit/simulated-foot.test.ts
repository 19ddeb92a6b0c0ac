/**
 * Windows of a run for the classifier data, and the ground truth restricted to them.
 */
import { describe, expect, it } from 'vitest';
import { runWindows } from '../../src/classify/simulated-foot.ts';
import { runTruth } from '../../src/classify/dataset-worker.ts';
import { simulateRun } from '../../src/sim/run.ts';
import { parseRunParams } from '../../src/model/params.ts';

const rule = { neuroDriveBelow: 0.6, neuroMinStrideFraction: 0.01, muscularCapacityBelow: 0.45, noneCapacityAbove: 0.6, noneDriveAbove: 0.85, noneMaxMildFraction: 0.002 };

describe('runWindows', () => {
  it('starts at the start, ends the last window at the end, steps by everyS, stays inside the run', () => {
    const w = runWindows(3, 1003, 30, 150);
    expect(w[0]).toEqual([3, 33]);
    expect(w[w.length - 1]).toEqual([973, 1003]);
    for (let i = 2; i < w.length; i++) expect(w[i][1] - w[i - 1][1]).toBeCloseTo(150, 9);
    expect(w[1][1]).toBeCloseTo(103, 9);
    for (const [a, b] of w) {
      expect(a).toBeGreaterThanOrEqual(3);
      expect(b - a).toBeLessThanOrEqual(30 + 1e-9);
    }
    // a start window overlapping the next one is merged with it
    expect(runWindows(0, 340, 30, 150)).toEqual([[0, 40], [160, 190], [310, 340]]);
    expect(runWindows(0, 320, 30, 150)).toEqual([[0, 30], [140, 170], [290, 320]]);
    // a run shorter than one window is one window
    expect(runWindows(0, 20, 30, 150)).toEqual([[0, 20]]);
  });
});

describe('runTruth', () => {
  const run = simulateRun(parseRunParams({ durationS: 240, left: { nerve: { mechanism: 'intermittentBlock', probabilityPerKm: 1, failedDrive: 0.1 } } }));
  it('over the whole run equals the run summary; windows see only their strides', () => {
    const all = runTruth(run, rule);
    expect(all.minCapacity).toBe(run.summary.left.minTibialisCapacity);
    expect(all.minDrive).toBe(run.summary.left.minNeuralDrive);
    const t = run.legs.left.column('timeS');
    const whole = runTruth(run, rule, [[t[0], t[t.length - 1]]]);
    expect(whole).toEqual(all);
    // a window around the first failed stride holds a deficit; its fraction is relative to the window
    const drive = run.legs.left.column('neuralDrive');
    const k = drive.findIndex((d) => d < rule.neuroDriveBelow);
    expect(k).toBeGreaterThanOrEqual(0);
    const span: [number, number] = [t[k] - 5, t[k] + 5];
    const win = runTruth(run, rule, [span]);
    const inside = Array.from(t.keys()).filter((i) => t[i] >= span[0] && t[i] <= span[1]);
    expect(win.deficitStrideFraction).toBe(inside.filter((i) => drive[i] < rule.neuroDriveBelow).length / inside.length);
    expect(win.minDrive).toBe(Math.min(...inside.map((i) => drive[i])));
    expect(win.minDrive).toBeLessThanOrEqual(drive[k]);
  });
});
