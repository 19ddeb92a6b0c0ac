/**
 * Readers for OpenSim text formats used by the reference data:
 * - `.mot` / `.sto` (storage): a free-form header ending in `endheader`, one tab-separated line of
 *   column labels, then numeric rows. Both the modern header (`version=1`, `nRows=`, …) and the
 *   legacy one (`name …`, `datacolumns …`, `range …`) are accepted; only `endheader` is required.
 * - `.trc` (track row column) marker files: 5 header lines (PathFileType, the keys, their values,
 *   `Frame# Time name…`, `X1 Y1 Z1 …`), optional blank line, then rows. Missing markers are empty
 *   fields and become NaN. Positions are converted to metres from the declared `Units`.
 *
 * Format reference: OpenSim user guide, "Storage (.sto) and motion (.mot) files" and
 * "Marker (.trc) files" [M: layout checked against the files in shared/data/opensim-examples].
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.ts';

/** A numeric table with named columns. */
export interface NumericTable {
  /** `key=value` / `key value` header lines, lower-cased keys. */
  readonly header: Readonly<Record<string, string>>;
  readonly columns: readonly string[];
  /** One array per column, same order as `columns`. (nColumn) of (nRow) */
  readonly data: readonly Float64Array[];
  readonly rowCount: number;
  /** Where the table came from (file path or label), for error messages. */
  readonly source: string;
}

/**
 * Returns the named column of a table.
 * @throws InputError naming the file and the available columns when the column is missing.
 */
export function tableColumn(table: NumericTable, name: string): Float64Array {
  const index = table.columns.indexOf(name);
  if (index < 0) {
    throw new InputError(
      `column "${name}" not found (have: ${table.columns.slice(0, 12).join(', ')}${table.columns.length > 12 ? ', …' : ''})`,
      table.source,
    );
  }
  return table.data[index];
}

function splitFields(line: string): string[] {
  return line.split('\t').map((s) => s.trim());
}

function parseNumber(text: string, source: string, lineNo: number): number {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    throw new InputError(`not a number: "${text}"`, `${source}:${lineNo}`);
  }
  return value;
}

/**
 * Parses an OpenSim `.mot`/`.sto` file.
 * @param text file contents
 * @param source file name for error messages
 * @throws InputError when `endheader` or the column labels are missing, or a row is malformed.
 */
export function parseMot(text: string, source = '<mot>'): NumericTable {
  const lines = text.split(/\r?\n/);
  const end = lines.findIndex((l) => l.trim().toLowerCase() === 'endheader');
  if (end < 0) throw new InputError('no "endheader" line: not an OpenSim .mot/.sto file', source);
  const header: Record<string, string> = {};
  for (const raw of lines.slice(0, end)) {
    const line = raw.trim();
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq > 0) header[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
    else {
      const [key, ...rest] = line.split(/\s+/);
      header[key.toLowerCase()] = rest.join(' ');
    }
  }
  let labelLine = end + 1;
  while (labelLine < lines.length && lines[labelLine].trim() === '') labelLine++;
  if (labelLine >= lines.length) throw new InputError('no column labels after "endheader"', source);
  const columns = splitFields(lines[labelLine]).filter((c) => c !== '');
  const rows: number[][] = [];
  for (let i = labelLine + 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    if (fields.length < columns.length) {
      throw new InputError(`expected ${columns.length} values, found ${fields.length}`, `${source}:${i + 1}`);
    }
    rows.push(fields.slice(0, columns.length).map((f) => parseNumber(f, source, i + 1)));
  }
  if (rows.length === 0) throw new InputError('no data rows', source);
  const data = columns.map((_, j) => Float64Array.from(rows, (r) => r[j]));
  return { header, columns, data, rowCount: rows.length, source };
}

/** Reads and parses an OpenSim `.mot`/`.sto` file. @throws InputError (see parseMot). */
export function readMot(path: string): NumericTable {
  return parseMot(readFileSync(path, 'utf8'), path);
}

