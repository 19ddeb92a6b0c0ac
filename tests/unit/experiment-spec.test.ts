/** Experiment file schema: validation messages, point expansion, seeds and keys. */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { deriveSeed } from '../../src/random.ts';
import {
  experimentHash,
  experimentToObject,
  factorColumn,
  loadExperiment,
  parseExperiment,
  planExperiment,
  planTask,
} from '../../src/experiments/spec.ts';
import { parseShard, shardTasks } from '../../src/experiments/runner.ts';

const minimal = {
  name: 'tiny',
  seed: 3,
  base: { distanceM: 100 },
  factors: [
    { name: 'left.soleusStiffness', kind: 'uniform', min: 1, max: 3 },
    { name: 'legLengthDiscrepancyM', kind: 'uniform', min: 0, max: 0.01 },
  ],
  design: { kind: 'grid', levels: 3 },
  replicates: 2,
};

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('parseExperiment', () => {
  it('fills defaults', () => {
    const spec = parseExperiment(minimal);
    expect(spec.replicates).toBe(2);
    expect(spec.outputs.strides).toBe('none');
    expect(spec.scenarios).toEqual([]);
    expect(spec.figures).toEqual([]);
    expect(Object.isFrozen(spec)).toBe(true);
  });

  it('names an unknown top-level key and lists the allowed ones', () => {
    const msg = errorOf(() => parseExperiment({ ...minimal, replicate: 2 }, 'x.yaml'));
    expect(msg).toContain('x.yaml');
    expect(msg).toContain('unknown key replicate');
    expect(msg).toContain('replicates');
  });

  it('names an unknown key inside design', () => {
    const msg = errorOf(() => parseExperiment({ ...minimal, design: { kind: 'saltelli', baseN: 8, n: 3 } }));
    expect(msg).toContain('unknown key design.n');
  });

  it('names out-of-range design values with the allowed range', () => {
    expect(errorOf(() => parseExperiment({ ...minimal, design: { kind: 'saltelli', baseN: 1 } }))).toMatch(/design\.baseN: must be an integer >= 2/);
    expect(errorOf(() => parseExperiment({ ...minimal, design: { kind: 'morris', trajectories: 4, levels: 3 } }))).toMatch(/design\.levels: must be an even integer/);
    expect(errorOf(() => parseExperiment({ ...minimal, replicates: 0 }))).toMatch(/replicates: must be an integer between 1 and 100000/);
    expect(errorOf(() => parseExperiment({ ...minimal, seed: -1 }))).toMatch(/seed: must be an integer between 0 and 4294967295/);
  });

  it('rejects a bad strides mode, a factor without min < max, and a reserved factor name', () => {
    expect(errorOf(() => parseExperiment({ ...minimal, outputs: { strides: 'every:0' } }))).toMatch(/outputs\.strides/);
    expect(errorOf(() => parseExperiment({ ...minimal, factors: [{ name: 'speedMps', kind: 'uniform', min: 3, max: 2 }], design: { kind: 'lhs', n: 4 } }))).toMatch(
      /factors\[0\]\.max: must be greater than min/,
    );
    expect(errorOf(() => parseExperiment({ ...minimal, factors: [{ name: 'seed', kind: 'uniform', min: 0, max: 9 }], design: { kind: 'lhs', n: 4 } }))).toMatch(/reserved/);
  });

  it('requires a design with factors and factors with a design', () => {
    expect(errorOf(() => parseExperiment({ ...minimal, design: undefined }))).toMatch(/no design/);
    expect(errorOf(() => parseExperiment({ ...minimal, factors: [] }))).toMatch(/needs at least one factor/);
  });

  it('round-trips through its file form', () => {
    const spec = parseExperiment({ ...minimal, scenarios: { a: { left: { soleusStiffness: 2 } }, b: { overrides: { speedMps: 3.5 }, description: 'faster' } } });
    const again = parseExperiment(JSON.parse(JSON.stringify(experimentToObject(spec))));
    expect(again).toEqual(spec);
    expect(experimentHash(again)).toBe(experimentHash(spec));
  });
});

