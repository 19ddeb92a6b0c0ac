/** Test traces that are not gait: a sensor lying still, or shaken by hand at random. */
import type { Trace } from '../../src/imu/trace.ts';
import { createRng } from '../../src/random.ts';

/** A sensor lying still (gravity on z, sensor noise) or shaken by hand at random. */
export function nonGaitTrace(kind: 'still' | 'shaken', seconds: number, fs = 100): Trace {
  const rng = createRng(kind === 'still' ? 1 : 2, 'non-gait');
  const n = Math.round(seconds * fs);
  const acc = new Float64Array(3 * n);
  const gyr = new Float64Array(3 * n);
  const timeS = Float64Array.from({ length: n }, (_, i) => i / fs);
  const state = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < 3; a++) {
      if (kind === 'shaken') {
        // low-pass random motion: ±15 m/s², ±8 rad/s
        state[a] = 0.9 * state[a] + 0.1 * 15 * rng.normal() * 3;
        state[3 + a] = 0.9 * state[3 + a] + 0.1 * 8 * rng.normal() * 3;
      }
      acc[3 * i + a] = (a === 2 ? 9.81 : 0) + state[a] + 0.02 * rng.normal();
      gyr[3 * i + a] = state[3 + a] + 0.005 * rng.normal();
    }
  }
  return { timeS, accMps2: acc, gyrRadS: gyr, samplingRateHz: fs, site: 'foot', side: 'left', meta: {}, notes: [] };
}

