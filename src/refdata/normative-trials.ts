/**
 * Loads the recorded trials behind the normative gait patterns and reduces them to averaged,
 * time-normalised cycles. Shared by scripts/fit-kinematics.ts (which fits the Fourier series) and
 * the validation tests (which check the fitted series against these averages).
 *
 * Conventions: hip flexion +, knee flexion + (= −OpenSim knee_angle), ankle dorsiflexion +, degrees
 * here (the model converts to radians); phase 0 = that leg's initial contact (GRF > 50 N).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { detectContacts, stanceFractions, type GaitEvents } from './events.ts';
import { averageCycles, hipJointCentreBell, interpAt, meanCoordinate } from './gait-cycles.ts';
import { markerPositions, readMot, readTrc, tableColumn, type MarkerData, type NumericTable } from './opensim.ts';
import { RBDS_SPEEDS_MPS, readRbdsForces, readRbdsProcessed, rbdsSagittalAngleDeg, rbdsVerticalGrfNPerKg } from './rbds.ts';

export interface AveragedTrial {
  readonly gait: 'run' | 'walk';
  /** Belt speed from the heel marker's velocity at mid-stance, m/s. */
  readonly speedMps: number;
  readonly strideTimesS: readonly number[];
  readonly strideTimeS: number;
  readonly stanceFractions: readonly number[];
  readonly toeOffPhase: number;
  readonly cycles: { readonly right: number; readonly left: number };
  readonly heightCycles: { readonly right: number; readonly left: number };
  /** Mean of right and left averaged cycles at phases i/n. (nSamples) */
  readonly hipFlexionDeg: Float64Array;
  readonly kneeFlexionDeg: Float64Array;
  readonly ankleDorsiflexionDeg: Float64Array;
  /** Hip-joint-centre height minus its quiet-standing height, m. (nSamples) */
  readonly hipHeightOffsetM: Float64Array;
  /** Pelvis tilt (OpenSim pelvis_tilt, + = posterior, i.e. the same rotation sense as hip flexion), averaged over each leg's cycles, degrees. (nSamples) */
  readonly pelvisTiltDeg: Float64Array;
  /** Per side, for the reference-sheet comparison. (nSamples) */
  readonly bySide: Readonly<Record<'right' | 'left', { hip: Float64Array; knee: Float64Array; ankle: Float64Array }>>;
  /** Stature estimate: static-trial Top.Head marker height, m. */
  readonly referenceHeightM: number;
  readonly sources: readonly string[];
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};
const average2 = (a: Float64Array, b: Float64Array): Float64Array => a.map((x, i) => 0.5 * (x + b[i]));
const negate = (a: Float64Array): Float64Array => a.map((x) => -x);

function strideTimes(ics: readonly number[]): number[] {
  return ics.slice(1).map((t, i) => t - ics[i]);
}

/** |forward velocity| of a heel marker at mid-stance = treadmill belt speed, m/s (median over contacts). */
function beltSpeedMps(markers: MarkerData, heel: string, events: GaitEvents): number {
  const p = markerPositions(markers, heel);
  const t = markers.timeS;
  const speeds: number[] = [];
  for (const c of events.contacts) {
    if (!Number.isFinite(c.startS) || !Number.isFinite(c.endS)) continue;
    const mid = 0.5 * (c.startS + c.endS);
    const h = 1 / markers.samplingRateHz;
    const x1 = interpAt(t, p, mid + h, 3, 0);
    const x0 = interpAt(t, p, mid - h, 3, 0);
    if (Number.isFinite(x1) && Number.isFinite(x0)) speeds.push(Math.abs(x1 - x0) / (2 * h));
  }
  if (speeds.length === 0) throw new InputError('no stance phase inside the marker recording', markers.source);
  return median(speeds);
}

/** Averaged HJC height offset for one side. */
function hipHeightCycles(run: MarkerData, stat: MarkerData, side: 'R' | 'L', ics: readonly number[], n: number) {
  const hjc = (m: MarkerData) =>
    hipJointCentreBell(markerPositions(m, 'R.ASIS'), markerPositions(m, 'L.ASIS'), markerPositions(m, 'V.Sacral'), side);
  const standing = meanCoordinate(hjc(stat), 1);
  const { mean: avg, cycles } = averageCycles(run.timeS, hjc(run), ics, n, 3, 1);
  return { offset: avg.map((y) => y - standing), count: cycles.length };
}

