/**
 * Fits the normative gait patterns and writes src/model/kinematics-data.ts.
 *
 *   npx tsx scripts/fit-kinematics.ts [--data ../shared/data] [--dry-run]
 *
 * 1. Averages the Hamner running trial and the OpenSim walking trial into normalised cycles
 *    (src/refdata/normative-trials.ts).
 * 2. Chooses K, the number of harmonics, as the smallest K for which every joint angle fits with
 *    RMS < 0.25° and max |error| < 1°, and hip height with RMS < 1 mm (the same K for all curves of a gait).
 * 3. Extracts RBDS001's speed trends and fits the running stride-time exponent β to RBDS004's
 *    stride times (reference sheet §5 [D]).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evalFourier, evalFourierDerivatives, fitFourier, type FourierSeries } from '../src/model/fourier.ts';
import { loadHamnerRunning, loadOpenSimWalking, loadRbds001Timing25, loadRbds001Trends, type AveragedTrial } from '../src/refdata/normative-trials.ts';
import { degToRad } from '../src/units.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const argData = process.argv.indexOf('--data');
const dataDir = argData > 0 ? path.resolve(process.argv[argData + 1]) : path.resolve(repoRoot, '../shared/data');
const dryRun = process.argv.includes('--dry-run');

/** RBDS004 stride times at 2.5/3.5/4.5 m/s, s (reference/biomechanics.md §5 [D, marker-based events]). */
const RBDS004_STRIDE_TIME_S = [0.798, 0.777, 0.721];
const N = 200;

function errors(samples: Float64Array, s: FourierSeries): { rms: number; max: number } {
  let sq = 0;
  let max = 0;
  for (let i = 0; i < samples.length; i++) {
    const e = evalFourier(s, i / samples.length) - samples[i];
    sq += e * e;
    max = Math.max(max, Math.abs(e));
  }
  return { rms: Math.sqrt(sq / samples.length), max };
}

function maxSecondDerivative(s: FourierSeries, strideTimeS: number): number {
  const out = new Float64Array(3);
  let m = 0;
  for (let i = 0; i < 1000; i++) {
    evalFourierDerivatives(s, i / 1000, out);
    m = Math.max(m, Math.abs(out[2]) / (strideTimeS * strideTimeS));
  }
  return m;
}

interface Fitted {
  harmonics: number;
  hip: FourierSeries;
  knee: FourierSeries;
  ankle: FourierSeries;
  height: FourierSeries;
  tilt: FourierSeries;
  report: string[];
}

function fitTrial(trial: AveragedTrial): Fitted {
  const report: string[] = [];
  report.push(`K | RMS/max error hip, knee, ankle (deg) | hip height RMS (mm) | max |d²/dt²| knee (rad/s²)`);
  let chosen: Fitted | undefined;
  for (let k = 1; k <= 12; k++) {
    const hip = fitFourier(trial.hipFlexionDeg, k);
    const knee = fitFourier(trial.kneeFlexionDeg, k);
    const ankle = fitFourier(trial.ankleDorsiflexionDeg, k);
    const height = fitFourier(trial.hipHeightOffsetM, k);
    const e = [errors(trial.hipFlexionDeg, hip), errors(trial.kneeFlexionDeg, knee), errors(trial.ankleDorsiflexionDeg, ankle)];
    const eh = errors(trial.hipHeightOffsetM, height);
    const d2 = degToRad(maxSecondDerivative(knee, trial.strideTimeS));
    report.push(
      `${k} | ${e.map((x) => `${x.rms.toFixed(2)}/${x.max.toFixed(2)}`).join(', ')} | ${(eh.rms * 1000).toFixed(2)} | ${d2.toFixed(0)}`,
    );
    if (!chosen && e.every((x) => x.rms < 0.25 && x.max < 1) && eh.rms < 1e-3) {
      chosen = { harmonics: k, hip, knee, ankle, height, tilt: fitFourier(trial.pelvisTiltDeg, k), report };
    }
  }
  if (!chosen) throw new Error(`no K ≤ 12 meets the fit criterion for ${trial.gait}`);
  return chosen;
}

const scaled = (s: FourierSeries, factor: number) => ({
  a0: s.a0 * factor,
  a: Array.from(s.a, (x) => x * factor),
  b: Array.from(s.b, (x) => x * factor),
});
const num = (x: number) => Number(x.toPrecision(10));
const fmtSeries = (s: { a0: number; a: number[]; b: number[] }) =>
  `{ a0: ${num(s.a0)}, a: [${s.a.map(num).join(', ')}], b: [${s.b.map(num).join(', ')}] }`;

function baseBlock(name: string, trial: AveragedTrial, fit: Fitted): string {
  const d2r = Math.PI / 180;
  return `export const ${name}: BaseGaitData = {
  gait: '${trial.gait}',
  speedMps: ${trial.speedMps.toFixed(3)}, // belt speed from heel-marker velocity at mid-stance
  strideTimeS: ${trial.strideTimeS.toFixed(4)}, // mean of ${trial.strideTimesS.length} GRF-timed strides (both legs)
  toeOffPhase: ${trial.toeOffPhase.toFixed(4)}, // mean stance fraction, ${trial.stanceFractions.length} strides
  referenceHeightM: ${trial.referenceHeightM.toFixed(3)}, // static-trial Top.Head marker height
  harmonics: ${fit.harmonics},
  hipFlexionRad: ${fmtSeries(scaled(fit.hip, d2r))},
  kneeFlexionRad: ${fmtSeries(scaled(fit.knee, d2r))},
  ankleDorsiflexionRad: ${fmtSeries(scaled(fit.ankle, d2r))},
  hipHeightOffsetM: ${fmtSeries(scaled(fit.height, 1))},
  pelvisTiltRad: ${fmtSeries(scaled(fit.tilt, d2r))},
  sources: ${JSON.stringify([...trial.sources, `cycles: angles ${trial.cycles.right} R + ${trial.cycles.left} L, hip height ${trial.heightCycles.right} R + ${trial.heightCycles.left} L`])},
};
`;
}

