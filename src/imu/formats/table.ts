/**
 * Delimited numeric tables: the one hot loop every reader shares.
 *
 * Readers parse their own preamble (comments, header rows) with {@link LineReader}, then hand the
 * data section to {@link parseNumericTable}, which scans the text in place, parses only the
 * wanted fields with {@link parseCell}, and fails with the file, line and column of the first
 * problem.
 */
import { InputError } from '../../errors.ts';
import { CellStatus, countNewlines, lastCellStatus, lastScanEnd, lastScanFast, parseCell, scanNumberBytes } from './numeric.ts';

/** One line of text: `text.slice(start, end)` without the line break; `number` is 1-based. */
export interface LineSpan {
  start: number;
  end: number;
  number: number;
}

/** Reads a text line by line (for preambles and headers; the data rows use the table parser). */
export class LineReader {
  private position = 0;
  private lineNumber = 0;
  constructor(readonly text: string) {}

  /** Offset of the next unread line. */
  get offset(): number {
    return this.position;
  }
  /** 1-based number of the next unread line. */
  get nextLineNumber(): number {
    return this.lineNumber + 1;
  }

  /** The next line, or undefined at the end of the text. */
  next(): LineSpan | undefined {
    if (this.position >= this.text.length) return undefined;
    const start = this.position;
    let end = this.text.indexOf('\n', start);
    if (end === -1) end = this.text.length;
    this.position = end + 1;
    this.lineNumber++;
    let contentEnd = end;
    if (contentEnd > start && this.text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
    return { start, end: contentEnd, number: this.lineNumber };
  }

  /** The next line that is not blank, or undefined. */
  nextNonBlank(): LineSpan | undefined {
    for (let line = this.next(); line; line = this.next()) {
      if (this.text.slice(line.start, line.end).trim() !== '') return line;
    }
    return undefined;
  }

  /** Line text. */
  textOf(line: LineSpan): string {
    return this.text.slice(line.start, line.end);
  }
}

/** Picks the delimiter of a header line: the most frequent of tab, comma and semicolon. */
export function detectDelimiter(headerLine: string): ',' | '\t' | ';' | undefined {
  const counts: [',' | '\t' | ';', number][] = [
    ['\t', headerLine.split('\t').length - 1],
    [',', headerLine.split(',').length - 1],
    [';', headerLine.split(';').length - 1],
  ];
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : undefined;
}

/** Splits a header line into trimmed names without surrounding quotes. */
export function splitHeader(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim());
}

/** Human-readable delimiter name for messages. */
export const delimiterName = (delimiter: string): string =>
  delimiter === '\t' ? 'tab' : delimiter === ',' ? 'comma' : delimiter === ';' ? 'semicolon' : `'${delimiter}'`;

export interface NumericTableSpec {
  /** File name (or "input") used in error locations. */
  source: string;
  text: string;
  delimiter: string;
  /** Fields every data row must have (from the header). */
  fieldCount: number;
  /** 0-based field indices to parse, in output order. */
  fields: number[];
  /** Names of those fields, for messages. */
  names: string[];
  /** Offset of the first data line in `text`. */
  start: number;
  /** 1-based line number of the first data line. */
  firstLineNumber: number;
  /** 1-based line number of the header (for the ragged-row message). */
  headerLineNumber?: number;
  /** Reject the file if it holds more data rows than this. */
  maxRows: number;
}

export interface NumericTable {
  /** One column per requested field; NaN where the cell was missing. (nRow) each */
  columns: Float64Array[];
  /** 1-based file line number of each row. (nRow) */
  lineNumbers: Int32Array;
  rows: number;
}

const shorten = (s: string): string => (s.length > 40 ? `${s.slice(0, 37)}…` : s);

/**
 * Parses the data rows of a delimited numeric table.
 * Blank lines are skipped; `#` lines are skipped; a trailing delimiter is tolerated.
 * @throws InputError on a non-numeric cell (file:line:column), a row with the wrong number of
 *   fields, or more rows than `maxRows`.
 */
