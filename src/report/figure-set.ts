/**
 * The publication figure set of each experiment (`figures:` in the experiment file), built from
 * simulations (studies with scenarios) or from sweep results (designs), shared by
 * `dropfoot figures`, `dropfoot demo` and the notebooks.
 *
 * Figure names: `mtc-over-run`, `capacity-drive` (one per impaired scenario), `fatigue-recovery-rules`
 * (scenario studies); `fatigue-lld-heatmap` (a two-factor grid → mean minutes to the first toe
 * catch); `sobol-indices` (Saltelli designs → late-run MTC indices).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { planExperiment, planTask, factorColumn, type ExperimentSpec } from '../experiments/spec.ts';
import { runSweep } from '../experiments/runner.ts';
import { sensitivityFromResults } from '../experiments/results-sensitivity.ts';
import { parseRunParams, type RunParams } from '../model/params.ts';
import { simulateRun, type RunResult } from '../sim/run.ts';
import { mtcOverRunFigure } from '../plots/figures/mtc-over-run.ts';
import { capacityDriveFigure } from '../plots/figures/capacity-drive.ts';
import { capacityCompareFigure } from '../plots/figures/capacity-compare.ts';
import { heatmapFigure } from '../plots/figures/heatmap.ts';
import { sobolBarsFigure } from '../plots/figures/sobol-bars.ts';
import { JOURNAL_WIDTH_MM } from '../plots/style.ts';
import type { FigureToExport } from '../plots/export.ts';
import { InputError } from '../errors.ts';

export interface ScenarioRun {
  name: string;
  description: string;
  params: RunParams;
  result: RunResult;
}

/** Simulate every scenario of a study (first replicate's seed, as a sweep of the file would). */
export function simulateScenarios(
  spec: ExperimentSpec,
  options: { distanceM?: number; onScenario?: (run: ScenarioRun, index: number) => void } = {},
): ScenarioRun[] {
  if (spec.scenarios.length === 0) throw new InputError('this experiment has no scenarios to simulate', spec.name);
  const plan = planExperiment(spec);
  return spec.scenarios.map((scenario, i) => {
    const task = planTask(plan, i * plan.nDesign * spec.replicates);
    const params = options.distanceM ? parseRunParams({ ...task.params, distanceM: options.distanceM, durationS: undefined }) : task.params;
    const run = { name: scenario.name, description: scenario.description ?? '', params, result: simulateRun(params) };
    options.onScenario?.(run, i);
    return run;
  });
}

