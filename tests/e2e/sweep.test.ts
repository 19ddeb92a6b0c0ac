/**
 * Sweep engine end to end: worker-count independence, shards + merge, the DuckDB views, error rows,
 * and `sensitivity` on a small Saltelli sweep. Runs are short (tens of metres) to keep this fast.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExperiment } from '../../src/experiments/spec.ts';
import { runSweep, type SweepSummary } from '../../src/experiments/runner.ts';
import { withDuckDb } from '../../src/experiments/store.ts';
import runTask from '../../src/experiments/worker.ts';
import { sensitivityFromResults } from '../../src/experiments/results-sensitivity.ts';

const bin = join(process.cwd(), 'bin', 'dropfoot.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
const tmp = () => mkdtempSync(join(tmpdir(), 'dropfoot-sweep-'));

/** Rows of a results view without the columns that legitimately differ between runs. */
async function rows(dir: string, view = 'results', exclude = 'wall_s, shard'): Promise<unknown[]> {
  return withDuckDb(
    async (c) => {
      const order = view === 'results' ? 'point, replicate' : 'point, replicate, leg, stride';
      const r = await c.runAndReadAll(`SELECT * EXCLUDE (${exclude}) FROM ${view} ORDER BY ${order}`);
      return r.getRowsJson();
    },
    join(dir, 'results.duckdb'),
    true,
  );
}

const gridExperiment = {
  name: 'tiny-grid',
  seed: 11,
  base: { distanceM: 60 },
  factors: [
    { name: 'left.soleusStiffness', kind: 'uniform', min: 1, max: 4 },
    { name: 'legLengthDiscrepancyM', kind: 'uniform', min: 0, max: 0.02 },
  ],
  design: { kind: 'grid', levels: 2 },
  replicates: 2,
  outputs: { strides: 'every:4' },
};

describe('dropfoot sweep', () => {
  const spec = parseExperiment(gridExperiment);
  let one: string;
  let two: string;
  let summaryTwo: SweepSummary;

  beforeAll(async () => {
    one = tmp();
    two = tmp();
    await runSweep(spec, { outDir: one, workers: 1, chunkSize: 3 });
    summaryTwo = await runSweep(spec, { outDir: two, workers: 2, chunkSize: 3 });
  });

  it('gives identical results on 1 and 2 workers (from vitest, .ts workers through tsx)', async () => {
    expect(summaryTwo.ran).toBe(8);
    expect(summaryTwo.errors).toBe(0);
    const a = await rows(one);
    expect(a).toHaveLength(8);
    expect(await rows(two)).toEqual(a);
    expect(await rows(two, 'strides', 'key')).toEqual(await rows(one, 'strides', 'key'));
  });

  it('writes chunk files of at most the chunk size, and a queryable results view', async () => {
    const files = readdirSync(join(two, 'points')).filter((f) => f.endsWith('.parquet'));
    expect(files.length).toBeGreaterThanOrEqual(3); // 8 runs in chunks of <= 3
    for (const f of files) expect(f).toMatch(/^chunk-1of1-\d{6}\.parquet$/);
    const [count, distinctKeys, okCount, factorValues] = await withDuckDb(
      async (c) => {
        const r = await c.runAndReadAll(
          "SELECT count(*)::INTEGER, count(DISTINCT key)::INTEGER, count(*) FILTER (WHERE status = 'ok')::INTEGER, list(DISTINCT left__soleusStiffness ORDER BY left__soleusStiffness) FROM results",
        );
        return r.getRowsJS()[0] as [number, number, number, number[]];
      },
      join(two, 'results.duckdb'),
      true,
    );
    expect([count, distinctKeys, okCount]).toEqual([8, 8, 8]);
    expect(factorValues).toEqual([1, 4]);
    const summaries = await rows(two);
    const first = summaries[0] as unknown[];
    expect(first.length).toBeGreaterThan(30);
  });

  it('sharded 1/2 + 2/2 (CLI) then merge equals the unsharded run', async () => {
    const dir = tmp();
    const file = join(dir, 'tiny.yaml');
    writeFileSync(file, JSON.stringify(gridExperiment));
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const r1 = cli('sweep', file, '--shard', '1/2', '--out', a, '--workers', '1', '--json');
    expect(r1.status, r1.stderr).toBe(0);
    const s1 = JSON.parse(r1.stdout) as SweepSummary;
    expect([s1.tasks, s1.ran, s1.shard.index]).toEqual([4, 4, 1]);
    const r2 = cli('sweep', file, '--shard', '2/2', '--out', b, '--workers', '1', '--json');
    expect(r2.status, r2.stderr).toBe(0);
    const merged = join(dir, 'merged');
    const m = cli('merge', a, b, '--out', merged, '--json');
    expect(m.status, m.stderr).toBe(0);
    const ms = JSON.parse(m.stdout);
    expect([ms.expected, ms.found, ms.missing]).toEqual([8, 8, 0]);
    expect(await rows(merged)).toEqual(await rows(one));
    expect(await rows(merged, 'strides', 'key')).toEqual(await rows(one, 'strides', 'key'));
    // Merging a shard with itself again keeps each run once.
    const again = cli('merge', a, b, a, '--out', merged, '--json');
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).found).toBe(8);
  });

  it('merge refuses a run stored twice with different values', async () => {
    const dir = tmp();
    const copy = join(dir, 'copy');
    await runSweep(spec, { outDir: copy, workers: 0, chunkSize: 8 });
    const src = join(copy, 'points', readdirSync(join(copy, 'points'))[0]);
    // A forged chunk: same keys, one output changed.
    await withDuckDb(async (c) => {
      await c.run(`COPY (SELECT * REPLACE (left_mtcMedianM + 0.001 AS left_mtcMedianM) FROM '${src}' LIMIT 1) TO '${join(copy, 'points', 'chunk-2of2-000000.parquet')}' (FORMAT parquet)`);
    });
    const m = cli('merge', copy);
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/different results/);
  });

  it('records a run that throws as an error row instead of crashing', () => {
    const outcome = runTask({ params: { speedMps: 9 }, strideEvery: 0 }); // outside the run speed range
    expect(outcome.status).toBe('error');
    expect(outcome.message).toMatch(/speedMps/);
    expect(outcome.outputs.every((v) => v === null)).toBe(true);
  });

  it('refuses to overwrite results without --resume, and a bad experiment exits 2 naming the key', () => {
    const r = cli('sweep', '--workers', '1', '--out', two, join(two, 'missing.yaml'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not found/);
    const dir = tmp();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\nseed: 1\nfactors:\n  - {name: left.soleusStiffness, kind: uniform, min: 1, max: 20}\ndesign: {kind: lhs, n: 4}\n');
    const bad = cli('sweep', file, '--out', join(dir, 'o'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/left\.soleusStiffness: must be a number between 0\.25 and 10/);
    expect(existsSync(join(dir, 'o', 'points'))).toBe(false); // nothing ran
  });

  it('an existing shard directory needs --resume', async () => {
    await expect(runSweep(spec, { outDir: two, workers: 0 })).rejects.toThrow(/--resume/);
  });
});