export function parseNumericTable(spec: NumericTableSpec): NumericTable {
  const { text, delimiter, fieldCount, source } = spec;
  const wanted = new Int32Array(fieldCount + 1).fill(-1); // field index → output column
  spec.fields.forEach((field, column) => {
    wanted[field] = column;
  });
  // Scan bytes, not the string: indexing a Uint8Array is several times faster than charCodeAt.
  const bytes = Buffer.from(text.slice(spec.start), 'utf8');
  const length = bytes.length;
  const estimate = countNewlines(text, spec.start) + 1;
  const capacity = Math.min(estimate, spec.maxRows + 1);
  const columns = spec.fields.map(() => new Float64Array(capacity));
  const lineNumbers = new Int32Array(capacity);
  const delimiterCode = delimiter.charCodeAt(0);
  let position = 0;
  let lineNumber = spec.firstLineNumber;
  let row = 0;
  for (; position < length; lineNumber++) {
    const lineStart = position;
    // Skip blank and comment lines.
    let first = lineStart;
    while (first < length && (bytes[first] === 32 || bytes[first] === 13)) first++;
    if (first >= length) break;
    if (bytes[first] === 10 || bytes[first] === 35 /* # */) {
      const next = bytes.indexOf(10, first);
      position = next === -1 ? length : next + 1;
      continue;
    }
    if (row >= spec.maxRows) {
      throw new InputError(
        `the file has more than ${spec.maxRows} data rows (the maxRows limit); ` +
          'split the recording, or raise maxRows if the machine has the memory for it',
        `${source}:${lineNumber}`,
      );
    }
    let field = 0;
    let cellStart = lineStart;
    while (true) {
      const column = field < fieldCount ? wanted[field] : -1;
      let cellEnd: number;
      if (column >= 0) {
        let value = scanNumberBytes(bytes, cellStart, length, delimiterCode);
        cellEnd = lastScanEnd();
        if (!lastScanFast()) {
          const cell = bytes.toString('utf8', cellStart, cellEnd);
          value = parseCell(cell, 0, cell.length);
          if (lastCellStatus() === CellStatus.Invalid) throw nonNumeric(spec, cell, lineNumber, field, spec.names[column]);
        }
        columns[column][row] = value;
      } else {
        cellEnd = cellStart;
        while (cellEnd < length && bytes[cellEnd] !== delimiterCode && bytes[cellEnd] !== 10) cellEnd++;
        if (field >= fieldCount) {
          const atLineEnd = cellEnd >= length || bytes[cellEnd] === 10;
          // a trailing delimiter alone is fine; anything else is an extra field
          if (!(field === fieldCount && atLineEnd && isBlank(bytes, cellStart, cellEnd))) {
            throw ragged(spec, lineNumber, countFields(bytes, lineStart, length, delimiterCode));
          }
        }
      }
      field++;
      if (cellEnd >= length || bytes[cellEnd] === 10) {
        position = cellEnd + 1;
        break;
      }
      cellStart = cellEnd + 1;
    }
    if (field < fieldCount) throw ragged(spec, lineNumber, field);
    lineNumbers[row] = lineNumber;
    row++;
  }
  return {
    columns: columns.map((column) => column.subarray(0, row)),
    lineNumbers: lineNumbers.subarray(0, row),
    rows: row,
  };
}

function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c !== 32 && c !== 13 && c !== 9) return false;
  }
  return true;
}

function countFields(bytes: Uint8Array, start: number, end: number, delimiterCode: number): number {
  let fields = 1;
  for (let i = start; i < end && bytes[i] !== 10; i++) if (bytes[i] === delimiterCode) fields++;
  return fields;
}

function ragged(spec: NumericTableSpec, lineNumber: number, found: number): InputError {
  const header = spec.headerLineNumber ? ` (as the header on line ${spec.headerLineNumber})` : '';
  return new InputError(
    `row has ${found} fields, expected ${spec.fieldCount}${header}, separated by ${delimiterName(spec.delimiter)}s; ` +
      'the row is truncated or has extra cells: fix or delete that line',
    `${spec.source}:${lineNumber}`,
  );
}

function nonNumeric(
  spec: NumericTableSpec,
  cell: string,
  lineNumber: number,
  field: number,
  name: string,
): InputError {
  const found = cell.trim();
  let hint = 'expected a decimal number such as -9.81 or 1.2e-3 (or empty/NaN for a missing value)';
  if (/^[-+]?\d+,\d+$/.test(found)) {
    hint = 'this looks like a decimal comma: export with a decimal point, or convert "," to "."';
  } else if (/^[-+]?inf(inity)?$/i.test(found)) {
    hint = 'infinite values are not accepted: the sensor saturated or the export failed';
  }
  return new InputError(
    `non-numeric value "${shorten(found)}" in column ${name} (field ${field + 1}); ${hint}`,
    `${spec.source}:${lineNumber}:${field + 1}`,
  );
}
