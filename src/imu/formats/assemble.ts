/**
 * From parsed columns to a checked {@link Trace}: timestamps, sampling rate, duration, missing
 * values, gaps, units and gravity. Every reader ends here, so every format gets the same checks
 * and the same messages.
 *
 * Policies (documented in index.ts as well):
 * - timestamps must strictly increase (duplicates and decreases are errors, with line numbers);
 * - sampling rate 50–2000 Hz ({@link MIN_RATE_HZ}, {@link MAX_RATE_HZ});
 * - at least {@link MIN_DURATION_S} s: one slow walking stride (≤ 2 s) or several running strides;
 * - missing values (empty/NaN): runs of up to {@link MAX_INTERPOLATED_RUN} consecutive samples in
 *   a channel are linearly interpolated with a note; longer runs are errors;
 * - gaps (a step longer than 1.5 nominal periods): up to {@link MAX_FILLED_GAP_PERIODS} periods are
 *   filled by linear interpolation onto the nominal grid with a note; longer gaps are errors
 *   unless `fillGapsUpToS` covers them.
 */
import { InputError } from '../../errors.ts';
import type { SensorSite, Side, Trace } from '../trace.ts';
import { ACC_TO_MPS2, GYR_TO_RADS, resolveUnits, type AccUnit, type GravityTolerance, type GyrUnit } from './units.ts';

export const MIN_RATE_HZ = 50;
export const MAX_RATE_HZ = 2000;
/** Shortest accepted recording, s: one slow walking stride (stride times reach ~2 s) or ≥ 2 running strides. */
export const MIN_DURATION_S = 2;
/** Longest run of missing samples in one channel that is interpolated rather than rejected. */
export const MAX_INTERPOLATED_RUN = 2;
/** Longest gap, in nominal sample periods, filled without being asked. */
export const MAX_FILLED_GAP_PERIODS = 3;
/** A declared rate and the timestamps may disagree by this fraction. */
const RATE_AGREEMENT = 0.02;

/** Parsed, not yet checked channels of one sensor. */
export interface RawTrace {
  /** File name used in messages. */
  source: string;
  /** Sample times in seconds (may contain NaN), or undefined: times are index / rate. (nSample) */
  timeS?: Float64Array;
  /** Name of the time column for messages. */
  timeName?: string;
  /** acc x, y, z then gyr x, y, z in file units, each (nSample). */
  channels: Float64Array[];
  /** Column names of the six channels, for messages. */
  channelNames: string[];
  /** 1-based line of each sample. (nSample) */
  lineNumbers: Int32Array;
  /** Rate stated by the file or the user, Hz. */
  declaredRateHz?: number;
  /** Where the declared rate came from, for messages. */
  rateDeclaredBy?: string;
  units: { acc?: AccUnit; gyr?: GyrUnit };
  unitsDeclaredBy: { acc?: string; gyr?: string };
  gravityTolerance: GravityTolerance;
  allowGravityMismatch?: boolean;
  fillGapsUpToS?: number;
  site: SensorSite;
  side: Side;
  meta: Record<string, string>;
  notes: string[];
}

const fmt = (x: number, digits = 4): string => Number(x.toPrecision(digits)).toString();

/**
 * Checks and converts a parsed trace.
 * @throws InputError for any of the problems listed in the module comment
 */