const run = loadHamnerRunning(dataDir, N);
const walk = loadOpenSimWalking(dataDir, N);
const runFit = fitTrial(run);
const walkFit = fitTrial(walk);
const trends = loadRbds001Trends(dataDir);
const rbds25 = loadRbds001Timing25(dataDir);

// β by least squares of ln T on ln v over RBDS004's three speeds.
const lx = trends.speedsMps.map(Math.log);
const ly = RBDS004_STRIDE_TIME_S.map(Math.log);
const mx = lx.reduce((s, x) => s + x, 0) / 3;
const my = ly.reduce((s, y) => s + y, 0) / 3;
const beta = -lx.reduce((s, x, i) => s + (x - mx) * (ly[i] - my), 0) / lx.reduce((s, x) => s + (x - mx) ** 2, 0);

const header = `/**
 * GENERATED by scripts/fit-kinematics.ts — do not edit by hand; re-run \`npx tsx scripts/fit-kinematics.ts\`.
 * Data: shared/data/opensim-examples/running (Hamner subject02: *_ik.mot, *_grf.mot, *.trc, static .trc),
 *       shared/data/opensim-examples/walking (subject01 walk1 + static), shared/data/rbds-running
 *       (RBDS001processed.txt, RBDS001runT25forces.txt, RBDSinfo.txt), RBDS004 stride times from
 *       reference/biomechanics.md §5.
 * Harmonics: smallest K with every angle RMS < 0.25° and max error < 1°, hip height RMS < 1 mm.
 * Fit table, running (${run.cycles.right} R + ${run.cycles.left} L strides):
${runFit.report.map((l) => ` *   ${l}`).join('\n')}
 * Fit table, walking (${walk.cycles.right} R + ${walk.cycles.left} L strides):
${walkFit.report.map((l) => ` *   ${l}`).join('\n')}
 * RBDS001 at 2.5 m/s from its force plate: stride ${rbds25.strideTimeS.toFixed(3)} s, stance fraction ${rbds25.stanceFraction.toFixed(3)} (${rbds25.steps} steps).
 */
import type { BaseGaitData, RunSpeedScaling, WalkSpeedScaling } from './kinematics.ts';
`;

const body = `${header}
${baseBlock('RUN_BASE', run, runFit)}
${baseBlock('WALK_BASE', walk, walkFit)}
export const RUN_SPEED_SCALING: RunSpeedScaling = {
  speedsMps: [${trends.speedsMps.join(', ')}],
  stanceFraction: [${trends.stanceFraction.map((x) => x.toFixed(4)).join(', ')}], // RBDS001, 50 N on GRF × ${trends.massKg} kg
  kneePeakFlexionDeg: [${trends.kneePeakFlexionDeg.map((x) => x.toFixed(2)).join(', ')}],
  kneeMinFlexionDeg: [${trends.kneeMinFlexionDeg.map((x) => x.toFixed(2)).join(', ')}],
  hipRangeDeg: [${trends.hipRangeDeg.map((x) => x.toFixed(2)).join(', ')}],
  strideTimeExponent: ${beta.toFixed(4)}, // RBDS004 stride times ${RBDS004_STRIDE_TIME_S.join('/')} s (reference sheet §5 [D]), log-log least squares
  sources: ['Fukuchi RBDS001 processed cycles 2.5/3.5/4.5 m/s (speed trends)', 'Fukuchi RBDS004 stride times (reference sheet §5)'],
};

export const WALK_SPEED_SCALING: WalkSpeedScaling = {
  strideTimeExponent: 0.5, // step duration ∝ 1/√v, Ann Physiol Anthropol 1984 3(4):291 [R abstract]
  stanceFractionSlopePerMps: -0.04, // [M] unverified: ~62 % stance at slow to ~58–60 % at fast walking
  sources: ['stride time ∝ v^-0.5 (Ann Physiol Anthropol 1984, 3(4):291)', 'stance fraction slope -0.04 per m/s [M, unverified]'],
};
`;

const summary = {
  run: { speedMps: run.speedMps, strideTimeS: run.strideTimeS, toeOffPhase: run.toeOffPhase, harmonics: runFit.harmonics, referenceHeightM: run.referenceHeightM },
  walk: { speedMps: walk.speedMps, strideTimeS: walk.strideTimeS, strideTimesS: walk.strideTimesS, toeOffPhase: walk.toeOffPhase, stance: walk.stanceFractions, harmonics: walkFit.harmonics, cycles: walk.cycles, heightCycles: walk.heightCycles, referenceHeightM: walk.referenceHeightM },
  rbds001: trends,
  rbds001At25: rbds25,
  beta,
  hipHeightRangeMm: {
    run: (Math.max(...run.hipHeightOffsetM) - Math.min(...run.hipHeightOffsetM)) * 1000,
    runMeanMm: (run.hipHeightOffsetM.reduce((s, x) => s + x, 0) / N) * 1000,
    walk: (Math.max(...walk.hipHeightOffsetM) - Math.min(...walk.hipHeightOffsetM)) * 1000,
    walkMeanMm: (walk.hipHeightOffsetM.reduce((s, x) => s + x, 0) / N) * 1000,
  },
};
console.log(JSON.stringify(summary, null, 1));
console.log(runFit.report.join('\n'));
console.log(walkFit.report.join('\n'));
if (!dryRun) {
  const out = path.join(repoRoot, 'src/model/kinematics-data.ts');
  writeFileSync(out, body);
  console.log(`wrote ${out}`);
}
