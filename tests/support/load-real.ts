/**
 * Minimal loaders for the two real datasets used by the pipeline validation tests
 * (independent of src/imu/formats so the pipeline tests do not depend on the reader).
 * Data: ../shared/data (see /work/shared/data/README.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Side, Trace } from '../../src/imu/trace.ts';

export const SHARED_DATA = path.resolve(process.cwd(), '../shared/data');
export const GAITMAP_DIR = path.join(SHARED_DATA, 'gaitmap-example');
export const IPOL_DIR = path.join(SHARED_DATA, 'ipol-gait', 'GaitData');

function makeTrace(acc: number[], gyr: number[], fs: number, side: Side, meta: Record<string, string>): Trace {
  const n = acc.length / 3;
  const timeS = new Float64Array(n);
  for (let i = 0; i < n; i++) timeS[i] = i / fs;
  return {
    timeS,
    accMps2: Float64Array.from(acc),
    gyrRadS: Float64Array.from(gyr),
    samplingRateHz: fs,
    site: 'foot',
    side,
    meta,
    notes: [],
  };
}

/**
 * gaitmap `imu_sample.csv`: two header rows (sensor, axis), first column the sample index,
 * 204.8 Hz, acc m/s², gyro deg/s, already in the foot sensor frame.
 */
export function loadGaitmapImu(file = path.join(GAITMAP_DIR, 'imu_sample.csv')): { left: Trace; right: Trace } {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const sensors = lines[0].split(',');
  const axes = lines[1].split(',');
  const col = (sensor: string, axis: string): number => {
    for (let c = 1; c < axes.length; c++) if (sensors[c] === sensor && axes[c] === axis) return c;
    throw new Error(`gaitmap csv: missing column ${sensor}/${axis}`);
  };
  const out: Record<'left' | 'right', Trace> = {} as Record<'left' | 'right', Trace>;
  for (const side of ['left', 'right'] as const) {
    const cols = ['acc_x', 'acc_y', 'acc_z', 'gyr_x', 'gyr_y', 'gyr_z'].map((a) => col(`${side}_sensor`, a));
    const acc: number[] = [];
    const gyr: number[] = [];
    for (let r = 2; r < lines.length; r++) {
      const cells = lines[r].split(',');
      for (let a = 0; a < 3; a++) acc.push(Number(cells[cols[a]]));
      for (let a = 0; a < 3; a++) gyr.push((Number(cells[cols[3 + a]]) * Math.PI) / 180);
    }
    out[side] = makeTrace(acc, gyr, 204.8, side, { source: 'gaitmap-example/imu_sample.csv' });
  }
  return out;
}

/** Rows of a simple CSV with a header; the first (unnamed) column is kept under ''. */
export function readCsvRows(file: string): Record<string, string>[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',');
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    const row: Record<string, string> = {};
    header.forEach((h, i) => (row[h] = cells[i]));
    return row;
  });
}

/**
 * ipol-gait Xsens text file: line 1 `Acquisition frequency: 100 Hz`, then a tab-separated header
 * `PacketCounter Acc_X … Gyr_Z Mag_X …`; acc m/s², gyro rad/s, in the Xsens unit's own axes.
 */
export function loadXsensTxt(file: string, side: Side): Trace {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim().length > 0);
  const m = /Acquisition frequency:\s*([\d.]+)\s*Hz/.exec(lines[0]);
  if (!m) throw new Error(`${file}: missing 'Acquisition frequency' line`);
  const fs = Number(m[1]);
  const header = lines[1].split('\t').map((h) => h.trim());
  const counterCol = header.indexOf('PacketCounter');
  const idx = ['Acc_X', 'Acc_Y', 'Acc_Z', 'Gyr_X', 'Gyr_Y', 'Gyr_Z'].map((h) => header.indexOf(h));
  if (counterCol < 0 || idx.some((i) => i < 0)) throw new Error(`${file}: missing PacketCounter/Acc/Gyr columns`);
  // Xsens drops packets (gaps of 2–7 counts in these files); the labels count packets, so the
  // samples are placed on the PacketCounter grid from 0 and gaps are filled linearly.
  const counters: number[] = [];
  const values: number[][] = [];
  for (let r = 2; r < lines.length; r++) {
    const cells = lines[r].split('\t');
    counters.push(Number(cells[counterCol]));
    values.push(idx.map((i) => Number(cells[i])));
  }
  const last = counters[counters.length - 1];
  const acc: number[] = [];
  const gyr: number[] = [];
  let j = 0;
  for (let c = 0; c <= last; c++) {
    while (j + 1 < counters.length && counters[j + 1] <= c) j++;
    const c0 = counters[j];
    const c1 = j + 1 < counters.length ? counters[j + 1] : c0;
    const f = c <= c0 || c1 === c0 ? 0 : (c - c0) / (c1 - c0);
    const v0 = values[j];
    const v1 = values[Math.min(j + 1, values.length - 1)];
    for (let a = 0; a < 3; a++) acc.push(v0[a] + f * (v1[a] - v0[a]));
    for (let a = 3; a < 6; a++) gyr.push(v0[a] + f * (v1[a] - v0[a]));
  }
  return makeTrace(acc, gyr, fs, side, { source: path.basename(file) });
}

export interface IpolLabels {
  trialBoundaries: [number, number];
  uTurnBoundaries: [number, number];
  /** [toe-off, heel-strike] sample pairs, 100 Hz. */
  left: Array<[number, number]>;
  right: Array<[number, number]>;
}

/** ipol-gait trial: both foot traces and the labelled swings. */
export function loadIpolTrial(subject: number, trial: number): { left: Trace; right: Trace; labels: IpolLabels } {
  const base = path.join(IPOL_DIR, `${subject}-${trial}`);
  // the files contain bare NaN (e.g. a missing weight), which JSON does not allow
  const j = JSON.parse(readFileSync(`${base}.json`, 'utf8').replace(/\bNaN\b/g, 'null')) as {
    TrialBoundaries: [number, number];
    UTurnBoundaries: [number, number];
    LeftFootEvents: Array<[number, number]>;
    RightFootEvents: Array<[number, number]>;
  };
  return {
    left: loadXsensTxt(`${base}_lf.txt`, 'left'),
    right: loadXsensTxt(`${base}_rf.txt`, 'right'),
    labels: { trialBoundaries: j.TrialBoundaries, uTurnBoundaries: j.UTurnBoundaries, left: j.LeftFootEvents, right: j.RightFootEvents },
  };
}

/** The ipol subject-trial pairs present for subjects 1–2. */
export const IPOL_TRIALS: ReadonlyArray<[number, number]> = [
  [1, 1], [1, 2], [1, 3], [1, 4], [1, 5], [1, 6],
  [2, 1], [2, 2], [2, 3], [2, 4],
];