/** Marker trajectories from a `.trc` file, in metres. */
export interface MarkerData {
  readonly samplingRateHz: number;
  /** Unit declared by the file (e.g. "mm"); positions below are already in metres. */
  readonly declaredUnits: string;
  readonly timeS: Float64Array; // (nFrame)
  readonly markerNames: readonly string[];
  /** Marker name → positions in metres, interleaved x,y,z; NaN where the marker is missing. (nFrame x 3) */
  readonly positionsM: ReadonlyMap<string, Float64Array>;
  readonly source: string;
}

const UNIT_TO_METRES: Record<string, number> = { mm: 1e-3, cm: 1e-2, m: 1 };

/**
 * Returns a marker's (nFrame x 3) positions in metres.
 * @throws InputError naming the file when the marker is absent.
 */
export function markerPositions(markers: MarkerData, name: string): Float64Array {
  const p = markers.positionsM.get(name);
  if (!p) throw new InputError(`marker "${name}" not found (have: ${markers.markerNames.join(', ')})`, markers.source);
  return p;
}

/**
 * Parses an OpenSim `.trc` marker file.
 * @param text file contents
 * @param source file name for error messages
 * @throws InputError on a malformed header, an unknown unit or a non-numeric field.
 */
export function parseTrc(text: string, source = '<trc>'): MarkerData {
  const lines = text.split(/\r?\n/);
  if (lines.length < 6 || !lines[0].startsWith('PathFileType')) {
    throw new InputError('first line must start with "PathFileType": not a .trc file', source);
  }
  const keys = splitFields(lines[1]);
  const values = splitFields(lines[2]);
  const meta: Record<string, string> = {};
  keys.forEach((k, i) => {
    if (k !== '') meta[k] = values[i] ?? '';
  });
  const samplingRateHz = Number(meta.DataRate);
  if (!(samplingRateHz > 0)) throw new InputError(`bad DataRate "${meta.DataRate}"`, `${source}:3`);
  const declaredUnits = (meta.Units ?? '').trim();
  const scale = UNIT_TO_METRES[declaredUnits.toLowerCase()];
  if (scale === undefined) {
    throw new InputError(`unknown Units "${declaredUnits}" (expected mm, cm or m)`, `${source}:3`);
  }
  const nameFields = lines[3].split('\t');
  if (nameFields[0].trim() !== 'Frame#' || nameFields[1].trim() !== 'Time') {
    throw new InputError('line 4 must start with "Frame#<tab>Time"', `${source}:4`);
  }
  // Each marker name occupies the first of its three columns; the other two are empty.
  const markerNames = nameFields.slice(2).map((s) => s.trim()).filter((s) => s !== '');
  const nMarker = markerNames.length;
  const frames: string[][] = [];
  const lineNos: number[] = [];
  for (let i = 5; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    frames.push(lines[i].split('\t'));
    lineNos.push(i + 1);
  }
  const nFrame = frames.length;
  if (nFrame === 0) throw new InputError('no data rows', source);
  const timeS = new Float64Array(nFrame);
  const positions = markerNames.map(() => new Float64Array(nFrame * 3));
  for (let f = 0; f < nFrame; f++) {
    const row = frames[f];
    timeS[f] = parseNumber(row[1]?.trim() ?? '', source, lineNos[f]);
    for (let m = 0; m < nMarker; m++) {
      for (let c = 0; c < 3; c++) {
        const field = (row[2 + 3 * m + c] ?? '').trim();
        positions[m][3 * f + c] = field === '' ? Number.NaN : parseNumber(field, source, lineNos[f]) * scale;
      }
    }
  }
  const positionsM = new Map(markerNames.map((n, m) => [n, positions[m]] as const));
  return { samplingRateHz, declaredUnits, timeS, markerNames, positionsM, source };
}

/** Reads and parses an OpenSim `.trc` file. @throws InputError (see parseTrc). */
export function readTrc(path: string): MarkerData {
  return parseTrc(readFileSync(path, 'utf8'), path);
}
