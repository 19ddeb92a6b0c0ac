/**
 * Units of a recorded trace: declaration, inference and the gravity plausibility check.
 *
 * Units are never guessed silently. A reader either knows them from the format, takes them from
 * the user, or infers them here and pushes a note saying so. In every case the acceleration
 * magnitude over the quietest window is compared with gravity, which catches g-vs-m/s² mix-ups
 * (a factor 9.81) and raw ADC counts.
 */
import { InputError } from '../../errors.ts';
import { STANDARD_GRAVITY_MPS2 } from '../../units.ts';

export type AccUnit = 'm/s2' | 'g';
export type GyrUnit = 'rad/s' | 'deg/s';
export type TimeUnit = 's' | 'ms' | 'us';

/** Multiply a value in the unit by this to get SI. */
export const ACC_TO_MPS2: Readonly<Record<AccUnit, number>> = { 'm/s2': 1, g: STANDARD_GRAVITY_MPS2 };
export const GYR_TO_RADS: Readonly<Record<GyrUnit, number>> = { 'rad/s': 1, 'deg/s': Math.PI / 180 };
export const TIME_TO_S: Readonly<Record<TimeUnit, number>> = { s: 1, ms: 1e-3, us: 1e-6 };

/** Parses an acceleration unit as written in files and options (`m/s^2`, `m/s²`, `mps2`, `g`). */
export function parseAccUnit(text: string): AccUnit | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (['m/s2', 'm/s^2', 'm/s²', 'mps2', 'm/(s^2)', 'm/s/s', 'ms-2', 'm.s-2', 'ms^-2'].includes(t)) return 'm/s2';
  if (['g', 'gravity', 'g0'].includes(t)) return 'g';
  return undefined;
}

/** Parses an angular-rate unit (`rad/s`, `deg/s`, `dps`, `°/s`). */
export function parseGyrUnit(text: string): GyrUnit | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (['rad/s', 'rads', 'rad.s-1', 'rad/sec'].includes(t)) return 'rad/s';
  if (['deg/s', 'dps', '°/s', 'deg/sec', 'degrees/s', 'degree/s'].includes(t)) return 'deg/s';
  return undefined;
}

/** Parses a time unit (`s`, `ms`, `us`/`µs`). */
export function parseTimeUnit(text: string): TimeUnit | undefined {
  const t = text.trim().toLowerCase();
  if (t === 's' || t === 'sec' || t === 'seconds') return 's';
  if (t === 'ms' || t === 'msec' || t === 'milliseconds') return 'ms';
  if (t === 'us' || t === 'µs' || t === 'μs' || t === 'microseconds') return 'us';
  return undefined;
}

/** Window over which "at rest" is judged, s. */
export const REST_WINDOW_S = 0.5;
/** A window counts as rest when the std of |acc| is below this fraction of its mean. */
export const REST_MAX_RELATIVE_STD = 0.03;

export interface GravityEstimate {
  /** Gravity magnitude estimate in the file's units. */
  magnitude: number;
  /** 'rest': mean |acc| over the quietest window; 'mean': |mean acc| over the whole trace. */
  kind: 'rest' | 'mean';
  /** Start of the window, s from the first sample (rest only). */
  startS: number;
}

/**
 * Gravity magnitude in file units: mean |acc| over the quietest {@link REST_WINDOW_S} window if
 * that window is at rest, else the magnitude of the mean acceleration vector over the whole trace
 * (a trace that never rests, e.g. a run without a standing start; rotation of the segment makes
 * this smaller than g, so it gets a wider tolerance).
 * @param acc x, y, z columns in file units, each (nSample)
 * @param rateHz sampling rate, Hz
 */
export function estimateGravity(acc: readonly Float64Array[], rateHz: number): GravityEstimate {
  const n = acc[0].length;
  const window = Math.max(2, Math.min(n, Math.round(REST_WINDOW_S * rateHz)));
  // prefix sums of |acc| and |acc|² (n + 1)
  const sum = new Float64Array(n + 1);
  const sumSquares = new Float64Array(n + 1);
  let meanX = 0;
  let meanY = 0;
  let meanZ = 0;
  for (let i = 0; i < n; i++) {
    const x = acc[0][i];
    const y = acc[1][i];
    const z = acc[2][i];
    const squared = x * x + y * y + z * z;
    sum[i + 1] = sum[i] + Math.sqrt(squared);
    sumSquares[i + 1] = sumSquares[i] + squared;
    meanX += x;
    meanY += y;
    meanZ += z;
  }
  let bestStart = 0;
  let bestVariance = Infinity;
  for (let start = 0; start + window <= n; start++) {
    const mean = (sum[start + window] - sum[start]) / window;
    const variance = (sumSquares[start + window] - sumSquares[start]) / window - mean * mean;
    if (variance < bestVariance) {
      bestVariance = variance;
      bestStart = start;
    }
  }
  const restMean = (sum[bestStart + window] - sum[bestStart]) / window;
  const restStd = Math.sqrt(Math.max(0, bestVariance));
  if (restMean > 0 && restStd <= REST_MAX_RELATIVE_STD * restMean) {
    return { magnitude: restMean, kind: 'rest', startS: bestStart / rateHz };
  }
  return { magnitude: Math.hypot(meanX / n, meanY / n, meanZ / n), kind: 'mean', startS: 0 };
}