/** One leg's per-stride capacity and drive followed by its post-run recovery curve. */
export function capacityTimeline(result: RunResult, leg: 'left' | 'right') {
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

/** MTC over the run, all scenarios. */
export function mtcFigure(runs: readonly ScenarioRun[]): FigureToExport {
  const series = (r: RunResult, leg: 'left' | 'right') => ({
    timeS: r.legs[leg].column('timeS'),
    mtcM: r.legs[leg].column('mtcM'),
    toeCatch: r.legs[leg].column('toeCatch'),
  });
  return {
    name: 'mtc-over-run',
    spec: mtcOverRunFigure(
      runs.map((r) => ({ name: r.name, legs: { left: series(r.result, 'left'), right: series(r.result, 'right') } })),
      { columns: runs.length > 3 ? 2 : 1 },
    ),
    widthMm: JOURNAL_WIDTH_MM.double,
    heightMm: Math.min(170, 30 + 28 * Math.ceil(runs.length / (runs.length > 3 ? 2 : 1))),
  };
}

/** Capacity and drive (left leg) of the scenarios whose left leg is impaired. */
export function capacityDriveFigures(runs: readonly ScenarioRun[], names?: readonly string[]): FigureToExport[] {
  return runs
    .filter((r) => (names ? names.includes(r.name) : r.result.summary.left.minTibialisCapacity < 0.5 || r.result.summary.left.minNeuralDrive < 0.9))
    .map((r) => ({
      name: `capacity-drive-${r.name}`,
      spec: capacityDriveFigure({ ...capacityTimeline(r.result, 'left'), recoveryTo90PctS: r.result.summary.left.recoveryTo90PctS }),
      widthMm: JOURNAL_WIDTH_MM.single,
      heightMm: 70,
    }));
}

export const RECOVERY_RULE_VARIANTS = [
  { name: 'looft2018 (default: r·R while the TA is silent)', over: {} },
  { name: 'myosuite (r·R whenever M_A ≥ TL)', over: { recoveryRule: 'myosuite' } },
  { name: 'pure 3CC (r = 1)', over: { r: 1 } },
] as const;

/** The same run under each 3CC-r recovery rule (left leg), and its figure. */
export function recoveryRuleComparison(base: RunParams): { runs: { name: string; result: RunResult }[]; figure: FigureToExport } {
  const runs = RECOVERY_RULE_VARIANTS.map((v) => {
    const p = parseRunParams({ ...base, left: { ...base.left, tibialisFatigue: { ...base.left.tibialisFatigue, ...v.over } } });
    return { name: v.name, result: simulateRun(p) };
  });
  return {
    runs,
    figure: {
      name: 'fatigue-recovery-rules',
      spec: capacityCompareFigure(
        runs.map((r) => ({ name: r.name, ...capacityTimeline(r.result, 'left') })),
        runs[0].result.summary.elapsedS,
      ),
      widthMm: JOURNAL_WIDTH_MM.single,
      heightMm: 75,
    },
  };
}

/** Sweep results for an experiment: existing ones in resultsDir, else run the sweep there (resumable). */
async function ensureResults(spec: ExperimentSpec, resultsDir: string, workers: number | undefined, log: (s: string) => void): Promise<void> {
  if (existsSync(join(resultsDir, 'results.duckdb'))) return;
  log(`no results in ${resultsDir}: running the sweep (${spec.name}); resumable with the same command`);
  await runSweep(spec, { outDir: resultsDir, workers, resume: existsSync(resultsDir) });
}

/** Two-factor grid → z[iy][ix] of the mean of an output expression. */
async function gridMeans(resultsDir: string, xColumn: string, yColumn: string, expression: string) {
  const db = await DuckDBInstance.create(join(resultsDir, 'results.duckdb'), { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  try {
    const rows = (
      await c.runAndReadAll(
        `SELECT "${xColumn}" AS x, "${yColumn}" AS y, avg(${expression}) AS z FROM results WHERE status = 'ok' GROUP BY ALL ORDER BY y, x`,
      )
    ).getRowObjects();
    const xs = [...new Set(rows.map((r) => Number(r.x)))].sort((a, b) => a - b);
    const ys = [...new Set(rows.map((r) => Number(r.y)))].sort((a, b) => a - b);
    const z = ys.map(() => new Float64Array(xs.length).fill(NaN));
    for (const r of rows) z[ys.indexOf(Number(r.y))][xs.indexOf(Number(r.x))] = r.z === null ? NaN : Number(r.z);
    return { xs, ys, z };
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

export interface FigureSetOptions {
  /** Sweep results directory (default out/<experiment name>). */
  resultsDir?: string;
  workers?: number;
  /** Shorten scenario runs (tests), m. */
  distanceM?: number;
  log?: (line: string) => void;
}

/** Every figure an experiment file asks for. */
export async function experimentFigures(spec: ExperimentSpec, options: FigureSetOptions = {}): Promise<FigureToExport[]> {
  const log = options.log ?? (() => {});
  const names = spec.figures;
  const figures: FigureToExport[] = [];
  const needsScenarios = names.some((n) => ['mtc-over-run', 'capacity-drive', 'fatigue-recovery-rules'].includes(n));
  const runs = needsScenarios ? simulateScenarios(spec, { distanceM: options.distanceM }) : [];
  const resultsDir = options.resultsDir ?? join('out', spec.name);
  for (const name of names) {
    if (name === 'mtc-over-run') figures.push(mtcFigure(runs));
    else if (name === 'capacity-drive') figures.push(...capacityDriveFigures(runs));
    else if (name === 'fatigue-recovery-rules') figures.push(recoveryRuleComparison(runs[0].params).figure);
    else if (name === 'fatigue-lld-heatmap') {
      if (spec.factors.length !== 2 || spec.design?.kind !== 'grid') throw new InputError(`${name} needs a two-factor grid design`, spec.name);
      await ensureResults(spec, resultsDir, options.workers, log);
      const [fx, fy] = spec.factors;
      const { xs, ys, z } = await gridMeans(resultsDir, factorColumn(fx.name), factorColumn(fy.name), 'left_firstToeCatchS / 60');
      figures.push({
        name,
        spec: heatmapFigure({
          x: { label: 'TA fatigue rate multiplier', unit: '–', values: xs, log: fx.kind === 'loguniform' },
          y: { label: 'Leg-length discrepancy (left longer)', unit: 'mm', values: ys.map((v) => v * 1000) },
          z,
          colourBar: { label: 'First toe catch', unit: 'min' },
          missingLabel: 'no toe catch within the run',
          reverseScale: true,
        }),
        widthMm: JOURNAL_WIDTH_MM.single,
        heightMm: 75,
      });
    } else if (name === 'sobol-indices') {
      await ensureResults(spec, resultsDir, options.workers, log);
      const s = await sensitivityFromResults(resultsDir, { output: 'left_mtcLateMedianM' });
      if (s.method !== 'sobol') throw new InputError(`${name} needs a Saltelli design`, spec.name);
      const idx = s.indices;
      figures.push({
        name,
        spec: sobolBarsFigure({
          indices: idx.first.map((f, i) => ({
            factor: f.name,
            first: f.estimate,
            firstCi: [f.lo ?? f.estimate, f.hi ?? f.estimate] as const,
            total: idx.total[i].estimate,
            totalCi: [idx.total[i].lo ?? idx.total[i].estimate, idx.total[i].hi ?? idx.total[i].estimate] as const,
          })),
          ciLevel: idx.confidence,
          output: 'late-run MTC, left leg',
        }),
        widthMm: JOURNAL_WIDTH_MM.single,
        heightMm: 80,
      });
    } else {
      log(`figure "${name}" of ${spec.name} is not known; skipped`);
    }
  }
  return figures;
}
