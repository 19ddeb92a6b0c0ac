/**
 * `npx tsx bench/tf-conv.ts [--windows 5000] [--batch 32] [--cpu-batches 4] [--backends cpu,wasm]`:
 * seconds per training epoch of small 1D conv nets on windows of 200×6 (the TOOLCHAIN.md job) on the
 * pure-JS cpu backend and on wasm with the project's replacement Conv2DBackpropFilter
 * (src/classify/backend.ts). One JSON document on stdout, progress on stderr.
 *
 * Batches are timed one by one with `trainOnBatch` after one warm-up batch. The cpu backend is too
 * slow for a whole epoch, so it runs `--cpu-batches` batches and the epoch time is extrapolated
 * (`extrapolated: true`); other backends run the full epoch. The share of the cpu batch spent in
 * Conv2DBackpropFilter comes from `tf.profile` of one batch. Wall and process CPU seconds are both
 * reported: on a shared machine the CPU time is the steadier figure.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendChoice } from '../src/classify/backend.ts';
import { createRng } from '../src/random.ts';

const HELP = `usage: npx tsx bench/tf-conv.ts [options]
  --windows N       training windows per epoch (default 5000)
  --batch N         batch size (default 32)
  --cpu-batches N   batches timed on the cpu backend, extrapolated to an epoch (default 4)
  --backends LIST   comma-separated: cpu,wasm,node (default cpu,wasm)
  --seed N          data and initialiser seed (default 1)
  -h, --help        this text`;

const WIDTH = 200;
const CHANNELS = 6;
const CLASSES = 3;

const log = (s: string) => process.stderr.write(s + '\n');

function fail(message: string): never {
  process.stderr.write(`tf-conv: ${message}\n${HELP}\n`);
  process.exit(2);
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (!Number.isInteger(v) || v <= 0) fail(`--${name} must be a positive integer, got ${value}`);
  return v;
}

interface ModelSpec {
  name: string;
  layers: string;
  build: (seed: number) => tf.LayersModel;
}

const init = (seed: number) => tf.initializers.glorotUniform({ seed });
const MODELS: ModelSpec[] = [
  {
    name: 'conv16k5',
    layers: 'conv1d 16×5 relu → maxPool 2 → flatten → dense 3',
    build: (seed) => {
      const m = tf.sequential();
      m.add(tf.layers.conv1d({ inputShape: [WIDTH, CHANNELS], filters: 16, kernelSize: 5, activation: 'relu', kernelInitializer: init(seed) }));
      m.add(tf.layers.maxPooling1d({ poolSize: 2 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: init(seed + 1) }));
      return m;
    },
  },
  {
    name: 'toolchain',
    layers: 'conv1d 16×7 relu → maxPool 2 → conv1d 32×5 relu → globalAvgPool → dense 3 (TOOLCHAIN.md)',
    build: (seed) => {
      const m = tf.sequential();
      m.add(tf.layers.conv1d({ inputShape: [WIDTH, CHANNELS], filters: 16, kernelSize: 7, activation: 'relu', kernelInitializer: init(seed) }));
      m.add(tf.layers.maxPooling1d({ poolSize: 2 }));
      m.add(tf.layers.conv1d({ filters: 32, kernelSize: 5, activation: 'relu', kernelInitializer: init(seed + 1) }));
      m.add(tf.layers.globalAveragePooling1d());
      m.add(tf.layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: init(seed + 2) }));
      return m;
    },
  },
];

interface BackendResult {
  backend: string;
  secondsPerEpoch: number;
  secondsPerBatch: number;
  /** Process CPU time (user + system) per epoch: less sensitive than wall time to a shared machine. */
  cpuSecondsPerEpoch: number;
  timedBatches: number;
  batchesPerEpoch: number;
  extrapolated: boolean;
  finalBatchLoss: number;
  conv2DBackpropFilterShare?: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      windows: { type: 'string' },
      batch: { type: 'string' },
      'cpu-batches': { type: 'string' },
      backends: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return;
  }
  const windows = positiveInt('windows', values.windows, 5000);
  const batchSize = positiveInt('batch', values.batch, 32);
  const cpuBatches = positiveInt('cpu-batches', values['cpu-batches'], 4);
  const seed = positiveInt('seed', values.seed, 1);
  const backends = (values.backends ?? 'cpu,wasm').split(',').map((s) => s.trim());
  for (const b of backends) if (b !== 'cpu' && b !== 'wasm' && b !== 'node') fail(`unknown backend ${b}`);
  tf.enableProdMode();

  // synthetic windows: noise plus a class-dependent bump (the content does not matter for timing)
  const rng = createRng(seed, 'tf-conv-bench');
  const labels = Int32Array.from({ length: windows }, () => rng.int(CLASSES));
  const xs = new Float32Array(windows * WIDTH * CHANNELS);
  for (let i = 0; i < windows; i++) {
    for (let t = 0; t < WIDTH; t++) for (let c = 0; c < CHANNELS; c++) {
      xs[(i * WIDTH + t) * CHANNELS + c] = rng.normal() + Math.exp(-(((t - 40 - 60 * labels[i]) / 10) ** 2));
    }
  }
  const batchesPerEpoch = Math.ceil(windows / batchSize);

  const results: { model: string; layers: string; parameters: number; backends: BackendResult[] }[] = [];
  for (const spec of MODELS) {
    const perBackend: BackendResult[] = [];
    let parameters = 0;
    for (const choice of backends as BackendChoice[]) {
      const name = await initBackend({ choice });
      const model = spec.build(seed);
      parameters = model.countParams();
      model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
      const batch = (k: number) =>
        tf.tidy(() => {
          const start = (k % batchesPerEpoch) * batchSize;
          const n = Math.min(batchSize, windows - start);
          const x = tf.tensor3d(xs.subarray(start * WIDTH * CHANNELS, (start + n) * WIDTH * CHANNELS), [n, WIDTH, CHANNELS]);
          const y = tf.oneHot(tf.tensor1d(labels.subarray(start, start + n), 'int32'), CLASSES);
          return [x, y] as const;
        });
      const step = async (k: number): Promise<number> => {
        const [x, y] = batch(k);
        const loss = (await model.trainOnBatch(x, y)) as number;
        tf.dispose([x, y]);
        return loss;
      };
      await step(0); // warm-up: kernels, XNNPACK operators, optimizer slots

      let share: number | undefined;
      if (name === 'cpu') {
        const profile = await tf.profile(() => step(1));
        const total = profile.kernels.reduce((s, k) => s + Number(k.kernelTimeMs), 0);
        const filter = profile.kernels.filter((k) => k.name === 'Conv2DBackpropFilter').reduce((s, k) => s + Number(k.kernelTimeMs), 0);
        share = total > 0 ? filter / total : undefined;
      }
      const timed = name === 'cpu' ? Math.min(cpuBatches, batchesPerEpoch) : batchesPerEpoch;
      let lastLoss = NaN;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      for (let k = 0; k < timed; k++) {
        lastLoss = await step(k);
        if ((k + 1) % 25 === 0 || k + 1 === timed) log(`${spec.name} on ${name}: ${k + 1}/${timed} batches, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
      const wallS = (performance.now() - t0) / 1000;
      const cpuUsed = process.cpuUsage(cpu0);
      const cpuS = (cpuUsed.user + cpuUsed.system) / 1e6;
      const perBatch = wallS / timed;
      perBackend.push({
        backend: name,
        secondsPerEpoch: timed === batchesPerEpoch ? wallS : perBatch * batchesPerEpoch,
        secondsPerBatch: perBatch,
        cpuSecondsPerEpoch: (cpuS / timed) * batchesPerEpoch,
        timedBatches: timed,
        batchesPerEpoch,
        extrapolated: timed !== batchesPerEpoch,
        finalBatchLoss: lastLoss,
        ...(share === undefined ? {} : { conv2DBackpropFilterShare: share }),
      });
      model.dispose();
    }
    results.push({ model: spec.name, layers: spec.layers, parameters, backends: perBackend });
  }

  const doc = {
    benchmark: 'tf-conv',
    node: process.version,
    tfjs: tf.version.tfjs,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    loadAverage1m: os.loadavg()[0],
    windows,
    windowShape: [WIDTH, CHANNELS],
    batchSize,
    seed,
    models: results.map((r) => {
      const cpu = r.backends.find((b) => b.backend === 'cpu');
      const wasm = r.backends.find((b) => b.backend === 'wasm');
      return { ...r, ...(cpu && wasm ? { wasmSpeedupOverCpu: cpu.secondsPerEpoch / wasm.secondsPerEpoch } : {}) };
    }),
  };
  process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`tf-conv: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
