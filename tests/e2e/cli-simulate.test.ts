/** End-to-end tests of `dropfoot simulate` as a user runs it (through bin/dropfoot.js). */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = join(process.cwd(), 'bin', 'dropfoot.js');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
const tmp = () => mkdtempSync(join(tmpdir(), 'dropfoot-sim-'));

describe('dropfoot simulate', () => {
  it('--help lists the options and exits 0', () => {
    const r = run('simulate', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--set');
    expect(r.stdout).toContain('--config');
  });

  it('writes strides.csv, summary.json and config.resolved.json; same seed → identical strides.csv', () => {
    const a = tmp();
    const b = tmp();
    const args = ['simulate', '--set', 'gait=run', '--set', 'speedMps=3.96', '--set', 'distanceM=60', '--seed', '7'];
    const ra = run(...args, '--out', a);
    expect(ra.status, ra.stderr).toBe(0);
    const rb = run(...args, '--out', b);
    expect(rb.status, rb.stderr).toBe(0);
    for (const f of ['strides.csv', 'strides.parquet', 'summary.json', 'config.resolved.json']) expect(existsSync(join(a, f))).toBe(true);
    const csv = readFileSync(join(a, 'strides.csv'), 'utf8');
    expect(csv).toBe(readFileSync(join(b, 'strides.csv'), 'utf8'));
    const lines = csv.trim().split('\n');
    expect(lines[0].split(',').slice(0, 6)).toEqual(['leg', 'stride', 'timeS', 'strideTimeS', 'swingTimeS', 'mtcM']);
    expect(lines.length).toBeGreaterThan(20);
    const summary = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8'));
    expect(summary.provenance.seed).toBe(7);
    expect(summary.provenance.configHash).toMatch(/^[0-9a-f]{16}$/);
    expect(summary.left.strides).toBeGreaterThan(10);
    const resolved = JSON.parse(readFileSync(join(a, 'config.resolved.json'), 'utf8'));
    expect(resolved.speedMps).toBe(3.96);
    expect(resolved.runner.heightM).toBeGreaterThan(1);
    // another seed changes the variability draws
    const c = tmp();
    expect(run(...args.slice(0, -1), '8', '--out', c).status).toBe(0);
    expect(readFileSync(join(c, 'strides.csv'), 'utf8')).not.toBe(csv);
  });

  it('strides.parquet holds the same rows and values as strides.csv (read back with DuckDB)', async () => {
    const dir = tmp();
    expect(run('simulate', '--set', 'distanceM=50', '--out', dir).status).toBe(0);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const rows = (await c.runAndReadAll(`SELECT leg, stride, mtcM, toeCatch FROM read_parquet('${join(dir, 'strides.parquet')}') ORDER BY leg, stride`)).getRowObjects();
    const csv = readFileSync(join(dir, 'strides.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows.length).toBe(csv.length);
    const left0 = csv.find((r) => r[0] === 'left' && r[1] === '0')!;
    const p0 = rows.find((r) => r.leg === 'left' && Number(r.stride) === 0)!;
    expect(p0.mtcM).toBe(Number(left0[5]));
    expect(p0.toeCatch).toBe(left0[9] === 'true');
    c.closeSync();
    db.closeSync();
  });

  it('--json prints one JSON document on stdout', () => {
    const r = run('simulate', '--set', 'distanceM=30', '--out', tmp(), '--json');
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.left.mtcMedianM).toBeGreaterThan(0);
  });

  it.each([
    [['--set', 'speedMps=9'], /speedMps: must be between 2.5 and 4.5 m\/s for gait=run/],
    [['--set', 'gait=walk', '--set', 'speedMps=3'], /speedMps: must be between 1 and 1.6 m\/s for gait=walk/],
    [['--set', 'runner.massKg=-70'], /runner\.massKg: must be a number between 30 and 200 kg \(found -70\)/],
    [['--set', 'runner.heightM=0'], /runner\.heightM: must be a number between 1.2 and 2.3 m \(found 0\)/],
    [['--set', 'speedMps=0'], /speedMps: must be/],
    [['--set', 'left.soleusStiffness=.nan'], /left\.soleusStiffness: must be a number between 0.25 and 10/],
    [['--set', 'left.soleusStifness=2'], /unknown parameter left\.soleusStifness/],
    [['--set', 'gait=swim'], /gait: .*run.*walk/],
    [['--set', 'noequals'], /--set expects key=value/],
    [['--seed', '-1'], /--seed must be an integer/],
  ])('bad input %j exits 2 with a message naming the key', (args, message) => {
    const r = run('simulate', ...args, '--set', 'distanceM=20', '--out', tmp());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n').length).toBeLessThan(8);
  });

  it('reads a YAML config, and a missing or malformed config exits 2', () => {
    const dir = tmp();
    const cfg = join(dir, 'run.yaml');
    writeFileSync(cfg, 'gait: walk\nspeedMps: 1.3\ndistanceM: 20\nright:\n  soleusStiffness: 2\n');
    const r = run('simulate', '--config', cfg, '--out', join(dir, 'out'), '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'config.resolved.json'), 'utf8')).right.soleusStiffness).toBe(2);
    expect(run('simulate', '--config', join(dir, 'nope.yaml')).status).toBe(2);
    writeFileSync(cfg, 'gait: [walk\n');
    const bad = run('simulate', '--config', cfg, '--out', join(dir, 'out2'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/run\.yaml:\d+:\d+: not valid YAML/);
  });

  it('an unknown command or option is bad usage (exit 2)', () => {
    expect(run('simulat').status).toBe(2);
    expect(run('simulate', '--bogus').status).toBe(2);
  });
});

describe('dropfoot simulate --config experiments/forum-hypotheses.yaml', () => {
  const file = join(process.cwd(), 'experiments', 'forum-hypotheses.yaml');
  it('accepts every scenario in the study file', async () => {
    const { parse } = await import('yaml');
    const names = Object.keys(parse(readFileSync(file, 'utf8')).scenarios);
    expect(names.length).toBeGreaterThanOrEqual(9);
    for (const name of names) {
      const r = run('simulate', '--config', file, '--scenario', name, '--set', 'distanceM=40', '--out', tmp(), '--json');
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
    }
  });

  it('without --scenario, lists the scenarios and exits 2', () => {
    const r = run('simulate', '--config', file, '--out', tmp());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/pick one with --scenario \(one of: healthy, taFatigue/);
  });
});