/** High percentile of |gyro| in file units, from at most ~100 000 evenly spaced samples. */
export function peakRate(gyr: readonly Float64Array[], percentile = 0.995): number {
  const n = gyr[0].length;
  const step = Math.max(1, Math.floor(n / 100_000));
  const norms = new Float64Array(Math.ceil(n / step));
  let count = 0;
  for (let i = 0; i < n; i += step) norms[count++] = Math.hypot(gyr[0][i], gyr[1][i], gyr[2][i]);
  const used = norms.subarray(0, count).sort();
  return used[Math.min(count - 1, Math.floor(percentile * count))];
}

/** How strict the gravity check is. `rough`: badly calibrated sensors (e.g. eGait Shimmer2R). */
export type GravityTolerance = 'standard' | 'rough';

/** Accepted gravity magnitude, in g, by tolerance and estimate kind. */
const GRAVITY_BAND_G: Record<GravityTolerance, Record<GravityEstimate['kind'], [number, number]>> = {
  standard: { rest: [0.8, 1.2], mean: [0.5, 1.5] },
  rough: { rest: [0.6, 2.0], mean: [0.4, 2.2] },
};
/** Below this deviation from 1 g at rest nothing is noted. */
const GRAVITY_NOTE_DEVIATION = 0.1;

/** Gyro peak (99.5th percentile of |ω|) above this is deg/s: 60 rad/s ≈ 3400 °/s, beyond ±2000 °/s sensors. */
const GYR_RAD_MAX = 60;
/** Gyro peak between these is rad/s when inferring (walking/running swing peaks 5–25 rad/s). */
const GYR_RAD_INFER: [number, number] = [2, 35];
/** With gait-like accelerations present, a deg/s gyro peaking below this is implausible. */
const GYR_DEG_MIN_WHEN_MOVING = 35;

export interface UnitResolution {
  accUnit: AccUnit;
  gyrUnit: GyrUnit;
  gravity: GravityEstimate;
  notes: string[];
}

export interface UnitInput {
  source: string;
  acc: readonly Float64Array[];
  gyr: readonly Float64Array[];
  rateHz: number;
  declared: { acc?: AccUnit; gyr?: GyrUnit };
  /** Where the declaration came from, for messages ("the canonical format", "options.units"). */
  declaredBy: { acc?: string; gyr?: string };
  tolerance: GravityTolerance;
  /** Turn a gravity mismatch into a note instead of an error. */
  allowGravityMismatch?: boolean;
}

const fmt = (x: number, digits = 3): string => Number(x.toPrecision(digits)).toString();

/**
 * Decides the acceleration and angular-rate units and checks them against gravity.
 * @throws InputError when a declared unit contradicts the data, or a unit cannot be inferred
 */
