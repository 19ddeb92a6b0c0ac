import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { detectContacts, stanceFractions } from '../../src/refdata/events.ts';
import { markerPositions, parseMot, parseTrc, readMot, readTrc, tableColumn } from '../../src/refdata/opensim.ts';
import { parseTabTable, rbdsSagittalAngleDeg, readRbdsForces, readRbdsMarkers, readRbdsProcessed } from '../../src/refdata/rbds.ts';

const dataDir = path.resolve(process.cwd(), '../shared/data');

describe('OpenSim .mot reader', () => {
  it('parses the modern header', () => {
    const t = parseMot('Coordinates\nversion=1\nnRows=2\ninDegrees=yes\nendheader\ntime\tknee_angle_r\n 0.0\t-10.5\n 0.1\t-12\n');
    expect(t.header.indegrees).toBe('yes');
    expect(t.rowCount).toBe(2);
    expect(Array.from(tableColumn(t, 'knee_angle_r'))).toEqual([-10.5, -12]);
  });

  it('parses the legacy header with padded labels', () => {
    const t = parseMot('name x.mot\ndatacolumns 2\nrange 0 1\nendheader\n      time\t ground_force_vy\n0\t1\n0.5\t700\n');
    expect(t.header.datacolumns).toBe('2');
    expect(tableColumn(t, 'ground_force_vy')[1]).toBe(700);
  });

  it('rejects a file without endheader, short rows and unknown columns', () => {
    expect(() => parseMot('time\tx\n0\t1\n', 'a.mot')).toThrow(/endheader/);
    expect(() => parseMot('endheader\ntime\tx\n0\n', 'a.mot')).toThrow(/a\.mot:3/);
    const t = parseMot('endheader\ntime\tx\n0\t1\n');
    expect(() => tableColumn(t, 'y')).toThrow(InputError);
  });

  it('reads the Hamner files (60 Hz, 41 markers, GRF for both feet)', () => {
    const grf = readMot(path.join(dataDir, 'opensim-examples/running/subject02_running_grf.mot'));
    expect(grf.rowCount).toBe(601); // the header's "datarows 901" is wrong; the rows are what count
    expect(tableColumn(grf, '1_ground_force_vy').length).toBe(601);
    const ik = readMot(path.join(dataDir, 'opensim-examples/running/subject02_running_ik.mot'));
    expect(ik.header.indegrees).toBe('yes');
    const trc = readTrc(path.join(dataDir, 'opensim-examples/running/subject02_running.trc'));
    expect(trc.samplingRateHz).toBe(60);
    expect(trc.markerNames).toHaveLength(41);
    expect(trc.timeS).toHaveLength(600);
    // Heel marker ~5–50 cm above the floor, i.e. mm were converted to metres.
    const heel = markerPositions(trc, 'R.Heel');
    expect(heel[1]).toBeGreaterThan(0.03);
    expect(heel[1]).toBeLessThan(0.6);
  });
});

describe('OpenSim .trc reader', () => {
  const head = 'PathFileType\t4\t(X/Y/Z)\tx.trc\nDataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\n100\t100\t2\t2\tUNIT\nFrame#\tTime\tA\t\t\tB\t\t\nX1\tY1\tZ1\tX2\tY2\tZ2\n\n';
  it('converts units and keeps missing markers as NaN', () => {
    const d = parseTrc(head.replace('UNIT', 'mm') + '1\t0\t1000\t2000\t3000\t\t\t\n2\t0.01\t1\t2\t3\t4\t5\t6\n');
    expect(Array.from(markerPositions(d, 'A').slice(0, 3))).toEqual([1, 2, 3]);
    expect(Number.isNaN(markerPositions(d, 'B')[0])).toBe(true);
    expect(markerPositions(d, 'B')[5]).toBeCloseTo(0.006, 12);
    expect(() => markerPositions(d, 'C')).toThrow(InputError);
  });

  it('rejects unknown units and non-trc text', () => {
    expect(() => parseTrc(head.replace('UNIT', 'inch') + '1\t0\t1\t2\t3\t4\t5\t6\n')).toThrow(/Units/);
    expect(() => parseTrc('hello\n\n\n\n\n\n')).toThrow(/PathFileType/);
  });
});

