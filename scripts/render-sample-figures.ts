/**
 * Render every figure kind with realistic *synthetic* sample data to `out/figures-sample/` so the
 * figures can be looked at (the real data come from the simulator, pipeline and classifier).
 * Prints start-up and per-figure render times.
 *
 * Usage: npx tsx scripts/render-sample-figures.ts [--formats png,svg,pdf,html] [--dpi 300] [--out DIR]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRng, type Rng } from '../src/random.ts';
import { degToRad } from '../src/units.ts';
import {
  type ExportFormat,
  type FigureToExport,
  type MtcScenario,
  type ReliabilityBin,
  type RocCurve,
  FIGURE_HEIGHT_MM,
  JOURNAL_WIDTH_MM,
  ankleCycleFigure,
  capacityDriveFigure,
  confusionMatrixFigure,
  exportFigures,
  heatmapFigure,
  imuTraceFigure,
  mtcOverRunFigure,
  reliabilityFigure,
  rocFigure,
  sobolBarsFigure,
} from '../src/plots/index.ts';

const RUN_S = 24 * 60; // 3 miles at 8 min/mile
const STRIDE_S = 0.72;

/** MTC per stride: a baseline with noise, an optional decline on one leg from `onsetS`. */
function legSeries(rng: Rng, baseMm: number, declineMm: number, onsetS: number, sdMm: number) {
  const n = Math.floor(RUN_S / STRIDE_S);
  const timeS = new Float64Array(n);
  const mtcM = new Float64Array(n);
  const toeCatch = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = i * STRIDE_S + rng.between(0, 0.02);
    const progress = t > onsetS ? Math.min(1, (t - onsetS) / (RUN_S - onsetS)) : 0;
    const mtcMm = baseMm - declineMm * progress ** 1.5 + sdMm * rng.normal();
    timeS[i] = t;
    mtcM[i] = Math.max(-2, mtcMm) / 1000;
    toeCatch[i] = mtcMm < 2 ? 1 : 0;
  }
  return { timeS, mtcM, toeCatch };
}

function mtcScenarios(): MtcScenario[] {
  const specs: Array<[string, number, number, number]> = [
    // name, right-leg decline (mm), onset (s), stride SD (mm)
    ['Healthy', 0, 0, 3],
    ['TA fatigue', 24, 8 * 60, 3.5],
    ['Stiff soleus', 10, 2 * 60, 3],
    ['Leg-length discrepancy', 6, 0, 3],
    ['Peroneal neuropathy', 28, 14 * 60, 4],
    ['Exertional compartment', 30, 12 * 60, 4.5],
    ['L5 radiculopathy', 18, 5 * 60, 4],
  ];
  return specs.map(([name, decline, onset, sd], k) => {
    const rng = createRng(7, 'mtc', k);
    return {
      name,
      legs: {
        left: legSeries(rng, 25, name === 'Leg-length discrepancy' ? -4 : 0, 0, 3),
        right: legSeries(rng, 25, decline, onset, sd),
      },
    };
  });
}

/** A running ankle curve (rad) over 0..100 % with a given swing dorsiflexion. */
function ankleCurve(cyclePct: Float64Array, swingDorsiDeg: number): Float64Array {
  const out = new Float64Array(cyclePct.length);
  for (let i = 0; i < cyclePct.length; i++) {
    const p = cyclePct[i] / 100;
    // Stance dorsiflexion to ~18° at 20 %, plantarflexion to −20° at toe-off (~40 %), swing recovery.
    const stance = 18 * Math.exp(-(((p - 0.2) / 0.1) ** 2));
    const pushOff = -24 * Math.exp(-(((p - 0.45) / 0.08) ** 2));
    const swing = swingDorsiDeg * Math.exp(-(((p - 0.8) / 0.15) ** 2));
    out[i] = degToRad(2 + stance + pushOff + swing);
  }
  return out;
}

function sdCurve(n: number, sdDeg: number): Float64Array {
  return new Float64Array(n).fill(degToRad(sdDeg));
}

