/**
 * The readers on every real recording in ../shared/data (see its README):
 * - gaitmap-example (gaitmap project, commit 05ad971): NilsPod, 204.8 / 102.4 Hz, m/s² and deg/s;
 * - ipol-gait (Voisard et al., IPOL 2023, article 497): Xsens MTw, 100 Hz, m/s² and rad/s;
 * - egait-sample (gaitmap-datasets, EgaitParameterValidation2013): Shimmer2R, 102.4 Hz, g and deg/s.
 * Expected counts are taken from the files themselves with a plain split (not the reader); rates
 * from the README; gravity must come out ≈ 9.81 m/s² at rest after conversion (eGait: its rough
 * calibration, 1.3–1.7 g, README "static norm ≈ 1.4 g"); peak angular rate must be that of
 * walking: ~720 °/s = 12.6 rad/s in the gaitmap example, 716 °/s median and 1369 °/s maximum over
 * the ipol foot files (reference/imu.md §B1, §C), so 5–25 rad/s.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { readTrace, readTraces } from '../../src/imu/formats/index.ts';
import { estimateGravity } from '../../src/imu/formats/units.ts';
import type { Trace } from '../../src/imu/trace.ts';
import { STANDARD_GRAVITY_MPS2 } from '../../src/units.ts';

const DATA = resolve(process.cwd(), '../shared/data');
const available = existsSync(DATA);

/** Gravity at rest (m/s²) and the peak |ω| (rad/s) of a trace. */
function stats(trace: Trace): { restMps2: number; restKind: string; peakRadS: number } {
  const n = trace.timeS.length;
  const axes = [0, 1, 2].map((a) => Float64Array.from({ length: n }, (_, i) => trace.accMps2[3 * i + a]));
  const gravity = estimateGravity(axes, trace.samplingRateHz);
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.hypot(trace.gyrRadS[3 * i], trace.gyrRadS[3 * i + 1], trace.gyrRadS[3 * i + 2]));
  return { restMps2: gravity.magnitude, restKind: gravity.kind, peakRadS: peak };
}

const dataLines = (path: string, skip: number): string[] =>
  readFileSync(path, 'utf8').split('\n').slice(skip).filter((l) => l.trim() !== '');

