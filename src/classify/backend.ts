/**
 * TensorFlow.js backend selection for the classifier (TOOLCHAIN.md § TensorFlow.js):
 *  1. `tensorflow` from `@tensorflow/tfjs-node` when it can be imported (an optional dependency
 *     whose install script needs a host outside the registry, so it is often absent or broken);
 *  2. `wasm` from `@tensorflow/tfjs-backend-wasm`, its binary read from the package's own `dist/`
 *     folder (no network), plus the project's `Conv2DBackpropFilter`, which the WASM backend lacks
 *     (without it a conv net fails on its first training batch);
 *  3. the pure-JS `cpu` backend.
 * `DROPFOOT_TF_BACKEND=node|wasm|cpu` forces one (an error when it cannot be had).
 *
 * The replacement kernel: the filter gradient of y = conv(x, w) with stride s is itself a
 * convolution, dW[i,j,c,o] = Σ_{b,y,x} xPad[b, y·sh + i, x·sw + j, c] · dy[b,y,x,o]: convolve the
 * padded input with batch and channel axes swapped, (inC, H, W, batch), by the output gradient as
 * filter, (outH, outW, batch, outC), with the forward stride as dilation, then crop to the filter
 * size and move inC back. It is composed from the WASM backend's own Transpose, Conv2D (XNNPACK) and
 * Slice kernels; tests/unit/tf-backend.test.ts checks it against the CPU backend's gradients.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** A backend the project can select. */
export type BackendChoice = 'node' | 'wasm' | 'cpu';

/** Environment variable that forces a backend. */
export const BACKEND_ENV = 'DROPFOOT_TF_BACKEND';

const BACKEND_NAME: Record<BackendChoice, string> = { node: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

/**
 * The forced choice in an environment value, or 'auto' when unset or empty.
 * @throws Error for any other value
 */
export function parseBackendChoice(value: string | undefined): BackendChoice | 'auto' {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'auto') return 'auto';
  if (v === 'node' || v === 'wasm' || v === 'cpu') return v;
  throw new Error(`${BACKEND_ENV}=${value}: expected one of node, wasm, cpu (or unset for automatic)`);
}

export interface InitBackendOptions {
  /** Backend to use; default from DROPFOOT_TF_BACKEND, else automatic. */
  choice?: BackendChoice | 'auto';
  /** Loads tfjs-node (injectable for tests); default: a dynamic import of '@tensorflow/tfjs-node'. */
  importTfjsNode?: () => Promise<unknown>;
  /** Called with a line when the automatic choice falls back past a backend that failed. */
  warn?: (line: string) => void;
}

/**
 * Select and initialise the backend; returns its tfjs name ('tensorflow', 'wasm' or 'cpu').
 * @throws Error when a forced backend cannot be initialised, or DROPFOOT_TF_BACKEND is invalid
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<string> {
  const choice = options.choice ?? parseBackendChoice(process.env[BACKEND_ENV]);
  const importNode = options.importTfjsNode ?? importTfjsNode;
  const warn = options.warn ?? ((line: string) => console.warn(line));
  if (choice !== 'auto') {
    await activate(choice, importNode);
    return tf.getBackend();
  }
  try {
    await activate('node', importNode);
    return tf.getBackend();
  } catch {
    // tfjs-node absent or broken (the usual case without its native library): try WASM
  }
  try {
    await activate('wasm', importNode);
    return tf.getBackend();
  } catch (err) {
    warn(`tfjs: WASM backend unavailable (${(err as Error).message ?? String(err)}); using the slow pure-JS cpu backend`);
  }
  await activate('cpu', importNode);
  return tf.getBackend();
}

async function importTfjsNode(): Promise<unknown> {
  const spec = '@tensorflow/tfjs-node'; // a variable: the optional package may be absent at type-check time
  return import(/* @vite-ignore */ spec);
}

