/**
 * Issue 4 item 3: a virtual IMU from real running markers (Fukuchi RBDS001, treadmill 2.5 m/s,
 * 150 Hz markers, 300 Hz force plate; ../shared/data/rbds-running, CC BY 4.0) against the
 * synthesiser at the same speed (simulateRun 60 s at 2.5 m/s, ideal sensor, no misalignment),
 * foot (gaitmap FSF) and shank, both legs; and the pipeline's IC/TO on the virtual foot IMU against
 * the force-plate events (50 N threshold).
 *
 * Events: the virtual IMU's strides are cut at the force-plate ICs/TOs of that foot; the
 * synthesiser's at the simulator's own ICs (stride table) and TOs (IC + toeOffPhase × stride).
 * The synthesised trace is passed through the same zero-lag 20 Hz low-pass as the markers before
 * peaks and curves are compared (the virtual IMU cannot see above it); means are unaffected.
 *
 * References for the bounds: the virtual IMU itself (real running, one forefoot-striking runner;
 * reference sheet imu.md § B3: foot |ω| max ≈ 500–570 deg/s, stride 0.77–0.81 s), and for event
 * timing Falbriard et al. 2018 (Front Physiol 9:610, doi 10.3389/fphys.2018.00610: foot-IMU IC/TC
 * vs force-plate, contact-time bias up to 12 ± 10 ms, precision 2–4 ms).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRbdsForces, readRbdsMarkers } from '../../src/refdata/rbds.ts';
import { rbdsFootContacts, virtualImu, zeroLagLowPass } from '../../src/refdata/virtual-imu.ts';
import { averageCycles } from '../../src/refdata/gait-cycles.ts';
import { parseRunParams } from '../../src/model/params.ts';
import { simulateRun } from '../../src/sim/run.ts';
import { compileLegModel } from '../../src/model/leg.ts';
import { synthesizeImu } from '../../src/imu/synth/index.ts';
import { analyzeTrace } from '../../src/imu/pipeline/index.ts';
import { quantile } from '../../src/sim/outputs.ts';
import type { Trace } from '../../src/imu/trace.ts';
import { SHARED_DATA } from '../support/load-real.ts';

const DIR = path.join(SHARED_DATA, 'rbds-running');
const SPEED_MPS = 2.5; // RBDS "T25" trial
const CUTOFF_HZ = 20;
const CYCLE_POINTS = 100;
const SIDES = ['right', 'left'] as const;
const SITES = ['foot', 'shank'] as const;
type LegSide = (typeof SIDES)[number];
type Site = (typeof SITES)[number];

/** Stride events of one leg: IC times and the TO inside each stride [ic[k], ic[k+1]). */
interface LegEvents {
  icS: number[];
  toS: number[]; // toS[k] belongs to the stride starting at icS[k] (NaN if unknown)
}

// ---- real: markers + force plate
const markers = readRbdsMarkers(path.join(DIR, 'RBDS001runT25markers.txt'));
const staticTrial = readRbdsMarkers(path.join(DIR, 'RBDS001static.txt'));
const forces = readRbdsForces(path.join(DIR, 'RBDS001runT25forces.txt'));
const plate = rbdsFootContacts(forces, markers);
const realEvents = Object.fromEntries(
  SIDES.map((side) => {
    const c = plate[side].contacts.filter((x) => Number.isFinite(x.startS));
    return [side, { icS: c.map((x) => x.startS), toS: c.map((x) => x.endS) }];
  }),
) as Record<LegSide, LegEvents>;
const real = Object.fromEntries(SIDES.map((side) => [side, Object.fromEntries(SITES.map((site) => [site, virtualImu(markers, staticTrial, side, site, { cutoffHz: CUTOFF_HZ })]))])) as Record<LegSide, Record<Site, Trace>>;