describe.skipIf(!available)('readers on the real recordings', () => {
  it('gaitmap imu_sample.csv: two sensors, 204.8 Hz, 7928 samples, m/s² and deg/s', () => {
    const path = join(DATA, 'gaitmap-example/imu_sample.csv');
    const rows = dataLines(path, 2).length;
    expect(rows).toBe(7928); // README: 7 928 rows
    const traces = readTraces(path, { rateHz: 204.8 });
    expect(traces.map((t) => t.meta.sensor)).toEqual(['left_sensor', 'right_sensor']);
    for (const trace of traces) {
      expect(trace.samplingRateHz).toBe(204.8);
      expect(trace.timeS.length).toBe(rows);
      expect(trace.meta.frame).toBe('gaitmap-fsf');
      const s = stats(trace);
      expect(s.restKind).toBe('rest');
      expect(Math.abs(s.restMps2 - STANDARD_GRAVITY_MPS2)).toBeLessThan(0.3);
      expect(s.peakRadS).toBeGreaterThan(5);
      expect(s.peakRadS).toBeLessThan(25);
      expect(trace.notes).toEqual([]);
    }
    const left = readTrace(path, { rateHz: 204.8, sensor: 'left_sensor' });
    expect(left.side).toBe('left');
    expect(left.accMps2).toEqual(traces[0].accMps2);
    expect(() => readTrace(path, { rateHz: 204.8 })).toThrow(/holds 2 sensors/);
    expect(() => readTraces(path)).toThrow(/rateHz/);
  });

  it('gaitmap imu_sample_ic_stride.csv (empty first header cells): 102.4 Hz', () => {
    const path = join(DATA, 'gaitmap-example/imu_sample_ic_stride.csv');
    const rows = dataLines(path, 2).length;
    for (const trace of readTraces(path, { rateHz: 102.4 })) {
      expect(trace.timeS.length).toBe(rows);
      const s = stats(trace);
      expect(Math.abs(s.restMps2 - STANDARD_GRAVITY_MPS2)).toBeLessThan(0.5);
      expect(s.peakRadS).toBeGreaterThan(5);
      expect(s.peakRadS).toBeLessThan(25);
    }
  });

  const ipolDir = join(DATA, 'ipol-gait/GaitData');
  const ipolFiles = available ? readdirSync(ipolDir).filter((f) => f.endsWith('.txt')).sort() : [];
  it('finds all 20 ipol foot files', () => {
    expect(ipolFiles.length).toBe(20);
  });
  for (const file of ipolFiles) {
    it(`ipol ${file}: 100 Hz, counter-grid sample count, m/s² and rad/s`, () => {
      const path = join(ipolDir, file);
      const counters = dataLines(path, 2).map((l) => Number(l.split('\t')[0]));
      let longestStep = 0;
      for (let i = 1; i < counters.length; i++) longestStep = Math.max(longestStep, counters[i] - counters[i - 1]);
      // Dropped wireless packets (up to 11 in these files) need fillGapsUpToS beyond 3 periods.
      if (longestStep > 3) {
        const error = (() => {
          try {
            readTrace(path);
          } catch (e) {
            return e;
          }
        })();
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).message).toContain('gap of');
      }
      const trace = readTrace(path, { fillGapsUpToS: 0.15 });
      expect(trace.samplingRateHz).toBe(100);
      expect(trace.timeS.length).toBe(counters[counters.length - 1] - counters[0] + 1);
      expect(trace.timeS[0]).toBeCloseTo(counters[0] / 100, 12);
      expect(trace.side).toBe(file.includes('_lf') ? 'left' : 'right');
      expect(trace.meta.frame).toBe('sensor-native');
      const s = stats(trace);
      expect(s.restKind).toBe('rest');
      expect(Math.abs(s.restMps2 - STANDARD_GRAVITY_MPS2)).toBeLessThan(0.8);
      expect(s.peakRadS).toBeGreaterThan(5);
      expect(s.peakRadS).toBeLessThan(25);
    });
  }

  it('ipol labels index the packet-counter grid: 1-3 left labels run past the row count but fit the filled trace', () => {
    const path = join(ipolDir, '1-3_lf.txt');
    const labels = JSON.parse(readFileSync(join(ipolDir, '1-3.json'), 'utf8')) as { LeftFootEvents: number[][] };
    const lastLabel = Math.max(...labels.LeftFootEvents.flat());
    const rows = dataLines(path, 2).length;
    const trace = readTrace(path, { fillGapsUpToS: 0.15 });
    expect(lastLabel).toBeGreaterThan(rows);
    expect(lastLabel).toBeLessThan(trace.timeS.length);
  });

  for (const side of ['left', 'right']) {
    it(`egait P115_E4_${side}_calibrated.csv: 102.4 Hz, g and deg/s, rough calibration noted`, () => {
      const path = join(DATA, `egait-sample/P115_E4_${side}_calibrated.csv`);
      const rows = dataLines(path, 1).length;
      const trace = readTrace(path, { rateHz: 102.4 });
      expect(trace.samplingRateHz).toBe(102.4);
      expect(trace.timeS.length).toBe(rows);
      expect(trace.notes.join(' ')).toContain('calibration is off');
      const s = stats(trace);
      expect(s.restMps2 / STANDARD_GRAVITY_MPS2).toBeGreaterThan(1.2);
      expect(s.restMps2 / STANDARD_GRAVITY_MPS2).toBeLessThan(1.8);
      // slow geriatric walking: lower swing rates than the healthy recordings
      expect(s.peakRadS).toBeGreaterThan(3);
      expect(s.peakRadS).toBeLessThan(25);
    });
    it(`egait P115_E4_${side}.csv (raw ADC counts) is rejected with a clear message`, () => {
      expect(() => readTrace(join(DATA, `egait-sample/P115_E4_${side}.csv`), { rateHz: 102.4 })).toThrow(/raw ADC counts/);
    });
  }
});