/** Confirms that a force plate belongs to a foot: that heel is the lower one at the plate's contacts. */
function checkPlateSide(markers: MarkerData, ics: readonly number[], heel: string, otherHeel: string, source: string): void {
  const own = markerPositions(markers, heel);
  const other = markerPositions(markers, otherHeel);
  let votes = 0;
  for (const t of ics) {
    const a = interpAt(markers.timeS, own, t, 3, 1);
    const b = interpAt(markers.timeS, other, t, 3, 1);
    if (Number.isFinite(a) && Number.isFinite(b)) votes += a < b ? 1 : -1;
  }
  if (votes <= 0) throw new InputError(`force plate does not match ${heel} (heel not lowest at its contacts)`, source);
}

interface IkSides {
  pelvisTilt: Float64Array;
  hip: Float64Array;
  knee: Float64Array;
  ankle: Float64Array;
  count: number;
}

function ikCycles(ik: NumericTable, side: 'r' | 'l', ics: readonly number[], n: number): IkSides {
  const t = tableColumn(ik, 'time');
  const hip = averageCycles(t, tableColumn(ik, `hip_flexion_${side}`), ics, n);
  const knee = averageCycles(t, tableColumn(ik, `knee_angle_${side}`), ics, n);
  const ankle = averageCycles(t, tableColumn(ik, `ankle_angle_${side}`), ics, n);
  const tilt = averageCycles(t, tableColumn(ik, 'pelvis_tilt'), ics, n);
  return { pelvisTilt: tilt.mean, hip: hip.mean, knee: negate(knee.mean), ankle: ankle.mean, count: hip.cycles.length };
}

/**
 * Hamner subject02 treadmill running (shared/data/opensim-examples/running).
 * Force plate `ground_force_*` is the right foot, `1_ground_force_*` the left (checked with the heels).
 * @param dataDir the shared/data directory
 * @param nSamples samples per normalised cycle
 */
export function loadHamnerRunning(dataDir: string, nSamples = 200): AveragedTrial {
  const dir = path.join(dataDir, 'opensim-examples/running');
  const grf = readMot(path.join(dir, 'subject02_running_grf.mot'));
  const ik = readMot(path.join(dir, 'subject02_running_ik.mot'));
  const markers = readTrc(path.join(dir, 'subject02_running.trc'));
  const stat = readTrc(path.join(dir, 'subject02_static.trc'));
  const tg = tableColumn(grf, 'time');
  const right = detectContacts(tg, tableColumn(grf, 'ground_force_vy'));
  const left = detectContacts(tg, tableColumn(grf, '1_ground_force_vy'));
  checkPlateSide(markers, right.initialContactS, 'R.Heel', 'L.Heel', grf.source);
  checkPlateSide(markers, left.initialContactS, 'L.Heel', 'R.Heel', grf.source);
  return assemble('run', ik, markers, stat, right, left, right, nSamples, [
    'Hamner subject02 running (opensim-models Pipelines/Hamner): IK angles, GRF events (50 N), markers + static trial',
  ]);
}

/**
 * OpenSim gait2392 example subject01 walk1 (shared/data/opensim-examples/walking): treadmill-like
 * (pelvis stays in place), GRF 0–2.5 s, markers 0–2.5 s, IK 0.5–4.0 s.
 * IK cycles beyond the GRF are segmented by the swing peak of knee flexion plus the mean
 * peak→IC delay measured on the GRF-timed strides *; marker cycles use GRF events only.
 */
