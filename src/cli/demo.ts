/**
 * `dropfoot demo`: the main job on built-in defaults — the forum hypotheses simulated, figures
 * and a plain-language report in --out (report.html).
 */
import type { Command } from 'commander';
import { runDemo } from '../report/demo.ts';
import { InputError } from '../errors.ts';
import type { ExportFormat } from '../plots/export.ts';
import { reportError, stderrProgress, EXIT_OK } from './common.ts';

interface DemoCliOptions {
  out: string;
  format: string;
  dpi: string;
  json?: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description("the reference runner's 3-mile run under every hypothesis, with figures and report.html")
    .option('-o, --out <dir>', 'output directory', 'out/demo')
    .option('--format <list>', 'figure formats: html,svg,pdf,png (static ones need Debian chromium)', 'html,png,svg,pdf')
    .option('--dpi <n>', 'PNG resolution', '200')
    .option('--json', 'print a summary as JSON on stdout')
    .action(async (opts: DemoCliOptions) => {
      process.exitCode = await runDemoCli(opts);
    });
}

async function runDemoCli(opts: DemoCliOptions): Promise<number> {
  try {
    const formats = opts.format.split(',').map((f) => f.trim()) as ExportFormat[];
    const dpi = Number(opts.dpi);
    if (!Number.isFinite(dpi) || dpi < 50 || dpi > 1200) throw new InputError(`--dpi must be a number between 50 and 1200, got "${opts.dpi}"`);
    const bar = stderrProgress('demo');
    const result = await runDemo({
      outDir: opts.out,
      formats,
      dpi,
      log: (line) => process.stderr.write(`${line}\n`),
      onProgress: (f) => bar.update(f),
    });
    bar.done();
    if (opts.json) {
      process.stdout.write(JSON.stringify({ report: result.reportPath, wallS: result.wallS, skippedFormats: result.skippedFormats, scenarios: result.scenarios }, null, 2) + '\n');
    } else {
      process.stdout.write(`wrote ${result.reportPath} (${result.scenarios.length} scenarios, ${result.figureFiles.length} figure files) in ${result.wallS.toFixed(1)} s\n`);
    }
    return EXIT_OK;
  } catch (e) {
    return reportError(e);
  }
}
