/** `dropfoot figures` on a small grid experiment (runs its sweep) and bad usage. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = join(process.cwd(), 'bin', 'dropfoot.js');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('dropfoot figures', () => {
  it('runs the sweep a heat map needs, then writes it as HTML and PNG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropfoot-fig-'));
    const exp = join(dir, 'tiny.yaml');
    writeFileSync(
      exp,
      [
        'name: tiny-fatigue-lld',
        'seed: 3',
        'base: { distanceM: 150 }',
        'factors:',
        '  - { name: left.tibialisFatigue.multiplier, kind: uniform, min: 1, max: 50 }',
        '  - { name: legLengthDiscrepancyM, kind: uniform, min: 0, max: 0.03 }',
        'design: { kind: grid, levels: 2 }',
        'replicates: 1',
        'figures: [fatigue-lld-heatmap]',
      ].join('\n'),
    );
    const r = run('figures', exp, '--results', join(dir, 'results'), '--out', join(dir, 'figs'), '--format', 'html,png', '--workers', '1', '--dpi', '100');
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'results', 'results.duckdb'))).toBe(true);
    const html = readFileSync(join(dir, 'figs', 'tiny-fatigue-lld', 'fatigue-lld-heatmap.html'), 'utf8');
    expect(html).toContain('"type":"heatmap"');
    if (existsSync('/usr/bin/chromium')) {
      const png = readFileSync(join(dir, 'figs', 'tiny-fatigue-lld', 'fatigue-lld-heatmap.png'));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('bad usage exits 2', () => {
    expect(run('figures').status).toBe(2);
    expect(run('figures', 'experiments/forum-hypotheses.yaml', '--format', 'gif').status).toBe(2);
    expect(run('figures', 'nope.yaml').status).toBe(2);
  });
});
