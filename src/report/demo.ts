/**
 * The demo: the reference runner's 3-mile run under every hypothesis in
 * experiments/forum-hypotheses.yaml, per-scenario outputs, figures and a plain-language
 * report (report.html). The same numbers a sweep of that file would give (same seeds).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExperiment, planExperiment, planTask } from '../experiments/spec.ts';
import { parseRunParams, type RunParams } from '../model/params.ts';
import { simulateRun, type RunResult } from '../sim/run.ts';
import { stridesCsv } from '../io/strides-csv.ts';
import { writeStridesParquet } from '../io/strides-parquet.ts';
import { provenance } from '../io/provenance.ts';
import { exportFigures, chromiumAvailable, type ExportFormat, type FigureToExport } from '../plots/export.ts';
import { mtcOverRunFigure } from '../plots/figures/mtc-over-run.ts';
import { capacityDriveFigure } from '../plots/figures/capacity-drive.ts';
import { capacityCompareFigure } from '../plots/figures/capacity-compare.ts';
import { JOURNAL_WIDTH_MM } from '../plots/style.ts';
import { renderReport, type ScenarioRow } from './report-html.ts';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FORUM_HYPOTHESES_FILE = join(packageRoot, 'experiments', 'forum-hypotheses.yaml');

export interface DemoOptions {
  outDir: string;
  /** Figure formats (default html + png/svg/pdf when Chromium is present). */
  formats?: ExportFormat[];
  dpi?: number;
  /** Shorten every run (for tests), m. */
  distanceM?: number;
  log?: (line: string) => void;
  onProgress?: (fraction: number) => void;
}

export interface DemoResult {
  reportPath: string;
  scenarios: ScenarioRow[];
  figureFiles: string[];
  skippedFormats: ExportFormat[];
  wallS: number;
}

/** Left leg's per-stride capacity and drive followed by its post-run recovery curve. */
function capacityTimeline(result: RunResult, leg: 'left' | 'right') {
  const t = result.legs[leg];
  const rec = result.recovery[leg];
  const n = t.length + rec.timeS.length;
  const timeS = new Float64Array(n);
  const cap = new Float64Array(n);
  const drive = new Float64Array(n);
  timeS.set(t.column('timeS'));
  cap.set(t.column('tibialisCapacity'));
  drive.set(t.column('neuralDrive'));
  const end = result.summary.elapsedS;
  for (let i = 0; i < rec.timeS.length; i++) {
    timeS[t.length + i] = end + rec.timeS[i];
    cap[t.length + i] = rec.tibialisCapacity[i];
    drive[t.length + i] = rec.neuralDrive[i];
  }
  return { timeS, tibialisCapacity: cap, neuralDrive: drive, runEndS: end };
}

