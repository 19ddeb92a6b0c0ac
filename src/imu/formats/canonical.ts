/**
 * Canonical trace CSV (docs: design/INTERFACES.md, "Trace files"): what `simulate --imu` writes
 * and every command accepts.
 *
 * ```
 * # site: foot
 * # side: left
 * # rate_hz: 200
 * time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z
 * 0.000000,0.12000,0.03000,9.80665,0.000000,0.010000,0.000000
 * ```
 * Acceleration: specific force in m/s² (gravity included); angular rate in rad/s; sensor frame
 * (foot: x toward the toes, y left, z up). `# key: value` lines before the header become
 * `trace.meta`; `acc_unit`/`gyr_unit` comments may declare other units.
 */
import { InputError } from '../../errors.ts';
import type { SensorSite, Side, Trace } from '../trace.ts';
import { assembleTrace } from './assemble.ts';
import { LineReader, parseNumericTable, splitHeader } from './table.ts';
import { DEFAULT_MAX_ROWS, type ReadOptions } from './types.ts';
import { parseAccUnit, parseGyrUnit } from './units.ts';

export const CANONICAL_COLUMNS = ['time_s', 'acc_x', 'acc_y', 'acc_z', 'gyr_x', 'gyr_y', 'gyr_z'] as const;
export const CANONICAL_HEADER = CANONICAL_COLUMNS.join(',');

/** Parses leading `# key: value` lines; returns the metadata and the first non-comment line. */
export function readCommentPreamble(lines: LineReader): { meta: Record<string, string>; header?: ReturnType<LineReader['next']> } {
  const meta: Record<string, string> = {};
  for (let line = lines.nextNonBlank(); line; line = lines.nextNonBlank()) {
    const text = lines.textOf(line).trim();
    if (!text.startsWith('#')) return { meta, header: line };
    const match = /^#+\s*([A-Za-z0-9_.\- ]+?)\s*[:=]\s*(.*)$/.exec(text);
    if (match) meta[match[1].trim()] = match[2].trim();
  }
  return { meta, header: undefined };
}

export const parseSite = (value: string | undefined): SensorSite | undefined =>
  value === 'foot' || value === 'shank' || value === 'unknown' ? value : undefined;
export const parseSide = (value: string | undefined): Side | undefined => {
  const v = value?.trim().toLowerCase();
  if (v === 'left' || v === 'l') return 'left';
  if (v === 'right' || v === 'r') return 'right';
  return v === 'unknown' ? 'unknown' : undefined;
};

/**
 * Reads a canonical trace CSV.
 * @param text file contents
 * @param options read options (rate, units, site, side override the comment lines)
 * @param source file name for messages
 * @throws InputError for a missing column, bad cell, bad timestamps, units or rate
 */
