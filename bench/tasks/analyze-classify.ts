/**
 * A 60-minute, 200 Hz two-foot trace: CSV read + analysis + classification, wall time.
 *
 * The trace: a simulated 60-min run at 3 m/s (both legs), each foot's IMU signal from the test
 * stand-in synthesiser (the real one takes ≈ 90 s per 60-min trace), written as one gaitmap-style
 * CSV with `left_sensor` and `right_sensor` (acc m/s², gyro deg/s, 200 Hz). Timed: reading the
 * file (both sensors in one pass), then for each foot the analysis pipeline and the classifier
 * (classifyTrace). The classifier is models/mechanism-classifier when committed, else the model the
 * train task wrote (options.modelDir), said so in the result.
 */
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseRunParams } from '../../src/model/params.ts';
import { simulateRun, type RunResult } from '../../src/sim/run.ts';
import { readTraces } from '../../src/imu/formats/index.ts';
import { loadClassifier, classifyTrace } from '../../src/classify/predict.ts';
import type { Trace } from '../../src/imu/trace.ts';
import { synthesizeImu } from '../../tests/unit/classify-synth-stand-in.ts';
import { log, round, summarize, rounded } from '../lib/stats.ts';
import type { TaskOptions, TaskResult } from './types.ts';

export const COMMITTED_MODEL_DIR = 'models/mechanism-classifier';
const RATE_HZ = 200;
const DEG_PER_RAD = 180 / Math.PI;

/** Both feet of a run through the stand-in (which synthesises the run's left leg: swap for the right). */
function footTraces(run: RunResult): { left: Trace; right: Trace } {
  const left = synthesizeImu(run, { rateHz: RATE_HZ, seed: 1 }).left.foot;
  const swapped = { ...run, legs: { left: run.legs.right, right: run.legs.left } } as RunResult;
  const right = synthesizeImu(swapped, { rateHz: RATE_HZ, seed: 2 }).left.foot;
  return { left, right };
}

/** gaitmap-style CSV (two header rows; index column; acc m/s², gyro deg/s) of two sensors. */
async function writeGaitmap(path: string, left: Trace, right: Trace): Promise<void> {
  const n = Math.min(left.timeS.length, right.timeS.length);
  const out = createWriteStream(path);
  const header = ['sensor', 'axis'].map((row, r) => {
    const cells = [row];
    for (const axis of ['acc_x', 'acc_y', 'acc_z', 'gyr_x', 'gyr_y', 'gyr_z']) cells.push(...(r === 0 ? ['left_sensor', 'right_sensor'] : [axis, axis]));
    return cells.join(',');
  });
  out.write(header.join('\n') + '\n');
  let chunk: string[] = [];
  for (let i = 0; i < n; i++) {
    const cells = [String(i)];
    for (let c = 0; c < 3; c++) cells.push(left.accMps2[3 * i + c].toFixed(4), right.accMps2[3 * i + c].toFixed(4));
    for (let c = 0; c < 3; c++) cells.push((left.gyrRadS[3 * i + c] * DEG_PER_RAD).toFixed(3), (right.gyrRadS[3 * i + c] * DEG_PER_RAD).toFixed(3));
    chunk.push(cells.join(','));
    if (chunk.length === 10000) {
      if (!out.write(chunk.join('\n') + '\n')) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end(chunk.length ? chunk.join('\n') + '\n' : '');
  await once(out, 'finish');
}

export async function run(o: TaskOptions): Promise<TaskResult> {
  const minutes = o.quick ? 10 : 60;
  const committed = existsSync(join(COMMITTED_MODEL_DIR, 'model.json'));
  const modelDir = committed ? COMMITTED_MODEL_DIR : String(o.modelDir ?? '');
  if (!committed && !existsSync(join(modelDir, 'model.json'))) throw new Error(`no classifier: neither ${COMMITTED_MODEL_DIR} nor a bench-trained model (${modelDir || 'none given'})`);
  const file = join(o.tmpDir, `trace-${minutes}min-200hz-two-feet.csv`);
  const simulated = simulateRun(parseRunParams({ gait: 'run', speedMps: 3.0, durationS: minutes * 60, recoveryS: 0, seed: 3 }));
  const feet = footTraces(simulated);
  await writeGaitmap(file, feet.left, feet.right);
  const bytes = statSync(file).size;
  log(`analyzeClassify: wrote ${(bytes / 2 ** 20).toFixed(0)} MB, ${feet.left.timeS.length} samples per foot`);
  const tLoad = performance.now();
  const classifier = await loadClassifier(modelDir);
  const loadModelS = (performance.now() - tLoad) / 1000;
  const runs = o.quick ? 1 : 3;
  const total: number[] = [];
  const read: number[] = [];
  let mechanisms: string[] = [];
  let strides: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const traces = readTraces(file, { format: 'gaitmap', rateHz: RATE_HZ });
    const t1 = performance.now();
    const docs = traces.map((t) => classifyTrace(t, classifier, t.meta.sensor ?? ''));
    const t2 = performance.now();
    read.push((t1 - t0) / 1000);
    total.push((t2 - t0) / 1000);
    mechanisms = docs.map((d) => `${d.trace}: ${d.mechanism}${d.outOfDomain ? ' (out of domain)' : ''}`);
    strides = docs.map((d) => d.strides);
    log(`analyzeClassify: run ${r + 1}/${runs}: read ${((t1 - t0) / 1000).toFixed(2)} s, analyze + classify ${((t2 - t1) / 1000).toFixed(2)} s`);
  }
  const s = summarize(total);
  return {
    analyzeClassify60minS: minutes === 60 ? round(s.median, 3) : null,
    analyzeClassifyS: round(s.median, 3),
    traceMinutes: minutes,
    samplesPerFoot: feet.left.timeS.length,
    fileMb: round(bytes / 2 ** 20, 1),
    readS: round(summarize(read).median, 3),
    loadModelS: round(loadModelS, 3),
    totalS: rounded(s),
    strides,
    result: mechanisms,
    model: committed ? `${COMMITTED_MODEL_DIR} (committed)` : `no committed model in ${COMMITTED_MODEL_DIR}: a small model trained by the bench's train task (${modelDir})`,
    traceSource: 'simulated run; IMU from the test stand-in synthesiser (tests/unit/classify-synth-stand-in.ts)',
  };
}
