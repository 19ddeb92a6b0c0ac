/**
 * The project's TensorFlow.js backend selection (src/classify/backend.ts): the replacement WASM
 * `Conv2DBackpropFilter` against the stock CPU backend's gradients (conv2d and conv1d, strides,
 * 'same'/'valid'/explicit padding), no leaked tensors or WASM memory, a small conv model training the
 * same on both backends and surviving the project's save/load on WASM, and the choice of backend
 * when tfjs-node is absent or a backend is forced.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../../src/classify/tf-setup.ts';
import { BACKEND_ENV, initBackend, parseBackendChoice } from '../../src/classify/backend.ts';
import { loadModel, saveModel } from '../../src/classify/model-io.ts';
import { createRng } from '../../src/random.ts';

const REL_TOL = 1e-4;
const noNode = () => Promise.reject(new Error("Cannot find package '@tensorflow/tfjs-node'"));

/** Seeded values in [-1, 1). */
function randomValues(n: number, seed: number, label: string): Float32Array {
  const rng = createRng(seed, label);
  return Float32Array.from({ length: n }, () => rng.between(-1, 1));
}

/** max |a - b| / max |a|: relative to the gradient's scale, so near-zero entries do not dominate. */
function relativeError(reference: Float32Array, value: Float32Array): number {
  expect(value.length).toBe(reference.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) {
    diff = Math.max(diff, Math.abs(reference[i] - value[i]));
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  expect(scale).toBeGreaterThan(0);
  return diff / scale;
}

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
interface Case {
  name: string;
  x: [number, number, number, number];
  w: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

/** Gradients of sum((conv2d(x, w) ⊙ r)²) w.r.t. x and w on a backend (r makes dy non-uniform). */
async function conv2dGradients(backend: string, c: Case, seed: number): Promise<{ dx: Float32Array; dw: Float32Array }> {
  expect(await tf.setBackend(backend)).toBe(true);
  const x = tf.tensor4d(randomValues(c.x.reduce((a, b) => a * b), seed, 'x'), c.x);
  const w = tf.tensor4d(randomValues(c.w.reduce((a, b) => a * b), seed, 'w'), c.w);
  const outShape = tf.conv2d(x, w, c.strides, c.pad).shape;
  const r = tf.tensor(randomValues(outShape.reduce((a, b) => a * b), seed, 'r'), outShape);
  const loss = (xx: tf.Tensor, ww: tf.Tensor) => tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.strides, c.pad).mul(r).square().sum();
  const [dx, dw] = tf.grads(loss)([x, w]);
  const out = { dx: (await dx.data()) as Float32Array, dw: (await dw.data()) as Float32Array };
  tf.dispose([x, w, r, dx, dw]);
  return out;
}

/** Gradient w.r.t. the filter of a conv1d loss, (batch, width, channels) input. */
async function conv1dFilterGradient(backend: string, x: [number, number, number], w: [number, number, number], stride: number, pad: 'same' | 'valid', seed: number): Promise<Float32Array> {
  expect(await tf.setBackend(backend)).toBe(true);
  const xt = tf.tensor3d(randomValues(x[0] * x[1] * x[2], seed, 'x1'), x);
  const wt = tf.tensor3d(randomValues(w[0] * w[1] * w[2], seed, 'w1'), w);
  const dw = tf.grad((ww: tf.Tensor) => tf.conv1d(xt, ww as tf.Tensor3D, stride, pad).relu().sum())(wt);
  const out = (await dw.data()) as Float32Array;
  tf.dispose([xt, wt, dw]);
  return out;
}

describe('backend selection', () => {
  const saved = process.env[BACKEND_ENV];
  afterAll(() => {
    if (saved === undefined) delete process.env[BACKEND_ENV];
    else process.env[BACKEND_ENV] = saved;
  });

  it('parses DROPFOOT_TF_BACKEND and rejects anything else', () => {
    expect(parseBackendChoice(undefined)).toBe('auto');
    expect(parseBackendChoice('')).toBe('auto');
    expect(parseBackendChoice(' WASM ')).toBe('wasm');
    expect(parseBackendChoice('node')).toBe('node');
    expect(parseBackendChoice('cpu')).toBe('cpu');
    expect(() => parseBackendChoice('gpu')).toThrow(/DROPFOOT_TF_BACKEND=gpu/);
  });

  it('picks wasm, with the replacement kernel, when tfjs-node cannot be imported', async () => {
    const warnings: string[] = [];
    expect(await initBackend({ choice: 'auto', importTfjsNode: noNode, warn: (l) => warnings.push(l) })).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(warnings).toEqual([]);
    const wasmKernels = tf.getKernelsForBackend('wasm').map((k) => k.kernelName);
    expect(wasmKernels).toContain('Conv2DBackpropFilter');
    expect(wasmKernels).toContain('Conv2DBackpropInput'); // the stock WASM backend has this one
  });

  it('picks wasm automatically in this checkout when tfjs-node is not installed', async (ctx) => {
    let installed = true;
    try {
      createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    } catch {
      installed = false;
    }
    if (installed) ctx.skip(); // with tfjs-node present the automatic choice is 'tensorflow'
    delete process.env[BACKEND_ENV];
    expect(await initBackend()).toBe('wasm');
  });

  it('honours a forced choice, and fails loudly when the forced backend is unavailable', async () => {
    process.env[BACKEND_ENV] = 'cpu';
    expect(await initBackend({ importTfjsNode: noNode })).toBe('cpu');
    process.env[BACKEND_ENV] = 'wasm';
    expect(await initBackend({ importTfjsNode: noNode })).toBe('wasm');
    await expect(initBackend({ choice: 'node', importTfjsNode: noNode })).rejects.toThrow(/tfjs-node/);
    process.env[BACKEND_ENV] = 'bogus';
    await expect(initBackend()).rejects.toThrow(/expected one of node, wasm, cpu/);
    // tfjs-node "imported" but registering nothing (e.g. a second copy of tfjs-core)
    await expect(initBackend({ choice: 'node', importTfjsNode: () => Promise.resolve({}) })).rejects.toThrow(/no tensorflow backend/);
    delete process.env[BACKEND_ENV];
  });
});

describe('replacement Conv2DBackpropFilter on WASM vs the stock CPU gradients', () => {
  const cases: Case[] = [
    { name: '3x3 stride 1 valid', x: [2, 9, 11, 3], w: [3, 3, 3, 4], strides: 1, pad: 'valid' },
    { name: '3x3 stride 1 same', x: [2, 9, 11, 3], w: [3, 3, 3, 4], strides: 1, pad: 'same' },
    { name: '3x2 stride 2 same', x: [3, 9, 11, 2], w: [3, 2, 2, 5], strides: 2, pad: 'same' },
    { name: '4x4 stride 3 valid (uncovered border)', x: [2, 12, 11, 2], w: [4, 4, 2, 3], strides: 3, pad: 'valid' },
    { name: 'stride [2,1] same, even filter', x: [2, 10, 9, 3], w: [2, 4, 3, 2], strides: [2, 1], pad: 'same' },
    { name: 'explicit asymmetric padding', x: [2, 8, 8, 2], w: [3, 3, 2, 3], strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
    { name: 'conv1d-shaped 200x6, 16 filters width 5', x: [4, 1, 200, 6], w: [1, 5, 6, 16], strides: 1, pad: 'same' },
  ];
  it.each(cases)('conv2d $name: dW and dX within 1e-4 relative', async (c) => {
    await initBackend({ choice: 'wasm', importTfjsNode: noNode });
    const cpu = await conv2dGradients('cpu', c, 11);
    const wasm = await conv2dGradients('wasm', c, 11);
    expect(relativeError(cpu.dw, wasm.dw)).toBeLessThan(REL_TOL);
    expect(relativeError(cpu.dx, wasm.dx)).toBeLessThan(REL_TOL);
  });

  it.each([
    { stride: 1, pad: 'same' as const, x: [3, 40, 6] as [number, number, number], w: [5, 6, 8] as [number, number, number] },
    { stride: 1, pad: 'valid' as const, x: [3, 40, 6] as [number, number, number], w: [7, 6, 4] as [number, number, number] },
    { stride: 2, pad: 'same' as const, x: [2, 41, 3] as [number, number, number], w: [5, 3, 4] as [number, number, number] },
    { stride: 3, pad: 'valid' as const, x: [2, 40, 3] as [number, number, number], w: [4, 3, 2] as [number, number, number] },
  ])('conv1d stride $stride $pad: dW within 1e-4 relative', async ({ stride, pad, x, w }) => {
    await initBackend({ choice: 'wasm', importTfjsNode: noNode });
    const cpu = await conv1dFilterGradient('cpu', x, w, stride, pad, 5);
    const wasm = await conv1dFilterGradient('wasm', x, w, stride, pad, 5);
    expect(relativeError(cpu, wasm)).toBeLessThan(REL_TOL);
  });

  it('leaks neither tensors nor WASM memory', async () => {
    await initBackend({ choice: 'wasm', importTfjsNode: noNode });
    const x = tf.tensor4d(randomValues(32 * 200 * 6, 3, 'leak-x'), [32, 1, 200, 6]);
    const w = tf.tensor4d(randomValues(5 * 6 * 16, 3, 'leak-w'), [1, 5, 6, 16]);
    const grad = tf.grad((ww: tf.Tensor) => tf.conv2d(x, ww as tf.Tensor4D, 1, 'same').square().sum());
    const heapBytes = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    for (let i = 0; i < 5; i++) grad(w).dispose();
    const tensors = tf.memory().numTensors;
    const heap = heapBytes();
    // each call builds an XNNPACK operator whose packed filter (the output gradient) is ~400 kB:
    // 100 calls would grow the heap by ~40 MB if the operators or intermediates were kept
    for (let i = 0; i < 100; i++) grad(w).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(heapBytes()).toBe(heap);
    tf.dispose([x, w]);
  });
});

describe('a small conv model on cpu and wasm', () => {
  const n = 48;
  const width = 40;
  const channels = 3;
  const rng = createRng(7, 'tiny-model-data');
  const labels = Array.from({ length: n }, () => rng.int(3));
  // class k: a bump at a class-specific position plus noise
  const xs = new Float32Array(n * width * channels);
  labels.forEach((k, i) => {
    for (let t = 0; t < width; t++) for (let c = 0; c < channels; c++) {
      xs[(i * width + t) * channels + c] = 0.3 * rng.normal() + Math.exp(-(((t - 8 - 12 * k) / 3) ** 2)) * (c + 1);
    }
  });

  function build(): tf.LayersModel {
    const model = tf.sequential();
    model.add(tf.layers.conv1d({ inputShape: [width, channels], filters: 6, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
    model.add(tf.layers.conv1d({ filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
    model.add(tf.layers.maxPooling1d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    return model;
  }

  async function train(backend: string): Promise<{ losses: number[]; probabilities: Float32Array; model: tf.LayersModel; x: tf.Tensor }> {
    expect(await tf.setBackend(backend)).toBe(true);
    const model = build();
    const x = tf.tensor3d(xs, [n, width, channels]);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
    const history = await model.fit(x, y, { epochs: 8, batchSize: 16, shuffle: false, verbose: 0 });
    const p = model.predict(x) as tf.Tensor;
    const probabilities = (await p.data()) as Float32Array;
    tf.dispose([y, p]);
    return { losses: history.history.loss as number[], probabilities, model, x };
  }

  it('trains to the same losses and predictions (within float32 noise), and learns', async () => {
    await initBackend({ choice: 'wasm', importTfjsNode: noNode });
    const cpu = await train('cpu');
    const wasm = await train('wasm');
    expect(wasm.losses).toHaveLength(8);
    expect(cpu.losses[7]).toBeLessThan(0.7 * cpu.losses[0]);
    for (let e = 0; e < 8; e++) expect(Math.abs(wasm.losses[e] - cpu.losses[e]) / cpu.losses[e], `epoch ${e}`).toBeLessThan(1e-3);
    expect(relativeError(cpu.probabilities, wasm.probabilities)).toBeLessThan(1e-3);

    // the project's IO handler on WASM: save, load, same predictions
    const dir = mkdtempSync(join(tmpdir(), 'dropfoot-tf-backend-'));
    try {
      await saveModel(wasm.model, dir);
      const loaded = await loadModel(dir);
      const p = loaded.predict(wasm.x) as tf.Tensor;
      expect(relativeError(wasm.probabilities, (await p.data()) as Float32Array)).toBeLessThan(1e-6);
      p.dispose();
      loaded.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const r of [cpu, wasm]) {
      r.model.dispose();
      r.x.dispose();
    }
  });
});
