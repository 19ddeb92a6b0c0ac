/**
 * Per-stride record layout (columnar, typed arrays) and run summaries.
 *
 * Column names are the stable interface of `strides.csv` / `strides.parquet` (INTERFACES.md).
 */

/** Numeric per-stride columns, in output order (after `leg`). Booleans are stored as 0/1. */
export const STRIDE_COLUMNS = [
  'stride',
  'timeS',
  'strideTimeS',
  'swingTimeS',
  'mtcM',
  'mtcIsLocalMin',
  'mtcTimePct',
  'maxToeClearanceM',
  'toeCatch',
  'toeCatchTimeS',
  'footStrikeAngleRad',
  'peakSwingDorsiflexionRad',
  'ankleAtToeOffRad',
  'ankleAtContactRad',
  'footSlapRadS',
  'tibialisCapacity',
  'neuralDrive',
  'tibialisPeakActivation',
  'tibialisPeakForceN',
  'tibialisMeanLoad',
  'hipHeightOffsetM',
  // The stride's random variability draws, kept so any swing can be re-simulated exactly
  // (e.g. to synthesise IMU traces or plot one stride) from the table alone.
  'strideTimeScale',
  'hipAmplitudeScale',
  'kneeAmplitudeScale',
  'excitationOffset',
] as const;

export type StrideColumn = (typeof STRIDE_COLUMNS)[number];

/** Columns that hold booleans (written as true/false in CSV). */
export const BOOLEAN_COLUMNS: ReadonlySet<StrideColumn> = new Set(['mtcIsLocalMin', 'toeCatch']);
/** Columns that hold integers. */
export const INTEGER_COLUMNS: ReadonlySet<StrideColumn> = new Set(['stride']);

/** Growable columnar table of one leg's strides. */
export class StrideTable {
  private capacity: number;
  length = 0;
  columns: Record<StrideColumn, Float64Array>;

  constructor(
    readonly leg: 'left' | 'right',
    initialCapacity = 1024,
  ) {
    this.capacity = Math.max(16, initialCapacity);
    this.columns = Object.fromEntries(STRIDE_COLUMNS.map((c) => [c, new Float64Array(this.capacity)])) as Record<
      StrideColumn,
      Float64Array
    >;
  }

  /** Append a row; values missing from `row` are NaN. Returns the row index. */
  push(row: Partial<Record<StrideColumn, number | boolean>>): number {
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    for (const c of STRIDE_COLUMNS) {
      const v = row[c];
      this.columns[c][i] = v === undefined ? NaN : typeof v === 'boolean' ? (v ? 1 : 0) : v;
    }
    return i;
  }

  private grow(): void {
    this.capacity *= 2;
    for (const c of STRIDE_COLUMNS) {
      const next = new Float64Array(this.capacity);
      next.set(this.columns[c]);
      this.columns[c] = next;
    }
  }

  /** A column trimmed to the rows written (a view, not a copy). */
  column(c: StrideColumn): Float64Array {
    return this.columns[c].subarray(0, this.length);
  }
}

/** Per-leg summary of a run (INTERFACES.md `summary.json`). */
export interface LegSummary {
  strides: number;
  mtcMedianM: number;
  mtcP05M: number;
  /** MTC in the first and last 10 % of the run's strides, m (median). */
  mtcEarlyMedianM: number;
  mtcLateMedianM: number;
  /** Stride-to-stride SD of MTC, m: whole run, first and last 10 % of strides (variability grows with fatigue or intermittent block). */
  mtcSdM: number;
  mtcSdEarlyM: number;
  mtcSdLateM: number;
  toeCatches: number;
  firstToeCatchS: number | null;
  footStrikeAngleMedianRad: number;
  minTibialisCapacity: number;
  minNeuralDrive: number;
  /** Time after the run until TA capacity and drive are both ≥ 90 %, s; null if not within recoveryS. */
  recoveryTo90PctS: number | null;
  strideTimeCv: number;
}

/** Quantile (linear interpolation, type 7) of a copy of the finite values. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const a: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) a.push(values[i]);
  if (a.length === 0) return NaN;
  a.sort((x, y) => x - y);
  const h = (a.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return a[lo] + (h - lo) * (a[hi] - a[lo]);
}

function meanSd(values: ArrayLike<number>): [number, number] {
  let n = 0;
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      s += values[i];
      n++;
    }
  }
  const m = s / n;
  let v = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) v += (values[i] - m) ** 2;
  return [m, Math.sqrt(v / Math.max(1, n - 1))];
}

/** Summarise one leg's stride table (recovery filled in by the caller). */
export function summarizeLeg(table: StrideTable): Omit<LegSummary, 'recoveryTo90PctS'> {
  const mtc = table.column('mtcM');
  const n = table.length;
  const tenth = Math.max(1, Math.floor(n / 10));
  const catches = table.column('toeCatch');
  const times = table.column('timeS');
  const catchTimes = table.column('toeCatchTimeS');
  let toeCatches = 0;
  let first: number | null = null;
  for (let i = 0; i < n; i++) {
    if (catches[i]) {
      toeCatches++;
      if (first === null) first = times[i] + (Number.isFinite(catchTimes[i]) ? catchTimes[i] : 0);
    }
  }
  let minCap = Infinity;
  let minDrive = Infinity;
  const cap = table.column('tibialisCapacity');
  const drive = table.column('neuralDrive');
  for (let i = 0; i < n; i++) {
    if (cap[i] < minCap) minCap = cap[i];
    if (drive[i] < minDrive) minDrive = drive[i];
  }
  const [stMean, stSd] = meanSd(table.column('strideTimeS'));
  return {
    strides: n,
    mtcMedianM: quantile(mtc, 0.5),
    mtcP05M: quantile(mtc, 0.05),
    mtcEarlyMedianM: quantile(mtc.subarray(0, tenth), 0.5),
    mtcLateMedianM: quantile(mtc.subarray(n - tenth), 0.5),
    mtcSdM: meanSd(mtc)[1],
    mtcSdEarlyM: meanSd(mtc.subarray(0, tenth))[1],
    mtcSdLateM: meanSd(mtc.subarray(n - tenth))[1],
    toeCatches,
    firstToeCatchS: first,
    footStrikeAngleMedianRad: quantile(table.column('footStrikeAngleRad'), 0.5),
    minTibialisCapacity: minCap,
    minNeuralDrive: minDrive,
    strideTimeCv: stSd / stMean,
  };
}
