/**
 * `dropfoot classify TRACE… [--model DIR] [--json]`: mechanism (none / muscular / neurological /
 * uncertain) with calibrated probabilities, out-of-domain flag and the evidence (INTERFACES.md).
 */
import type { Command } from 'commander';
import { readTrace } from '../imu/formats/index.ts';
import { buildReadOptions, type AnalyzeCliOptions } from './analyze.ts';
import { loadClassifier, classifyRecordings, type ClassifyDocument, type RecordingTrace } from '../classify/predict.ts';
import { reportError, EXIT_OK } from './common.ts';

export const DEFAULT_MODEL_DIR = 'models/mechanism-classifier';

interface ClassifyCliOptions extends AnalyzeCliOptions {
  model?: string;
  /** false with --no-pair */
  pair?: boolean;
}

function describe(d: ClassifyDocument): string {
  const p = d.probabilities;
  const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(0)} %` : 'n/a');
  const lines = [`${d.trace}: ${d.mechanism}${d.outOfDomain ? ' (out of domain)' : ''}`, `  none ${pct(p.none)}, muscular ${pct(p.muscular)}, neurological ${pct(p.neurological)}; ${d.strides} strides at ${d.samplingRateHz} Hz`];
  for (const [k, v] of Object.entries(d.evidence)) lines.push(`  ${k}: ${v}`);
  return lines.join('\n');
}

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('classify the foot-drop mechanism of IMU traces of running (research, not diagnosis)')
    .argument('<traces...>', 'trace files (any format `analyze` reads)')
    .option('--model <dir>', 'classifier directory', DEFAULT_MODEL_DIR)
    .option('--format <f>', 'force the trace format')
    .option('--rate <hz>', 'sampling rate, Hz (for formats that do not store it)')
    .option('--units <spec>', 'units in the file, e.g. acc=g,gyr=deg/s')
    .option('--columns <spec>', 'generic CSV column map')
    .option('--sensor <name>', 'which sensor of a multi-sensor file')
    .option('--side <side>', 'left or right')
    .option('--fill-gaps <s>', 'interpolate timestamp gaps up to this long, s')
    .option('--no-pair', 'classify each foot alone even when the left and right foot of one recording are given')
    .option('--json', 'print the classify document(s) as JSON')
    .addHelpText(
      'after',
      '\nGive both feet of a recording (one left and one right foot trace, e.g. from `# side:` or the\nfile name) and each is classified with the other as the runner\'s own reference.\n\nExamples:\n  dropfoot classify out/run/left-foot.csv --json\n  dropfoot classify out/run/left-foot.csv out/run/right-foot.csv',
    )
    .action(async (traces: string[], opts: ClassifyCliOptions) => {
      process.exitCode = await runClassify(traces, opts);
    });
}

export async function runClassify(paths: string[], o: ClassifyCliOptions): Promise<number> {
  try {
    const readOptions = buildReadOptions(o);
    const classifier = await loadClassifier(o.model ?? DEFAULT_MODEL_DIR);
    const items: RecordingTrace[] = [];
    for (const path of paths) {
      const trace = readTrace(path, readOptions);
      for (const note of trace.notes) process.stderr.write(`note: ${note}\n`);
      items.push({ trace, name: path });
    }
    const docs: ClassifyDocument[] = classifyRecordings(items, classifier, { pair: o.pair !== false });
    if (o.json) process.stdout.write(JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2) + '\n');
    else process.stdout.write(docs.map(describe).join('\n') + '\n');
    return EXIT_OK;
  } catch (e) {
    return reportError(e);
  }
}