export function assembleTrace(raw: RawTrace): Trace {
  const { source } = raw;
  const notes = [...raw.notes];
  let n = raw.lineNumbers.length;
  if (n === 0) throw new InputError('no data rows: the file has a header but no samples', source);
  const lineOf = (i: number): number => raw.lineNumbers[Math.min(i, n - 1)];
  if (n < 3) throw tooShort(source, n, undefined);

  // 1. Timestamps
  let timeS: Float64Array;
  if (raw.timeS) {
    timeS = raw.timeS;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(timeS[i])) {
        throw new InputError(
          `missing timestamp in column ${raw.timeName ?? 'time'}; every row needs a time: fill it in or delete the row`,
          `${source}:${lineOf(i)}`,
        );
      }
    }
    for (let i = 1; i < n; i++) {
      const step = timeS[i] - timeS[i - 1];
      if (step === 0) {
        throw new InputError(
          `duplicated timestamp ${timeS[i]} (also on line ${lineOf(i - 1)}); timestamps must strictly increase: ` +
            'remove the repeated row (a logger that wrote a sample twice)',
          `${source}:${lineOf(i)}`,
        );
      }
      if (step < 0) {
        throw new InputError(
          `timestamp decreases from ${timeS[i - 1]} (line ${lineOf(i - 1)}) to ${timeS[i]}; timestamps must strictly increase: ` +
            'sort the rows by time, or split the file if it holds several recordings',
          `${source}:${lineOf(i)}`,
        );
      }
    }
  } else {
    if (!raw.declaredRateHz) throw new InputError('no time column and no sampling rate: pass rateHz', source);
    timeS = new Float64Array(n);
    for (let i = 0; i < n; i++) timeS[i] = i / raw.declaredRateHz;
  }

  // 2. Sampling rate
  const steps = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) steps[i - 1] = timeS[i] - timeS[i - 1];
  const medianStepS = steps.slice().sort()[Math.floor((n - 1) / 2)];
  const measuredRateHz = 1 / medianStepS;
  let rateHz = measuredRateHz;
  if (raw.declaredRateHz !== undefined) {
    rateHz = raw.declaredRateHz;
    if (raw.timeS && Math.abs(measuredRateHz / rateHz - 1) > RATE_AGREEMENT) {
      throw new InputError(
        `sampling rate ${fmt(rateHz)} Hz (from ${raw.rateDeclaredBy ?? 'the declaration'}) does not match the timestamps, ` +
          `whose median step ${fmt(medianStepS)} s means ${fmt(measuredRateHz)} Hz; correct the declared rate or the time unit`,
        source,
      );
    }
  }
  if (!(rateHz >= MIN_RATE_HZ && rateHz <= MAX_RATE_HZ)) {
    throw new InputError(
      `sampling rate ${fmt(rateHz)} Hz is outside 50–2000 Hz, the range the gait analysis supports` +
        (raw.declaredRateHz === undefined
          ? ` (estimated from the median time step ${fmt(medianStepS)} s; if the time column is not in seconds, declare units.time)`
          : ''),
      source,
    );
  }
  const periodS = 1 / rateHz;
  const durationS = timeS[n - 1] - timeS[0] + periodS;
  if (durationS < MIN_DURATION_S) throw tooShort(source, n, durationS);

  // 3. Missing values
  const channels = raw.channels.map((c) => c);
  for (let c = 0; c < channels.length; c++) {
    const filled = interpolateMissing(channels[c], raw.channelNames[c], source, lineOf);
    if (filled > 0) {
      notes.push(`${filled} isolated missing value(s) in ${raw.channelNames[c]} interpolated linearly (runs of at most ${MAX_INTERPOLATED_RUN} samples are filled)`);
    }
  }

  // 4. Gaps
  let gapCount = 0;
  let missingSamples = 0;
  let longestGapS = 0;
  let jitterSum = 0;
  for (let i = 1; i < n; i++) {
    const step = timeS[i] - timeS[i - 1];
    if (step > 1.5 * periodS) {
      const periods = step / periodS;
      const allowedS = Math.max(MAX_FILLED_GAP_PERIODS * periodS * 1.05, raw.fillGapsUpToS ?? 0);
      if (step > allowedS) {
        throw new InputError(
          `gap of ${fmt(step, 3)} s (${fmt(periods, 3)} sample periods at ${fmt(rateHz)} Hz) between t = ${fmt(timeS[i - 1], 7)} s ` +
            `(line ${lineOf(i - 1)}) and t = ${fmt(timeS[i], 7)} s; gaps longer than ${MAX_FILLED_GAP_PERIODS} periods are not filled ` +
            'silently: split the recording there, or pass fillGapsUpToS (CLI: --fill-gaps SECONDS) to interpolate across gaps up to that length',
          `${source}:${lineOf(i)}`,
        );
      }
      gapCount++;
      missingSamples += Math.round(periods) - 1;
      longestGapS = Math.max(longestGapS, step);
    } else {
      const deviation = step / periodS - 1;
      jitterSum += deviation * deviation;
    }
  }
  if (gapCount > 0) {
    const filled = fillGaps(timeS, channels, periodS, missingSamples);
    timeS = filled.timeS;
    n = timeS.length;
    notes.push(
      `${gapCount} gap(s) in the timestamps (dropped samples; longest ${fmt(longestGapS, 3)} s) filled with ` +
        `${missingSamples} linearly interpolated sample(s) on the ${fmt(rateHz)} Hz grid`,
    );
    for (let c = 0; c < channels.length; c++) channels[c] = filled.channels[c];
  }
  const jitter = Math.sqrt(jitterSum / Math.max(1, n - 1));
  if (jitter > 0.05) notes.push(`timestamps jitter by ${fmt(jitter * 100, 2)} % of the sample period (rms); resample before timing-sensitive analysis`);

  // 5. Units and gravity
  const resolution = resolveUnits({
    source,
    acc: channels.slice(0, 3),
    gyr: channels.slice(3, 6),
    rateHz,
    declared: raw.units,
    declaredBy: raw.unitsDeclaredBy,
    tolerance: raw.gravityTolerance,
    allowGravityMismatch: raw.allowGravityMismatch,
  });
  notes.push(...resolution.notes);
  const accScale = ACC_TO_MPS2[resolution.accUnit];
  const gyrScale = GYR_TO_RADS[resolution.gyrUnit];
  const accMps2 = new Float64Array(n * 3); // (nSample x 3)
  const gyrRadS = new Float64Array(n * 3); // (nSample x 3)
  for (let axis = 0; axis < 3; axis++) {
    const acc = channels[axis];
    const gyr = channels[axis + 3];
    for (let i = 0; i < n; i++) {
      accMps2[i * 3 + axis] = acc[i] * accScale;
      gyrRadS[i * 3 + axis] = gyr[i] * gyrScale;
    }
  }
  const meta = { ...raw.meta, accUnitInFile: resolution.accUnit, gyrUnitInFile: resolution.gyrUnit };
  return { timeS, accMps2, gyrRadS, samplingRateHz: rateHz, site: raw.site, side: raw.side, meta, notes };
}

