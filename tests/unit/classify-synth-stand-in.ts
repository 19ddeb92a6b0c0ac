/**
 * Test-only stand-in for `synthesizeImu` (src/imu/synth), so the classifier's dataset and
 * training code can be tested without it. A rigid foot with a prescribed sole angle θ(t) per
 * stride (the keypoint cycle of tests/unit/pipeline-running.test.ts, after Hamner subject02),
 * with the stride's simulated strike angle and stride time, toe-ward/vertical swing translation,
 * an impact at IC and white noise; the sensor reads ω_y = −θ̇ and R(θ)ᵀ(a + g).
 * Not a model of anything beyond that: the real synthesiser replaces it.
 */
import type { RunResult } from '../../src/sim/run.ts';
import type { Trace } from '../../src/imu/trace.ts';
import { createRng } from '../../src/random.ts';

const TO_FRAC = 0.35;
const G = 9.81;

function soleAngleDeg(frac: number, strikeDeg: number): number {
  const keys: Array<[number, number]> = [[0, strikeDeg], [8, strikeDeg * 0.3], [15, 0], [22, 0], [35, -45], [45, -60], [70, -10], [90, strikeDeg + 2], [100, strikeDeg]];
  const p = frac * 100;
  for (let k = 0; k + 1 < keys.length; k++) {
    const [x0, y0] = keys[k];
    const [x1, y1] = keys[k + 1];
    if (p >= x0 && p <= x1) return y0 + ((y1 - y0) * (1 - Math.cos((Math.PI * (p - x0)) / (x1 - x0)))) / 2;
  }
  return strikeDeg;
}

type StandInOptions = { rateHz: number; seed?: number; misalignmentRad?: number; legs?: Array<'left' | 'right'> };

/** Stand-in with the synthesiser's signature: the foot sensor of each leg asked for (default left). */
export function synthesizeImu(run: RunResult, options: StandInOptions): { left: { foot: Trace }; right?: { foot: Trace } } {
  const legs = options.legs ?? ['left'];
  const out: { left: { foot: Trace }; right?: { foot: Trace } } = { left: { foot: footTrace(run, 'left', options) } };
  if (legs.includes('right')) out.right = { foot: footTrace(run, 'right', options) };
  return out;
}

function footTrace(run: RunResult, side: 'left' | 'right', options: StandInOptions): Trace {
  const fs = options.rateHz;
  const rng = side === 'left' ? createRng(options.seed ?? 1, 'stand-in-synth') : createRng(options.seed ?? 1, 'stand-in-synth', side);
  const leg = run.legs[side];
  const strideT = leg.column('strideTimeS');
  const strike = leg.column('footStrikeAngleRad');
  const speed = run.params.speedMps;
  const starts = new Float64Array(leg.length + 1);
  for (let i = 0; i < leg.length; i++) starts[i + 1] = starts[i] + strideT[i];
  const standS = 1;
  const total = starts[leg.length];
  const n = Math.round((2 * standS + total) * fs);
  const acc = new Float64Array(3 * n);
  const gyr = new Float64Array(3 * n);
  const timeS = new Float64Array(n);
  let s = 0;
  const phaseAt = (tc: number): [number, number] => {
    while (s + 1 < leg.length && tc >= starts[s + 1]) s++;
    while (s > 0 && tc < starts[s]) s--;
    return [s, (tc - starts[s]) / strideT[s]];
  };
  const theta = (t: number): number => {
    const tc = t - standS;
    if (tc <= 0 || tc >= total) return 0;
    const [i, f] = phaseAt(tc);
    // start/end at foot-flat: the stride starts at 18 % GC
    const frac = (f + 0.18) % 1;
    return (soleAngleDeg(frac, (strike[i] * 180) / Math.PI) * Math.PI) / 180;
  };
  const ca = Math.cos(options.misalignmentRad ?? 0);
  const sa = Math.sin(options.misalignmentRad ?? 0);
  const dt = 1 / fs;
  for (let k = 0; k < n; k++) {
    const t = k * dt;
    timeS[k] = t;
    const th = theta(t);
    const rate = (theta(t + dt / 2) - theta(t - dt / 2)) / dt;
    let ax = 0;
    let az = 0;
    const tc = t - standS;
    let since = Infinity;
    if (tc > 0 && tc < total) {
      const [i, f] = phaseAt(tc);
      const frac = (f + 0.18) % 1;
      since = frac * strideT[i];
      if (frac >= TO_FRAC) {
        const u = (frac - TO_FRAC) / (1 - TO_FRAC);
        const swingS = (1 - TO_FRAC) * strideT[i];
        const w = (2 * Math.PI) / swingS;
        ax = ((speed * strideT[i] * w) / swingS) * Math.sin(2 * Math.PI * u);
        az = ((0.15 * w * w) / 2) * Math.cos(2 * Math.PI * u);
      }
    }
    const fx = ax * Math.cos(th) + (az + G) * Math.sin(th);
    let fz = -ax * Math.sin(th) + (az + G) * Math.cos(th);
    if (since < 0.06) fz += 8 * G * Math.exp(-since / 0.012) * Math.sin(2 * Math.PI * 45 * since);
    // misalignment: rotation about the sensor x axis
    acc[3 * k] = fx + 0.05 * rng.normal();
    acc[3 * k + 1] = sa * fz + 0.05 * rng.normal();
    acc[3 * k + 2] = ca * fz + 0.05 * rng.normal();
    gyr[3 * k] = 0.01 * rng.normal();
    gyr[3 * k + 1] = ca * -rate + 0.01 * rng.normal();
    gyr[3 * k + 2] = -sa * -rate + 0.01 * rng.normal();
  }
  return { timeS, accMps2: acc, gyrRadS: gyr, samplingRateHz: fs, site: 'foot', side, meta: {}, notes: [] };
}
