/** End-to-end tests of `dropfoot analyze` on real recordings and bad input. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = join(process.cwd(), 'bin', 'dropfoot.js');
const data = join(process.cwd(), '..', 'shared', 'data');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('dropfoot analyze', () => {
  it('gaitmap example (left foot, 204.8 Hz): strides.csv + features.json, the 29 labelled left strides found', () => {
    const out = mkdtempSync(join(tmpdir(), 'dropfoot-an-'));
    const r = run('analyze', join(data, 'gaitmap-example', 'imu_sample.csv'), '--rate', '204.8', '--sensor', 'left_sensor', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const csv = readFileSync(join(out, 'strides.csv'), 'utf8').trim().split('\n');
    expect(csv[0].split(',').slice(0, 6)).toEqual(['stride', 'startS', 'endS', 'icS', 'toS', 'midStanceS']);
    // stride_borders_sample.csv labels 58 strides over both feet
    const labelled = readFileSync(join(data, 'gaitmap-example', 'stride_borders_sample.csv'), 'utf8').trim().split('\n').slice(1).filter((l) => l.includes('left')).length;
    expect(csv.length - 1).toBeGreaterThanOrEqual(labelled);
    expect(csv.length - 1).toBeLessThanOrEqual(labelled + 4);
    const features = JSON.parse(readFileSync(join(out, 'features.json'), 'utf8'));
    expect(features.samplingRateHz).toBeCloseTo(204.8, 6);
    expect(features.provenance.tool).toBe('dropfoot');
  });

  it('Xsens file with dropped packets: exit 2 naming the gap, then reads with --fill-gaps; --json is one document', () => {
    const file = join(data, 'ipol-gait', 'GaitData', '1-1_lf.txt');
    const bad = run('analyze', file);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/1-1_lf\.txt:\d+: gap of/);
    const ok = run('analyze', file, '--fill-gaps', '0.15', '--json');
    expect(ok.status, ok.stderr).toBe(0);
    const doc = JSON.parse(ok.stdout);
    expect(doc.strides.length).toBeGreaterThan(5);
    expect(doc.samplingRateHz).toBe(100);
  });

  it.each([
    [['--rate', '5'], /--rate must be a number between 50 and 2000/],
    [['--units', 'acc=furlongs'], /--units acc must be one of m\/s2, g/],
    [['--format', 'xml'], /--format must be one of/],
    [['--toe-offset', '1,2'], /--toe-offset expects x,y,z/],
  ])('bad option %j → exit 2', (args, message) => {
    const r = run('analyze', join(data, 'gaitmap-example', 'imu_sample.csv'), ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a missing file and a non-trace file exit 2 with one clear line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropfoot-an-'));
    const f = join(dir, 'notes.txt');
    writeFileSync(f, 'this is not a trace\nat all\n');
    for (const path of [join(dir, 'missing.csv'), f]) {
      const r = run('analyze', path);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    }
    expect(existsSync(join(dir, 'strides.csv'))).toBe(false);
  });
});
