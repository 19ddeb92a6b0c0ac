/**
 * The demo: the reference runner's 3-mile run under every hypothesis in
 * experiments/forum-hypotheses.yaml, per-scenario outputs, figures and a plain-language
 * report (report.html). The same numbers a sweep of that file would give (same seeds).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExperiment } from '../experiments/spec.ts';
import { stridesCsv } from '../io/strides-csv.ts';
import { writeStridesParquet } from '../io/strides-parquet.ts';
import { provenance } from '../io/provenance.ts';
import { exportFigures, chromiumAvailable, type ExportFormat, type FigureToExport } from '../plots/export.ts';
import { simulateScenarios, mtcFigure, capacityDriveFigures, recoveryRuleComparison, type ScenarioRun } from './figure-set.ts';
import { renderReport, type ScenarioRow } from './report-html.ts';
import { loadClassifier, classifyTrace, usesOtherFoot } from '../classify/predict.ts';
import { loadTrainingConfig } from '../classify/dataset.ts';
import { analyzeSimulatedFeet } from '../classify/simulated-foot.ts';
import { synthesizeImu } from '../imu/synth/index.ts';
import { imuTraceFigure, imuTraceSeries } from '../plots/figures/imu-trace.ts';
import type { RunResult } from '../sim/run.ts';
import type { Trace } from '../imu/trace.ts';

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
  /** Classifier for the verdicts (default models/mechanism-classifier). */
  modelDir?: string;
}

export interface DemoResult {
  reportPath: string;
  scenarios: ScenarioRow[];
  figureFiles: string[];
  skippedFormats: ExportFormat[];
  wallS: number;
}

/** The committed classifier (models/mechanism-classifier). */
export const DEMO_MODEL_DIR = join(packageRoot, 'models', 'mechanism-classifier');

/**
 * The classifier's verdict on each scenario's synthetic left-foot IMU trace (200 Hz, bmi270),
 * synthesised and analysed in the windows the classifier was trained with. Without a model
 * directory, no verdicts (one log line says so).
 */
async function classifyScenarios(
  results: readonly ScenarioRun[],
  modelDir: string,
  log: (line: string) => void,
): Promise<{ verdicts: Array<ScenarioRow['verdict'] | undefined>; traceFigure: FigureToExport | null }> {
  if (!existsSync(join(modelDir, 'preprocessing.json'))) {
    log(`no classifier in ${modelDir}: the report has no verdicts (train one with \`dropfoot train\`)`);
    return { verdicts: results.map(() => undefined), traceFigure: null };
  }
  const classifier = await loadClassifier(modelDir);
  const config = loadTrainingConfig(join(packageRoot, 'experiments', 'classifier-training.yaml'));
  let traceFigure: FigureToExport | null = null;
  // both feet, as a runner with a sensor on each shoe would be recorded: the right foot is the
  // left's own reference (src/classify/bilateral.ts) — synthesised only for a classifier that uses it
  const legs: Array<'left' | 'right'> = usesOtherFoot(classifier.pre) ? ['left', 'right'] : ['left'];
  const synth = (run: RunResult, o: Record<string, unknown>) => {
    const out = synthesizeImu(run, { ...o, legs, sites: ['foot'] });
    return { left: out.left?.foot as Trace, right: out.right?.foot };
  };
  const verdicts = results.map((r) => {
    const feet = analyzeSimulatedFeet(r.result, synth, { rateHz: 200, sensor: 'bmi270', seed: r.params.seed }, config.imu.windows);
    const { left: analysis, trace } = feet;
    const doc = classifyTrace(trace, classifier, r.name, analysis, feet.right ? { name: `${r.name} (right foot)`, analysis: feet.right } : null);
    log(`classified ${r.name}: ${doc.mechanism}${doc.outOfDomain ? ' (out of domain)' : ''}`);
    if (r.name === TRACE_FIGURE_SCENARIO || (traceFigure === null && r === results[results.length - 1])) {
      // what the classifier sees: the first seconds of the scenario's synthetic foot trace with the detected strides and events
      const strides = analysis.strides.filter((s) => s.endS <= trace.timeS[trace.timeS.length - 1]);
      const t0 = strides.length > 0 ? strides[0].startS - 0.5 : trace.timeS[0];
      traceFigure = {
        name: 'imu-trace',
        spec: imuTraceFigure({
          ...imuTraceSeries(trace),
          strides: strides.map((s) => ({ startS: s.startS, endS: s.endS })),
          initialContactS: strides.map((s) => s.icS),
          toeOffS: strides.map((s) => s.toS),
          windowS: [t0, t0 + 4],
          title: `Synthetic left-foot IMU, ${r.name} (200 Hz, bmi270)`,
        }),
        widthMm: 183,
        heightMm: 90,
      };
    }
    return { mechanism: doc.mechanism, probabilities: doc.probabilities, outOfDomain: doc.outOfDomain };
  });
  return { verdicts, traceFigure };
}

