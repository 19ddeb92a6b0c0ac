/**
 * Xsens text exports (MT Manager / Awinda), as in the IPOL gait dataset (Voisard et al., IPOL
 * 2023, article 497):
 * ```
 * Acquisition frequency: 100 Hz
 * PacketCounter<TAB>Acc_X<TAB>Acc_Y<TAB>Acc_Z<TAB>Gyr_X<TAB>Gyr_Y<TAB>Gyr_Z<TAB>Mag_X…
 * ```
 * MT Manager's own exports start with `// key: value` lines instead (e.g. `// Update Rate: 100.0Hz`).
 * Units: Acc in m/s², Gyr in rad/s (Xsens defaults; the IPOL files peak at 12–24, which rules out
 * deg/s). Axes are the Xsens unit's own, recorded as `meta.frame = 'sensor-native'`.
 * Time comes from PacketCounter / rate (a uint16 that wraps at 65536; unwrapped here), so dropped
 * wireless packets show up as gaps instead of silently shortening the trace; the IPOL event labels
 * are indices on this counter grid.
 */
import { InputError } from '../../errors.ts';
import type { Trace } from '../trace.ts';
import { assembleTrace } from './assemble.ts';
import { checkDuplicateNames, headerOnly, parseSide } from './canonical.ts';
import { LineReader, detectDelimiter, parseNumericTable, splitHeader } from './table.ts';
import { DEFAULT_MAX_ROWS, type ReadOptions } from './types.ts';

export const XSENS_CHANNELS = ['Acc_X', 'Acc_Y', 'Acc_Z', 'Gyr_X', 'Gyr_Y', 'Gyr_Z'] as const;
const RATE_LINE = /^(?:\/\/\s*)?(?:Acquisition frequency|Update Rate|Sample ?rate|Output rate)\s*[:=]\s*(.*)$/i;
const COUNTER_PERIOD = 65536;

/** True if the text starts like an Xsens export. */
export function looksLikeXsens(firstLines: string[]): boolean {
  return firstLines.some((l) => /^Acquisition frequency\s*:/i.test(l) || /^(\/\/\s*)?PacketCounter\b/.test(l.trim()) || /^\/\/\s*(General information|MT Manager)/i.test(l));
}

/**
 * Reads an Xsens text export.
 * @throws InputError for a missing or bad rate line, missing channels, or bad data
 */
export function readXsens(text: string, options: ReadOptions, source: string): Trace {
  const lines = new LineReader(text);
  const meta: Record<string, string> = { format: 'xsens', source, frame: 'sensor-native' };
  let fileRateHz: number | undefined;
  let header = lines.nextNonBlank();
  while (header) {
    const t = lines.textOf(header).trim();
    const rate = RATE_LINE.exec(t);
    if (rate) {
      const value = Number.parseFloat(rate[1]);
      if (!Number.isFinite(value) || value <= 0) {
        throw new InputError(
          `cannot read the sampling rate from "${t}"; expected e.g. "Acquisition frequency: 100 Hz"`,
          `${source}:${header.number}`,
        );
      }
      fileRateHz = value;
    } else if (t.startsWith('//')) {
      const kv = /^\/\/\s*([^:]+):\s*(.*)$/.exec(t);
      if (kv) meta[kv[1].trim()] = kv[2].trim();
    } else {
      break;
    }
    header = lines.nextNonBlank();
  }
  if (!header) throw new InputError('no header row: expected "PacketCounter<TAB>Acc_X<TAB>…<TAB>Gyr_Z" after the rate line', source);
  const headerText = lines.textOf(header);
  const delimiter = detectDelimiter(headerText) ?? '\t';
  const names = splitHeader(headerText, delimiter);
  checkDuplicateNames(names, source, header.number);
  const lower = names.map((n) => n.toLowerCase());
  const missing = XSENS_CHANNELS.filter((c) => !lower.includes(c.toLowerCase()));
  if (missing.length > 0) {
    const free = lower.some((n) => n.startsWith('freeacc')) ? ' (FreeAcc_* has gravity removed and cannot replace Acc_*: export Acc)' : '';
    throw new InputError(
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the Xsens header${free}; ` +
        `expected ${XSENS_CHANNELS.join(', ')} (found: ${names.join(', ')})`,
      `${source}:${header.number}`,
    );
  }
  const rateHz = options.rateHz ?? fileRateHz;
  if (rateHz === undefined) {
    throw new InputError('no "Acquisition frequency: N Hz" line and no rateHz option: pass rateHz (CLI --rate)', source);
  }
  const counterField = lower.indexOf('packetcounter');
  const fields = XSENS_CHANNELS.map((c) => lower.indexOf(c.toLowerCase()));
  const fieldNames: string[] = [...XSENS_CHANNELS];
  if (counterField >= 0) {
    fields.unshift(counterField);
    fieldNames.unshift('PacketCounter');
  }
  const table = parseNumericTable({
    source,
    text,
    delimiter,
    fieldCount: names.length,
    fields,
    names: fieldNames,
    start: lines.offset,
    firstLineNumber: lines.nextLineNumber,
    headerLineNumber: header.number,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
  });
  if (table.rows === 0) throw headerOnly(source, header.number);
  let timeS: Float64Array | undefined;
  if (counterField >= 0) {
    const counter = table.columns[0];
    timeS = new Float64Array(table.rows);
    let offset = 0;
    for (let i = 0; i < table.rows; i++) {
      if (i > 0) {
        const step = counter[i] - counter[i - 1];
        // uint16 wrap-around: a large drop from the top of the range to the bottom
        if (step < 0 && step + COUNTER_PERIOD > 0 && step + COUNTER_PERIOD < COUNTER_PERIOD / 2 && counter[i - 1] >= COUNTER_PERIOD / 2) {
          offset += COUNTER_PERIOD;
        }
      }
      timeS[i] = (counter[i] + offset) / rateHz;
    }
    if (offset > 0) meta.packetCounterWraps = String(offset / COUNTER_PERIOD);
    meta.firstPacketCounter = String(counter[0]);
  }
  const notes: string[] = [];
  let side = options.side;
  if (side === undefined) {
    const fromName = /[_-](lf|rf|left|right)\.[a-z]+$/i.exec(source);
    if (fromName) {
      side = parseSide(fromName[1].toLowerCase().startsWith('l') ? 'left' : 'right');
      notes.push(`side '${side}' taken from the file name (${fromName[1]}); pass side to override`);
    }
  }
  const channels = counterField >= 0 ? table.columns.slice(1) : table.columns;
  return assembleTrace({
    source,
    timeS,
    timeName: 'PacketCounter',
    channels,
    channelNames: [...XSENS_CHANNELS],
    lineNumbers: table.lineNumbers,
    declaredRateHz: rateHz,
    rateDeclaredBy: options.rateHz !== undefined ? 'options.rateHz' : 'the "Acquisition frequency" line',
    units: { acc: options.units?.acc ?? 'm/s2', gyr: options.units?.gyr ?? 'rad/s' },
    unitsDeclaredBy: {
      acc: options.units?.acc ? 'options.units' : 'the Xsens export convention',
      gyr: options.units?.gyr ? 'options.units' : 'the Xsens export convention',
    },
    gravityTolerance: 'standard',
    allowGravityMismatch: options.allowGravityMismatch,
    fillGapsUpToS: options.fillGapsUpToS,
    site: options.site ?? 'unknown',
    side: side ?? 'unknown',
    meta,
    notes,
  });
}