export function loadOpenSimWalking(dataDir: string, nSamples = 200): AveragedTrial {
  const dir = path.join(dataDir, 'opensim-examples/walking');
  const grf = readMot(path.join(dir, 'subject01_walk1_grf.mot'));
  const ik = readMot(path.join(dir, 'subject01_walk1_ik.mot'));
  const markers = readTrc(path.join(dir, 'subject01_walk1.trc'));
  const stat = readTrc(path.join(dir, 'subject01_static.trc'));
  const tg = tableColumn(grf, 'time');
  const right = detectContacts(tg, tableColumn(grf, 'ground_force_vy'));
  const left = detectContacts(tg, tableColumn(grf, '1_ground_force_vy'));
  checkPlateSide(markers, right.initialContactS, 'R.Heel', 'L.Heel', grf.source);
  checkPlateSide(markers, left.initialContactS, 'L.Heel', 'R.Heel', grf.source);
  const extend = (events: GaitEvents, side: 'r' | 'l'): GaitEvents => {
    const ti = tableColumn(ik, 'time');
    const knee = negate(tableColumn(ik, `knee_angle_${side}`));
    const peaks: number[] = [];
    for (let i = 1; i + 1 < knee.length; i++) {
      if (knee[i] > 45 && knee[i] >= knee[i - 1] && knee[i] > knee[i + 1]) peaks.push(ti[i]);
    }
    const delays: number[] = [];
    for (const ic of events.initialContactS) {
      const before = peaks.filter((p) => p < ic && ic - p < 0.6);
      if (before.length) delays.push(ic - before[before.length - 1]);
    }
    if (delays.length === 0) return events;
    const delay = mean(delays);
    const ics = [...events.initialContactS];
    for (const p of peaks) {
      const ic = p + delay;
      if (ics.every((t) => Math.abs(t - ic) > 0.3)) ics.push(ic);
    }
    ics.sort((a, b) => a - b);
    return { contacts: events.contacts, initialContactS: ics, toeOffS: events.toeOffS };
  };
  return assemble('walk', ik, markers, stat, right, left, right, nSamples, [
    'OpenSim gait2392 example subject01 walk1 (opensim-models): IK angles, GRF events (50 N), markers + static trial',
  ], extend(right, 'r'), extend(left, 'l'));
}

function assemble(
  gait: 'run' | 'walk',
  ik: NumericTable,
  markers: MarkerData,
  stat: MarkerData,
  right: GaitEvents,
  left: GaitEvents,
  speedEvents: GaitEvents,
  n: number,
  sources: string[],
  ikRight: GaitEvents = right,
  ikLeft: GaitEvents = left,
): AveragedTrial {
  const r = ikCycles(ik, 'r', ikRight.initialContactS, n);
  const l = ikCycles(ik, 'l', ikLeft.initialContactS, n);
  const hr = hipHeightCycles(markers, stat, 'R', right.initialContactS, n);
  const hl = hipHeightCycles(markers, stat, 'L', left.initialContactS, n);
  const strides = [...strideTimes(right.initialContactS), ...strideTimes(left.initialContactS)];
  const stance = [...stanceFractions(right), ...stanceFractions(left)];
  const topHead = meanCoordinate(markerPositions(stat, 'Top.Head'), 1);
  return {
    gait,
    speedMps: beltSpeedMps(markers, 'R.Heel', speedEvents),
    strideTimesS: strides,
    strideTimeS: mean(strides),
    stanceFractions: stance,
    toeOffPhase: mean(stance),
    cycles: { right: r.count, left: l.count },
    heightCycles: { right: hr.count, left: hl.count },
    hipFlexionDeg: average2(r.hip, l.hip),
    kneeFlexionDeg: average2(r.knee, l.knee),
    ankleDorsiflexionDeg: average2(r.ankle, l.ankle),
    hipHeightOffsetM: average2(hr.offset, hl.offset),
    pelvisTiltDeg: average2(r.pelvisTilt, l.pelvisTilt),
    bySide: { right: { hip: r.hip, knee: r.knee, ankle: r.ankle }, left: { hip: l.hip, knee: l.knee, ankle: l.ankle } },
    referenceHeightM: topHead,
    sources,
  };
}

/** Speed trends of RBDS001 (Fukuchi 2017) from its processed 101-point cycles. */
export interface RbdsSpeedTrends {
  readonly speedsMps: readonly number[];
  readonly massKg: number;
  /** Stance fraction per speed (50 N threshold on the normalised GRF), mean of both sides. */
  readonly stanceFraction: readonly number[];
  readonly kneePeakFlexionDeg: readonly number[];
  readonly kneeMinFlexionDeg: readonly number[];
  readonly hipRangeDeg: readonly number[];
  readonly ankleRangeDeg: readonly number[];
}

