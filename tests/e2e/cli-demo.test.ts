/** `dropfoot demo` end to end (shortened runs; the full demo is the README's quick start). */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../../src/report/demo.ts';

describe('dropfoot demo', () => {
  it('--help exits 0', () => {
    const r = spawnSync(process.execPath, [join(process.cwd(), 'bin', 'dropfoot.js'), 'demo', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('report.html');
  });

  it('writes report.html with every scenario, per-scenario outputs and the figures (short runs)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dropfoot-demo-'));
    const result = await runDemo({ outDir: out, formats: ['html'], distanceM: 300 });
    const html = readFileSync(result.reportPath, 'utf8');
    for (const name of ['healthy', 'taFatigue', 'exertionalCompartment', 'peronealNeuropathy', 'intermittentBlock', 'radiculopathyL5']) {
      expect(html).toContain(`<td>${name}</td>`);
      expect(existsSync(join(out, 'scenarios', name, 'strides.parquet'))).toBe(true);
      expect(existsSync(join(out, 'scenarios', name, 'summary.json'))).toBe(true);
    }
    expect(html).toContain('Plotly.newPlot("fig-mtc-over-run"');
    expect(html).toContain('<script src="figures/plotly.js"></script>');
    expect(readdirSync(join(out, 'figures'))).toEqual(expect.arrayContaining(['plotly.js', 'mtc-over-run.html', 'fatigue-recovery-rules.html']));
    // the peroneal scenario (drive 0.15 from the first stride) catches the toe even in 300 m
    const peroneal = result.scenarios.find((s) => s.name === 'peronealNeuropathy')!;
    expect(peroneal.left.toeCatches).toBeGreaterThan(0);
    expect(result.scenarios.find((s) => s.name === 'healthy')!.left.toeCatches).toBe(0);
  });
});