describe('RBDS readers', () => {
  it('parses tab tables with NaN fields and rejects text', () => {
    const t = parseTabTable('a\tb\n1\tNaN\n2\t\n');
    expect(Number.isNaN(tableColumn(t, 'b')[0])).toBe(true);
    expect(Number.isNaN(tableColumn(t, 'b')[1])).toBe(true);
    expect(() => parseTabTable('a\tb\n1\tx\n', 'f.txt')).toThrow(/f\.txt:2/);
  });

  it('reads the processed cycles; right knee at 3.5 m/s spans 13–100° (data README)', () => {
    const table = readRbdsProcessed(path.join(dataDir, 'rbds-running/RBDS001processed.txt'));
    expect(table.rowCount).toBe(101);
    const knee = rbdsSagittalAngleDeg(table, 'R', 'knee', 3.5);
    expect(Math.min(...knee)).toBeCloseTo(13, -0.5);
    expect(Math.max(...knee)).toBeCloseTo(100, -0.5);
    expect(() => rbdsSagittalAngleDeg(table, 'R', 'knee', 3.0)).toThrow(/2\.5, 3\.5, 4\.5/);
  });

  it('reads markers (metres, 150 Hz) and forces (300 Hz, sample counter → seconds)', () => {
    const m = readRbdsMarkers(path.join(dataDir, 'rbds-running/RBDS001runT25markers.txt'));
    expect(m.samplingRateHz).toBeCloseTo(150, 0);
    expect(m.markerNames).toContain('R.ASIS');
    const asis = markerPositions(m, 'R.ASIS');
    expect(asis[1]).toBeGreaterThan(0.8); // ASIS ≈ 1 m high
    expect(asis[1]).toBeLessThan(1.3);
    const f = readRbdsForces(path.join(dataDir, 'rbds-running/RBDS001runT25forces.txt'));
    expect(f.timeS[1]).toBeCloseTo(1 / 300, 12);
    expect(f.timeS[f.timeS.length - 1]).toBeCloseTo(30, 1);
  });
});

describe('detectContacts', () => {
  const t = Float64Array.from({ length: 101 }, (_, i) => i * 0.01);
  it('locates threshold crossings by interpolation', () => {
    // force ramps 0 → 1000 N over 0.10–0.20 s, holds, ramps down 0.50–0.60 s
    const f = t.map((x) => (x < 0.1 ? 0 : x < 0.2 ? (x - 0.1) * 10000 : x < 0.5 ? 1000 : x < 0.6 ? (0.6 - x) * 10000 : 0));
    const ev = detectContacts(t, f);
    expect(ev.initialContactS).toHaveLength(1);
    expect(ev.initialContactS[0]).toBeCloseTo(0.105, 9); // 50 N at 5 % of the ramp
    expect(ev.toeOffS[0]).toBeCloseTo(0.595, 9);
  });

  it('bridges short dips, drops spikes, and omits contacts cut by the recording ends', () => {
    const f = t.map((x) => {
      if (x <= 0.05) return 800; // in contact at the start
      if (x >= 0.3 && x <= 0.6 && !(x > 0.445 && x < 0.455)) return 800; // one 1-sample dip
      if (Math.abs(x - 0.75) < 0.005) return 900; // 1-sample spike
      if (x >= 0.9) return 800; // in contact at the end
      return 0;
    });
    const ev = detectContacts(t, f);
    expect(ev.contacts).toHaveLength(3);
    expect(ev.initialContactS).toHaveLength(2); // the first contact's start is unknown
    expect(ev.toeOffS).toHaveLength(2); // the last contact's end is unknown
    expect(stanceFractions(ev)).toHaveLength(1);
    expect(stanceFractions(ev)[0]).toBeCloseTo((0.6 - 0.3) / (0.9 - 0.3), 1);
  });

  it('rejects mismatched lengths', () => {
    expect(() => detectContacts([0, 1], [0])).toThrow(InputError);
  });
});
