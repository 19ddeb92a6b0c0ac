/**
 * Ankle muscles against the reference sheet (/work/shared/reference/biomechanics.md §2), which was
 * computed from the OpenSim gait2392 and Rajagopal 2016 .osim files (path points, central
 * differences, rigid tendon, constant-width pennation, Thelen passive curve k_PE = 4, ε0 = 0.6),
 * and the whole-joint passive moment of Riener & Edrich 1999 (J Biomech 32:539).
 */
import { describe, expect, it } from 'vitest';
import {
  ankleMuscleSet,
  ankleMuscleTorqueNm,
  normalizedFiberLength,
  soleusForceN,
  soleusMomentArmM,
  tibialisMomentArmM,
} from '../../src/model/ankle-muscles.ts';
import {
  ANKLE_DAMPING_NMS_PER_RAD,
  ankleLimitTorqueNm,
  gastrocnemiusPassiveTorqueNm,
  passiveAnkleTorqueNm,
  rienerEdrichAnkleMomentNm,
} from '../../src/model/passive-ankle.ts';

const deg = (d: number): number => (d * Math.PI) / 180;

// Reference sheet §2 table "Moment arms, normalised lengths and passive soleus moment vs ankle angle".
const ANGLES_DEG = [-40, -30, -20, -10, 0, 10, 20, 30];
const TA_R_2392_MM = [30.9, 34.4, 37.4, 40.0, 42.0, 43.2, 43.4, 42.0];
const TA_R_RAJ16_MM = [31.5, 35.0, 38.0, 40.6, 42.6, 43.8, 44.0, 42.5];
const SOL_R_2392_MM = [-45.4, -47.6, -48.3, -47.5, -45.3, -42.1, -37.8, -32.6];
const SOL_R_RAJ16_MM = [-41.7, -43.6, -44.2, -43.4, -41.4, -38.3, -34.2, -29.4];
const TA_NORM_LENGTH_2392 = [1.09, 1.03, 0.97, 0.9, 0.83, 0.75, 0.68, 0.6];
const SOL_NORM_LENGTH_2392 = [0.45, 0.54, 0.65, 0.79, 0.93, 1.07, 1.2, 1.31];
const SOL_PASSIVE_MOMENT_2392_NM = [0, 0, 0, 0, 0, -1.5, -6.4, -14.5];

const maxAbs = (xs: number[]): number => Math.max(...xs.map(Math.abs));

describe('moment-arm fits vs the .osim-derived table (−40…+30°)', () => {
  const cases = [
    ['gait2392', TA_R_2392_MM, SOL_R_2392_MM],
    ['rajagopal2016', TA_R_RAJ16_MM, SOL_R_RAJ16_MM],
  ] as const;
  for (const [model, taTable, solTable] of cases) {
    it(`${model}: within 1 mm of every tabulated value (measured max 0.15 mm)`, () => {
      const set = ankleMuscleSet({ model });
      const taErr = ANGLES_DEG.map((d, i) => tibialisMomentArmM(set, deg(d)) * 1000 - taTable[i]);
      const solErr = ANGLES_DEG.map((d, i) => -soleusMomentArmM(set, deg(d)) * 1000 - solTable[i]);
      expect(maxAbs(taErr)).toBeLessThan(0.2);
      expect(maxAbs(solErr)).toBeLessThan(0.2);
    });
  }
});

describe('normalised fibre length, gait2392, rigid tendon', () => {
  const set = ankleMuscleSet();
  it('TA ℓ̃ within 0.01 of the sheet (measured max |Δ| 0.006)', () => {
    const err = ANGLES_DEG.map((d, i) => normalizedFiberLength(set.ta, deg(d)) - TA_NORM_LENGTH_2392[i]);
    expect(maxAbs(err)).toBeLessThan(0.01);
  });
  it('SOL ℓ̃ within 0.015 of the sheet (measured max |Δ| 0.011; ours ~0.008 shorter, consistent with the 1 mm rounding of l_MT(0) = 0.291 m)', () => {
    const err = ANGLES_DEG.map((d, i) => normalizedFiberLength(set.sol, deg(d)) - SOL_NORM_LENGTH_2392[i]);
    expect(maxAbs(err)).toBeLessThan(0.015);
  });
});

describe('passive soleus moment, gait2392', () => {
  const soleusPassiveMomentNm = (set: ReturnType<typeof ankleMuscleSet>, d: number) =>
    -soleusForceN(set, 0, deg(d), 0) * soleusMomentArmM(set, deg(d));

  it('Thelen curve (as the sheet): −1.28 / −5.97 / −13.67 N·m at +10/+20/+30° vs −1.5 / −6.4 / −14.5 (−15 %, −7 %, −6 %)', () => {
    const set = ankleMuscleSet({ passiveCurve: 'thelen2003' });
    const ours = ANGLES_DEG.map((d) => soleusPassiveMomentNm(set, d));
    ANGLES_DEG.forEach((d, i) => {
      // The sheet's l_MT(0) = 0.291 m is rounded to 1 mm (= 0.02 ℓ̃ of soleus fibre): with
      // 0.2915 m the same code gives −1.52 / −6.51 / −14.70 N·m. 0.3 N·m + 7 % covers the rounding.
      const tol = 0.3 + 0.07 * Math.abs(SOL_PASSIVE_MOMENT_2392_NM[i]);
      expect(Math.abs(ours[i] - SOL_PASSIVE_MOMENT_2392_NM[i])).toBeLessThan(tol);
      if (d <= 0) expect(Math.abs(ours[i])).toBe(0);
    });
  });

  it('De Groote curve (default): −1.55 N·m already at 0°, −3.75 / −8.15 / −15.41 at +10/+20/+30° (its f_PE(1) = 0.018)', () => {
    const set = ankleMuscleSet();
    const thelen = ankleMuscleSet({ passiveCurve: 'thelen2003' });
    for (const d of ANGLES_DEG) {
      expect(soleusPassiveMomentNm(set, d)).toBeLessThanOrEqual(soleusPassiveMomentNm(thelen, d));
    }
    // Differences from the sheet: +2.2 / +1.8 / +0.9 N·m more plantarflexion at +10/+20/+30°.
    ANGLES_DEG.forEach((d, i) => {
      if (d >= 10) expect(Math.abs(soleusPassiveMomentNm(set, d) - SOL_PASSIVE_MOMENT_2392_NM[i])).toBeLessThan(2.5);
    });
    expect(soleusPassiveMomentNm(set, 0)).toBeCloseTo(-1.55, 1);
  });
});

