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
    try {
      const spec = './backend.ts';
      const mod = (await import(/* @vite-ignore */ spec)) as { initBackend?: () => Promise<string | void> };
      if (typeof mod.initBackend === 'function') {
        await mod.initBackend();
        return tf.getBackend();
      }
    } catch {
      // backend.ts not available: fall through to the CPU backend
    }
    await tf.setBackend('cpu');
    await tf.ready();
    return tf.getBackend();
  })();
  return ready;
}

export { tf };
