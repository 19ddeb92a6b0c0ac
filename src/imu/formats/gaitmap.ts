/**
 * gaitmap-style CSV (pandas MultiIndex columns written by `DataFrame.to_csv`), as in the gaitmap
 * example data (github.com/mad-lab-fau/gaitmap, `example_data/imu_sample.csv`):
 * ```
 * sensor,left_sensor,right_sensor,left_sensor,…
 * axis,acc_x,acc_x,acc_y,…
 * 0,0.88,0.31,2.76,…
 * ```
 * The first column is the sample index (its header cells may be empty). Units by gaitmap
 * convention (gaitmap `docs/source/user_guide/prepare_data.rst`): acc in m/s², gyro in deg/s; the
 * axes are the gaitmap foot sensor frame (x toward the toes, y left, z up). The sampling rate is
 * not in the file: pass `rateHz` (204.8 Hz for imu_sample.csv, 102.4 Hz for the *_ic_stride file).
 */
import { InputError } from '../../errors.ts';
import type { Trace } from '../trace.ts';
import { assembleTrace } from './assemble.ts';
import { headerOnly, parseSide } from './canonical.ts';
import { LineReader, parseNumericTable, splitHeader } from './table.ts';
import { DEFAULT_MAX_ROWS, type ReadOptions } from './types.ts';

export const GAITMAP_AXES = ['acc_x', 'acc_y', 'acc_z', 'gyr_x', 'gyr_y', 'gyr_z'] as const;

/** True if the first two lines look like a gaitmap two-row header. */
export function looksLikeGaitmap(first: string, second: string | undefined): boolean {
  if (second === undefined) return false;
  const row1 = splitHeader(first, ',');
  const row2 = splitHeader(second, ',');
  if (row1.length < 7 || row1.length !== row2.length) return false;
  if (!(row2[0] === '' || row2[0].toLowerCase() === 'axis')) return false;
  if (!(row1[0] === '' || row1[0].toLowerCase() === 'sensor')) return false;
  return row2.slice(1).some((a) => (GAITMAP_AXES as readonly string[]).includes(a));
}

/**
 * Reads every sensor of a gaitmap-style CSV, in header order.
 * @throws InputError when `rateHz` is missing, a sensor lacks an axis, or the data are bad
 */
export function readGaitmap(text: string, options: ReadOptions, source: string): Trace[] {
  const lines = new LineReader(text);
  const first = lines.nextNonBlank();
  const second = lines.next();
  if (!first || !second || !looksLikeGaitmap(lines.textOf(first), lines.textOf(second))) {
    throw new InputError(
      'not a gaitmap-style file: expected two header rows, "sensor,<name>,…" and "axis,acc_x,…" (the first cells may be empty)',
      `${source}:1`,
    );
  }
  const sensorsRow = splitHeader(lines.textOf(first), ',');
  const axesRow = splitHeader(lines.textOf(second), ',');
  if (options.rateHz === undefined) {
    throw new InputError(
      'gaitmap-style files do not store the sampling rate: pass rateHz (CLI --rate), e.g. 204.8 for the gaitmap ' +
        'example imu_sample.csv or 102.4 for NilsPod/Shimmer recordings at that rate',
      source,
    );
  }
  // sensor name → axis → field index
  const sensors = new Map<string, Map<string, number>>();
  for (let field = 1; field < sensorsRow.length; field++) {
    const sensor = sensorsRow[field];
    const axis = axesRow[field];
    if (!sensors.has(sensor)) sensors.set(sensor, new Map());
    const axes = sensors.get(sensor)!;
    if (axes.has(axis)) {
      throw new InputError(`column (${sensor}, ${axis}) appears twice in the header; remove the duplicate`, `${source}:${second.number}:${field + 1}`);
    }
    axes.set(axis, field);
  }
  let names = [...sensors.keys()];
  if (options.sensor !== undefined) {
    if (!sensors.has(options.sensor)) {
      throw new InputError(`no sensor '${options.sensor}' in the file; it holds: ${names.join(', ')}`, `${source}:${first.number}`);
    }
    names = [options.sensor];
  }
  for (const name of names) {
    const axes = sensors.get(name)!;
    const missing = GAITMAP_AXES.filter((a) => !axes.has(a));
    if (missing.length > 0) {
      throw new InputError(
        `sensor '${name}' is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; each sensor needs ${GAITMAP_AXES.join(', ')}`,
        `${source}:${second.number}`,
      );
    }
  }
  const fields = [0];
  const fieldNames = ['index'];
  for (const name of names) {
    for (const axis of GAITMAP_AXES) {
      fields.push(sensors.get(name)!.get(axis)!);
      fieldNames.push(`${name}/${axis}`);
    }
  }
  const table = parseNumericTable({
    source,
    text,
    delimiter: ',',
    fieldCount: sensorsRow.length,
    fields,
    names: fieldNames,
    start: lines.offset,
    firstLineNumber: lines.nextLineNumber,
    headerLineNumber: first.number,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
  });
  if (table.rows === 0) throw headerOnly(source, second.number);
  const rateHz = options.rateHz;
  const index = table.columns[0];
  return names.map((name, s) => {
    const timeS = new Float64Array(table.rows);
    for (let i = 0; i < table.rows; i++) timeS[i] = index[i] / rateHz;
    const side = options.side ?? parseSide(/left/i.test(name) ? 'left' : /right/i.test(name) ? 'right' : undefined) ?? 'unknown';
    return assembleTrace({
      source: names.length > 1 ? `${source}[${name}]` : source,
      timeS,
      timeName: 'index',
      channels: table.columns.slice(1 + s * 6, 7 + s * 6).map((c) => c.slice()),
      channelNames: fieldNames.slice(1 + s * 6, 7 + s * 6),
      lineNumbers: table.lineNumbers,
      declaredRateHz: rateHz,
      rateDeclaredBy: 'options.rateHz',
      units: { acc: options.units?.acc ?? 'm/s2', gyr: options.units?.gyr ?? 'deg/s' },
      unitsDeclaredBy: {
        acc: options.units?.acc ? 'options.units' : 'the gaitmap convention',
        gyr: options.units?.gyr ? 'options.units' : 'the gaitmap convention',
      },
      gravityTolerance: 'standard',
      allowGravityMismatch: options.allowGravityMismatch,
      fillGapsUpToS: options.fillGapsUpToS,
      site: options.site ?? 'foot',
      side,
      meta: { format: 'gaitmap', source, sensor: name, frame: 'gaitmap-fsf' },
      notes: [],
    });
  });
}
