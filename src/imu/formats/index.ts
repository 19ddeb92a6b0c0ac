/**
 * IMU trace readers and the canonical writer.
 *
 * Formats (detected from the content, never the file name; `options.format` overrides):
 * - `canonical`: `time_s,acc_x,…,gyr_z`, m/s² and rad/s, optional `# key: value` lines;
 * - `gaitmap`: two header rows (sensor, axis), m/s² and deg/s, rate from `options.rateHz`;
 * - `xsens`: `Acquisition frequency: N Hz` then `PacketCounter Acc_X … Gyr_Z …`, m/s², rad/s;
 * - `shimmer`: `n_samples,acc_x,…` calibrated eGait/Shimmer CSV, g and deg/s, rate from options;
 * - `generic`: any delimited table with a column mapping (given or recognised from the header).
 *
 * Every reader ends in the same checks (assemble.ts): strictly increasing timestamps; rate
 * 50–2000 Hz; at least 2 s of data; runs of ≤ 2 missing values interpolated, longer runs rejected;
 * gaps ≤ 3 sample periods interpolated, longer ones rejected unless `fillGapsUpToS` allows them;
 * units declared or inferred with a note, and checked against gravity over the quietest window.
 * Every problem is an {@link InputError} whose `where` is `file:line[:column]` or a column name.
 */
import * as fs from 'node:fs';
import { InputError } from '../../errors.ts';
import type { Trace } from '../trace.ts';
import { readCanonical, CANONICAL_COLUMNS } from './canonical.ts';
import { readGaitmap, looksLikeGaitmap } from './gaitmap.ts';
import { readGeneric } from './generic.ts';
import { looksLikeShimmer, readShimmer } from './shimmer.ts';
import { detectDelimiter, splitHeader } from './table.ts';
import { DEFAULT_MAX_BYTES, TRACE_FORMATS, type ReadOptions, type TraceFormat } from './types.ts';
import { looksLikeXsens, readXsens } from './xsens.ts';

export type { ReadOptions, TraceFormat } from './types.ts';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, TRACE_FORMATS } from './types.ts';
export {
  writeCanonicalCsv,
  canonicalCsvChunks,
  canonicalCsvHeader,
  CANONICAL_HEADER,
  DEFAULT_CANONICAL_PRECISION,
  type CanonicalPrecision,
} from './canonical.ts';
export { MIN_RATE_HZ, MAX_RATE_HZ, MIN_DURATION_S, MAX_INTERPOLATED_RUN, MAX_FILLED_GAP_PERIODS } from './assemble.ts';
export type { AccUnit, GyrUnit, TimeUnit } from './units.ts';

/** A trace given as text, with an optional name for messages. */
export interface TraceText {
  text: string;
  name?: string;
}

/** How many leading characters are inspected for binary content. */
const SNIFF_CHARS = 65536;

/**
 * Detects the format of a trace file from its content.
 * @param text file contents
 * @returns the format; `generic` when nothing more specific matches
 */
export function detectFormat(text: string): TraceFormat {
  const head = text.slice(0, 8192).replace(/^\uFEFF/, '').split('\n', 12).map((l) => l.replace(/\r$/, ''));
  const nonBlank = head.filter((l) => l.trim() !== '');
  if (looksLikeXsens(nonBlank.slice(0, 5))) return 'xsens';
  const data = nonBlank.filter((l) => !l.trimStart().startsWith('#'));
  if (data.length === 0) return 'generic';
  if (looksLikeGaitmap(data[0], data[1])) return 'gaitmap';
  if (looksLikeShimmer(data[0])) return 'shimmer';
  const delimiter = detectDelimiter(data[0]);
  if (delimiter === ',') {
    const names = splitHeader(data[0], ',');
    // time_s plus most canonical channels: canonical (so a missing channel is named as such)
    if (names.includes('time_s') && CANONICAL_COLUMNS.filter((c) => names.includes(c)).length >= 5) return 'canonical';
  }
  return 'generic';
}

/**
 * Parses trace text (no file system access; used by the server on uploads).
 * @param text file contents
 * @param options read options; `source` names the input in messages
 * @returns one trace per sensor (gaitmap files may hold several)
 * @throws InputError on any problem, with location and fix
 */
export function parseTraceText(text: string, options: ReadOptions = {}): Trace[] {
  const source = options.source ?? 'input';
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // A JS string holds at least one byte of UTF-8 per character.
  if (text.length > maxBytes) throw tooLarge(source, text.length, maxBytes, 'characters');
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  checkLooksLikeText(clean, source);
  if (clean.trim() === '') throw new InputError('the file is empty: expected a CSV/text trace with a header and one row per sample', source);
  if (options.format !== undefined && !TRACE_FORMATS.includes(options.format)) {
    throw new InputError(`unknown format '${String(options.format)}'; use one of ${TRACE_FORMATS.join(', ')}`, 'format');
  }
  checkOptions(options);
  const format = options.format ?? detectFormat(clean);
  switch (format) {
    case 'canonical':
      return [readCanonical(clean, options, source)];
    case 'gaitmap':
      return readGaitmap(clean, options, source);
    case 'xsens':
      return [readXsens(clean, options, source)];
    case 'shimmer':
      return [readShimmer(clean, options, source)];
    case 'generic':
      return [readGeneric(clean, options, source)];
  }
}

/**
 * Reads every trace in a file or text.
 * @param pathOrText a path (used if it exists on disk), a string containing newlines (the text
 *   itself), or `{ text, name }`
 * @param options read options
 * @throws InputError for a missing file, a file over `maxBytes`, binary content, or any data problem
 */
