/**
 * Readers for the Fukuchi running biomechanics dataset (RBDS; Fukuchi, Fukuchi & Duarte 2017,
 * PeerJ 5:e3298, doi 10.7717/peerj.3298) as stored in shared/data/rbds-running:
 * - `RBDSxxxprocessed.txt`: 101-point normalised cycles (`PercGcycle` 0–100), columns such as
 *   `RkneeAngZ35` = right knee angle, sagittal component (Z), at 3.5 m/s. Z is flexion-positive for hip
 *   and knee and dorsiflexion-positive for the ankle (data/README.md). GRF columns (`RgrfY35`, N/kg
 *   [D: peak ≈ 20 for a 62 kg runner, i.e. ≈ 2 BW]) are NaN outside stance.
 * - `RBDSxxxrunTyymarkers.txt` / `RBDSxxxstatic.txt`: `Time` then `<marker>X/Y/Z` in mm, Y vertical.
 * - `RBDSxxxrunTyyforces.txt`: `Time` (a 1-based sample counter, not seconds), `Fx Fy Fz` (N, Fy
 *   vertical), `COPx COPy COPz` (mm), `Ty`; sampled at 300 Hz (data/README.md).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.ts';
import type { MarkerData, NumericTable } from './opensim.ts';
import { tableColumn } from './opensim.ts';

/**
 * Parses a tab-separated table with one header line; empty fields and "NaN" become NaN.
 * @throws InputError when a field is not numeric or a row is short.
 */
export function parseTabTable(text: string, source = '<table>'): NumericTable {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new InputError('expected a header line and data rows', source);
  const columns = lines[0].split('\t').map((s) => s.trim());
  const n = lines.length - 1;
  const data = columns.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const fields = lines[i + 1].split('\t');
    if (fields.length < columns.length) {
      throw new InputError(`expected ${columns.length} fields, found ${fields.length}`, `${source}:${i + 2}`);
    }
    for (let j = 0; j < columns.length; j++) {
      const f = fields[j].trim();
      const v = f === '' || f.toLowerCase() === 'nan' ? Number.NaN : Number(f);
      if (Number.isNaN(v) && f !== '' && f.toLowerCase() !== 'nan') {
        throw new InputError(`not a number: "${f}" in column ${columns[j]}`, `${source}:${i + 2}`);
      }
      data[j][i] = v;
    }
  }
  return { header: {}, columns, data, rowCount: n, source };
}

export type RbdsSide = 'R' | 'L';
export type RbdsJoint = 'hip' | 'knee' | 'ankle';
/** Treadmill speeds of the RBDS protocol, m/s. */
export const RBDS_SPEEDS_MPS = [2.5, 3.5, 4.5] as const;

/** Reads `RBDSxxxprocessed.txt`. @throws InputError if it lacks `PercGcycle` or is malformed. */
export function readRbdsProcessed(path: string): NumericTable {
  const table = parseTabTable(readFileSync(path, 'utf8'), path);
  tableColumn(table, 'PercGcycle');
  return table;
}

function speedSuffix(speedMps: number, source: string): string {
  const suffix = Math.round(speedMps * 10).toString();
  if (!RBDS_SPEEDS_MPS.some((s) => Math.abs(s - speedMps) < 1e-9)) {
    throw new InputError(`RBDS speed must be one of ${RBDS_SPEEDS_MPS.join(', ')} m/s, got ${speedMps}`, source);
  }
  return suffix;
}

/**
 * Sagittal joint angle over the 101-point cycle, degrees (flexion / dorsiflexion positive).
 * @param speedMps 2.5, 3.5 or 4.5
 * @throws InputError for another speed or a missing column.
 */
export function rbdsSagittalAngleDeg(table: NumericTable, side: RbdsSide, joint: RbdsJoint, speedMps: number): Float64Array {
  return tableColumn(table, `${side}${joint}AngZ${speedSuffix(speedMps, table.source)}`);
}

/** Vertical GRF over the cycle, N/kg, NaN outside stance. @throws InputError (see rbdsSagittalAngleDeg). */
export function rbdsVerticalGrfNPerKg(table: NumericTable, side: RbdsSide, speedMps: number): Float64Array {
  return tableColumn(table, `${side}grfY${speedSuffix(speedMps, table.source)}`);
}

/**
 * Reads an RBDS marker text file (running trial or static) into metres.
 * @param samplingRateHz used only if `Time` has fewer than two samples (150 Hz in RBDS)
 * @throws InputError when a column is not `<name>X/Y/Z` or values are malformed.
 */
export function readRbdsMarkers(path: string, samplingRateHz = 150): MarkerData {
  const table = parseTabTable(readFileSync(path, 'utf8'), path);
  const timeS = Float64Array.from(tableColumn(table, 'Time'));
  const names: string[] = [];
  const positionsM = new Map<string, Float64Array>();
  for (let j = 1; j < table.columns.length; j += 3) {
    const cx = table.columns[j];
    const base = cx.slice(0, -1);
    if (!cx.endsWith('X') || table.columns[j + 1] !== `${base}Y` || table.columns[j + 2] !== `${base}Z`) {
      throw new InputError(`expected columns ${base}X, ${base}Y, ${base}Z at column ${j + 1}`, path);
    }
    const p = new Float64Array(table.rowCount * 3);
    for (let i = 0; i < table.rowCount; i++) {
      for (let c = 0; c < 3; c++) p[3 * i + c] = table.data[j + c][i] * 1e-3; // mm → m
    }
    names.push(base);
    positionsM.set(base, p);
  }
  const rate = timeS.length > 1 ? (timeS.length - 1) / (timeS[timeS.length - 1] - timeS[0]) : samplingRateHz;
  return { samplingRateHz: rate, declaredUnits: 'mm', timeS, markerNames: names, positionsM, source: path };
}

/** Treadmill force-plate signals. */
export interface RbdsForces {
  readonly samplingRateHz: number;
  readonly timeS: Float64Array; // (nSample)
  /** Vertical ground reaction force, N. (nSample) */
  readonly verticalForceN: Float64Array;
  readonly source: string;
}

/**
 * Reads `RBDSxxxrunTyyforces.txt`. Its `Time` column is a 1-based sample counter, so time is
 * rebuilt from the sampling rate.
 * @param samplingRateHz 300 Hz for RBDS (data/README.md)
 * @throws InputError when `Fy` is missing or the rate is not positive.
 */
export function readRbdsForces(path: string, samplingRateHz = 300): RbdsForces {
  if (!(samplingRateHz > 0)) throw new InputError(`samplingRateHz must be > 0, got ${samplingRateHz}`, path);
  const table = parseTabTable(readFileSync(path, 'utf8'), path);
  const counter = tableColumn(table, 'Time');
  const timeS = Float64Array.from(counter, (c) => (c - counter[0]) / samplingRateHz);
  return { samplingRateHz, timeS, verticalForceN: Float64Array.from(tableColumn(table, 'Fy')), source: path };
}
