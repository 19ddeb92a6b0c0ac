/**
 * `npm run bench [-- --json]`: performance figures of the simulator, as one JSON document on
 * stdout (human-readable lines on stderr). Medians of repeated runs after a warm-up; runs whose
 * spread exceeds 10 % of the median are flagged `noisy`.
 */
import os from 'node:os';
import { parseRunParams } from '../src/model/params.ts';
import { compileLegModel } from '../src/model/leg.ts';
import { SwingSimulator, emptySwingResult, nominalDrivers } from '../src/model/swing.ts';
import { simulateRun } from '../src/sim/run.ts';

interface Measure {
  median: number;
  min: number;
  max: number;
  runs: number;
  noisy: boolean;
}

function measure(fn: () => number, runs = 7, warmup = 2): Measure {
  for (let i = 0; i < warmup; i++) fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(fn());
  xs.sort((a, b) => a - b);
  const median = xs[Math.floor(xs.length / 2)];
  return { median, min: xs[0], max: xs[xs.length - 1], runs, noisy: (xs[xs.length - 1] - xs[0]) / median > 0.1 };
}

const log = (s: string) => process.stderr.write(s + '\n');

// 1. Swings per second on one core, at the default (converged) step: halving it changes MTC by < 0.002 mm.
const params = parseRunParams({ gait: 'run', speedMps: 3.5 });
const leg = compileLegModel(params, 'left');
const sim = new SwingSimulator(leg, params.numerics);
const out = emptySwingResult();
const drivers = nominalDrivers();
const swings = measure(() => {
  const n = 2000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    drivers.excitationOffset = (i % 7) * 0.001;
    sim.simulate(drivers, out);
  }
  return n / ((performance.now() - t0) / 1000);
});
log(`swings/s/core: ${swings.median.toFixed(0)}`);

// 2. A 5 km run, both legs (all ~4,500 swings), wall time.
const p5k = parseRunParams({ gait: 'run', speedMps: 3.0, distanceM: 5000 });
const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
const run5k = measure(() => {
  const t0 = performance.now();
  simulateRun(p5k);
  const s = (performance.now() - t0) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return s;
}, 5, 1);
log(`5 km run, both legs: ${run5k.median.toFixed(3)} s`);

const doc = {
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.arch()}`, memGb: +(os.totalmem() / 2 ** 30).toFixed(1) },
  swingsPerSecondPerCore: Math.round(swings.median),
  swingsPerSecondPerCoreDetail: swings,
  swingStepS: params.numerics.stepS,
  run5kmBothLegsS: +run5k.median.toFixed(4),
  run5kmBothLegsDetail: run5k,
  peakRssMb: { run5km: Math.round(peakRss / 2 ** 20) },
};
process.stdout.write(JSON.stringify(doc, null, process.argv.includes('--json') ? 0 : 2) + '\n');