/** Scenario whose synthetic foot trace is drawn in the report. */
const TRACE_FIGURE_SCENARIO = 'taFatigue';

/** Run the demo. */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const out = resolve(options.outDir);
  mkdirSync(out, { recursive: true });
  const spec = loadExperiment(FORUM_HYPOTHESES_FILE);
  const nTask = spec.scenarios.length;
  const results: ScenarioRun[] = [];
  for (const run of simulateScenarios(spec, {
    distanceM: options.distanceM,
    onScenario: (r, i) => {
      const s = r.result.summary.left;
      log(`simulated ${r.name}: left MTC ${(s.mtcEarlyMedianM * 1000).toFixed(1)} → ${(s.mtcLateMedianM * 1000).toFixed(1)} mm, ${s.toeCatches} toe catches`);
      options.onProgress?.((0.7 * (i + 1)) / nTask);
    },
  })) {
    const { name, params, result } = run;
    const dir = join(out, 'scenarios', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'strides.csv'), stridesCsv([result.legs.left, result.legs.right]));
    await writeStridesParquet([result.legs.left, result.legs.right], join(dir, 'strides.parquet'));
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ provenance: provenance(params, params.seed), scenario: name, ...result.summary }, null, 2) + '\n');
    writeFileSync(join(dir, 'config.resolved.json'), JSON.stringify(params, null, 2) + '\n');
    results.push(run);
  }

  // The recovery-rule comparison: the healthy scenario's left leg under each rule.
  const healthy = results.find((r) => r.name === 'healthy') ?? results[0];
  const rules = recoveryRuleComparison(healthy.params);
  options.onProgress?.(0.85);
  const figures: FigureToExport[] = [
    mtcFigure(results),
    rules.figure,
    ...capacityDriveFigures(results, ['taFatigue', 'exertionalCompartment', 'peronealNeuropathy']),
  ];
  const formats = options.formats ?? (['html', 'png', 'svg', 'pdf'] as ExportFormat[]);
  const exported = await exportFigures(figures, join(out, 'figures'), formats, { dpi: options.dpi ?? 200, log });
  options.onProgress?.(0.97);

  const { verdicts, traceFigure } = await classifyScenarios(results, options.modelDir ?? DEMO_MODEL_DIR, log);
  if (traceFigure) {
    const extra = await exportFigures([traceFigure], join(out, 'figures'), formats, { dpi: options.dpi ?? 200, log });
    exported.files.push(...extra.files);
    figures.push(traceFigure);
  }
  options.onProgress?.(0.99);
  const rows: ScenarioRow[] = results.map((r, i) => ({
    name: r.name,
    description: r.description,
    left: r.result.summary.left,
    right: r.result.summary.right,
    durationS: r.result.summary.durationS,
    ...(verdicts[i] ? { verdict: verdicts[i] } : {}),
  }));
  const reportPath = join(out, 'report.html');
  writeFileSync(
    reportPath,
    renderReport({
      rows,
      figures,
      staticPng: exported.files.some((f) => f.endsWith('.png')),
      rules: rules.runs.map((r) => ({ name: r.name, endCapacity: r.result.summary.left.minTibialisCapacity, recoveryS: r.result.summary.left.recoveryTo90PctS })),
      provenance: provenance({ experiment: spec.name, distanceM: options.distanceM ?? null }, spec.seed),
      chromium: chromiumAvailable(),
    }),
  );
  options.onProgress?.(1);
  return { reportPath, scenarios: rows, figureFiles: exported.files, skippedFormats: exported.skipped, wallS: (performance.now() - started) / 1000 };
}
