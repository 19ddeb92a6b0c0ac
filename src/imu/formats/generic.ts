/**
 * Generic delimited IMU tables (comma, tab or semicolon; with or without a header row).
 *
 * Columns come from `options.columns` (header names or `#N`, 1-based), or are recognised from
 * common header names (acc_x / ax / accel_x …, gyr_x / gyro_x / gx …, time / timestamp / t …),
 * with a note listing the mapping used. Time from a time column (unit declared, taken from the
 * header such as `time_ms` or `time (s)`, or inferred from the step with a note), from a sample
 * index column plus `rateHz`, or from `rateHz` alone. Units: declared in options, written in the
 * header (`acc_x [g]`, `gyr_x (deg/s)`), in `# acc_unit:` comments, or inferred with a note.
 */
import { InputError } from '../../errors.ts';
import type { Trace } from '../trace.ts';
import { assembleTrace } from './assemble.ts';
import { checkDuplicateNames, headerOnly, parseSide, parseSite, readCommentPreamble } from './canonical.ts';
import { CellStatus, lastCellStatus, parseCell } from './numeric.ts';
import { LineReader, delimiterName, detectDelimiter, parseNumericTable, splitHeader } from './table.ts';
import { DEFAULT_MAX_ROWS, type ReadOptions } from './types.ts';
import { TIME_TO_S, parseAccUnit, parseGyrUnit, parseTimeUnit, type AccUnit, type GyrUnit, type TimeUnit } from './units.ts';

export const GENERIC_KEYS = ['time', 'index', 'accX', 'accY', 'accZ', 'gyrX', 'gyrY', 'gyrZ'] as const;
type GenericKey = (typeof GENERIC_KEYS)[number];
const CHANNEL_KEYS = ['accX', 'accY', 'accZ', 'gyrX', 'gyrY', 'gyrZ'] as const;

const ACC_PREFIXES = ['acc', 'accel', 'accelerometer', 'acceleration', 'a', 'linacc'];
const GYR_PREFIXES = ['gyr', 'gyro', 'gyroscope', 'g', 'w', 'omega', 'angularvelocity', 'angularrate', 'angvel', 'rate'];
const TIME_NAMES = ['time', 'times', 't', 'timestamp', 'timestamps', 'ts', 'timems', 'timeus', 'seconds', 'sec', 'elapsedtime', 'timesec'];
const INDEX_NAMES = ['index', 'sample', 'samples', 'nsamples', 'samplenumber', 'sampleindex', 'packetcounter', 'counter', 'frame'];

interface HeaderName {
  /** lower-case alphanumerics of the name without its unit */
  base: string;
  /** unit written in brackets, if any */
  unit?: string;
}

function splitName(name: string): HeaderName {
  const bracket = /^(.*?)[\s_]*[([]\s*([^)\]]*)\s*[)\]]\s*$/.exec(name);
  const stem = bracket ? bracket[1] : name;
  return { base: stem.toLowerCase().replace(/[^a-z0-9]/g, ''), unit: bracket?.[2] };
}

function matchesKey(key: GenericKey, base: string): boolean {
  const axis = key.slice(-1).toLowerCase();
  if (key.startsWith('acc')) return ACC_PREFIXES.some((p) => base === `${p}${axis}`);
  if (key.startsWith('gyr')) return GYR_PREFIXES.some((p) => base === `${p}${axis}`);
  if (key === 'time') return TIME_NAMES.includes(base);
  return INDEX_NAMES.includes(base);
}

/**
 * Reads a generic delimited IMU table.
 * @throws InputError for unknown or missing columns, undeclared and uninferable units or time,
 *   and every data problem the shared checks catch
 */
