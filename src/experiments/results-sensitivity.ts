/**
 * Sensitivity indices from a finished sweep: reads `design.json` and the `results` view, averages
 * each design point's output over its replicates, and applies the estimator the design was built for
 * (Saltelli → Sobol' first/total order with bootstrap intervals; Morris → μ*, σ).
 */
import { InputError } from '../errors.ts';
import { morrisIndices, sobolIndices, type MorrisIndicesResult, type SobolIndicesResult } from './sensitivity/index.ts';
import { FIXED_COLUMNS } from './spec.ts';
import { pointMeans, readDesignRecord, resultColumns } from './store.ts';

export interface ResultsSensitivityOptions {
  /** Output column (default `left_mtcLateMedianM`). */
  output?: string;
  /** Scenario to analyse when the experiment has several. */
  scenario?: string;
  /** Bootstrap resamples (default 1000), confidence (0.95), seed (0). */
  bootstrap?: number;
  confidence?: number;
  seed?: number;
}

export type ResultsSensitivity =
  | { method: 'sobol'; output: string; scenario: string | null; experiment: string; indices: SobolIndicesResult; missingPoints: number }
  | { method: 'morris'; output: string; scenario: string | null; experiment: string; indices: MorrisIndicesResult; missingPoints: number };

/**
 * Sobol' or Morris indices of one output of a sweep.
 * @param dir results directory (with design.json and results.duckdb)
 * @param options output column, scenario, bootstrap settings
 * @throws InputError if the design is not Saltelli or Morris, the output is not a numeric output
 *   column, or the scenario is missing/unknown
 */
export async function sensitivityFromResults(dir: string, options: ResultsSensitivityOptions = {}): Promise<ResultsSensitivity> {
  const { record, design } = readDesignRecord(dir);
  if (!design || (design.kind !== 'saltelli' && design.kind !== 'morris')) {
    throw new InputError(`sensitivity needs a saltelli or morris design; this sweep has ${design ? `a ${design.kind} design` : 'no design'}`, dir);
  }
  const output = options.output ?? 'left_mtcLateMedianM';
  const columns = await resultColumns(dir);
  const skip = new Set<string>([...FIXED_COLUMNS, ...record.factorColumns]);
  const numeric = columns.filter((c) => !skip.has(c.name) && c.type === 'DOUBLE').map((c) => c.name);
  if (!numeric.includes(output)) throw new InputError(`"${output}" is not an output column; choose one of: ${numeric.join(', ')}`, '--output');
  const names = record.scenarioNames;
  let s = 0;
  if (names.length > 1 || names[0] !== null) {
    if (options.scenario === undefined) {
      if (names.length > 1) throw new InputError(`the experiment has several scenarios; pick one with --scenario (${names.join(', ')})`, '--scenario');
    } else {
      s = names.indexOf(options.scenario);
      if (s < 0) throw new InputError(`no scenario "${options.scenario}" (available: ${names.join(', ')})`, '--scenario');
    }
  } else if (options.scenario !== undefined) {
    throw new InputError('this experiment has no scenarios', '--scenario');
  }
  const values = await pointMeans(dir, output, s * record.nDesign, record.nDesign);
  let missingPoints = 0;
  for (const v of values) if (!Number.isFinite(v)) missingPoints++;
  const boot = { bootstrap: options.bootstrap, confidence: options.confidence, seed: options.seed };
  const common = { output, scenario: names[s], experiment: record.experiment, missingPoints };
  return design.kind === 'saltelli'
    ? { method: 'sobol', ...common, indices: sobolIndices(design, values, boot) }
    : { method: 'morris', ...common, indices: morrisIndices(design, values, boot) };
}
