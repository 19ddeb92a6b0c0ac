/**
 * `dropfoot sensitivity RESULTS`: Sobol' (Saltelli design) or Morris indices of one output of a sweep.
 */
import type { Command } from 'commander';
import { InputError } from '../errors.ts';
import { sensitivityFromResults, type ResultsSensitivity } from '../experiments/results-sensitivity.ts';
import { reportError, EXIT_OK } from './common.ts';

interface SensitivityCliOptions {
  output: string;
  scenario?: string;
  bootstrap: string;
  confidence: string;
  seed: string;
  json?: boolean;
}

const fmt = (v: number | null, digits = 3) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** Plain-text table of the indices. */
export function formatSensitivity(r: ResultsSensitivity): string {
  const names = r.method === 'sobol' ? r.indices.first.map((e) => e.name) : r.indices.factors.map((f) => f.name);
  const width = Math.max(6, ...names.map((n) => n.length));
  const pct = Math.round(r.indices.confidence * 100);
  const scenario = r.scenario !== null ? `, scenario ${r.scenario}` : '';
  if (r.method === 'sobol') {
    const s = r.indices;
    const lines = [
      `Sobol indices of ${r.output} (${r.experiment}${scenario}; ${s.n} base rows used, ${s.dropped} dropped; ${pct} % bootstrap CI from ${s.bootstrap} resamples)`,
      `${'factor'.padEnd(width)}  ${'S1'.padStart(7)}  ${'CI'.padEnd(17)}  ${'ST'.padStart(7)}  CI`,
    ];
    s.first.forEach((first, i) => {
      const total = s.total[i];
      const ci = (e: typeof first) => `[${fmt(e.lo)}, ${fmt(e.hi)}]`;
      lines.push(`${first.name.padEnd(width)}  ${fmt(first.estimate).padStart(7)}  ${ci(first).padEnd(17)}  ${fmt(total.estimate).padStart(7)}  ${ci(total)}`);
    });
    return lines.join('\n') + '\n';
  }
  const m = r.indices;
  const lines = [
    `Morris elementary effects of ${r.output} (${r.experiment}${scenario}; per unit of each factor's range; ${m.dropped} effects dropped; ${pct} % bootstrap CI of mu*)`,
    `${'factor'.padEnd(width)}  ${'mu*'.padStart(10)}  ${'CI'.padEnd(25)}  ${'sigma'.padStart(10)}  ${'mu'.padStart(10)}  n`,
  ];
  for (const f of m.factors) {
    const ci = `[${fmt(f.muStarLo, 5)}, ${fmt(f.muStarHi, 5)}]`;
    lines.push(`${f.name.padEnd(width)}  ${fmt(f.muStar, 5).padStart(10)}  ${ci.padEnd(25)}  ${fmt(f.sigma, 5).padStart(10)}  ${fmt(f.mu, 5).padStart(10)}  ${f.n}`);
  }
  return lines.join('\n') + '\n';
}

function parseNumber(text: string, option: string, check: (n: number) => boolean, expected: string): number {
  const n = Number(text);
  if (!check(n)) throw new InputError(`expects ${expected}, got "${text}"`, option);
  return n;
}

export function registerSensitivity(program: Command): void {
  program
    .command('sensitivity')
    .description('Sobol (saltelli design) or Morris (morris design) sensitivity indices of one output of a sweep')
    .argument('<results>', 'results directory of `dropfoot sweep` / `dropfoot merge`')
    .option('--output <column>', 'output column of the results view', 'left_mtcLateMedianM')
    .option('--scenario <name>', 'scenario to analyse, when the experiment has several')
    .option('--bootstrap <n>', 'bootstrap resamples for the confidence intervals (0 = none)', '1000')
    .option('--confidence <level>', 'two-sided confidence level', '0.95')
    .option('--seed <n>', 'seed of the bootstrap resampling', '0')
    .option('--json', 'print the indices as JSON on stdout')
    .addHelpText(
      'after',
      `
Each design point's output is the mean over its replicates (runs with status ok); a point with
no finite value drops its Saltelli base row (or its Morris elementary effects).

Example:
  dropfoot sensitivity out/sensitivity-mtc --output right_toeCatches --json`,
    )
    .action(async (dir: string, opts: SensitivityCliOptions) => {
      try {
        const result = await sensitivityFromResults(dir, {
          output: opts.output,
          scenario: opts.scenario,
          bootstrap: parseNumber(opts.bootstrap, '--bootstrap', (n) => Number.isInteger(n) && n >= 0, 'an integer >= 0'),
          confidence: parseNumber(opts.confidence, '--confidence', (n) => n > 0 && n < 1, 'a number in (0, 1)'),
          seed: parseNumber(opts.seed, '--seed', (n) => Number.isInteger(n) && n >= 0, 'an integer >= 0'),
        });
        process.stdout.write(opts.json ? JSON.stringify(result, null, 2) + '\n' : formatSensitivity(result));
        process.exitCode = EXIT_OK;
      } catch (e) {
        process.exitCode = reportError(e);
      }
    });
}