function capacityDrive() {
  const recoveryS = 30 * 60;
  const n = 600;
  const timeS = new Float64Array(n);
  const capacity = new Float64Array(n);
  const drive = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = ((RUN_S + recoveryS) * i) / (n - 1);
    timeS[i] = t;
    if (t <= RUN_S) {
      capacity[i] = 1 - 0.45 * (1 - Math.exp(-t / 600));
      drive[i] = t < 12 * 60 ? 1 : 1 - 0.3 * (1 - Math.exp(-(t - 720) / 180));
    } else {
      const endCap = 1 - 0.45 * (1 - Math.exp(-RUN_S / 600));
      const endDrive = 1 - 0.3 * (1 - Math.exp(-(RUN_S - 720) / 180));
      capacity[i] = 1 - (1 - endCap) * Math.exp(-(t - RUN_S) / 300);
      drive[i] = 1 - (1 - endDrive) * Math.exp(-(t - RUN_S) / 120);
    }
  }
  // Both back above 90 %: capacity is the slower one here.
  const endCap = 1 - 0.45 * (1 - Math.exp(-RUN_S / 600));
  const recoveryTo90PctS = 300 * Math.log((1 - endCap) / 0.1);
  return { timeS, tibialisCapacity: capacity, neuralDrive: drive, runEndS: RUN_S, recoveryTo90PctS };
}

function heatmapData() {
  const fatigue = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3];
  const lldMm = [0, 2.5, 5, 7.5, 10, 12.5, 15, 17.5, 20];
  const z = lldMm.map((lld) =>
    fatigue.map((f) => {
      const minutes = 60 / (f * (1 + lld / 10)) - 2;
      return minutes > 24 ? Number.NaN : Math.max(0.5, minutes);
    }),
  );
  return { fatigue, lldMm, z };
}

function imuData() {
  const rateHz = 200;
  const rng = createRng(7, 'imu');
  const windowS = 6;
  const n = windowS * rateHz;
  const timeS = new Float64Array(n);
  const gyr = new Float64Array(n);
  const acc = new Float64Array(n);
  const strides: { startS: number; endS: number }[] = [];
  const ic: number[] = [];
  const to: number[] = [];
  for (let s = 0.3; s + STRIDE_S < windowS; s += STRIDE_S) {
    strides.push({ startS: s, endS: s + STRIDE_S });
    ic.push(s);
    to.push(s + 0.38 * STRIDE_S);
  }
  for (let i = 0; i < n; i++) {
    const t = i / rateHz;
    timeS[i] = t;
    const phase = ((((t - 0.3) / STRIDE_S) % 1) + 1) % 1;
    // Foot pitch rate: quiet stance, a negative push-off peak, a large positive swing peak.
    gyr[i] =
      -6 * Math.exp(-(((phase - 0.36) / 0.05) ** 2)) +
      12 * Math.exp(-(((phase - 0.65) / 0.1) ** 2)) -
      4 * Math.exp(-(((phase - 0.97) / 0.03) ** 2)) +
      0.15 * rng.normal();
    acc[i] = 9.81 + 45 * Math.exp(-((phase / 0.02) ** 2)) + 25 * Math.exp(-(((phase - 0.4) / 0.05) ** 2)) + rng.normal();
  }
  return { timeS, gyrYRadS: gyr, accNormMps2: acc, strides, initialContactS: ic, toeOffS: to };
}

/** Binormal ROC curve for a separation d′ (equal-variance signal detection model). */
function binormalRoc(className: string, dPrime: number, rng: Rng): RocCurve {
  const nPos = 400;
  const nNeg = 800;
  const scores: Array<[number, boolean]> = [];
  for (let i = 0; i < nPos; i++) scores.push([dPrime + rng.normal(), true]);
  for (let i = 0; i < nNeg; i++) scores.push([rng.normal(), false]);
  scores.sort((a, b) => b[0] - a[0]);
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  for (const [, positive] of scores) {
    if (positive) tp++;
    else fp++;
    fpr.push(fp / nNeg);
    tpr.push(tp / nPos);
  }
  return { className, fpr, tpr };
}

function reliabilityBins(rng: Rng): ReliabilityBin[] {
  const bins: ReliabilityBin[] = [];
  for (let b = 3; b < 10; b++) {
    const meanConfidence = (b + 0.5) / 10;
    const count = Math.round(40 + 60 * b + rng.between(0, 30));
    const accuracy = Math.min(1, Math.max(0, meanConfidence - 0.06 + 0.03 * rng.normal()));
    bins.push({ meanConfidence, accuracy, count });
  }
  return bins;
}

