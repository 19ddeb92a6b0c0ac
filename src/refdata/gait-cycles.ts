/**
 * Helpers to turn recorded trials into averaged gait cycles: time normalisation between
 * consecutive initial contacts, averaging, and the hip joint centre from pelvis markers.
 */
import { InputError } from '../errors.ts';

/** Linear interpolation of (xs, ys) at x; xs increasing; NaN outside [xs[0], xs[n−1]]. */
export function interpAt(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number, stride = 1, offset = 0): number {
  const n = xs.length;
  if (!(x >= xs[0] && x <= xs[n - 1])) return Number.NaN;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  const t = xs[hi] === xs[lo] ? 0 : (x - xs[lo]) / (xs[hi] - xs[lo]);
  return ys[lo * stride + offset] * (1 - t) + ys[hi * stride + offset] * t;
}

/**
 * Resamples each complete cycle [ic[k], ic[k+1]) at nSamples uniform phases i/nSamples and averages them.
 * Cycles that leave the signal's time range, or contain NaN, are skipped.
 * @param timeS signal times, s (nSample)
 * @param signal values (nSample), or interleaved with `stride`/`offset`
 * @param initialContactS IC times of one leg, s
 * @returns the mean cycle (nSamples) and the number of cycles used
 * @throws InputError if no complete cycle lies inside the signal.
 */
export function averageCycles(
  timeS: ArrayLike<number>,
  signal: ArrayLike<number>,
  initialContactS: readonly number[],
  nSamples: number,
  stride = 1,
  offset = 0,
): { mean: Float64Array; cycles: Float64Array[] } {
  const cycles: Float64Array[] = [];
  for (let k = 0; k + 1 < initialContactS.length; k++) {
    const t0 = initialContactS[k];
    const t1 = initialContactS[k + 1];
    const cycle = new Float64Array(nSamples);
    let ok = true;
    for (let i = 0; i < nSamples && ok; i++) {
      cycle[i] = interpAt(timeS, signal, t0 + ((t1 - t0) * i) / nSamples, stride, offset);
      ok = Number.isFinite(cycle[i]);
    }
    if (ok) cycles.push(cycle);
  }
  if (cycles.length === 0) throw new InputError('no complete gait cycle inside the recording');
  const mean = new Float64Array(nSamples);
  for (const c of cycles) for (let i = 0; i < nSamples; i++) mean[i] += c[i] / cycles.length;
  return { mean, cycles };
}

/**
 * Hip joint centre from pelvis markers, Bell, Brand & Pedersen 1989 (Hum Mov Sci 8:3–16), Tylkowski
 * approach [R abstract]: 30 % distal, 14 % medial and 22 % posterior to the ASIS, as fractions of the
 * inter-ASIS distance. Pelvis frame: lateral = L→R ASIS; anterior = sacral → ASIS midpoint,
 * orthogonalised; up = lateral × anterior, oriented so that its lab-vertical component is positive.
 * @param rightAsis,leftAsis,sacrum (nFrame x 3) positions, m (sacrum: the sacral marker or PSIS midpoint)
 * @param side which hip
 * @param verticalAxis lab axis index of "up" (1 = Y for OpenSim/RBDS files)
 * @returns (nFrame x 3) HJC positions, m (NaN where a marker is missing)
 */
export function hipJointCentreBell(
  rightAsis: Float64Array,
  leftAsis: Float64Array,
  sacrum: Float64Array,
  side: 'R' | 'L',
  verticalAxis = 1,
): Float64Array {
  const n = rightAsis.length / 3;
  const out = new Float64Array(n * 3);
  const lat = [0, 0, 0];
  const ant = [0, 0, 0];
  const up = [0, 0, 0];
  for (let f = 0; f < n; f++) {
    const o = 3 * f;
    let pw = 0;
    for (let c = 0; c < 3; c++) {
      lat[c] = rightAsis[o + c] - leftAsis[o + c];
      pw += lat[c] * lat[c];
    }
    pw = Math.sqrt(pw);
    for (let c = 0; c < 3; c++) lat[c] /= pw;
    let dot = 0;
    for (let c = 0; c < 3; c++) {
      ant[c] = 0.5 * (rightAsis[o + c] + leftAsis[o + c]) - sacrum[o + c];
      dot += ant[c] * lat[c];
    }
    let norm = 0;
    for (let c = 0; c < 3; c++) {
      ant[c] -= dot * lat[c];
      norm += ant[c] * ant[c];
    }
    norm = Math.sqrt(norm);
    for (let c = 0; c < 3; c++) ant[c] /= norm;
    up[0] = lat[1] * ant[2] - lat[2] * ant[1];
    up[1] = lat[2] * ant[0] - lat[0] * ant[2];
    up[2] = lat[0] * ant[1] - lat[1] * ant[0];
    const flip = up[verticalAxis] < 0 ? -1 : 1;
    const sign = side === 'R' ? 1 : -1; // medial is −lateral for the right hip, +lateral for the left
    const asisOffset = side === 'R' ? rightAsis : leftAsis;
    for (let c = 0; c < 3; c++) {
      out[o + c] = asisOffset[o + c] - 0.14 * sign * pw * lat[c] - 0.22 * pw * ant[c] - 0.3 * pw * flip * up[c];
    }
  }
  return out;
}

/** Mean of the finite values of one coordinate of an (n x 3) array. */
export function meanCoordinate(positions: Float64Array, axis: number): number {
  let sum = 0;
  let count = 0;
  for (let i = axis; i < positions.length; i += 3) {
    if (Number.isFinite(positions[i])) {
      sum += positions[i];
      count++;
    }
  }
  return sum / count;
}