export function resolveUnits(input: UnitInput): UnitResolution {
  const notes: string[] = [];
  const gravity = estimateGravity(input.acc, input.rateHz);
  const [low, high] = GRAVITY_BAND_G[input.tolerance][gravity.kind];
  const where = gravity.kind === 'rest' ? `at rest (quietest ${REST_WINDOW_S} s window, from ${fmt(gravity.startS, 4)} s)` : 'averaged over the trace (no rest window found)';
  const inBand = (unit: AccUnit): boolean => {
    const g = (gravity.magnitude * ACC_TO_MPS2[unit]) / STANDARD_GRAVITY_MPS2;
    return g >= low && g <= high;
  };
  const otherAcc = (unit: AccUnit): AccUnit => (unit === 'g' ? 'm/s2' : 'g');
  let accUnit: AccUnit;
  const declaredAcc = input.declared.acc;
  if (declaredAcc) {
    accUnit = declaredAcc;
    if (!inBand(declaredAcc)) {
      const message =
        `acceleration declared in ${declaredAcc} by ${input.declaredBy.acc ?? 'the file'}, but its magnitude ${where} is ` +
        `${fmt(gravity.magnitude)} ${declaredAcc}, expected about ${declaredAcc === 'g' ? '1' : '9.81'}` +
        (inBand(otherAcc(declaredAcc))
          ? `: the values look like ${otherAcc(declaredAcc)}; declare units.acc = '${otherAcc(declaredAcc)}'`
          : `: ${implausibleHint(gravity.magnitude)}`);
      if (!input.allowGravityMismatch) throw new InputError(message, `${input.source}:acc`);
      notes.push(`${message} (accepted because allowGravityMismatch is set)`);
    }
  } else if (inBand('m/s2')) {
    accUnit = 'm/s2';
    notes.push(`acceleration units not declared: inferred m/s² from the magnitude ${where}, ${fmt(gravity.magnitude)} ≈ 9.81; declare units.acc to make this explicit`);
  } else if (inBand('g')) {
    accUnit = 'g';
    notes.push(`acceleration units not declared: inferred g from the magnitude ${where}, ${fmt(gravity.magnitude)} ≈ 1; declare units.acc to make this explicit`);
  } else {
    throw new InputError(
      `cannot infer the acceleration unit: magnitude ${where} is ${fmt(gravity.magnitude)}, ` +
        `neither about 9.81 (m/s²) nor about 1 (g); ${implausibleHint(gravity.magnitude)}`,
      `${input.source}:acc`,
    );
  }
  const gravityG = (gravity.magnitude * ACC_TO_MPS2[accUnit]) / STANDARD_GRAVITY_MPS2;
  if (gravity.kind === 'rest' && Math.abs(gravityG - 1) > GRAVITY_NOTE_DEVIATION && inBand(accUnit)) {
    notes.push(`gravity magnitude at rest is ${fmt(gravityG)} g, not 1 g: the accelerometer calibration is off by ${fmt(Math.abs(gravityG - 1) * 100, 2)} %`);
  }

  // Angular rate
  const peak = peakRate(input.gyr);
  let accPeakG = 0;
  {
    const n = input.acc[0].length;
    const step = Math.max(1, Math.floor(n / 100_000));
    let count = 0;
    const norms = new Float64Array(Math.ceil(n / step));
    for (let i = 0; i < n; i += step) norms[count++] = Math.hypot(input.acc[0][i], input.acc[1][i], input.acc[2][i]);
    accPeakG = (norms.subarray(0, count).sort()[Math.floor(0.99 * (count - 1))] * ACC_TO_MPS2[accUnit]) / STANDARD_GRAVITY_MPS2;
  }
  const moving = accPeakG > 1.5;
  let gyrUnit: GyrUnit;
  const declaredGyr = input.declared.gyr;
  if (declaredGyr === 'rad/s') {
    gyrUnit = 'rad/s';
    if (peak > GYR_RAD_MAX) {
      throw new InputError(
        `angular rate declared in rad/s by ${input.declaredBy.gyr ?? 'the file'}, but its 99.5th percentile is ${fmt(peak)} rad/s ` +
          `(${fmt((peak * 180) / Math.PI)} °/s), beyond any gait sensor; the values look like deg/s: declare units.gyr = 'deg/s'`,
        `${input.source}:gyr`,
      );
    }
  } else if (declaredGyr === 'deg/s') {
    gyrUnit = 'deg/s';
    if (moving && peak < GYR_DEG_MIN_WHEN_MOVING && peak >= GYR_RAD_INFER[0]) {
      throw new InputError(
        `angular rate declared in deg/s by ${input.declaredBy.gyr ?? 'the file'}, but it peaks at only ${fmt(peak)} while the ` +
          `accelerations show movement (99th percentile ${fmt(accPeakG)} g); gait in deg/s peaks at hundreds: ` +
          `the values look like rad/s: declare units.gyr = 'rad/s'`,
        `${input.source}:gyr`,
      );
    }
  } else if (peak > GYR_RAD_MAX) {
    gyrUnit = 'deg/s';
    notes.push(`angular-rate units not declared: inferred deg/s because the 99.5th percentile of |ω| is ${fmt(peak)} (too large for rad/s); declare units.gyr to make this explicit`);
  } else if (peak >= GYR_RAD_INFER[0] && peak <= GYR_RAD_INFER[1]) {
    gyrUnit = 'rad/s';
    notes.push(`angular-rate units not declared: inferred rad/s because the 99.5th percentile of |ω| is ${fmt(peak)} (gait in deg/s would reach hundreds); declare units.gyr to make this explicit`);
  } else {
    throw new InputError(
      `cannot infer the angular-rate unit: the 99.5th percentile of |ω| is ${fmt(peak)}, plausible both in rad/s and deg/s ` +
        `(too little movement to tell); declare units.gyr as 'rad/s' or 'deg/s'`,
      `${input.source}:gyr`,
    );
  }
  return { accUnit, gyrUnit, gravity, notes };
}

function implausibleHint(magnitude: number): string {
  if (magnitude > 100) {
    return 'the values look like raw ADC counts or milli-g; use the calibrated export, or convert to m/s² or g';
  }
  return 'check the unit and the calibration, or pass allowGravityMismatch to accept it';
}
