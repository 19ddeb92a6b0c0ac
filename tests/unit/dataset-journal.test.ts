/**
 * Resumable classifier-data generation: finished runs are journaled as they complete, and a
 * restarted generation takes them from the journal instead of running them again.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrainingConfig, planDataset, generateDataset, withNaN } from '../../src/classify/dataset.ts';

const standIn = join(process.cwd(), 'tests/unit/classify-synth-stand-in.ts');

describe('dataset journal', () => {
  it('journals each run and resumes from the journal without re-running finished runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropfoot-journal-'));
    const journal = join(dir, 'data.partial.jsonl');
    const cfg = loadTrainingConfig('experiments/classifier-training.yaml');
    const runs = planDataset(cfg, { runsScale: 0.01, durationS: 120, synthModule: standIn, sets: ['trainval'] }).slice(0, 3);
    const first = await generateDataset(runs, { workers: 0, journal });
    expect(first.examples.length + first.errors.length).toBe(3);
    const lines = readFileSync(journal, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);

    // Interrupted journal: two complete lines and one cut short. A run that is really executed
    // now fails (its synthesiser module does not exist), so only the cut run may fail.
    writeFileSync(journal, lines.slice(0, 2).join('\n') + '\n');
    appendFileSync(journal, lines[2].slice(0, 20));
    const broken = runs.map((r) => ({ ...r, task: { ...r.task, synthModule: join(dir, 'missing.ts') } }));
    const resumed = await generateDataset(broken, { workers: 0, journal });
    expect(resumed.errors).toHaveLength(1);
    expect(resumed.errors[0].seed).toBe(runs[2].seed);
    const okSeeds = resumed.examples.map((e) => e.seed).sort();
    expect(okSeeds).toEqual(first.examples.map((e) => e.seed).filter((s) => s !== runs[2].seed).sort());
    // identical features for the journaled runs
    for (const e of resumed.examples) {
      const f = first.examples.find((x) => x.seed === e.seed);
      expect(e.summary).toEqual(f?.summary);
    }
  }, 120_000);
});

describe('examples read back from JSON (cache, journal)', () => {
  it('keep missing features missing (JSON null → NaN, not 0)', () => {
    const back = withNaN(JSON.parse(JSON.stringify({ summary: [1.5, NaN], sequence: [NaN, 2] })) as { summary: (number | null)[]; sequence: (number | null)[] });
    expect(back.summary[0]).toBe(1.5);
    expect(back.summary[1]).toBeNaN();
    expect(Float64Array.from(back.sequence)[0]).toBeNaN(); // Float64Array.from([null]) would be 0
  });
});
