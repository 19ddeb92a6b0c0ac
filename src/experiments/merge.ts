/**
 * Merge sweep shards run into one or several directories: check they hold the same experiment and
 * agree on every task they share, then build `results.duckdb` over all their Parquet files.
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { parseExperiment, planExperiment } from './spec.ts';
import { findConflicts, pointColumns, readExperimentRecord, withDuckDb, writeResultsDb } from './store.ts';

/** What a merge found (the `--json` document of `dropfoot merge`). */
export interface MergeSummary {
  experiment: string;
  dirs: string[];
  outDir: string;
  /** Tasks the experiment has (points × replicates). */
  expected: number;
  /** Distinct tasks found, ok and error. */
  found: number;
  ok: number;
  errors: number;
  missing: number;
  results: string;
}

/**
 * Merge results directories.
 * @param dirs results directories written by `dropfoot sweep` (any shards)
 * @param outDir where results.duckdb goes (default: the first dir); experiment.json and design.json are copied there
 * @throws InputError if a dir is not a results directory, the dirs hold different experiments, or
 *   the same task key has different values in two files
 */
export async function mergeResults(dirs: readonly string[], outDir = dirs[0]): Promise<MergeSummary> {
  if (dirs.length === 0) throw new InputError('give at least one results directory');
  let hash: string | null = null;
  let specObject: unknown = null;
  for (const d of dirs) {
    if (!existsSync(d) || !statSync(d).isDirectory()) throw new InputError('not a directory', d);
    const record = readExperimentRecord(d);
    if (!record) throw new InputError('no experiment.json here: is this a `dropfoot sweep` results directory?', d);
    if (hash !== null && record.experimentHash !== hash) {
      throw new InputError(`holds a different experiment (hash ${record.experimentHash}) than ${dirs[0]} (hash ${hash})`, d);
    }
    hash = record.experimentHash;
    specObject ??= record.spec;
  }
  const spec = parseExperiment(specObject, join(dirs[0], 'experiment.json'));
  const plan = planExperiment(spec, join(dirs[0], 'experiment.json'));
  const conflicts = await findConflicts(dirs);
  if (conflicts.length > 0) {
    throw new InputError(
      `the same task has different results in two files (keys ${conflicts.join(', ')}): the shards were not run with the same code or experiment`,
      dirs.join(' '),
    );
  }
  mkdirSync(outDir, { recursive: true });
  if (!dirs.some((d) => resolve(d) === resolve(outDir))) {
    for (const f of ['experiment.json', 'design.json']) copyFileSync(join(dirs[0], f), join(outDir, f));
  }
  const results = await writeResultsDb(outDir, dirs, pointColumns(plan));
  const counts = await withDuckDb(
    async (c) => {
      const reader = await c.runAndReadAll(`SELECT count(*)::INTEGER, (count(*) FILTER (WHERE status = 'ok'))::INTEGER FROM results`);
      return reader.getRowsJS()[0] as [number, number];
    },
    results,
    true,
  );
  const [found, ok] = counts;
  return { experiment: spec.name, dirs: [...dirs], outDir, expected: plan.nTask, found, ok, errors: found - ok, missing: plan.nTask - found, results };
}
