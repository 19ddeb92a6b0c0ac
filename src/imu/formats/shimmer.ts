/**
 * Calibrated Shimmer CSV as distributed with gaitmap-datasets' eGait test data
 * (EgaitParameterValidation2013, Shimmer2R foot sensors):
 * ```
 * n_samples,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z
 * 0,-1.306,0.378,0.038,1.904,0.585,-0.146
 * ```
 * Acceleration in g, angular rate in deg/s, the Shimmer's own axes (`meta.frame = 'sensor-native'`).
 * `n_samples` is not a usable clock (it is 0 on every row of the eGait files), so time is
 * index / rate and the rate must be given (102.4 Hz for the eGait recordings).
 * The calibration of these files is rough (|acc| at rest ≈ 1.4–1.6 g), so the gravity check runs
 * with the 'rough' tolerance and reports the deviation as a note. The uncalibrated files with the
 * same header hold raw ADC counts; the gravity check rejects them with a message saying so.
 */
import { InputError } from '../../errors.ts';
import type { Trace } from '../trace.ts';
import { assembleTrace } from './assemble.ts';
import { headerOnly } from './canonical.ts';
import { LineReader, parseNumericTable, splitHeader } from './table.ts';
import { DEFAULT_MAX_ROWS, type ReadOptions } from './types.ts';

export const SHIMMER_COLUMNS = ['acc_x', 'acc_y', 'acc_z', 'gyr_x', 'gyr_y', 'gyr_z'] as const;

/** True if the header is the eGait/Shimmer layout. */
export const looksLikeShimmer = (header: string): boolean => /^\s*"?n_samples"?\s*,/i.test(header);

/**
 * Reads a calibrated Shimmer CSV.
 * @throws InputError when rateHz is missing, a column is missing, or the data are bad
 */
export function readShimmer(text: string, options: ReadOptions, source: string): Trace {
  const lines = new LineReader(text);
  const header = lines.nextNonBlank();
  if (!header) throw new InputError('no header row', source);
  const names = splitHeader(lines.textOf(header), ',');
  const missing = SHIMMER_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new InputError(
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; expected n_samples,${SHIMMER_COLUMNS.join(',')} (found: ${names.join(',')})`,
      `${source}:${header.number}`,
    );
  }
  if (options.rateHz === undefined) {
    throw new InputError(
      'Shimmer CSV files of this layout do not store the sampling rate: pass rateHz (CLI --rate), ' +
        'e.g. 102.4 for the eGait Shimmer2R recordings',
      source,
    );
  }
  const table = parseNumericTable({
    source,
    text,
    delimiter: ',',
    fieldCount: names.length,
    fields: SHIMMER_COLUMNS.map((c) => names.indexOf(c)),
    names: [...SHIMMER_COLUMNS],
    start: lines.offset,
    firstLineNumber: lines.nextLineNumber,
    headerLineNumber: header.number,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
  });
  if (table.rows === 0) throw headerOnly(source, header.number);
  return assembleTrace({
    source,
    channels: table.columns,
    channelNames: [...SHIMMER_COLUMNS],
    lineNumbers: table.lineNumbers,
    declaredRateHz: options.rateHz,
    rateDeclaredBy: 'options.rateHz',
    units: { acc: options.units?.acc ?? 'g', gyr: options.units?.gyr ?? 'deg/s' },
    unitsDeclaredBy: {
      acc: options.units?.acc ? 'options.units' : 'the calibrated Shimmer format',
      gyr: options.units?.gyr ? 'options.units' : 'the calibrated Shimmer format',
    },
    gravityTolerance: 'rough',
    allowGravityMismatch: options.allowGravityMismatch,
    fillGapsUpToS: options.fillGapsUpToS,
    site: options.site ?? 'unknown',
    side: options.side ?? 'unknown',
    meta: { format: 'shimmer', source, frame: 'sensor-native' },
    notes: [],
  });
}