describe('planExperiment', () => {
  it('fails up front on a point outside a parameter range, naming the key and the range', () => {
    const spec = parseExperiment({ ...minimal, factors: [{ name: 'left.soleusStiffness', kind: 'uniform', min: 1, max: 12 }] });
    const msg = errorOf(() => planExperiment(spec, 'x.yaml'));
    expect(msg).toContain('left.soleusStiffness');
    expect(msg).toContain('between 0.25 and 10');
    expect(msg).toMatch(/point 2 of 3/);
  });

  it('fails up front on a factor that is not a run parameter', () => {
    const spec = parseExperiment({ ...minimal, factors: [{ name: 'left.soleusStifness', kind: 'uniform', min: 1, max: 2 }] });
    expect(errorOf(() => planExperiment(spec))).toContain('unknown parameter left.soleusStifness');
  });

  it('expands grid × replicates with seeds from the experiment seed and the point index', () => {
    const plan = planExperiment(parseExperiment(minimal));
    expect(plan.nPoint).toBe(9);
    expect(plan.nTask).toBe(18);
    const t = planTask(plan, 7); // point 3, replicate 1
    expect([t.point, t.replicate]).toEqual([3, 1]);
    expect(t.seed).toBe(deriveSeed(3, 'point', 3, 'replicate', 1));
    expect(t.params.seed).toBe(t.seed);
    // grid: last factor fastest → point 3 = (stiffness level 1, lld level 0)
    expect(t.params.left.soleusStiffness).toBeCloseTo(2, 12);
    expect(t.params.legLengthDiscrepancyM).toBe(0);
    expect(t.params.distanceM).toBe(100);
    const keys = new Set(Array.from({ length: plan.nTask }, (_, i) => planTask(plan, i).key));
    expect(keys.size).toBe(18);
    expect(planTask(plan, 7).key).toBe(t.key);
  });

  it('scenarios are scenario-major and override base before factor values', () => {
    const spec = parseExperiment({
      ...minimal,
      base: { distanceM: 100, speedMps: 3 },
      scenarios: { slow: { speedMps: 2.6 }, fast: { overrides: { speedMps: 4, left: { soleusStiffness: 9 } } } },
    });
    const plan = planExperiment(spec);
    expect(plan.nPoint).toBe(18);
    const last = planTask(plan, plan.nTask - 1);
    expect(last.scenario).toBe('fast');
    expect(last.params.speedMps).toBe(4);
    expect(last.params.left.soleusStiffness).toBe(3); // the factor wins over the scenario
    expect(planTask(plan, 0).params.speedMps).toBe(2.6);
  });

  it('a study of scenarios with no design has one point per scenario', () => {
    const plan = planExperiment(parseExperiment({ name: 's', seed: 1, base: { distanceM: 50 }, scenarios: { a: {}, b: { speedMps: 3.5 } }, replicates: 3 }));
    expect(plan.design).toBeNull();
    expect([plan.nPoint, plan.nTask]).toEqual([2, 6]);
  });
});

describe('shards and names', () => {
  it('parseShard accepts i/n with 1 <= i <= n only', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(InputError);
  });

  it('strided shards partition the tasks', () => {
    const all = [1, 2, 3].flatMap((i) => [...shardTasks(10, { index: i, count: 3 })]);
    expect(all.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...shardTasks(10, { index: 2, count: 3 })]).toEqual([1, 4, 7]);
  });

  it('factor columns replace dots with double underscores', () => {
    expect(factorColumn('left.tibialisFatigue.multiplier')).toBe('left__tibialisFatigue__multiplier');
  });
});

describe('shipped experiment files', () => {
  const dir = join(process.cwd(), 'experiments');
  // classifier-training.yaml wraps several sweep groups in its own format; its loader
  // (src/classify/dataset.ts) validates every group with parseExperiment (tests/unit/classify-train.test.ts).
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'classifier-training.yaml')) {
    it(`${file} is valid and every point's parameters are in range`, () => {
      const plan = planExperiment(loadExperiment(join(dir, file)));
      expect(plan.nTask).toBeGreaterThan(0);
    });
  }
});
