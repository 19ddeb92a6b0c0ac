/**
 * TensorFlow.js for the classifier: the project's backend selection (src/classify/backend.ts:
 * tfjs-node → WASM with a replacement Conv2DBackpropFilter → CPU) when that module is present,
 * otherwise the pure-JS CPU backend. Loaded lazily so that nothing pulls tfjs in until needed.
 */
import * as tf from '@tensorflow/tfjs';

let ready: Promise<string> | null = null;

/** Initialise a backend once; returns its name. */
export function initTf(): Promise<string> {
  ready ??= (async () => {
    tf.enableProdMode();
    let mod: { initBackend?: () => Promise<string | void> } | null = null;
    try {
      const spec = './backend.ts';
      mod = (await import(/* @vite-ignore */ spec)) as { initBackend?: () => Promise<string | void> };
    } catch {
      // backend.ts not available: fall through to the CPU backend
    }
    if (typeof mod?.initBackend === 'function') {
      // outside the catch: a backend forced by DROPFOOT_TF_BACKEND that fails is an error, not a silent fallback
      await mod.initBackend();
      return tf.getBackend();
    }
    await tf.setBackend('cpu');
    await tf.ready();
    return tf.getBackend();
  })();
  return ready;
}

export { tf };
