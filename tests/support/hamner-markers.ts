/**
 * Per-stride toe-marker clearance and timing from the real Hamner 2010 subject02 running trial
 * (shared/data/opensim-examples/running), computed from the raw markers and force plate:
 * clearance = toe-tip marker height minus its mean standing height (static trial), MTC = first
 * local minimum after the swing maximum (the reference sheet's method, §4).
 */
import path from 'node:path';
import { readTrc, readMot, markerPositions, tableColumn } from '../../src/refdata/opensim.ts';
import { detectContacts } from '../../src/refdata/events.ts';
import { averageCycles } from '../../src/refdata/gait-cycles.ts';

export const SHARED_DATA = path.resolve(process.cwd(), '..', 'shared', 'data');

function standingHeight(file: string, marker: string): number {
  const s = readTrc(file);
  const p = markerPositions(s, marker);
  let sum = 0;
  let n = 0;
  for (let i = 1; i < p.length; i += 3) {
    if (Number.isFinite(p[i])) {
      sum += p[i];
      n++;
    }
  }
  return sum / n;
}

export interface TrialToe {
  /** Per-stride marker MTC, m, for each leg. */
  mtcM: { right: number[]; left: number[] };
  /** Stride times from force-plate initial contacts, s. */
  strideTimesS: { right: number[]; left: number[] };
  /** Mean toe clearance over the normalised cycle (100 samples), m, right leg. */
  meanCycleRightM: Float64Array;
  cyclesRight: number;
}

export function hamnerToe(): TrialToe {
  const dir = path.join(SHARED_DATA, 'opensim-examples', 'running');
  const m = readTrc(path.join(dir, 'subject02_running.trc'));
  const grf = readMot(path.join(dir, 'subject02_running_grf.mot'));
  const t = tableColumn(grf, 'time');
  const events = {
    right: detectContacts(t, tableColumn(grf, 'ground_force_vy')),
    left: detectContacts(t, tableColumn(grf, '1_ground_force_vy')),
  };
  const result: TrialToe = { mtcM: { right: [], left: [] }, strideTimesS: { right: [], left: [] }, meanCycleRightM: new Float64Array(0), cyclesRight: 0 };
  for (const side of ['right', 'left'] as const) {
    const name = side === 'right' ? 'R.Toe.Tip' : 'L.Toe.Tip';
    const toe = markerPositions(m, name);
    const stand = standingHeight(path.join(dir, 'subject02_static.trc'), name);
    const ics = events[side].initialContactS;
    for (let k = 1; k < ics.length; k++) result.strideTimesS[side].push(ics[k] - ics[k - 1]);
    const tos = events[side].toeOffS;
    // per swing: toe-off → next contact
    for (const to of tos) {
      const ic = ics.find((x) => x > to);
      if (ic === undefined) continue;
      let max = -Infinity;
      let passed = false;
      let mtc = NaN;
      let prev = NaN;
      let prev2 = NaN;
      for (let i = 0; i < m.timeS.length; i++) {
        if (m.timeS[i] < to || m.timeS[i] > ic) continue;
        const z = toe[3 * i + 1] - stand;
        if (!Number.isFinite(z)) continue;
        if (!passed && Number.isFinite(prev) && prev > z && prev >= max) passed = true;
        if (passed && Number.isFinite(prev2) && prev <= prev2 && prev < z) {
          mtc = prev;
          break;
        }
        max = Math.max(max, z);
        prev2 = prev;
        prev = z;
      }
      if (Number.isFinite(mtc)) result.mtcM[side].push(mtc);
    }
    if (side === 'right') {
      const avg = averageCycles(m.timeS, toe, ics, 100, 3, 1);
      result.meanCycleRightM = avg.mean.map((z) => z - stand);
      result.cyclesRight = avg.cycles.length;
    }
  }
  return result;
}

export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const sd = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};
