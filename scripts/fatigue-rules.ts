/**
 * Prints the TA fatigue time course under a running-like load for both recovery rules (and pure
 * 3CC, r = 1), per preset: M_F after 5/10/20/30 min, time to 90 % capacity after 30 min, and the
 * cost of the stride-level update. Numbers for MODEL.md §4 ("important finding"); nothing tuned.
 *
 * Usage: npx tsx scripts/fatigue-rules.ts
 */
import {
  FATIGUE_PRESET_NAMES,
  advanceOverProfile,
  createFatigueState,
  fatigueParamsFromPreset,
  recoveryTimeS,
  type FatigueParams,
} from '../src/model/fatigue.ts';

const STRIDE_S = 0.7; // Hamner subject02 running stride 0.69 s (reference sheet §5)

/**
 * Running-like TA load over one stride, piecewise linear in gait-cycle phase: ~0.5 at contact,
 * `midStance` in mid-stance, 0.2–0.35 through swing (shape from the Hamner CMC TA force/excitation
 * in reference sheet §2; mean ≈ 0.25 F_max).
 */
function runningProfile(midStance: number, dtS: number): Float64Array {
  const keys: Array<[number, number]> = [
    [0, 0.5],
    [0.08, 0.5],
    [0.18, midStance],
    [0.33, midStance],
    [0.4, 0.3],
    [0.55, 0.22],
    [0.75, 0.25],
    [0.92, 0.35],
    [1, 0.5],
  ];
  const n = Math.round(STRIDE_S / dtS);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const phase = (i + 0.5) / n;
    let k = 0;
    while (keys[k + 1][0] < phase) k++;
    const [p0, v0] = keys[k];
    const [p1, v1] = keys[k + 1];
    out[i] = v0 + ((v1 - v0) * (phase - p0)) / (p1 - p0);
  }
  return out;
}

function mean(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

function courseOf(p: FatigueParams, profile: Float64Array, dtS: number) {
  const state = createFatigueState();
  const marksMin = [1, 2, 5, 10, 20, 30];
  const mf: number[] = [];
  let strides = 0;
  for (const m of marksMin) {
    const target = Math.round((m * 60) / STRIDE_S);
    for (; strides < target; strides++) advanceOverProfile(p, state, profile, dtS);
    mf.push(state[1]);
  }
  return { mf, marksMin, recovery90S: recoveryTimeS(p, state, 0.9) };
}

const dtS = 0.01;
for (const midStance of [0.05, 0]) {
  const profile = runningProfile(midStance, dtS);
  console.log(`\nRunning-like load, stride ${STRIDE_S} s, mid-stance TL = ${midStance}, mean TL = ${mean(profile).toFixed(3)}, dt = ${dtS} s`);
  console.log('preset                      rule        M_F @ 1, 2, 5, 10, 20, 30 min               t(90 % capacity) after 30 min');
  for (const preset of FATIGUE_PRESET_NAMES) {
    const variants: Array<[string, FatigueParams]> = [
      ['myosuite', fatigueParamsFromPreset(preset, { recoveryRule: 'myosuite' })],
      ['looft2018', fatigueParamsFromPreset(preset, { recoveryRule: 'looft2018' })],
      ['3CC r=1', fatigueParamsFromPreset(preset, { r: 1 })],
    ];
    for (const [name, p] of variants) {
      const c = courseOf(p, profile, dtS);
      const rec = Number.isFinite(c.recovery90S) ? `${(c.recovery90S / 60).toFixed(1)} min` : 'never (24 h)';
      console.log(`${preset.padEnd(27)} ${name.padEnd(11)} ${c.mf.map((v) => v.toFixed(3)).join('  ')}   ${rec}`);
    }
  }
}

// Cost of the stride-level update: 5,000 strides per leg, both legs.
{
  const p = fatigueParamsFromPreset('frey-law-2012-ankle', { recoveryRule: 'myosuite' });
  const profile = runningProfile(0.05, dtS);
  for (let rep = 0; rep < 3; rep++) {
    const left = createFatigueState();
    const right = createFatigueState();
    const t0 = performance.now();
    for (let i = 0; i < 5000; i++) {
      advanceOverProfile(p, left, profile, dtS);
      advanceOverProfile(p, right, profile, dtS);
    }
    const ms = performance.now() - t0;
    console.log(`\n5,000 strides x 2 legs (${profile.length} samples/stride): ${ms.toFixed(1)} ms (run ${rep + 1})`);
  }
}