// ---- synthesiser at the same speed
const params = parseRunParams({ speedMps: SPEED_MPS, durationS: 60, seed: 1 });
const run = simulateRun(params);
const synthRaw = synthesizeImu(run, { legs: [...SIDES], sites: [...SITES], rateHz: 200, sensor: 'ideal', misalignmentRad: 0, seed: 1 });
const synth = Object.fromEntries(SIDES.map((side) => [side, Object.fromEntries(SITES.map((site) => [site, lowPassTrace(synthRaw[side]![site]!, CUTOFF_HZ)]))])) as Record<LegSide, Record<Site, Trace>>;
const synthEvents = Object.fromEntries(
  SIDES.map((side) => {
    const table = run.legs[side];
    const top = compileLegModel(params, side).pattern.toeOffPhase;
    const ic = Array.from(table.column('timeS'));
    const st = table.column('strideTimeS');
    return [side, { icS: ic, toS: ic.map((t, k) => t + top * st[k]) }];
  }),
) as Record<LegSide, LegEvents>;

function lowPassTrace(trace: Trace, cutoffHz: number): Trace {
  const n = trace.timeS.length;
  const acc = new Float64Array(3 * n);
  const gyr = new Float64Array(3 * n);
  const ch = new Float64Array(n);
  for (const [src, dst] of [[trace.accMps2, acc], [trace.gyrRadS, gyr]] as const) {
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < n; i++) ch[i] = src[3 * i + c];
      const f = zeroLagLowPass(ch, cutoffHz, trace.samplingRateHz);
      for (let i = 0; i < n; i++) dst[3 * i + c] = f[i];
    }
  }
  return { ...trace, accMps2: acc, gyrRadS: gyr };
}

/** Complete strides [ic[k], ic[k+1]) inside the trace, with a TO between. */
function strides(trace: Trace, ev: LegEvents): { ic: number; to: number; next: number }[] {
  const t0 = trace.timeS[0];
  const t1 = trace.timeS[trace.timeS.length - 1];
  const out: { ic: number; to: number; next: number }[] = [];
  for (let k = 0; k + 1 < ev.icS.length; k++) {
    const [ic, to, next] = [ev.icS[k], ev.toS[k], ev.icS[k + 1]];
    if (ic >= t0 && next <= t1 && to > ic && to < next && next - ic < 1.5) out.push({ ic, to, next });
  }
  return out;
}

const idx = (trace: Trace, tS: number): number => Math.round((tS - trace.timeS[0]) * trace.samplingRateHz);

interface SiteMetrics {
  strides: number;
  strideTimeMedianS: number;
  /** Median over strides of the swing [TO, next IC] peak of −gyr_y (foot: toe-up; shank: distal end forward), rad/s. */
  swingPeakNegGyrYRadS: number;
  /** Median over strides of the peak of +gyr_y over the stride (foot: push-off plantarflexion; shank: distal end backward), rad/s. */
  peakPosGyrYRadS: number;
  /** Mean gyr_y over the normalised cycle (IC → IC), rad/s. */
  meanCycleGyrY: Float64Array;
  /** Mean specific force over whole strides, m/s² (x, y, z) and its norm. */
  meanF: number[];
  meanFNorm: number;
  /** Contributions to meanF (x, z) of the phases, m/s² (they add up to meanF): stance, early/mid/late swing thirds. */
  phaseContribution: Record<'stance' | 'swing1' | 'swing2' | 'swing3', [number, number]>;
  /** Mean f (x, z) inside each phase, m/s². */
  phaseMean: Record<'stance' | 'swing1' | 'swing2' | 'swing3', [number, number]>;
  stanceFraction: number;
}