export function readCanonical(text: string, options: ReadOptions, source: string): Trace {
  const lines = new LineReader(text);
  const { meta, header } = readCommentPreamble(lines);
  if (!header) throw new InputError('no header row: expected a line "time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z" after the comments', source);
  const names = splitHeader(lines.textOf(header), ',');
  const missing = CANONICAL_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new InputError(
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; a canonical trace needs the header ` +
        `${CANONICAL_HEADER} (found: ${names.join(',')})`,
      `${source}:${header.number}`,
    );
  }
  checkDuplicateNames(names, source, header.number);
  const fields = CANONICAL_COLUMNS.map((c) => names.indexOf(c));
  const table = parseNumericTable({
    source,
    text,
    delimiter: ',',
    fieldCount: names.length,
    fields,
    names: [...CANONICAL_COLUMNS],
    start: lines.offset,
    firstLineNumber: lines.nextLineNumber,
    headerLineNumber: header.number,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
  });
  if (table.rows === 0) throw headerOnly(source, header.number);
  const declaredAcc = options.units?.acc ?? (meta.acc_unit ? parseAccUnit(meta.acc_unit) : 'm/s2');
  const declaredGyr = options.units?.gyr ?? (meta.gyr_unit ? parseGyrUnit(meta.gyr_unit) : 'rad/s');
  if (!declaredAcc) throw new InputError(`unknown acc_unit "${meta.acc_unit}"; use m/s2 or g`, `${source}:acc_unit`);
  if (!declaredGyr) throw new InputError(`unknown gyr_unit "${meta.gyr_unit}"; use rad/s or deg/s`, `${source}:gyr_unit`);
  const metaRate = meta.rate_hz ?? meta.rate;
  let declaredRateHz = options.rateHz;
  let rateDeclaredBy = 'options.rateHz';
  if (declaredRateHz === undefined && metaRate !== undefined) {
    declaredRateHz = Number.parseFloat(metaRate);
    rateDeclaredBy = 'the "# rate_hz" comment';
    if (!Number.isFinite(declaredRateHz)) {
      throw new InputError(`"# rate_hz: ${metaRate}" is not a number; write e.g. "# rate_hz: 200"`, `${source}:rate_hz`);
    }
  }
  const unitSource = (fromOption: unknown, key: string): string =>
    fromOption ? 'options.units' : meta[key] ? `the "# ${key}" comment` : 'the canonical format';
  return assembleTrace({
    source,
    timeS: table.columns[0],
    timeName: 'time_s',
    channels: table.columns.slice(1),
    channelNames: CANONICAL_COLUMNS.slice(1),
    lineNumbers: table.lineNumbers,
    declaredRateHz,
    rateDeclaredBy,
    units: { acc: declaredAcc, gyr: declaredGyr },
    unitsDeclaredBy: { acc: unitSource(options.units?.acc, 'acc_unit'), gyr: unitSource(options.units?.gyr, 'gyr_unit') },
    gravityTolerance: 'standard',
    allowGravityMismatch: options.allowGravityMismatch,
    fillGapsUpToS: options.fillGapsUpToS,
    site: options.site ?? parseSite(meta.site) ?? 'unknown',
    side: options.side ?? parseSide(meta.side) ?? 'unknown',
    meta: { ...meta, format: 'canonical', source },
    notes: [],
  });
}

/** Rejects a header that names the same column twice. */
export function checkDuplicateNames(names: string[], source: string, lineNumber: number): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (name !== '' && seen.has(name)) {
      throw new InputError(`duplicated column name "${name}" in the header; rename or remove one of them`, `${source}:${lineNumber}`);
    }
    seen.add(name);
  }
}

export const headerOnly = (source: string, headerLine: number): InputError =>
  new InputError(`no data rows: the file ends after the header (line ${headerLine}); expected one row per sample`, source);

/** Decimal places written per quantity. */
export interface CanonicalPrecision {
  /** Default 6 (1 µs). */
  timeDecimals: number;
  /** Default 5 (10 µm/s², far below MEMS noise of ~0.01 m/s²). */
  accDecimals: number;
  /** Default 6 (1 µrad/s). */
  gyrDecimals: number;
}
export const DEFAULT_CANONICAL_PRECISION: Readonly<CanonicalPrecision> = { timeDecimals: 6, accDecimals: 5, gyrDecimals: 6 };

/** Metadata keys the reader adds and the writer does not copy (the written file is SI). */
const META_NOT_WRITTEN = new Set(['site', 'side', 'rate_hz', 'rate', 'acc_unit', 'gyr_unit', 'accUnitInFile', 'gyrUnitInFile', 'format', 'source']);

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000', '000000000'];

/**
 * Fixed-point text of x with `decimals` (1–9) places: rounds once (to the integer k = round(x·scale)),
 * so reading the text and writing it again gives the same text; never prints "-0.000".
 * Integer arithmetic is ~1.5× faster than toFixed.
 */
function fixed(x: number, decimals: number, scale: number): string {
  const k = Math.round(x * scale);
  if (!(Math.abs(k) < 9e15)) return (k / scale + 0).toFixed(decimals); // huge or NaN
  const magnitude = k < 0 ? -k : k;
  const integerPart = Math.floor(magnitude / scale);
  const fraction = `${magnitude - integerPart * scale}`;
  return `${k < 0 ? '-' : ''}${integerPart}.${ZEROS[decimals - fraction.length]}${fraction}`;
}

/** The comment lines and header of a canonical CSV for this trace, ending with a newline. */
export function canonicalCsvHeader(trace: Trace): string {
  const clean = (s: string): string => s.replace(/[\r\n]+/g, ' ').trim();
  let out = `# site: ${trace.site}\n# side: ${trace.side}\n# rate_hz: ${trace.samplingRateHz}\n# acc_unit: m/s2\n# gyr_unit: rad/s\n`;
  for (const [key, value] of Object.entries(trace.meta)) {
    if (META_NOT_WRITTEN.has(key) || !/^[A-Za-z0-9_.\- ]+$/.test(key)) continue;
    out += `# ${key}: ${clean(value)}\n`;
  }
  return `${out}${CANONICAL_HEADER}\n`;
}

/**
 * Canonical CSV in chunks of `rowsPerChunk` rows (the first chunk starts with the header), for
 * streaming long traces to a file without building one large string.
 * @param trace the trace to write
 * @param rowsPerChunk rows per yielded string
 * @param precision decimal places (see {@link DEFAULT_CANONICAL_PRECISION})
 */
export function* canonicalCsvChunks(
  trace: Trace,
  rowsPerChunk = 10_000,
  precision: CanonicalPrecision = DEFAULT_CANONICAL_PRECISION,
): Generator<string> {
  const { timeDecimals, accDecimals, gyrDecimals } = precision;
  for (const d of [timeDecimals, accDecimals, gyrDecimals]) {
    if (!Number.isInteger(d) || d < 1 || d > 9) throw new RangeError(`decimal places must be an integer 1–9, got ${d}`);
  }
  const timeScale = 10 ** timeDecimals;
  const accScale = 10 ** accDecimals;
  const gyrScale = 10 ** gyrDecimals;
  const n = trace.timeS.length;
  const { accMps2: acc, gyrRadS: gyr, timeS } = trace;
  let chunk = canonicalCsvHeader(trace);
  const parts: string[] = [];
  for (let start = 0; start < n || chunk !== ''; start += rowsPerChunk) {
    const stop = Math.min(n, start + rowsPerChunk);
    parts.length = 0;
    for (let i = start; i < stop; i++) {
      const j = i * 3;
      parts.push(
        `${fixed(timeS[i], timeDecimals, timeScale)},${fixed(acc[j], accDecimals, accScale)},${fixed(acc[j + 1], accDecimals, accScale)},` +
          `${fixed(acc[j + 2], accDecimals, accScale)},${fixed(gyr[j], gyrDecimals, gyrScale)},${fixed(gyr[j + 1], gyrDecimals, gyrScale)},` +
          `${fixed(gyr[j + 2], gyrDecimals, gyrScale)}\n`,
      );
    }
    yield chunk + parts.join('');
    chunk = '';
  }
}

/**
 * Writes a trace as canonical CSV. Reading the result back gives the printed values exactly
 * (and writing that again gives the same text).
 * @param trace the trace (SI units)
 * @param precision decimal places (see {@link DEFAULT_CANONICAL_PRECISION})
 * @returns the whole file as one string
 */
export function writeCanonicalCsv(trace: Trace, precision: CanonicalPrecision = DEFAULT_CANONICAL_PRECISION): string {
  return [...canonicalCsvChunks(trace, 50_000, precision)].join('');
}
