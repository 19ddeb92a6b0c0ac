/**
 * Small O(n) signal kernels shared by the pipeline stages: centred moving averages, channel
 * extraction, robust percentiles on a strided subsample. No allocation inside the loops.
 */

/**
 * Centred moving average (zero phase) of `x` over `window` samples, written into `out`.
 * Edges use the samples available (shrinking window). O(n) via a running sum.
 * @param x input (n)
 * @param window window length in samples (forced odd, ≥ 1)
 * @param out output (n); may not alias `x`
 */
export function movingAverage(x: Float64Array, window: number, out: Float64Array): Float64Array {
  const n = x.length;
  const half = Math.max(0, Math.floor(window / 2));
  let sum = 0;
  let lo = 0;
  let hi = -1; // current inclusive window [lo, hi]
  for (let i = 0; i < n; i++) {
    const wantHi = Math.min(n - 1, i + half);
    const wantLo = Math.max(0, i - half);
    while (hi < wantHi) sum += x[++hi];
    while (lo < wantLo) sum -= x[lo++];
    out[i] = sum / (hi - lo + 1);
  }
  return out;
}

/** Channel `axis` (0..2) of an interleaved (n x 3) array into `out` (n). */
export function channel(xyz: Float64Array, axis: number, out: Float64Array): Float64Array {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = xyz[3 * i + axis];
  return out;
}

/** Euclidean norm per sample of an interleaved (n x 3) array into `out` (n). */
export function norm3(xyz: Float64Array, out: Float64Array): Float64Array {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const a = xyz[3 * i];
    const b = xyz[3 * i + 1];
    const c = xyz[3 * i + 2];
    out[i] = Math.sqrt(a * a + b * b + c * c);
  }
  return out;
}

/**
 * Percentile (0..100, linear interpolation) of the finite values of `x[from..to)`, computed on a
 * strided subsample of at most `maxSamples` values so that a 720k-sample trace stays cheap.
 */
export function percentile(
  x: Float64Array,
  p: number,
  from = 0,
  to = x.length,
  maxSamples = 40_000,
): number {
  const len = Math.max(0, to - from);
  if (len === 0) return NaN;
  const stride = Math.max(1, Math.floor(len / maxSamples));
  const tmp = new Float64Array(Math.ceil(len / stride));
  let m = 0;
  for (let i = from; i < to; i += stride) if (Number.isFinite(x[i])) tmp[m++] = x[i];
  if (m === 0) return NaN;
  const v = tmp.subarray(0, m).sort();
  const pos = (Math.min(100, Math.max(0, p)) / 100) * (m - 1);
  const k = Math.floor(pos);
  const f = pos - k;
  return k + 1 < m ? v[k] * (1 - f) + v[k + 1] * f : v[k];
}

/** Index of the minimum of `x` on [from, to] (inclusive, clamped); -1 when empty. */
export function argMin(x: Float64Array, from: number, to: number): number {
  const a = Math.max(0, from);
  const b = Math.min(x.length - 1, to);
  let best = -1;
  let bestV = Infinity;
  for (let i = a; i <= b; i++) {
    if (x[i] < bestV) {
      bestV = x[i];
      best = i;
    }
  }
  return best;
}

/** Index of the maximum of `x` on [from, to] (inclusive, clamped); -1 when empty. */
export function argMax(x: Float64Array, from: number, to: number): number {
  const a = Math.max(0, from);
  const b = Math.min(x.length - 1, to);
  let best = -1;
  let bestV = -Infinity;
  for (let i = a; i <= b; i++) {
    if (x[i] > bestV) {
      bestV = x[i];
      best = i;
    }
  }
  return best;
}

/** Median of a plain array of numbers, ignoring non-finite values; NaN when none. */
export function medianOf(values: ArrayLike<number>): number {
  const v: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) v.push(values[i]);
  if (v.length === 0) return NaN;
  v.sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : 0.5 * (v[mid - 1] + v[mid]);
}