async function activate(choice: BackendChoice, importNode: () => Promise<unknown>): Promise<void> {
  const name = BACKEND_NAME[choice];
  if (choice === 'node') {
    try {
      await importNode();
    } catch (err) {
      throw new Error(`@tensorflow/tfjs-node cannot be loaded: ${(err as Error).message ?? String(err)}`);
    }
    // tfjs-node registers 'tensorflow' with the tfjs-core it resolves; a second copy of tfjs-core
    // would register it elsewhere, which is no use here
    if (tf.findBackendFactory(name) == null) throw new Error('tfjs-node loaded but registered no tensorflow backend with this tfjs');
  } else if (choice === 'wasm') {
    await prepareWasm();
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend ${name} failed to initialise`);
  await tf.ready();
}

/** Register the WASM backend with its binaries from the installed package, and the project's kernels. */
async function prepareWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (tf.engine().registry.wasm == null) {
    // In Node the Emscripten loader reads `prefix + file` with fs.readFileSync: a directory path works offline
    const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
    const binary = join(dist, 'tfjs-backend-wasm.wasm');
    if (!existsSync(binary)) throw new Error(`WASM binary not found: ${binary}`);
    wasm.setWasmPaths(`${dist}/`);
  }
  registerWasmKernels();
}

/** Register the project's replacement kernels for the WASM backend (idempotent). */
export function registerWasmKernels(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') == null) {
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilterWasm as tf.KernelFunc });
  }
}

type Shape4 = [number, number, number, number];

/** Run another kernel of the same backend on tensor infos (no engine bookkeeping, no tape). */
function runKernel(name: string, backend: tf.KernelBackend, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (kernel == null) throw new Error(`wasm backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
}

/**
 * Conv2DBackpropFilter for the WASM backend (NHWC, dilation 1 as the stock gradient requires).
 * x (batch, H, W, inC), dy (batch, outH, outW, outC) → dW (fh, fw, inC, outC).
 */
export function conv2DBackpropFilterWasm(args: {
  inputs: { x: tf.TensorInfo; dy: tf.TensorInfo };
  backend: tf.KernelBackend;
  attrs: { strides: [number, number] | number; pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: Shape4 };
}): tf.TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Shape4, filterShape, strides, 1, pad, dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(dataFormat),
  );
  if (info.dataFormat !== 'channelsLast') throw new Error(`Conv2DBackpropFilter (wasm): dataFormat ${dataFormat} not supported, use NHWC`);
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, inChannels, outChannels, outHeight, outWidth } = info;
  const { top, left } = info.padInfo;
  // pad so that the last output row/column's receptive field lies inside (rounding modes can ask for
  // more than padInfo gives; the forward pass reads zeros there)
  const bottom = Math.max(info.padInfo.bottom, (outHeight - 1) * sh + fh - info.inHeight - top);
  const right = Math.max(info.padInfo.right, (outWidth - 1) * sw + fw - info.inWidth - left);

  const xT = runKernel('Transpose', backend, { x }, { perm: [3, 1, 2, 0] }); // (inC, H, W, batch)
  const dyT = runKernel('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] }); // (outH, outW, batch, outC)
  const full = runKernel('Conv2D', backend, { x: xT, filter: dyT }, {
    strides: [1, 1],
    pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
    dilations: [sh, sw],
    dataFormat: 'NHWC',
  }); // (inC, ≥fh, ≥fw, outC)
  backend.disposeData(xT.dataId);
  backend.disposeData(dyT.dataId);
  let cropped = full;
  if (full.shape[1] !== fh || full.shape[2] !== fw) {
    cropped = runKernel('Slice', backend, { x: full }, { begin: [0, 0, 0, 0], size: [inChannels, fh, fw, outChannels] });
    backend.disposeData(full.dataId);
  }
  const dw = runKernel('Transpose', backend, { x: cropped }, { perm: [1, 2, 0, 3] }); // (fh, fw, inC, outC)
  backend.disposeData(cropped.dataId);
  return dw;
}