function sampleFigures(): FigureToExport[] {
  const cyclePct = Float64Array.from({ length: 101 }, (_, i) => i);
  const heat = heatmapData();
  const rng = createRng(7, 'classifier');
  return [
    {
      name: 'mtc-over-run',
      spec: mtcOverRunFigure(mtcScenarios(), { columns: 2 }),
      widthMm: JOURNAL_WIDTH_MM.double,
      heightMm: FIGURE_HEIGHT_MM.page,
    },
    {
      name: 'ankle-cycle',
      spec: ankleCycleFigure({
        cyclePct,
        early: { label: 'Early (0–5 min)', meanRad: ankleCurve(cyclePct, 14), sdRad: sdCurve(101, 2.5) },
        late: { label: 'Late (19–24 min)', meanRad: ankleCurve(cyclePct, 4), sdRad: sdCurve(101, 3.5) },
        normative: { label: 'Normative', meanRad: ankleCurve(cyclePct, 12) },
        toeOffPct: 40,
      }),
      widthMm: JOURNAL_WIDTH_MM.single,
      heightMm: FIGURE_HEIGHT_MM.standard,
    },
    {
      name: 'capacity-drive',
      spec: capacityDriveFigure(capacityDrive()),
      widthMm: JOURNAL_WIDTH_MM.single,
      heightMm: FIGURE_HEIGHT_MM.standard,
    },
    {
      name: 'heatmap-fatigue-lld',
      spec: heatmapFigure({
        x: { label: 'Fatigue rate multiplier', unit: '–', values: heat.fatigue },
        y: { label: 'Leg-length discrepancy', unit: 'mm', values: heat.lldMm },
        z: heat.z,
        colourBar: { label: 'First toe catch', unit: 'min' },
        missingLabel: 'no toe catch within the run',
      }),
      widthMm: JOURNAL_WIDTH_MM.single,
      heightMm: 75,
    },
    {
      name: 'sobol-mtc',
      spec: sobolBarsFigure({
        ciLevel: 0.95,
        indices: [
          { factor: 'TA fatigue rate F', first: 0.42, firstCi: [0.36, 0.48], total: 0.55, totalCi: [0.48, 0.62] },
          { factor: 'TA recovery rate R', first: 0.12, firstCi: [0.08, 0.16], total: 0.19, totalCi: [0.14, 0.25] },
          { factor: 'Soleus stiffness', first: 0.08, firstCi: [0.05, 0.11], total: 0.12, totalCi: [0.08, 0.16] },
          { factor: 'Leg-length discrepancy', first: 0.06, firstCi: [0.03, 0.09], total: 0.08, totalCi: [0.05, 0.12] },
          { factor: 'Running speed', first: 0.1, firstCi: [0.07, 0.13], total: 0.14, totalCi: [0.1, 0.18] },
          { factor: 'TA strength', first: 0.03, firstCi: [0.0, 0.06], total: 0.05, totalCi: [0.02, 0.08] },
          { factor: 'Body mass', first: 0.0, firstCi: [-0.02, 0.02], total: 0.01, totalCi: [0.0, 0.02] },
        ],
      }),
      widthMm: JOURNAL_WIDTH_MM.single,
      heightMm: 75,
    },
    {
      name: 'imu-trace',
      spec: imuTraceFigure(imuData()),
      widthMm: JOURNAL_WIDTH_MM.double,
      heightMm: 80,
    },
    {
      name: 'confusion-matrix',
      spec: confusionMatrixFigure({
        classes: ['none', 'muscular', 'neurological'],
        counts: [
          [412, 21, 7],
          [35, 318, 47],
          [12, 51, 297],
        ],
      }),
      widthMm: JOURNAL_WIDTH_MM.single,
      heightMm: 75,
    },
    {
      name: 'roc',
      spec: rocFigure({
        curves: [binormalRoc('none', 2.2, rng), binormalRoc('muscular', 1.4, rng), binormalRoc('neurological', 1.7, rng)],
      }),
      widthMm: JOURNAL_WIDTH_MM.single,
      heightMm: 85,
    },
    {
      name: 'reliability',
      spec: reliabilityFigure({ bins: reliabilityBins(rng), label: 'Classifier (calibrated)' }),
      widthMm: JOURNAL_WIDTH_MM.single,
      heightMm: 85,
    },
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      formats: { type: 'string', default: 'png' },
      dpi: { type: 'string', default: '300' },
      out: { type: 'string', default: 'out/figures-sample' },
    },
  });
  const formats = (values.formats ?? 'png').split(',') as ExportFormat[];
  const outDir = path.resolve(values.out ?? 'out/figures-sample');
  const t0 = performance.now();
  const figs = sampleFigures();
  const tBuild = performance.now() - t0;
  const result = await exportFigures(figs, outDir, formats, { dpi: Number(values.dpi) });
  const total = performance.now() - t0;
  console.log(`built ${figs.length} specs in ${tBuild.toFixed(0)} ms`);
  console.log(`browser start-up (launch + plotly load): ${result.startupMs.toFixed(0)} ms`);
  for (const [name, ms] of Object.entries(result.perFigureMs)) console.log(`  ${name}: ${ms.toFixed(0)} ms`);
  console.log(`total ${total.toFixed(0)} ms; ${result.files.length} files in ${outDir}`);
  if (result.skipped.length > 0) console.log(`skipped: ${result.skipped.join(', ')}`);
}

await main();
