import { describe, expect, it } from 'vitest';
import { DEFAULT_SHOE_MASS_KG, segmentProperties } from '../../src/model/anthropometry.ts';
import { InputError } from '../../src/errors.ts';

// de Leva 1996 (J Biomech 29:1223) Table 4, as transcribed in the reference sheet §1:
// reference male 1.741 m / 73 kg, female 1.735 m / 61.9 kg; L (m), mass fraction, COM fraction from
// the proximal end (foot: heel), radius of gyration about the ML axis (fraction of L).
const TABLE = {
  male: {
    heightM: 1.741,
    massKg: 73,
    thigh: [0.4222, 0.1416, 0.4095, 0.329],
    shank: [0.434, 0.0433, 0.4459, 0.249],
    foot: [0.2581, 0.0137, 0.4415, 0.257],
  },
  female: {
    heightM: 1.735,
    massKg: 61.9,
    thigh: [0.3685, 0.1478, 0.3612, 0.364],
    shank: [0.4323, 0.0481, 0.4416, 0.267],
    foot: [0.2283, 0.0129, 0.4014, 0.299],
  },
} as const;

describe('segmentProperties: de Leva 1996 reference subjects (barefoot)', () => {
  for (const sex of ['male', 'female'] as const) {
    it(`${sex}: reproduces Table 4 lengths, masses, COM and radii`, () => {
      const ref = TABLE[sex];
      const s = segmentProperties({ heightM: ref.heightM, massKg: ref.massKg, sex }, { footwear: 'barefoot' });
      for (const name of ['thigh', 'shank', 'foot'] as const) {
        const [L, massFrac, comFrac, rFrac] = ref[name];
        const seg = s[name];
        expect(seg.lengthM).toBeCloseTo(L, 6);
        expect(seg.massKg).toBeCloseTo(massFrac * ref.massKg, 6);
        expect(seg.comFromProximalM).toBeCloseTo(comFrac * L, 6);
        expect(seg.radiusOfGyrationM).toBeCloseTo(rFrac * L, 6);
        expect(seg.inertiaAboutComKgM2).toBeCloseTo(massFrac * ref.massKg * (rFrac * L) ** 2, 8);
      }
      expect(s.shoeMassKg).toBe(0);
    });
  }

  it('male 1.741/73: thigh 10.34 kg, I = 0.1994 kg·m²; shank 3.161 kg; foot 1.000 kg', () => {
    const s = segmentProperties({ heightM: 1.741, massKg: 73, sex: 'male' }, { footwear: 'barefoot' });
    expect(s.thigh.massKg).toBeCloseTo(10.337, 3);
    expect(s.thigh.inertiaAboutComKgM2).toBeCloseTo(0.1994, 4);
    expect(s.shank.massKg).toBeCloseTo(3.161, 3);
    expect(s.foot.massKg).toBeCloseTo(1.0001, 4);
  });
});