export function readTraces(pathOrText: string | TraceText, options: ReadOptions = {}): Trace[] {
  if (typeof pathOrText !== 'string') {
    return parseTraceText(pathOrText.text, { ...options, source: options.source ?? pathOrText.name ?? 'input' });
  }
  let stat: fs.Stats | undefined;
  try {
    stat = pathOrText.length < 4096 && !pathOrText.includes('\n') ? fs.statSync(pathOrText) : undefined;
  } catch {
    stat = undefined;
  }
  if (!stat) {
    if (pathOrText.includes('\n')) return parseTraceText(pathOrText, options);
    throw new InputError('file not found: check the path (or pass the trace text itself)', pathOrText);
  }
  const source = options.source ?? pathOrText;
  if (stat.isDirectory()) throw new InputError('is a directory, expected a trace file', source);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (stat.size > maxBytes) throw tooLarge(source, stat.size, maxBytes, 'bytes');
  const bytes = fs.readFileSync(pathOrText);
  checkBytes(bytes, source);
  return parseTraceText(bytes.toString('utf8'), { ...options, source });
}

/**
 * Reads one trace. For a file with several sensors pass `options.sensor`.
 * @param pathOrText see {@link readTraces}
 * @param options read options
 * @throws InputError as {@link readTraces}, and when the file holds several sensors and none is chosen
 * @example readTrace('imu_sample.csv', { rateHz: 204.8, sensor: 'left_sensor' }).samplingRateHz // 204.8
 */
export function readTrace(pathOrText: string | TraceText, options: ReadOptions = {}): Trace {
  const traces = readTraces(pathOrText, options);
  if (traces.length !== 1) {
    const names = traces.map((t) => t.meta.sensor ?? '?').join(', ');
    throw new InputError(
      `the file holds ${traces.length} sensors (${names}); choose one with the sensor option (CLI --sensor), or use readTraces`,
      options.source ?? (typeof pathOrText === 'string' && !pathOrText.includes('\n') ? pathOrText : 'input'),
    );
  }
  return traces[0];
}

function tooLarge(source: string, size: number, maxBytes: number, what: string): InputError {
  return new InputError(
    `file is larger than the limit: ${size} ${what}, limit ${maxBytes} bytes (maxBytes); ` +
      'split the recording or raise maxBytes',
    source,
  );
}

function checkOptions(options: ReadOptions): void {
  if (options.rateHz !== undefined && !(Number.isFinite(options.rateHz) && options.rateHz > 0)) {
    throw new InputError(`rateHz must be a positive number of Hz, found ${String(options.rateHz)}`, 'rateHz');
  }
  if (options.fillGapsUpToS !== undefined && !(options.fillGapsUpToS >= 0)) {
    throw new InputError(`fillGapsUpToS must be ≥ 0 s, found ${String(options.fillGapsUpToS)}`, 'fillGapsUpToS');
  }
  const units = options.units ?? {};
  if (units.acc !== undefined && units.acc !== 'm/s2' && units.acc !== 'g') {
    throw new InputError(`units.acc must be 'm/s2' or 'g', found '${String(units.acc)}'`, 'units.acc');
  }
  if (units.gyr !== undefined && units.gyr !== 'rad/s' && units.gyr !== 'deg/s') {
    throw new InputError(`units.gyr must be 'rad/s' or 'deg/s', found '${String(units.gyr)}'`, 'units.gyr');
  }
  if (units.time !== undefined && !['s', 'ms', 'us'].includes(units.time)) {
    throw new InputError(`units.time must be 's', 'ms' or 'us', found '${String(units.time)}'`, 'units.time');
  }
}

/** Rejects compressed, spreadsheet, UTF-16 and other binary files by their first bytes. */
function checkBytes(bytes: Buffer, source: string): void {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new InputError('the file is gzip-compressed; decompress it first (gunzip) and pass the CSV', source);
  }
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4) {
    throw new InputError('the file is a ZIP archive (or an .xlsx workbook); extract it or export the sheet as CSV', source);
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new InputError('the file is UTF-16 encoded; re-save it as UTF-8 text (CSV UTF-8)', source);
  }
}

/** Rejects text that is not a readable table: NUL or many control/replacement characters. */
function checkLooksLikeText(text: string, source: string): void {
  if (text.charCodeAt(0) === 0x1f && (text.charCodeAt(1) === 0x8b || text.charCodeAt(1) === 0xfffd)) {
    throw new InputError('the file is gzip-compressed; decompress it first (gunzip) and pass the CSV', source);
  }
  if (text.startsWith('PK\u0003\u0004')) {
    throw new InputError('the file is a ZIP archive (or an .xlsx workbook); extract it or export the sheet as CSV', source);
  }
  const n = Math.min(text.length, SNIFF_CHARS);
  let bad = 0;
  let firstBad = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) {
      const utf16 = i % 2 === 1 && text.charCodeAt(i + 2) === 0 ? ' (it looks UTF-16 encoded: re-save as UTF-8)' : '';
      throw new InputError(`binary content: NUL character at offset ${i}; expected a UTF-8 text table${utf16}`, source);
    }
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) {
      bad++;
      if (firstBad < 0) firstBad = i;
    }
  }
  if (bad > Math.max(2, n * 0.01)) {
    throw new InputError(
      `binary or garbled content: ${bad} control or undecodable characters in the first ${n} (first at offset ${firstBad}); ` +
        'expected a UTF-8 text table (CSV or tab-separated)',
      source,
    );
  }
}