/** Run the demo. */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const out = resolve(options.outDir);
  mkdirSync(out, { recursive: true });
  const spec = loadExperiment(FORUM_HYPOTHESES_FILE);
  const plan = planExperiment(spec);
  const results: { name: string; description: string; params: RunParams; result: RunResult }[] = [];
  const nTask = spec.scenarios.length;
  for (let i = 0; i < nTask; i++) {
    const task = planTask(plan, i * spec.replicates);
    const raw = options.distanceM ? { ...task.params, distanceM: options.distanceM } : task.params;
    const params = parseRunParams(raw);
    const name = spec.scenarios[i].name;
    const result = simulateRun(params);
    const dir = join(out, 'scenarios', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'strides.csv'), stridesCsv([result.legs.left, result.legs.right]));
    await writeStridesParquet([result.legs.left, result.legs.right], join(dir, 'strides.parquet'));
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ provenance: provenance(params, params.seed), scenario: name, ...result.summary }, null, 2) + '\n');
    writeFileSync(join(dir, 'config.resolved.json'), JSON.stringify(params, null, 2) + '\n');
    results.push({ name, description: spec.scenarios[i].description ?? '', params, result });
    log(`simulated ${name}: left MTC ${(result.summary.left.mtcEarlyMedianM * 1000).toFixed(1)} → ${(result.summary.left.mtcLateMedianM * 1000).toFixed(1)} mm, ${result.summary.left.toeCatches} toe catches`);
    options.onProgress?.((0.7 * (i + 1)) / nTask);
  }

  // The recovery-rule comparison: the healthy scenario's left leg under each rule.
  const healthy = results.find((r) => r.name === 'healthy') ?? results[0];
  const ruleVariants = [
    { name: 'looft2018 (default: r·R while the TA is silent)', over: {} },
    { name: 'myosuite (r·R whenever M_A ≥ TL)', over: { recoveryRule: 'myosuite' } },
    { name: 'pure 3CC (r = 1)', over: { r: 1 } },
  ];
  const ruleRuns = ruleVariants.map((v) => {
    const p = parseRunParams({ ...healthy.params, left: { ...healthy.params.left, tibialisFatigue: { ...healthy.params.left.tibialisFatigue, ...v.over } } });
    return { name: v.name, result: simulateRun(p) };
  });
  options.onProgress?.(0.85);

  const figures: FigureToExport[] = [
    {
      name: 'mtc-over-run',
      spec: mtcOverRunFigure(
        results.map((r) => ({
          name: r.name,
          legs: {
            left: { timeS: r.result.legs.left.column('timeS'), mtcM: r.result.legs.left.column('mtcM'), toeCatch: r.result.legs.left.column('toeCatch') },
            right: { timeS: r.result.legs.right.column('timeS'), mtcM: r.result.legs.right.column('mtcM'), toeCatch: r.result.legs.right.column('toeCatch') },
          },
        })),
        { columns: 2 },
      ),
      widthMm: JOURNAL_WIDTH_MM.double,
      heightMm: 170,
    },
    {
      name: 'fatigue-recovery-rules',
      spec: capacityCompareFigure(
        ruleRuns.map((r) => ({ name: r.name, ...capacityTimeline(r.result, 'left') })),
        ruleRuns[0].result.summary.elapsedS,
      ),
      widthMm: JOURNAL_WIDTH_MM.single,
      heightMm: 75,
    },
  ];
  for (const name of ['taFatigue', 'exertionalCompartment', 'peronealNeuropathy']) {
    const r = results.find((x) => x.name === name);
    if (!r) continue;
    const tl = capacityTimeline(r.result, 'left');
    figures.push({
      name: `capacity-drive-${name}`,
      spec: capacityDriveFigure({ ...tl, recoveryTo90PctS: r.result.summary.left.recoveryTo90PctS }),
      widthMm: JOURNAL_WIDTH_MM.single,
      heightMm: 70,
    });
  }
  const formats = options.formats ?? (['html', 'png', 'svg', 'pdf'] as ExportFormat[]);
  const exported = await exportFigures(figures, join(out, 'figures'), formats, { dpi: options.dpi ?? 200, log });
  options.onProgress?.(0.97);

  const rows: ScenarioRow[] = results.map((r) => ({
    name: r.name,
    description: r.description,
    left: r.result.summary.left,
    right: r.result.summary.right,
    durationS: r.result.summary.durationS,
  }));
  const reportPath = join(out, 'report.html');
  writeFileSync(
    reportPath,
    renderReport({
      rows,
      figures,
      staticPng: exported.files.some((f) => f.endsWith('.png')),
      rules: ruleRuns.map((r) => ({ name: r.name, endCapacity: r.result.summary.left.minTibialisCapacity, recoveryS: r.result.summary.left.recoveryTo90PctS })),
      provenance: provenance({ experiment: spec.name, distanceM: options.distanceM ?? null }, spec.seed),
      chromium: chromiumAvailable(),
    }),
  );
  options.onProgress?.(1);
  return { reportPath, scenarios: rows, figureFiles: exported.files, skippedFormats: exported.skipped, wallS: (performance.now() - started) / 1000 };
}