export function readGeneric(text: string, options: ReadOptions, source: string): Trace {
  const lines = new LineReader(text);
  const { meta, header } = readCommentPreamble(lines);
  if (!header) throw new InputError('no header or data rows: the file holds only comments or blank lines', source);
  const headerText = lines.textOf(header);
  const delimiter = detectDelimiter(headerText);
  if (!delimiter) {
    throw new InputError(
      `no column delimiter (comma, tab or semicolon) in the first line "${headerText.slice(0, 60)}"; ` +
        'expected a table with one column per channel',
      `${source}:${header.number}`,
    );
  }
  const cells = splitHeader(headerText, delimiter);
  const hasHeader = !cells.every((cell) => {
    parseCell(cell, 0, cell.length);
    return lastCellStatus() !== CellStatus.Invalid;
  });
  const names = hasHeader ? cells : cells.map((_, i) => `#${i + 1}`);
  if (hasHeader) checkDuplicateNames(names, source, header.number);
  const parsedNames = names.map(splitName);
  const notes: string[] = [];

  // Column mapping
  const mapping = new Map<GenericKey, number>();
  const explicit = options.columns ?? {};
  for (const [key, value] of Object.entries(explicit)) {
    if (!(GENERIC_KEYS as readonly string[]).includes(key)) {
      throw new InputError(`unknown key '${key}' in columns; use ${GENERIC_KEYS.join(', ')}`, `columns.${key}`);
    }
    const position = /^#(\d+)$/.exec(value.trim());
    let field: number;
    if (position) {
      field = Number(position[1]) - 1;
      if (field < 0 || field >= names.length) {
        throw new InputError(`column ${value} does not exist: the file has ${names.length} columns (#1–#${names.length})`, `columns.${key}`);
      }
    } else {
      field = names.indexOf(value);
      if (field < 0) field = names.findIndex((n) => n.toLowerCase() === value.toLowerCase());
      if (field < 0) {
        throw new InputError(
          `column '${value}' not found in the header; available: ${names.join(', ')}` +
            (hasHeader ? '' : ' (the file has no header row: refer to columns as #1, #2, …)'),
          `columns.${key}`,
        );
      }
    }
    mapping.set(key as GenericKey, field);
  }
  const autoMapped: string[] = [];
  for (const key of GENERIC_KEYS) {
    if (mapping.has(key) || !hasHeader) continue;
    if ((key === 'time' || key === 'index') && Object.keys(explicit).length > 0 && (mapping.has('time') || mapping.has('index'))) continue;
    const field = parsedNames.findIndex((n) => matchesKey(key, n.base));
    if (field >= 0 && ![...mapping.values()].includes(field)) {
      mapping.set(key, field);
      autoMapped.push(`${key}=${names[field]}`);
    }
  }
  const missing = CHANNEL_KEYS.filter((k) => !mapping.has(k));
  if (missing.length > 0) {
    throw new InputError(
      `cannot find the column${missing.length > 1 ? 's' : ''} for ${missing.join(', ')}` +
        (hasHeader ? ` among the header names (${names.slice(0, 20).join(', ')})` : ' (the file has no header row)') +
        `; name them with the columns option, e.g. { accX: 'ax', gyrX: 'gx', … } or { accX: '#2' }`,
      `${source}:${header.number}`,
    );
  }
  if (autoMapped.length > 0) notes.push(`columns recognised from the header: ${autoMapped.join(', ')}; pass columns to set them explicitly`);

  // Units from options, the header brackets, or comments
  const headerUnit = <T>(keys: readonly GenericKey[], parse: (s: string) => T | undefined): T | undefined => {
    const units = keys.map((k) => parsedNames[mapping.get(k)!].unit).filter((u): u is string => u !== undefined);
    if (units.length === 0) return undefined;
    const parsed = units.map(parse);
    const first = parsed[0];
    if (first === undefined || parsed.some((p) => p !== first)) {
      throw new InputError(`unrecognised or mixed units in the header: ${units.join(', ')}; use m/s2 or g, rad/s or deg/s`, `${source}:${header.number}`);
    }
    return first;
  };
  const accDeclared: [AccUnit | undefined, string] = options.units?.acc
    ? [options.units.acc, 'options.units']
    : meta.acc_unit && parseAccUnit(meta.acc_unit)
      ? [parseAccUnit(meta.acc_unit), 'the "# acc_unit" comment']
      : [headerUnit(['accX', 'accY', 'accZ'], parseAccUnit), 'the header'];
  const gyrDeclared: [GyrUnit | undefined, string] = options.units?.gyr
    ? [options.units.gyr, 'options.units']
    : meta.gyr_unit && parseGyrUnit(meta.gyr_unit)
      ? [parseGyrUnit(meta.gyr_unit), 'the "# gyr_unit" comment']
      : [headerUnit(['gyrX', 'gyrY', 'gyrZ'], parseGyrUnit), 'the header'];

  const timeField = mapping.get('time');
  const indexField = mapping.get('index');
  const fields = CHANNEL_KEYS.map((k) => mapping.get(k)!);
  const fieldNames = CHANNEL_KEYS.map((k) => names[mapping.get(k)!]);
  const clockField = timeField ?? indexField;
  if (clockField !== undefined) {
    fields.push(clockField);
    fieldNames.push(names[clockField]);
  }
  const firstDataLine = hasHeader ? lines.nextLineNumber : header.number;
  const table = parseNumericTable({
    source,
    text,
    delimiter,
    fieldCount: names.length,
    fields,
    names: fieldNames,
    start: hasHeader ? lines.offset : header.start,
    firstLineNumber: firstDataLine,
    headerLineNumber: hasHeader ? header.number : undefined,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
  });
  if (table.rows === 0) throw headerOnly(source, header.number);
  let declaredRateHz = options.rateHz;
  let rateDeclaredBy = 'options.rateHz';
  const metaRate = meta.rate_hz ?? meta.rate;
  if (declaredRateHz === undefined && metaRate !== undefined && Number.isFinite(Number.parseFloat(metaRate))) {
    declaredRateHz = Number.parseFloat(metaRate);
    rateDeclaredBy = 'the "# rate_hz" comment';
  }

  let timeS: Float64Array | undefined;
  if (timeField !== undefined) {
    const raw = table.columns[6];
    const unit = resolveTimeUnit(raw, options.units?.time, parsedNames[timeField], meta.time_unit, names[timeField], source, notes);
    const scale = TIME_TO_S[unit];
    timeS = new Float64Array(table.rows);
    for (let i = 0; i < table.rows; i++) timeS[i] = raw[i] * scale;
    if (Math.abs(timeS[0]) > 1e6) {
      const originS = timeS[0];
      for (let i = 0; i < table.rows; i++) timeS[i] -= originS;
      meta.timeOriginS = String(originS);
      notes.push(`timestamps look like absolute (epoch) times: shifted to start at 0 (origin ${originS} s kept in meta.timeOriginS)`);
    }
  } else if (indexField !== undefined) {
    if (declaredRateHz === undefined) {
      throw new InputError(
        `the file has a sample index (${names[indexField]}) but no time column: pass rateHz (CLI --rate) to give the sampling rate`,
        source,
      );
    }
    const index = table.columns[6];
    timeS = new Float64Array(table.rows);
    for (let i = 0; i < table.rows; i++) timeS[i] = index[i] / declaredRateHz;
  } else if (declaredRateHz === undefined) {
    throw new InputError(
      'no time column found and no sampling rate given: name the time column with columns: { time: \'<name>\' } ' +
        '(and units.time), or pass rateHz for a file sampled at a constant rate',
      source,
    );
  }
  return assembleTrace({
    source,
    timeS,
    timeName: clockField !== undefined ? names[clockField] : undefined,
    channels: table.columns.slice(0, 6),
    channelNames: fieldNames.slice(0, 6),
    lineNumbers: table.lineNumbers,
    declaredRateHz,
    rateDeclaredBy,
    units: { acc: accDeclared[0], gyr: gyrDeclared[0] },
    unitsDeclaredBy: { acc: accDeclared[1], gyr: gyrDeclared[1] },
    gravityTolerance: 'standard',
    allowGravityMismatch: options.allowGravityMismatch,
    fillGapsUpToS: options.fillGapsUpToS,
    site: options.site ?? parseSite(meta.site) ?? 'unknown',
    side: options.side ?? parseSide(meta.side) ?? 'unknown',
    meta: { frame: 'sensor-native', ...meta, format: 'generic', source, delimiter: delimiterName(delimiter) },
    notes,
  });
}

