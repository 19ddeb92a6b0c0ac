/**
 * Periodic Fourier series over the gait phase φ ∈ [0, 1): evaluation with derivatives, and the
 * least-squares fit to uniform samples. Pure and allocation-free in evaluation.
 */
import { InputError } from '../errors.ts';

const TWO_PI = 2 * Math.PI;

/** value(φ) = a0 + Σ_{k=1..K} a[k-1]·cos(2πkφ) + b[k-1]·sin(2πkφ) */
export interface FourierSeries {
  readonly a0: number;
  readonly a: Float64Array;
  readonly b: Float64Array;
}

/** Value of a Fourier series at `phase` (cycles; any real, periodic with period 1). */
export function evalFourier(s: FourierSeries, phase: number): number {
  let value = s.a0;
  const x = TWO_PI * phase;
  for (let k = 1; k <= s.a.length; k++) {
    value += s.a[k - 1] * Math.cos(k * x) + s.b[k - 1] * Math.sin(k * x);
  }
  return value;
}

/**
 * Writes value, d/dφ and d²/dφ² (per cycle, per cycle²) into out[offset..offset+2]; no allocation.
 * Divide by strideTimeS (or its square) for time derivatives.
 */
export function evalFourierDerivatives(s: FourierSeries, phase: number, out: Float64Array, offset = 0): void {
  let value = s.a0;
  let d1 = 0;
  let d2 = 0;
  const x = TWO_PI * phase;
  // cos/sin of kx by the angle-addition recurrence: two trig calls per series instead of 2K
  // (this is the hot path of pose evaluation; the recurrence's rounding error grows ~K·ε).
  const c1 = Math.cos(x);
  const s1 = Math.sin(x);
  let c = c1;
  let sn = s1;
  for (let k = 1; k <= s.a.length; k++) {
    const w = TWO_PI * k;
    const ak = s.a[k - 1];
    const bk = s.b[k - 1];
    value += ak * c + bk * sn;
    d1 += w * (bk * c - ak * sn);
    d2 -= w * w * (ak * c + bk * sn);
    const cNext = c * c1 - sn * s1;
    sn = sn * c1 + c * s1;
    c = cNext;
  }
  out[offset] = value;
  out[offset + 1] = d1;
  out[offset + 2] = d2;
}

/**
 * Least-squares Fourier series of K harmonics through N uniform samples x_i = f(i/N), i = 0..N−1
 * (for uniform samples the least-squares fit is the truncated DFT).
 * @throws InputError unless 0 ≤ harmonics < N/2 and all samples are finite.
 */
export function fitFourier(samples: ArrayLike<number>, harmonics: number): FourierSeries {
  const n = samples.length;
  if (!Number.isInteger(harmonics) || harmonics < 0 || 2 * harmonics >= n) {
    throw new InputError(`harmonics must be an integer in [0, ${Math.ceil(n / 2) - 1}], got ${harmonics}`);
  }
  let a0 = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(samples[i])) throw new InputError(`sample ${i} is not finite`);
    a0 += samples[i];
  }
  const a = new Float64Array(harmonics);
  const b = new Float64Array(harmonics);
  for (let k = 1; k <= harmonics; k++) {
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < n; i++) {
      const x = (TWO_PI * k * i) / n;
      sa += samples[i] * Math.cos(x);
      sb += samples[i] * Math.sin(x);
    }
    a[k - 1] = (2 * sa) / n;
    b[k - 1] = (2 * sb) / n;
  }
  return { a0: a0 / n, a, b };
}