describe('dropfoot sensitivity', () => {
  it('computes Sobol indices with bootstrap intervals from a Saltelli sweep', async () => {
    const dir = tmp();
    const file = join(dir, 'salt.yaml');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'tiny-saltelli',
        seed: 5,
        base: { distanceM: 30 },
        factors: [
          { name: 'left.soleusStiffness', kind: 'uniform', min: 0.5, max: 4 },
          { name: 'legLengthDiscrepancyM', kind: 'uniform', min: 0, max: 0.03 },
        ],
        design: { kind: 'saltelli', baseN: 4 },
      }),
    );
    const out = join(dir, 'out');
    const s = cli('sweep', file, '--out', out, '--workers', '2', '--json');
    expect(s.status, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).ran).toBe(16);
    const r = cli('sensitivity', out, '--output', 'left_mtcMedianM', '--bootstrap', '200', '--json');
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.method).toBe('sobol');
    expect(doc.indices.first.map((e: { name: string }) => e.name)).toEqual(['left.soleusStiffness', 'legLengthDiscrepancyM']);
    expect(doc.indices.n).toBe(4);
    for (const e of [...doc.indices.first, ...doc.indices.total]) {
      expect(Number.isFinite(e.estimate)).toBe(true);
      expect(e.lo).toBeLessThanOrEqual(e.hi);
    }
    const text = cli('sensitivity', out, '--output', 'left_mtcMedianM', '--bootstrap', '50');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Sobol indices of left_mtcMedianM/);
    const bad = cli('sensitivity', out, '--output', 'mtcM');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not an output column; choose one of: .*left_mtcLateMedianM/);
  });

  it('computes Morris effects from a Morris sweep (in-process runner); a longer left leg lowers left clearance', async () => {
    const out = join(tmp(), 'morris');
    const spec = parseExperiment({
      name: 'tiny-morris',
      seed: 3,
      base: { distanceM: 30 },
      factors: [
        { name: 'left.soleusStiffness', kind: 'loguniform', min: 0.5, max: 4 },
        { name: 'legLengthDiscrepancyM', kind: 'uniform', min: 0, max: 0.03 }, // + = left leg longer
      ],
      design: { kind: 'morris', trajectories: 3, levels: 4 },
    });
    const summary = await runSweep(spec, { outDir: out, workers: 0 });
    expect(summary.ran).toBe(9);
    const r = await sensitivityFromResults(out, { output: 'left_mtcMedianM', bootstrap: 100 });
    if (r.method !== 'morris') throw new Error('expected Morris');
    const [stiffness, lld] = r.indices.factors;
    expect(lld.n).toBe(3);
    expect(lld.mu).toBeLessThan(0); // MODEL.md §7: the longer leg's swing clearance drops with LLD
    expect(lld.muStar).toBeGreaterThan(stiffness.muStar);
  });
});