describe('segmentProperties: scaling and foot geometry', () => {
  it('lengths scale with height, masses with body mass', () => {
    const a = segmentProperties({ heightM: 1.6, massKg: 60, sex: 'female' });
    const b = segmentProperties({ heightM: 1.92, massKg: 90, sex: 'female' });
    expect(b.shank.lengthM / a.shank.lengthM).toBeCloseTo(1.2, 10);
    expect(b.thigh.massKg / a.thigh.massKg).toBeCloseTo(1.5, 10);
  });

  it('shod 1.80 m male: Hamner static-trial geometry (toe 206 mm ahead, heel 78 mm behind, ankle 108.5 mm up)', () => {
    const s = segmentProperties({ heightM: 1.8, massKg: 70, sex: 'male' });
    const g = s.footGeometry;
    expect(g.footwear).toBe('shod');
    expect(g.toeM[0]).toBeCloseTo(0.206, 3);
    expect(g.heelM[0]).toBeCloseTo(-0.078, 3);
    expect(g.soleHeightBelowAnkleM).toBeCloseTo(0.1085, 4);
    expect(g.toeM[1]).toBeCloseTo(-0.1085, 4);
    expect(g.heelM[1]).toBeCloseTo(-0.1085, 4);
    expect(g.toeMarkerM).not.toBeNull();
    expect(g.toeMarkerM?.[1]).toBeCloseTo(-0.045, 4);
  });

  it('barefoot: de Leva foot length between heel and toe, ankle 0.039 H above the floor', () => {
    const s = segmentProperties({ heightM: 1.8, massKg: 70, sex: 'male' }, { footwear: 'barefoot' });
    const g = s.footGeometry;
    expect(g.toeM[0] - g.heelM[0]).toBeCloseTo(s.foot.lengthM, 10);
    expect(g.soleHeightBelowAnkleM).toBeCloseTo(0.039 * 1.8, 10);
    expect(g.toeMarkerM).toBeNull();
    // de Leva COM from the heel along the sole
    expect(g.comM[0] - g.heelM[0]).toBeCloseTo(0.4415 * s.foot.lengthM, 10);
  });

  it('the shoe adds its mass to the foot, keeps the COM near the foot COM and raises the inertia', () => {
    const runner = { heightM: 1.75, massKg: 68, sex: 'male' } as const;
    const bare = segmentProperties(runner, { footwear: 'barefoot' });
    const shod = segmentProperties(runner);
    expect(shod.shoeMassKg).toBe(DEFAULT_SHOE_MASS_KG);
    expect(shod.foot.massKg).toBeCloseTo(bare.foot.massKg + DEFAULT_SHOE_MASS_KG, 12);
    const dx = shod.footGeometry.comM[0] - bare.footGeometry.comM[0];
    const dz = shod.footGeometry.comM[1] - bare.footGeometry.comM[1];
    expect(Math.hypot(dx, dz)).toBeLessThan(0.02);
    expect(shod.foot.inertiaAboutComKgM2).toBeGreaterThan(bare.foot.inertiaAboutComKgM2);
    const light = segmentProperties(runner, { shoeMassKg: 0.15 });
    expect(light.foot.massKg).toBeCloseTo(bare.foot.massKg + 0.15, 12);
  });

  it('results are frozen', () => {
    const s = segmentProperties({ heightM: 1.7, massKg: 65, sex: 'female' });
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.foot)).toBe(true);
    expect(Object.isFrozen(s.footGeometry.toeM)).toBe(true);
  });
});

describe('segmentProperties: input validation', () => {
  it('rejects out-of-range or non-finite height and mass with the field and range', () => {
    expect(() => segmentProperties({ heightM: 0.9, massKg: 70, sex: 'male' })).toThrow(InputError);
    expect(() => segmentProperties({ heightM: 0.9, massKg: 70, sex: 'male' })).toThrow(/runner\.heightM.*\[1\.2, 2\.3\]/);
    expect(() => segmentProperties({ heightM: 1.8, massKg: Number.NaN, sex: 'male' })).toThrow(/massKg.*\[30, 200\]/);
    expect(() => segmentProperties({ heightM: Infinity, massKg: 70, sex: 'male' })).toThrow(/heightM/);
    expect(() => segmentProperties({ heightM: 1.8, massKg: 250, sex: 'male' })).toThrow(/massKg/);
    expect(() => segmentProperties({ heightM: 1.8, massKg: 70, sex: 'other' as 'male' })).toThrow(/sex/);
  });

  it('rejects a shoe mass when barefoot and an out-of-range shoe mass', () => {
    expect(() =>
      segmentProperties({ heightM: 1.8, massKg: 70, sex: 'male' }, { footwear: 'barefoot', shoeMassKg: 0.2 }),
    ).toThrow(/shoeMassKg/);
    expect(() => segmentProperties({ heightM: 1.8, massKg: 70, sex: 'male' }, { shoeMassKg: -0.1 })).toThrow(
      /options\.shoeMassKg.*\[0, 1\.5\]/,
    );
  });
});
