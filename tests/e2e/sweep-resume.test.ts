/**
 * A sweep killed with SIGKILL mid-run and rerun with --resume ends with exactly the results of an
 * uninterrupted sweep (timing columns aside), and never takes a half-written file as finished.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExperiment } from '../../src/experiments/spec.ts';
import { runSweep, type SweepSummary } from '../../src/experiments/runner.ts';
import { withDuckDb } from '../../src/experiments/store.ts';

const bin = join(process.cwd(), 'bin', 'dropfoot.js');
const tmp = () => mkdtempSync(join(tmpdir(), 'dropfoot-resume-'));

async function rows(dir: string, view = 'results', exclude = 'wall_s'): Promise<unknown[]> {
  return withDuckDb(
    async (c) => {
      const order = view === 'results' ? 'point, replicate' : 'point, replicate, leg, stride';
      return (await c.runAndReadAll(`SELECT * EXCLUDE (${exclude}) FROM ${view} ORDER BY ${order}`)).getRowsJson();
    },
    join(dir, 'results.duckdb'),
    true,
  );
}

const parquetIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.parquet')) : []);

const experiment = {
  name: 'resume-lhs',
  seed: 99,
  base: { distanceM: 60 },
  factors: [
    { name: 'left.tibialisStrength', kind: 'uniform', min: 0.6, max: 1.4 },
    { name: 'right.soleusStiffness', kind: 'loguniform', min: 0.5, max: 4 },
  ],
  design: { kind: 'lhs', n: 10 },
  replicates: 1,
  outputs: { strides: 'all' },
};

describe('dropfoot sweep --resume', () => {
  it('after SIGKILL mid-run, --resume gives the same results as an uninterrupted sweep', async () => {
    const dir = tmp();
    const file = join(dir, 'exp.yaml');
    writeFileSync(file, JSON.stringify(experiment));
    const reference = join(dir, 'reference');
    await runSweep(parseExperiment(experiment), { outDir: reference, workers: 0 });

    const out = join(dir, 'out');
    // Own process group, so SIGKILL reaches both bin/dropfoot.js and the tsx child it spawns.
    const child = spawn(process.execPath, [bin, 'sweep', file, '--out', out, '--workers', '1', '--chunk-size', '1'], { detached: true, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + 20_000;
    while (parquetIn(join(out, 'points')).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    const before = parquetIn(join(out, 'points')).length;
    expect(before).toBeGreaterThanOrEqual(1);
    expect(before).toBeLessThan(10); // killed mid-run

    // Leftovers a kill can leave: a temporary file and a strides chunk whose points twin never landed.
    writeFileSync(join(out, 'points', 'chunk-1of1-000050.parquet.tmp-12345'), 'half a file');
    writeFileSync(join(out, 'strides', 'chunk-1of1-000051.parquet'), 'orphan');

    const again = spawnSync(process.execPath, [bin, 'sweep', file, '--out', out, '--workers', '1', '--chunk-size', '4'], { encoding: 'utf8' });
    expect(again.status).toBe(2); // without --resume an existing shard is refused
    expect(again.stderr).toMatch(/--resume/);

    const resumed = spawnSync(process.execPath, [bin, 'sweep', file, '--out', out, '--workers', '1', '--chunk-size', '4', '--resume', '--json'], {
      encoding: 'utf8',
    });
    expect(resumed.status, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout) as SweepSummary;
    expect(summary.skipped).toBeGreaterThanOrEqual(before);
    expect(summary.skipped + summary.ran).toBe(10);
    expect(summary.ran).toBeGreaterThan(0);
    expect(existsSync(join(out, 'points', 'chunk-1of1-000050.parquet.tmp-12345'))).toBe(false);
    expect(existsSync(join(out, 'strides', 'chunk-1of1-000051.parquet'))).toBe(false);

    expect(await rows(out)).toEqual(await rows(reference));
    expect(await rows(out, 'strides', 'key')).toEqual(await rows(reference, 'strides', 'key'));

    // Resuming a finished sweep runs nothing.
    const noop = await runSweep(parseExperiment(experiment), { outDir: out, workers: 0, resume: true });
    expect([noop.skipped, noop.ran]).toEqual([10, 0]);

    // A different experiment in the same directory is refused.
    await expect(runSweep(parseExperiment({ ...experiment, seed: 100 }), { outDir: out, workers: 0, resume: true })).rejects.toThrow(/different experiment/);
  });
});