describe('TA maximal isometric dorsiflexion moment (sheet §6: 905 N × 0.042 m ≈ 38 N·m upper bound)', () => {
  it('gait2392 at 0°: 33.1 N·m = 38.1 × f_L(0.831) 0.868 × cos α 0.995', () => {
    const set = ankleMuscleSet();
    const m = ankleMuscleTorqueNm(set, 1, 0, 0, 0, 1) - ankleMuscleTorqueNm(set, 0, 0, 0, 0, 1);
    expect(m).toBeGreaterThan(32.5);
    expect(m).toBeLessThan(905 * 0.042);
  });
  it('Rajagopal 2016 at 0°: ≈ 51 N·m (sheet: 1227 × 0.043 = 53 N·m upper bound)', () => {
    const set = ankleMuscleSet({ model: 'rajagopal2016' });
    const m = ankleMuscleTorqueNm(set, 1, 0, 0, 0, 1) - ankleMuscleTorqueNm(set, 0, 0, 0, 0, 1);
    expect(m).toBeGreaterThan(49);
    expect(m).toBeLessThan(1227 * 0.043);
  });
});

describe('passive joint moment vs Riener & Edrich 1999 (whole joint, relaxed subjects)', () => {
  // Model total passive = TA + soleus passive (zero activation) + passiveAnkleTorqueNm.
  // Measured agreement over −30…+20° at knee flexion 20/45/90°: RMS 1.29 N·m (max 1.51) with the
  // De Groote soleus curve, 1.15 N·m (max 1.61) with Thelen's. The residual is what the model
  // leaves out: other muscles' passive force (EDL, EHL, peronei, tib. post.) and skin.
  for (const curve of ['degroote2016', 'thelen2003'] as const) {
    it(`${curve}: RMS difference < 1.5 N·m and max < 2 N·m over −30…+20°`, () => {
      const set = ankleMuscleSet({ passiveCurve: curve });
      for (const kneeDeg of [20, 45, 90]) {
        const errs: number[] = [];
        for (let d = -30; d <= 20; d += 5) {
          const t = deg(d);
          const model = ankleMuscleTorqueNm(set, 0, 0, t, 0, 1) + passiveAnkleTorqueNm(t, 0, deg(kneeDeg));
          errs.push(model - rienerEdrichAnkleMomentNm(t, deg(kneeDeg)));
        }
        const rms = Math.sqrt(errs.reduce((s, e) => s + e * e, 0) / errs.length);
        expect(rms).toBeLessThan(1.5);
        expect(maxAbs(errs)).toBeLessThan(2);
      }
    });
  }

  it('Riener & Edrich sign convention: knee straight → plantarflexing at neutral; zero moment near 18° PF', () => {
    expect(rienerEdrichAnkleMomentNm(0, 0)).toBeCloseTo(-(Math.exp(2.1016) - Math.exp(-7.9763) - 1.792), 10);
    // exp(2.1016 − 0.0843 φ) = 1.792 ⇒ φ ≈ 18.0° PF
    expect(Math.abs(rienerEdrichAnkleMomentNm(deg(-18), 0))).toBeLessThan(0.05);
  });

  it('end-range ligament torque is negligible in the swing range and resists the extremes', () => {
    for (let d = -35; d <= 22; d += 1) expect(Math.abs(ankleLimitTorqueNm(deg(d)))).toBeLessThan(0.05);
    expect(ankleLimitTorqueNm(deg(35))).toBeLessThan(-5);
    expect(ankleLimitTorqueNm(deg(-55))).toBeGreaterThan(0.5);
  });

  it('gastrocnemius surrogate: zero from 90° knee flexion, plantarflexing and larger with the knee straight', () => {
    expect(Math.abs(gastrocnemiusPassiveTorqueNm(deg(5), deg(90)))).toBe(0);
    expect(Math.abs(gastrocnemiusPassiveTorqueNm(deg(5), deg(100)))).toBe(0);
    const straight = gastrocnemiusPassiveTorqueNm(deg(5), deg(20));
    expect(straight).toBeLessThan(gastrocnemiusPassiveTorqueNm(deg(5), deg(60)));
    expect(straight).toBeLessThan(-4); // ≈ −5.9 N·m near initial contact
  });

  it('damping opposes the ankle velocity with 0.1 N·m·s/rad', () => {
    const a = passiveAnkleTorqueNm(deg(0), 10, deg(60));
    const b = passiveAnkleTorqueNm(deg(0), 0, deg(60));
    expect(a - b).toBeCloseTo(-10 * ANKLE_DAMPING_NMS_PER_RAD, 12);
  });
});
