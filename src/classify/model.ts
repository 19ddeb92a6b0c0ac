/**
 * The network: a small model over the run-level inputs, in one of three architectures compared on
 * the validation split (the choice is made on evidence in train.ts):
 *  - `summary`: dense 32 → dropout → dense 16 over the standardised named summary features;
 *  - `sequence`: 1D conv (8 filters, width 3) over the binned per-stride sequence
 *    (SEQUENCE_BINS time steps × SEQUENCE_KEYS channels) → flatten → dense 16;
 *  - `both`: the two branches concatenated → dense 16.
 * Output: softmax over the classes (logits recovered as log-probabilities for temperature scaling).
 * Weight initialisers and dropout are seeded; the training loop shuffles with the project Rng.
 */
import { tf } from './tf-setup.ts';
import { SEQUENCE_BINS, SEQUENCE_KEYS } from './features.ts';
import { createRng } from '../random.ts';

export type Architecture = 'summary' | 'sequence' | 'both';

/**
 * Build an untrained network.
 * @param arch architecture
 * @param nSummary length of the summary vector
 * @param nClass classes
 * @param seed initialiser seed
 */
export function buildNetwork(arch: Architecture, nSummary: number, nClass: number, seed: number): tf.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  const reg = tf.regularizers.l2({ l2: 1e-3 });
  const inputs: tf.SymbolicTensor[] = [];
  const branches: tf.SymbolicTensor[] = [];
  if (arch !== 'sequence') {
    const s = tf.input({ shape: [nSummary], name: 'summary' });
    inputs.push(s);
    let h = tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: init(1), kernelRegularizer: reg, name: 'summary_dense' }).apply(s) as tf.SymbolicTensor;
    h = tf.layers.dropout({ rate: 0.2, seed: seed + 2, name: 'summary_dropout' }).apply(h) as tf.SymbolicTensor;
    branches.push(h);
  }
  if (arch !== 'summary') {
    const q = tf.input({ shape: [SEQUENCE_BINS, SEQUENCE_KEYS.length], name: 'sequence' });
    inputs.push(q);
    let h = tf.layers.conv1d({ filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: init(3), kernelRegularizer: reg, name: 'sequence_conv' }).apply(q) as tf.SymbolicTensor;
    h = tf.layers.flatten({ name: 'sequence_flatten' }).apply(h) as tf.SymbolicTensor;
    branches.push(h);
  }
  let h = branches.length > 1 ? (tf.layers.concatenate({ name: 'concat' }).apply(branches) as tf.SymbolicTensor) : branches[0];
  h = tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: init(4), kernelRegularizer: reg, name: 'hidden' }).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: nClass, activation: 'softmax', kernelInitializer: init(5), name: 'probabilities' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs, outputs: out, name: `mechanism_classifier_${arch}` });
}

/**
 * Input tensors for a batch of standardised examples, in the model's input order.
 * @param arch architecture
 * @param summaries standardised summary vectors
 * @param sequences standardised sequence vectors (feature-major, SEQUENCE_KEYS x SEQUENCE_BINS)
 */
export function networkInputs(arch: Architecture, summaries: readonly (readonly number[])[], sequences: readonly (readonly number[])[]): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  if (arch !== 'sequence') out.push(tf.tensor2d(summaries.map((r) => Array.from(r)), [summaries.length, summaries[0]?.length ?? 0]));
  if (arch !== 'summary') {
    const c = SEQUENCE_KEYS.length;
    const data = new Float32Array(sequences.length * SEQUENCE_BINS * c);
    sequences.forEach((s, i) => {
      for (let k = 0; k < c; k++) for (let b = 0; b < SEQUENCE_BINS; b++) data[(i * SEQUENCE_BINS + b) * c + k] = s[k * SEQUENCE_BINS + b];
    });
    out.push(tf.tensor3d(data, [sequences.length, SEQUENCE_BINS, c]));
  }
  return out;
}

/** Class probabilities of standardised examples. */
export function predictProbabilities(model: tf.LayersModel, arch: Architecture, summaries: readonly (readonly number[])[], sequences: readonly (readonly number[])[]): number[][] {
  if (summaries.length === 0) return [];
  const xs = networkInputs(arch, summaries, sequences);
  const y = model.predict(xs.length === 1 ? xs[0] : xs) as tf.Tensor;
  const p = y.arraySync() as number[][];
  y.dispose();
  xs.forEach((x) => x.dispose());
  return p;
}

export interface FitOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Evaluate the validation loss every this many epochs and keep the best weights. */
  checkEvery?: number;
}

/** What a fit did. */
export interface FitReport {
  bestEpoch: number;
  bestValidationLoss: number;
  wallS: number;
}

/**
 * Train with Adam on class-balanced cross-entropy; shuffles with a seeded Rng; keeps the weights
 * of the epoch with the lowest validation loss.
 */
export async function fitNetwork(
  model: tf.LayersModel,
  arch: Architecture,
  train: { summaries: number[][]; sequences: number[][]; labels: number[] },
  validation: { summaries: number[][]; sequences: number[][]; labels: number[] },
  nClass: number,
  options: FitOptions,
): Promise<FitReport> {
  const started = performance.now();
  model.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'categoricalCrossentropy' });
  const counts = new Array<number>(nClass).fill(0);
  for (const l of train.labels) counts[l]++;
  const classWeight: Record<number, number> = {};
  for (let k = 0; k < nClass; k++) classWeight[k] = counts[k] > 0 ? train.labels.length / (nClass * counts[k]) : 0;
  const rng = createRng(options.seed, 'classifier-shuffle');
  const n = train.labels.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const valX = networkInputs(arch, validation.summaries, validation.sequences);
  const valY = tf.oneHot(tf.tensor1d(validation.labels, 'int32'), nClass);
  let best = { epoch: -1, loss: Infinity, weights: [] as tf.Tensor[] };
  const every = options.checkEvery ?? 5;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const xs = networkInputs(arch, order.map((i) => train.summaries[i]), order.map((i) => train.sequences[i]));
    const ys = tf.oneHot(tf.tensor1d(order.map((i) => train.labels[i]), 'int32'), nClass);
    await model.fit(xs.length === 1 ? xs[0] : xs, ys, { epochs: 1, batchSize: options.batchSize, shuffle: false, verbose: 0, classWeight });
    xs.forEach((x) => x.dispose());
    ys.dispose();
    if ((epoch + 1) % every === 0 || epoch === options.epochs - 1) {
      const loss = tf.tidy(() => {
        const p = model.predict(valX.length === 1 ? valX[0] : valX) as tf.Tensor;
        return tf.metrics.categoricalCrossentropy(valY, p).mean().dataSync()[0];
      });
      if (loss < best.loss) {
        best.weights.forEach((w) => w.dispose());
        best = { epoch, loss, weights: model.getWeights().map((w) => w.clone()) };
      }
    }
  }
  if (best.weights.length) {
    model.setWeights(best.weights);
    best.weights.forEach((w) => w.dispose());
  }
  valX.forEach((x) => x.dispose());
  valY.dispose();
  return { bestEpoch: best.epoch + 1, bestValidationLoss: best.loss, wallS: (performance.now() - started) / 1000 };
}