/** Body mass of an RBDS subject from RBDSinfo.txt (column `Mass`, kg). */
export function rbdsMassKg(dataDir: string, subject: number): number {
  const file = path.join(dataDir, 'rbds-running/RBDSinfo.txt');
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const head = lines[0].split('\t');
  const iSubject = head.indexOf('Subject');
  const iMass = head.indexOf('Mass');
  const row = lines.slice(1).map((l) => l.split('\t')).find((f) => Number(f[iSubject]) === subject);
  const mass = row ? Number(row[iMass]) : Number.NaN;
  if (!(mass > 0)) throw new InputError(`no mass for subject ${subject}`, file);
  return mass;
}

export function loadRbds001Trends(dataDir: string, thresholdN = 50): RbdsSpeedTrends {
  const table = readRbdsProcessed(path.join(dataDir, 'rbds-running/RBDS001processed.txt'));
  const massKg = rbdsMassKg(dataDir, 1);
  const perc = tableColumn(table, 'PercGcycle');
  const out = { stance: [] as number[], kneePeak: [] as number[], kneeMin: [] as number[], hip: [] as number[], ankle: [] as number[] };
  for (const v of RBDS_SPEEDS_MPS) {
    const stance: number[] = [];
    const kp: number[] = [];
    const km: number[] = [];
    const hr: number[] = [];
    const ar: number[] = [];
    for (const side of ['R', 'L'] as const) {
      // Toe-off: where the (NaN outside stance) GRF falls through the threshold, by interpolation.
      const f = rbdsVerticalGrfNPerKg(table, side, v).map((x) => x * massKg);
      let ic = 0;
      for (let i = 1; i < f.length; i++) {
        if (!(f[i - 1] > thresholdN) && f[i] > thresholdN) {
          ic = perc[i - 1] + ((thresholdN - f[i - 1]) / (f[i] - f[i - 1])) * (perc[i] - perc[i - 1]);
          break;
        }
        if (f[i - 1] > thresholdN) break; // already above the threshold at the cycle start
      }
      let to = Number.NaN;
      for (let i = 1; i < f.length; i++) {
        if (f[i - 1] > thresholdN && !(f[i] > thresholdN)) {
          const fi = Number.isFinite(f[i]) ? f[i] : 0; // NaN = no contact = 0 N
          to = perc[i - 1] + ((thresholdN - f[i - 1]) / (fi - f[i - 1])) * (perc[i] - perc[i - 1]);
          break;
        }
      }
      stance.push((to - ic) / 100);
      const knee = rbdsSagittalAngleDeg(table, side, 'knee', v);
      const hip = rbdsSagittalAngleDeg(table, side, 'hip', v);
      const ankle = rbdsSagittalAngleDeg(table, side, 'ankle', v);
      kp.push(Math.max(...knee));
      km.push(Math.min(...knee));
      hr.push(Math.max(...hip) - Math.min(...hip));
      ar.push(Math.max(...ankle) - Math.min(...ankle));
    }
    out.stance.push(mean(stance));
    out.kneePeak.push(mean(kp));
    out.kneeMin.push(mean(km));
    out.hip.push(mean(hr));
    out.ankle.push(mean(ar));
  }
  return {
    speedsMps: [...RBDS_SPEEDS_MPS],
    massKg,
    stanceFraction: out.stance,
    kneePeakFlexionDeg: out.kneePeak,
    kneeMinFlexionDeg: out.kneeMin,
    hipRangeDeg: out.hip,
    ankleRangeDeg: out.ankle,
  };
}

/** RBDS001 at 2.5 m/s from its treadmill force signal (both feet on one plate): stride time and stance fraction. */
export function loadRbds001Timing25(dataDir: string): { strideTimeS: number; stanceFraction: number; steps: number } {
  const forces = readRbdsForces(path.join(dataDir, 'rbds-running/RBDS001runT25forces.txt'));
  const ev = detectContacts(forces.timeS, forces.verticalForceN);
  const steps = strideTimes(ev.initialContactS); // consecutive contacts alternate feet
  const step = mean(steps);
  const contacts = ev.contacts.filter((c) => Number.isFinite(c.startS) && Number.isFinite(c.endS)).map((c) => c.endS - c.startS);
  return { strideTimeS: 2 * step, stanceFraction: mean(contacts) / (2 * step), steps: steps.length };
}
