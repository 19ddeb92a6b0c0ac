/**
 * `npm run bench` smoke test: the quick mode on the core tasks (the swing kernel, a 5 km run and
 * both peers) prints one JSON document with every key of the issue-9 contract; the measured ones
 * are positive numbers and the peers' accuracy check holds. The other tasks (sweeps, training,
 * trace analysis) take longer and are covered by the full `npm run bench` (their keys are null here).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const KEYS = [
  'machine',
  'swingsPerSecondPerCore',
  'swingStepS',
  'run5kmBothLegsS',
  'vsMujocoRatio',
  'vsScipyRatio',
  'sweepRunsPerSecond1Worker',
  'sweepRunsPerSecond2Workers',
  'parallelEfficiency2Workers',
  'analyzeClassify60minS',
  'trainFromScratchS',
  'peakRssMb',
  'goals',
  'noisy',
  'physicalLimit',
] as const;

describe('npm run bench -- --quick', () => {
  it('prints one JSON document with all keys; the measured figures are positive', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--json', '--only', 'swing,run5km,mujoco,scipy'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown> & { peakRssMb: Record<string, number>; machine: Record<string, unknown> };
    for (const k of KEYS) expect(doc, k).toHaveProperty(k);
    for (const k of ['swingsPerSecondPerCore', 'swingStepS', 'run5kmBothLegsS', 'vsMujocoRatio'] as const) expect(doc[k] as number, k).toBeGreaterThan(0);
    expect(doc.machine).toMatchObject({ cores: expect.any(Number), node: process.version });
    for (const task of ['baseline', 'swing', 'run5km', 'mujoco']) expect(doc.peakRssMb[task], task).toBeGreaterThan(0);
    const details = doc.details as Record<string, Record<string, unknown>>;
    // MuJoCo reproduces our MTC within the 0.05 mm target at the timestep it was timed at
    expect(details.mujoco.withinTarget).toBe(true);
    // SciPy is optional (python3-scipy); when present it must meet the target too
    if (details.scipy.available) {
      expect(details.scipy.withinTarget).toBe(true);
      expect(doc.vsScipyRatio as number).toBeGreaterThan(0);
    }
  }, 120_000);
});