function tooShort(source: string, samples: number, durationS: number | undefined): InputError {
  return new InputError(
    `recording too short: ${samples} sample(s)${durationS === undefined ? '' : `, ${fmt(durationS, 3)} s`}; ` +
      `at least ${MIN_DURATION_S} s are needed to hold one full stride (slow walking strides last up to ~2 s)`,
    source,
  );
}

/**
 * Interpolates runs of NaN up to {@link MAX_INTERPOLATED_RUN} samples in place (held constant at
 * the ends of the trace). Returns how many values were filled.
 * @throws InputError on a longer run, naming the column and the lines
 */
function interpolateMissing(
  values: Float64Array,
  name: string,
  source: string,
  lineOf: (i: number) => number,
): number {
  const n = values.length;
  let filled = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(values[i])) continue;
    let end = i;
    while (end < n && Number.isNaN(values[end])) end++;
    const run = end - i;
    if (run === n) {
      throw new InputError(`column ${name} has no numeric values (all empty or NaN); check the column mapping`, `${source}:${name}`);
    }
    if (run > MAX_INTERPOLATED_RUN) {
      throw new InputError(
        `${run} consecutive missing values (empty or NaN) in column ${name}, lines ${lineOf(i)}–${lineOf(end - 1)}; ` +
          `at most ${MAX_INTERPOLATED_RUN} in a row are interpolated: the sensor dropped out there, split the recording or fill the gap`,
        `${source}:${lineOf(i)}`,
      );
    }
    const before = i > 0 ? values[i - 1] : values[end];
    const after = end < n ? values[end] : before;
    for (let k = i; k < end; k++) values[k] = before + ((after - before) * (k - i + 1)) / (run + 1);
    filled += run;
    i = end;
  }
  return filled;
}

/** Inserts linearly interpolated samples on the nominal grid into gaps longer than 1.5 periods. */
function fillGaps(
  timeS: Float64Array,
  channels: Float64Array[],
  periodS: number,
  missing: number,
): { timeS: Float64Array; channels: Float64Array[] } {
  const n = timeS.length;
  const outTime = new Float64Array(n + missing);
  const outChannels = channels.map(() => new Float64Array(n + missing));
  let o = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const step = timeS[i] - timeS[i - 1];
      if (step > 1.5 * periodS) {
        const inserted = Math.round(step / periodS) - 1;
        for (let k = 1; k <= inserted; k++) {
          const fraction = k / (inserted + 1);
          outTime[o] = timeS[i - 1] + fraction * step;
          for (let c = 0; c < channels.length; c++) {
            outChannels[c][o] = channels[c][i - 1] + fraction * (channels[c][i] - channels[c][i - 1]);
          }
          o++;
        }
      }
    }
    outTime[o] = timeS[i];
    for (let c = 0; c < channels.length; c++) outChannels[c][o] = channels[c][i];
    o++;
  }
  return { timeS: outTime, channels: outChannels };
}
