/**
 * `dropfoot figures [EXPERIMENT…|--all]`: the publication figures each experiment file asks for
 * (`figures:`), as interactive HTML and static SVG/PDF/PNG. Design experiments use their sweep
 * results (`--results DIR`, default out/<name>), running the sweep first if there are none.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadExperiment } from '../experiments/spec.ts';
import { experimentFigures } from '../report/figure-set.ts';
import { classifierFigures, isClassifierConfig } from '../report/classifier-figures.ts';
import { DEFAULT_MODEL_DIR } from './classify.ts';
import { exportFigures, type ExportFormat } from '../plots/export.ts';
import { InputError } from '../errors.ts';
import { reportError, EXIT_OK } from './common.ts';

const experimentsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'experiments');
const FORMATS = ['html', 'svg', 'pdf', 'png'];

interface FiguresCliOptions {
  model?: string;
  all?: boolean;
  format: string;
  out: string;
  dpi: string;
  results?: string;
  workers?: string;
  json?: boolean;
}

export function registerFigures(program: Command): void {
  program
    .command('figures')
    .description('publication figures of experiment files (HTML, SVG, PDF, PNG)')
    .argument('[experiments...]', 'experiment files (e.g. experiments/forum-hypotheses.yaml)')
    .option('--all', 'every experiment in experiments/ that lists figures')
    .option('--format <list>', 'html,svg,pdf,png (static formats need Debian chromium)', 'html,svg,pdf,png')
    .option('-o, --out <dir>', 'output directory (one subfolder per experiment)', 'out/figures')
    .option('--dpi <n>', 'PNG resolution', '300')
    .option('--results <dir>', 'sweep results to use (one experiment only; default out/<experiment name>)')
    .option('--workers <n>', 'workers if a sweep has to run')
    .option('--model <dir>', 'classifier whose evaluation figures to draw (for its training config)', 'models/mechanism-classifier')
    .option('--json', 'print the files written as JSON')
    .addHelpText('after', '\nExamples:\n  dropfoot figures experiments/forum-hypotheses.yaml --format png\n  dropfoot figures --all')
    .action(async (experiments: string[], opts: FiguresCliOptions) => {
      process.exitCode = await runFigures(experiments, opts);
    });
}

async function runFigures(experiments: string[], opts: FiguresCliOptions): Promise<number> {
  try {
    const formats = opts.format.split(',').map((f) => f.trim());
    for (const f of formats) if (!FORMATS.includes(f)) throw new InputError(`--format must list html, svg, pdf or png; got "${f}"`);
    const dpi = Number(opts.dpi);
    if (!Number.isFinite(dpi) || dpi < 50 || dpi > 1200) throw new InputError(`--dpi must be between 50 and 1200, got "${opts.dpi}"`);
    let files = experiments;
    if (opts.all) files = readdirSync(experimentsDir).filter((f) => f.endsWith('.yaml')).map((f) => join(experimentsDir, f));
    if (files.length === 0) throw new InputError('name experiment files or use --all');
    if (opts.results && files.length > 1) throw new InputError('--results applies to one experiment at a time');
    const workers = opts.workers === undefined ? undefined : Number(opts.workers);
    const written: string[] = [];
    for (const file of files) {
      if (!existsSync(file)) throw new InputError('experiment file not found', file);
      let doc: unknown = null;
      try {
        doc = parseYaml(readFileSync(file, 'utf8'));
      } catch {
        // not YAML: loadExperiment below reports it with the file and line
      }
      if (isClassifierConfig(doc)) {
        // the classifier's training config: its evaluation figures, from the trained model
        const figs = classifierFigures(opts.model ?? DEFAULT_MODEL_DIR);
        const r = await exportFigures(figs, join(opts.out, 'classifier'), formats as ExportFormat[], { dpi, log: (l) => process.stderr.write(`${l}\n`) });
        written.push(...r.files);
        process.stderr.write(`classifier: ${figs.map((f) => f.name).join(', ')}\n`);
        continue;
      }
      const spec = loadExperiment(file);
      if (spec.figures.length === 0) continue;
      const figs = await experimentFigures(spec, { resultsDir: opts.results, workers, log: (l) => process.stderr.write(`${l}\n`) });
      const r = await exportFigures(figs, join(opts.out, spec.name), formats as ExportFormat[], { dpi, log: (l) => process.stderr.write(`${l}\n`) });
      written.push(...r.files);
      process.stderr.write(`${spec.name}: ${figs.map((f) => f.name).join(', ')}\n`);
    }
    if (opts.json) process.stdout.write(JSON.stringify({ files: written }, null, 2) + '\n');
    else process.stdout.write(`wrote ${written.length} files under ${opts.out}\n`);
    return EXIT_OK;
  } catch (e) {
    return reportError(e);
  }
}
