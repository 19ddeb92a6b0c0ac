/**
 * End-to-end `dropfoot classify` / `evaluate`: a tiny model trained through the library (with the
 * test stand-in synthesiser), then the CLI on canonical trace files: the INTERFACES.md document
 * with --json (one object per trace, an array for several), exit 2 for a missing model.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrainingConfig } from '../../src/classify/dataset.ts';
import { trainClassifier } from '../../src/classify/train.ts';
import { writeModelCard } from '../../src/classify/model-card.ts';
import { nonGaitTrace } from '../unit/classify-non-gait.ts';
import type { Trace } from '../../src/imu/trace.ts';
import { simulateRun } from '../../src/sim/run.ts';
import { parseRunParams } from '../../src/model/params.ts';
import { synthesizeImu } from '../unit/classify-synth-stand-in.ts';

const bin = join(process.cwd(), 'bin', 'dropfoot.js');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

function writeCanonical(trace: Trace, path: string, side = 'left'): void {
  const lines = ['# site: foot', `# side: ${side}`, `# rate_hz: ${trace.samplingRateHz}`, 'time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z'];
  for (let i = 0; i < trace.timeS.length; i++) {
    lines.push([trace.timeS[i].toFixed(4), ...Array.from(trace.accMps2.subarray(3 * i, 3 * i + 3), (v) => v.toFixed(4)), ...Array.from(trace.gyrRadS.subarray(3 * i, 3 * i + 3), (v) => v.toFixed(5))].join(','));
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

let modelDir = '';
let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dropfoot-cli-clf-'));
  modelDir = join(dir, 'model');
  const cfg = loadTrainingConfig('experiments/classifier-training.yaml');
  const report = await trainClassifier(cfg, {
    outDir: modelDir, runsScale: 0.05, durationS: 150, workers: 0, epochs: 2,
    synthModule: join(process.cwd(), 'tests/unit/classify-synth-stand-in.ts'), cacheDir: null, realDataDir: '/nonexistent',
  });
  writeModelCard(modelDir, report);
}, 120_000);

describe('dropfoot classify', () => {
  it('--json: the INTERFACES.md document; a still sensor is uncertain and out of domain', () => {
    const still = join(dir, 'still.csv');
    writeCanonical(nonGaitTrace('still', 60), still);
    const r = run('classify', still, '--model', modelDir, '--json');
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['trace', 'mechanism', 'probabilities', 'outOfDomain', 'strides', 'samplingRateHz', 'evidence', 'model']);
    expect(doc.trace).toBe(still);
    expect(doc.mechanism).toBe('uncertain');
    expect(doc.outOfDomain).toBe(true);
    expect(typeof doc.evidence.outOfDomain).toBe('string');
    expect(doc.model.name).toBe('mechanism-classifier');
  });

  it('several traces give a JSON array; text output names the mechanism', () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeCanonical(nonGaitTrace('still', 30), a);
    writeCanonical(nonGaitTrace('shaken', 30), b);
    const r = run('classify', a, b, '--model', modelDir, '--json');
    expect(r.status, r.stderr).toBe(0);
    const docs = JSON.parse(r.stdout);
    expect(docs).toHaveLength(2);
    expect(docs.map((d: { mechanism: string }) => d.mechanism)).toEqual(['uncertain', 'uncertain']);
    const t = run('classify', a, '--model', modelDir);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/uncertain \(out of domain\)/);
  });

  it('the left and right foot of one recording are classified with each other as reference (--no-pair: each alone)', () => {
    const feet = synthesizeImu(simulateRun(parseRunParams({ durationS: 150, seed: 3, left: { nerve: { mechanism: 'peronealNeuropathy', drive: 0.1 } } })), { rateHz: 100, seed: 3, legs: ['left', 'right'] });
    const left = join(dir, 'run-left.csv');
    const right = join(dir, 'run-right.csv');
    writeCanonical(feet.left.foot, left, 'left');
    writeCanonical(feet.right!.foot, right, 'right');
    const r = run('classify', left, right, '--model', modelDir, '--json');
    expect(r.status, r.stderr).toBe(0);
    const docs = JSON.parse(r.stdout) as Array<{ trace: string; strides: number; evidence: Record<string, string> }>;
    expect(docs.map((d) => d.trace)).toEqual([left, right]);
    expect(docs[0].strides).toBeGreaterThan(50);
    expect(docs[0].evidence.otherFoot).toContain(right);
    expect(docs[1].evidence.otherFoot).toContain(left);
    // the drop-foot side strikes flatter than its own other foot, which the evidence shows
    expect(docs[0].evidence.otherFoot).toMatch(/median strike angle -?\d+\.\d° vs \d+\.\d°/);
    const alone = run('classify', left, right, '--model', modelDir, '--json', '--no-pair');
    expect(alone.status, alone.stderr).toBe(0);
    for (const d of JSON.parse(alone.stdout) as Array<{ evidence: Record<string, string> }>) expect(d.evidence.otherFoot).toMatch(/^not given/);
  });

  it('a missing model directory is bad input (exit 2) with a hint', () => {
    const r = run('classify', join(dir, 'a.csv'), '--model', join(dir, 'nope'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/dropfoot train/);
  });

  it('evaluate prints the stored test metrics', () => {
    const r = run('evaluate', '--model', modelDir, '--data', '/nonexistent', '--json');
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.test.network.confusion).toHaveLength(3);
    expect(doc.realData.n).toBe(0);
  });
});