function metrics(trace: Trace, ev: LegEvents): SiteMetrics {
  const list = strides(trace, ev);
  const gyr = trace.gyrRadS;
  const acc = trace.accMps2;
  const swingPeaks: number[] = [];
  const posPeaks: number[] = [];
  const sum = [0, 0, 0];
  let count = 0;
  const phases = ['stance', 'swing1', 'swing2', 'swing3'] as const;
  const phaseSum = Object.fromEntries(phases.map((p) => [p, [0, 0, 0]])) as Record<(typeof phases)[number], number[]>;
  for (const s of list) {
    const [i0, iTo, i1] = [idx(trace, s.ic), idx(trace, s.to), idx(trace, s.next)];
    let neg = -Infinity;
    let pos = -Infinity;
    for (let i = iTo; i <= i1; i++) neg = Math.max(neg, -gyr[3 * i + 1]);
    for (let i = i0; i < i1; i++) pos = Math.max(pos, gyr[3 * i + 1]);
    swingPeaks.push(neg);
    posPeaks.push(pos);
    for (let i = i0; i < i1; i++) {
      const u = i < iTo ? 0 : 1 + Math.min(2, Math.floor((3 * (i - iTo)) / (i1 - iTo)));
      const ph = phaseSum[phases[u]];
      for (let c = 0; c < 3; c++) sum[c] += acc[3 * i + c];
      ph[0] += acc[3 * i];
      ph[1] += acc[3 * i + 2];
      ph[2] += 1;
      count++;
    }
  }
  const meanF = sum.map((v) => v / count);
  const cyc = averageCycles(trace.timeS, gyr, list.map((s) => s.ic).concat([list[list.length - 1].next]), CYCLE_POINTS, 3, 1);
  return {
    strides: list.length,
    strideTimeMedianS: quantile(list.map((s) => s.next - s.ic), 0.5),
    swingPeakNegGyrYRadS: quantile(swingPeaks, 0.5),
    peakPosGyrYRadS: quantile(posPeaks, 0.5),
    meanCycleGyrY: cyc.mean,
    meanF,
    meanFNorm: Math.hypot(meanF[0], meanF[1], meanF[2]),
    phaseContribution: Object.fromEntries(phases.map((p) => [p, [phaseSum[p][0] / count, phaseSum[p][1] / count]])) as SiteMetrics['phaseContribution'],
    phaseMean: Object.fromEntries(phases.map((p) => [p, [phaseSum[p][0] / phaseSum[p][2], phaseSum[p][1] / phaseSum[p][2]]])) as SiteMetrics['phaseMean'],
    stanceFraction: phaseSum.stance[2] / count,
  };
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Mean f over whole strides of the virtual IMU with gravity left out (the kinematic part Rᵀp̈ alone). */
const KINEMATIC = Object.fromEntries(
  SIDES.map((side) => [side, Object.fromEntries(SITES.map((site) => [site, metrics(virtualImu(markers, staticTrial, side, site, { cutoffHz: CUTOFF_HZ, gravityMps2: 0 }), realEvents[side]).meanF]))]),
) as Record<LegSide, Record<Site, number[]>>;

const r3 = (v: number): number => Math.round(v * 1000) / 1000;
const rounded = (_k: string, v: unknown): unknown => (typeof v === 'number' ? r3(v) : v instanceof Float64Array ? undefined : v);

const M = Object.fromEntries(
  SIDES.map((side) => [side, Object.fromEntries(SITES.map((site) => [site, { real: metrics(real[side][site], realEvents[side]), synth: metrics(synth[side][site], synthEvents[side]) }]))]),
) as Record<LegSide, Record<Site, { real: SiteMetrics; synth: SiteMetrics }>>;

describe('RBDS001 virtual IMU (real running, 2.5 m/s) vs the synthesiser', () => {
  it('treadmill contacts split by foot alternate right / left', () => {
    const all = [...realEvents.right.icS.map((t) => [t, 0]), ...realEvents.left.icS.map((t) => [t, 1])].sort((a, b) => a[0] - b[0]);
    let alternations = 0;
    for (let k = 1; k < all.length; k++) if (all[k][1] !== all[k - 1][1]) alternations++;
    expect(all.length).toBeGreaterThanOrEqual(70); // 30 s at ≈ 0.77 s per stride, two feet
    expect(alternations).toBe(all.length - 1);
  });

  it('virtual IMU is physically sound: rigid clusters, foot reads +g when flat', () => {
    for (const side of SIDES) {
      for (const site of SITES) {
        const t = real[side][site];
        // marker clusters are rigid to ~1 mm (shoe markers bend with the forefoot by a few mm)
        expect(Number(t.meta.fit_rms_residual_median_m)).toBeLessThan(0.003);
      }
      // foot flat on the belt (30–45 % of each force-plate contact, between the landing transient and
      // heel rise; the belt moves at constant speed): ≈ (0, 0, +g), little rotation
      const t = real[side].foot;
      const ev = realEvents[side];
      const fz: number[] = [];
      const fx: number[] = [];
      const w: number[] = [];
      for (let k = 0; k < ev.icS.length; k++) {
        if (!Number.isFinite(ev.toS[k]) || ev.icS[k] < t.timeS[0] || ev.toS[k] > t.timeS[t.timeS.length - 1]) continue;
        const d = ev.toS[k] - ev.icS[k];
        const sums = [0, 0, 0, 0];
        for (let i = idx(t, ev.icS[k] + 0.3 * d); i <= idx(t, ev.icS[k] + 0.45 * d); i++) {
          sums[0] += t.accMps2[3 * i];
          sums[1] += t.accMps2[3 * i + 2];
          sums[2] += Math.hypot(t.gyrRadS[3 * i], t.gyrRadS[3 * i + 1], t.gyrRadS[3 * i + 2]);
          sums[3]++;
        }
        fx.push(sums[0] / sums[3]);
        fz.push(sums[1] / sums[3]);
        w.push(sums[2] / sums[3]);
      }
      console.log(`rbds ${side} foot flat in stance (30–45 % of contact): median f_x ${quantile(fx, 0.5).toFixed(2)}, f_z ${quantile(fz, 0.5).toFixed(2)} m/s², |ω| ${quantile(w, 0.5).toFixed(2)} rad/s`);
      expect(Math.abs(quantile(fz, 0.5) - 9.81)).toBeLessThan(2);
      expect(Math.abs(quantile(fx, 0.5))).toBeLessThan(1.5);
      expect(quantile(w, 0.5)).toBeLessThan(1);
    }
  });

  it('stride time, peak swing rate, mean-cycle correlation and mean specific force vs the synthesiser', () => {
    const summary: Record<string, unknown> = {};
    for (const side of SIDES) {
      for (const site of SITES) {
        const { real: a, synth: b } = M[side][site];
        summary[`${side}.${site}`] = {
          strides: [a.strides, b.strides],
          strideTimeS: [a.strideTimeMedianS, b.strideTimeMedianS],
          swingPeakNegGyrY: [a.swingPeakNegGyrYRadS, b.swingPeakNegGyrYRadS],
          peakPosGyrY: [a.peakPosGyrYRadS, b.peakPosGyrYRadS],
          cycleR: pearson(a.meanCycleGyrY, b.meanCycleGyrY),
          meanF: [a.meanF, b.meanF],
          meanFNorm: [a.meanFNorm, b.meanFNorm],
          realMeanFWithoutGravity: KINEMATIC[side][site],
          stanceFraction: [a.stanceFraction, b.stanceFraction],
          phaseContribXZ: [a.phaseContribution, b.phaseContribution],
          phaseMeanXZ: [a.phaseMean, b.phaseMean],
        };
      }
    }
    console.log(`rbds virtual vs synth [real, synth]: ${JSON.stringify(summary, rounded)}`);
    for (const side of SIDES) {
      for (const site of SITES) {
        const { real: a, synth: b } = M[side][site];
        expect(a.strides).toBeGreaterThanOrEqual(30);
        expect(b.strides).toBeGreaterThanOrEqual(60);
        // stride time: the model's running stride time is fitted to this runner's force plate (0.765 s);
        // measured synth/real − 1 = −0.03
        expect(Math.abs(b.strideTimeMedianS / a.strideTimeMedianS - 1)).toBeLessThan(0.08);
        const swingRatio = b.swingPeakNegGyrYRadS / a.swingPeakNegGyrYRadS;
        const posRatio = b.peakPosGyrYRadS / a.peakPosGyrYRadS;
        const r = pearson(a.meanCycleGyrY, b.meanCycleGyrY);
        if (site === 'shank') {
          // measured: swing 1.04 / 0.96, push 1.19 / 1.17, r 0.85 / 0.88 (right / left)
          expect(swingRatio).toBeGreaterThan(0.75);
          expect(swingRatio).toBeLessThan(1.33);
          expect(posRatio).toBeGreaterThan(0.75);
          expect(posRatio).toBeLessThan(1.5);
          expect(r).toBeGreaterThan(0.75);
        } else {
          // measured: swing toe-up 1.64 / 1.33, push-off 1.40 / 1.36, r 0.78 / 0.81 — the synthesised
          // foot rotates faster than this (forefoot-striking, 2.5 m/s) runner's; bounds are regression bounds
          expect(swingRatio).toBeGreaterThan(0.75);
          expect(swingRatio).toBeLessThan(2);
          expect(posRatio).toBeGreaterThan(0.75);
          expect(posRatio).toBeLessThan(1.8);
          expect(r).toBeGreaterThan(0.65);
        }
        // mean specific force over whole strides: real foot ≈ (−6, 0.5, 15) m/s², |·| ≈ 1.6–1.75 g
        // (shank ≈ 1.25 g): a real running foot does not read 1 g on average. Measured synth − real:
        // foot Δx −1.2, Δz +4.0 / +2.2; shank Δx +0.7 / +1.2, Δz +1.0 / +1.2 m/s².
        if (site === 'foot') expect(a.meanFNorm).toBeGreaterThan(1.4 * 9.81);
        expect(Math.abs(b.meanF[0] - a.meanF[0])).toBeLessThan(3);
        expect(Math.abs(b.meanF[1] - a.meanF[1])).toBeLessThan(1.5);
        expect(Math.abs(b.meanF[2] - a.meanF[2])).toBeLessThan(site === 'foot' ? 6 : 3);
        expect(b.meanFNorm / a.meanFNorm).toBeGreaterThan(0.8);
        expect(b.meanFNorm / a.meanFNorm).toBeLessThan(1.45);
      }
    }
  });

  it('mean specific force of the virtual foot is robust to where the sensor sits (±3 cm)', () => {
    const offsets: [number, number, number][] = [[0.03, 0, 0], [-0.03, 0, 0], [0, 0, 0.02], [0, 0, -0.02]];
    const out: Record<string, number[]> = {};
    for (const side of SIDES) {
      for (const o of offsets) {
        const m = metrics(virtualImu(markers, staticTrial, side, 'foot', { cutoffHz: CUTOFF_HZ, originOffsetM: o }), realEvents[side]);
        out[`${side} ${o.join(',')}`] = [...m.meanF, m.meanFNorm];
        // placement moves the mean by ≤ 2 m/s² here: the large mean is not a placement artefact
        expect(Math.abs(m.meanFNorm - M[side].foot.real.meanFNorm)).toBeLessThan(2.5);
      }
    }
    console.log(`rbds virtual foot mean f vs sensor offset (x, y, z, |f|): ${JSON.stringify(out, rounded)}`);
  });

  it('pipeline IC / TO on the virtual foot IMU vs the force plate (50 N)', () => {
    const summary: Record<string, unknown> = {};
    for (const side of SIDES) {
      const t = real[side].foot;
      // the virtual trace is built in the foot sensor frame; 'auto' alignment gives the same events ± 5 ms
      const res = analyzeTrace(t, { side, alignment: 'none' });
      const ic = plate[side].initialContactS.filter((x) => x > t.timeS[0] && x < t.timeS[t.timeS.length - 1]);
      const to = plate[side].toeOffS.filter((x) => x > t.timeS[0] && x < t.timeS[t.timeS.length - 1]);
      const nearest = (list: readonly number[], x: number): number => list.reduce((b, v) => (Math.abs(v - x) < Math.abs(b - x) ? v : b), Infinity);
      const eIc: number[] = [];
      const eTo: number[] = [];
      for (const s of res.strides) {
        const i = nearest(ic, s.icS);
        const o = nearest(to, s.toS);
        if (Math.abs(i - s.icS) < 0.2) eIc.push(1000 * (s.icS - i));
        if (Math.abs(o - s.toS) < 0.2) eTo.push(1000 * (s.toS - o));
      }
      // the push-off peak of +gyr_y (Falbriard 2018's terminal-contact feature) against the same TOs
      const ePeak: number[] = [];
      for (const o of to) {
        let best = -Infinity;
        let at = NaN;
        for (let i = Math.max(0, idx(t, o - 0.15)); i <= Math.min(t.timeS.length - 1, idx(t, o + 0.1)); i++) {
          if (t.gyrRadS[3 * i + 1] > best) [best, at] = [t.gyrRadS[3 * i + 1], t.timeS[i]];
        }
        ePeak.push(1000 * (at - o));
      }
      const abs = (v: number[]): number[] => v.map(Math.abs);
      const st = {
        detected: res.strides.length,
        plateContacts: ic.length,
        icMedianMs: quantile(eIc, 0.5),
        icAbsMedianMs: quantile(abs(eIc), 0.5),
        icAbsP95Ms: quantile(abs(eIc), 0.95),
        toMedianMs: quantile(eTo, 0.5),
        toAbsMedianMs: quantile(abs(eTo), 0.5),
        toAbsP95Ms: quantile(abs(eTo), 0.95),
        pushOffPeakMinusToMedianMs: quantile(ePeak, 0.5),
        pushOffPeakMinusToIqrMs: quantile(ePeak, 0.75) - quantile(ePeak, 0.25),
        strideTimeMedianS: quantile(res.strides.map((s) => s.strideTimeS), 0.5),
        plateStrideTimeMedianS: M[side].foot.real.strideTimeMedianS,
      };
      summary[side] = st;
      expect(st.detected).toBeGreaterThanOrEqual(st.plateContacts - 2);
      expect(st.detected).toBeLessThanOrEqual(st.plateContacts);
      expect(eIc.length).toBeGreaterThanOrEqual(st.detected - 1);
      // IC (measured median +11 / +8 ms, |·| p95 18 / 15 ms); the 20 Hz marker low-pass smears the
      // contact transient, so bounds are wider than Falbriard 2018's 2 ms precision
      expect(Math.abs(st.icMedianMs)).toBeLessThan(25);
      expect(st.icAbsP95Ms).toBeLessThan(35);
      // TO: running-type push-off → push-off peak + 19 ms (events.ts). Measured median −2 / −4 ms,
      // |·| p95 9 / 8 ms (the midpoint rule alone gave +80 / +98 ms). The 19 ms offset was fitted on
      // this trial, so this is a fit check, not an independent validation (Falbriard 2018: bias ≤ 12 ms).
      expect(Math.abs(st.toMedianMs)).toBeLessThan(12);
      expect(st.toAbsP95Ms).toBeLessThan(20);
      expect(Math.abs(st.strideTimeMedianS / st.plateStrideTimeMedianS - 1)).toBeLessThan(0.03);
    }
    console.log(`rbds pipeline events vs force plate: ${JSON.stringify(summary, rounded)}`);
  });
});