/** Time unit: declared, from the header (`time_ms`, `time (s)`), from a comment, or inferred from the step with a note. */
function resolveTimeUnit(
  raw: Float64Array,
  declared: TimeUnit | undefined,
  name: HeaderName,
  comment: string | undefined,
  columnName: string,
  source: string,
  notes: string[],
): TimeUnit {
  if (declared) return declared;
  const fromBracket = name.unit ? parseTimeUnit(name.unit) : undefined;
  if (fromBracket) return fromBracket;
  const suffix = /(?:^|time|t)(s|ms|us|sec)$/.exec(name.base);
  if (suffix && name.base !== 'ts') {
    const unit = parseTimeUnit(suffix[1]);
    if (unit) return unit;
  }
  const fromComment = comment ? parseTimeUnit(comment) : undefined;
  if (fromComment) return fromComment;
  const steps = new Float64Array(Math.max(0, raw.length - 1));
  for (let i = 1; i < raw.length; i++) steps[i - 1] = raw[i] - raw[i - 1];
  const median = steps.sort()[Math.floor((steps.length - 1) / 2)];
  // 50–2000 Hz in each unit, with 10 % slack
  const candidates: [TimeUnit, number][] = [
    ['s', 1],
    ['ms', 1e3],
    ['us', 1e6],
  ];
  for (const [unit, perSecond] of candidates) {
    if (median >= (perSecond / 2000) * 0.9 && median <= (perSecond / 50) * 1.1) {
      notes.push(`time unit of column ${columnName} not declared: inferred ${unit} from the median step ${median} (a 50–2000 Hz rate); declare units.time to make this explicit`);
      return unit;
    }
  }
  throw new InputError(
    `cannot infer the time unit of column ${columnName}: its median step is ${median}, which is not a 50–2000 Hz rate ` +
      'in s, ms or µs; declare units.time, or fix the time column',
    `${source}:${columnName}`,
  );
}
