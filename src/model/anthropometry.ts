/**
 * Segment properties of the swing leg (thigh, shank, foot) scaled to a runner, and the foot's
 * contact geometry in a foot-fixed frame.
 *
 * Sources
 * - de Leva P (1996) Adjustments to Zatsiorsky–Seluyanov's segment inertia parameters.
 *   J Biomech 29:1223–1230, doi:10.1016/0021-9290(95)00178-6, Table 4 (sex-specific; reference
 *   sheet §1 [R]). Lengths scale with height (L/H), masses with body mass, COM and radii of
 *   gyration as fractions of the segment length. Sagittal rotation uses de Leva's radius about the
 *   medio-lateral axis (sheet column "z"). Endpoints: thigh hip JC → knee JC; shank knee JC →
 *   lateral malleolus (used as knee → ankle centre); foot heel (pternion) → toe tip (acropodion),
 *   COM measured from the heel.
 * - Foot contact geometry: Hamner subject02 static trial (shod, ~1.80 m; sheet §1 [D]): toe-tip
 *   marker 206 mm ahead of / 45 mm below the ankle centre, heel marker 75–81 mm behind, ankle
 *   centre 107–110 mm above the floor (0.060 H). Barefoot ankle height 0.039 H (Winter, sheet §1).
 *
 * Foot frame: origin at the ankle joint centre, x forward along the sole, z up; with ankle angle 0
 * the foot is flat on the ground (sole horizontal). Positions are [x, z] in m.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';

/** Inertial properties of one segment for sagittal-plane rotation. */
export interface SegmentProperties {
  /** Segment length between its de Leva endpoints, m. */
  readonly lengthM: number;
  readonly massKg: number;
  /** COM distance from the proximal endpoint (foot: from the heel), m. */
  readonly comFromProximalM: number;
  /** Radius of gyration about the COM, medio-lateral axis, m. */
  readonly radiusOfGyrationM: number;
  /** Moment of inertia about the COM, medio-lateral axis, kg·m². */
  readonly inertiaAboutComKgM2: number;
}

/** Foot contact points and COM in the foot frame (ankle centre origin, x forward, z up), m. */
export interface FootGeometry {
  readonly footwear: 'shod' | 'barefoot';
  /** Toe-tip contact point: front end of the sole, at floor level when the foot is flat. */
  readonly toeM: readonly [number, number];
  /** Heel contact point: back end of the sole, at floor level when the foot is flat. */
  readonly heelM: readonly [number, number];
  /** COM of foot (+ shoe), m. */
  readonly comM: readonly [number, number];
  /** Height of the ankle centre above the sole when flat, m (so the sole is at z = −this). */
  readonly soleHeightBelowAnkleM: number;
  /**
   * Where Hamner's toe-tip marker sits on a shoe (65 mm above the floor at 1.80 m), for comparing
   * with marker-based clearance data; null when barefoot.
   */
  readonly toeMarkerM: readonly [number, number] | null;
}

/** Result of {@link segmentProperties}. Frozen. */
export interface LegSegments {
  readonly thigh: SegmentProperties;
  readonly shank: SegmentProperties;
  /** Foot including the shoe (mass, COM and inertia combined); barefoot: de Leva's foot alone. */
  readonly foot: SegmentProperties;
  readonly footGeometry: FootGeometry;
  /** Mass of one shoe included in `foot`, kg. */
  readonly shoeMassKg: number;
}

type Sex = 'male' | 'female';

interface DeLevaSegment {
  lengthOverHeight: number;
  massFraction: number;
  comFraction: number;
  /** Radius of gyration about the medio-lateral axis, fraction of length. */
  radiusFraction: number;
}

// de Leva 1996 Table 4 (sheet §1 [R]): L/H, mass fraction, COM from proximal, r (ML axis).
const DE_LEVA: Record<Sex, Record<'thigh' | 'shank' | 'foot', DeLevaSegment>> = {
  male: {
    thigh: { lengthOverHeight: 0.4222 / 1.741, massFraction: 0.1416, comFraction: 0.4095, radiusFraction: 0.329 },
    shank: { lengthOverHeight: 0.434 / 1.741, massFraction: 0.0433, comFraction: 0.4459, radiusFraction: 0.249 },
    foot: { lengthOverHeight: 0.2581 / 1.741, massFraction: 0.0137, comFraction: 0.4415, radiusFraction: 0.257 },
  },
  female: {
    thigh: { lengthOverHeight: 0.3685 / 1.735, massFraction: 0.1478, comFraction: 0.3612, radiusFraction: 0.364 },
    shank: { lengthOverHeight: 0.4323 / 1.735, massFraction: 0.0481, comFraction: 0.4416, radiusFraction: 0.267 },
    foot: { lengthOverHeight: 0.2283 / 1.735, massFraction: 0.0129, comFraction: 0.4014, radiusFraction: 0.299 },
  },
};
// * Lengths are de Leva's reference lengths divided by the reference heights (1.741 m male,
// 1.735 m female), which reproduces Table 4 exactly for the reference subjects; the sheet's
// rounded L/H column (0.2425 …) differs by < 0.1 %.

// Hamner subject02 static trial, shod (sheet §1 [D]); heights are normalised by 1.80 m [M: height
// "about 1.80 m"]. Ankle-to-toe and ankle-to-heel horizontal distances (heel: mean of 75/81 mm).
const HAMNER_HEIGHT_M = 1.8;
const HAMNER_TOE_AHEAD_M = 0.206; // toe-tip marker ahead of the ankle centre
const HAMNER_HEEL_BEHIND_M = 0.078; // heel marker behind the ankle centre
const HAMNER_TOE_MARKER_BELOW_ANKLE_M = 0.045;
/** Shod ankle-centre height, fraction of H: (110 + 107)/2 mm / 1.80 m (sheet §1 [D]). */
const SHOD_ANKLE_HEIGHT_OVER_H = 0.1085 / HAMNER_HEIGHT_M;
/** Barefoot ankle height, fraction of H (Winter, sheet §1 [R]). */
const BAREFOOT_ANKLE_HEIGHT_OVER_H = 0.039;
/** Fraction of the heel→toe length that lies ahead of the ankle centre (Hamner, shod [D]). */
const TOE_FRACTION_AHEAD_OF_ANKLE = HAMNER_TOE_AHEAD_M / (HAMNER_TOE_AHEAD_M + HAMNER_HEEL_BEHIND_M);
/**
 * Shod heel→toe length over de Leva's barefoot foot length: (206 + 78) mm / (0.2581/1.741 × 1.80 m)
 * = 1.064 [D]. Applied to both sexes (* assumption: same shoe allowance, ~1.7 cm at 1.80 m).
 */
const SHOD_LENGTH_OVER_BAREFOOT =
  (HAMNER_TOE_AHEAD_M + HAMNER_HEEL_BEHIND_M) / ((0.2581 / 1.741) * HAMNER_HEIGHT_M);

/**
 * Default shoe mass, kg (one shoe): a typical cushioned running trainer. 0.258 kg is reported for
 * the Joma R.3000 used in a running-economy study citing Rodrigo-Carranza et al. 2020 (Front
 * Physiol 11:573660) [R via a citation excerpt; M for "typical"]; racing flats are ~0.15–0.20 kg.
 * Context: +0.1 kg per shoe costs ~1 % running economy (Frederick 1984; Hoogkamer et al. 2016
 * MSSE 48:2175 [R]).
 */
export const DEFAULT_SHOE_MASS_KG = 0.26;

/** A finite number in [min, max] whose every failure message names the field and the range. */
function rangedNumber(field: string, min: number, max: number, unit: string) {
  const error = `${field} must be a finite number in [${min}, ${max}] ${unit}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

/** The runner fields that set segment properties (validated). */
export const runnerBodySchema = z.object({
  heightM: rangedNumber('heightM', 1.2, 2.3, 'm'),
  massKg: rangedNumber('massKg', 30, 200, 'kg'),
  sex: z.enum(['male', 'female'], { error: "sex must be 'male' or 'female'" }),
});

export const segmentOptionsSchema = z
  .object({
    footwear: z.enum(['shod', 'barefoot'], { error: "footwear must be 'shod' or 'barefoot'" }).default('shod'),
    shoeMassKg: rangedNumber('shoeMassKg', 0, 1.5, 'kg').optional(),
  })
  .strict();

export type RunnerBody = z.input<typeof runnerBodySchema>;
export type SegmentOptions = z.input<typeof segmentOptionsSchema>;

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? `${where}.${issue.path.join('.')}` : where;
  throw new InputError(issue?.message ?? 'invalid value', path);
}

function scaleSegment(seg: DeLevaSegment, heightM: number, massKg: number): SegmentProperties {
  const lengthM = seg.lengthOverHeight * heightM;
  const segmentMassKg = seg.massFraction * massKg;
  const radiusOfGyrationM = seg.radiusFraction * lengthM;
  return Object.freeze({
    lengthM,
    massKg: segmentMassKg,
    comFromProximalM: seg.comFraction * lengthM,
    radiusOfGyrationM,
    inertiaAboutComKgM2: segmentMassKg * radiusOfGyrationM * radiusOfGyrationM,
  });
}

/**
 * Thigh, shank and foot properties for a runner (de Leva 1996, sex-specific), with the shoe added
 * to the foot, and the foot's contact geometry.
 *
 * Shoe (footwear 'shod', default): mass `shoeMassKg` (default {@link DEFAULT_SHOE_MASS_KG}) with
 * its COM at mid-length of the shod sole, at the insole level (z = −barefoot ankle height), and
 * the inertia of a thin rod of the shod length about that COM (* assumption). The foot tissue COM
 * is de Leva's (from the heel along the sole) at half the barefoot ankle height (* assumption).
 * Shod geometry: heel→toe length = 1.064 × de Leva foot length, 72.5 % of it ahead of the ankle,
 * sole 0.060 H below the ankle (Hamner). Barefoot: de Leva foot length, same split, sole 0.039 H
 * below the ankle (Winter).
 *
 * @param runner heightM (m, 1.2–2.3), massKg (kg, 30–200), sex.
 * @param options footwear ('shod' | 'barefoot'), shoeMassKg (kg, 0–1.5; must be 0 or absent when
 *   barefoot).
 * @throws InputError naming the field and its valid range.
 * @example segmentProperties({ heightM: 1.741, massKg: 73, sex: 'male' }, { footwear: 'barefoot' })
 *   .shank.massKg // 3.1609 (= 0.0433 × 73)
 */
export function segmentProperties(runner: RunnerBody, options: SegmentOptions = {}): LegSegments {
  const body = parseOrThrow(runnerBodySchema, runner, 'runner');
  const opts = parseOrThrow(segmentOptionsSchema, options, 'options');
  const shod = opts.footwear === 'shod';
  if (!shod && opts.shoeMassKg !== undefined && opts.shoeMassKg > 0) {
    throw new InputError("shoeMassKg must be 0 when footwear is 'barefoot'", 'options.shoeMassKg');
  }
  const shoeMassKg = shod ? (opts.shoeMassKg ?? DEFAULT_SHOE_MASS_KG) : 0;
  const { heightM, massKg, sex } = body;
  const table = DE_LEVA[sex];

  const thigh = scaleSegment(table.thigh, heightM, massKg);
  const shank = scaleSegment(table.shank, heightM, massKg);
  const footTissue = scaleSegment(table.foot, heightM, massKg);

  // Foot frame geometry.
  const barefootLengthM = footTissue.lengthM;
  const barefootAnkleHeightM = BAREFOOT_ANKLE_HEIGHT_OVER_H * heightM;
  const barefootHeelX = -(1 - TOE_FRACTION_AHEAD_OF_ANKLE) * barefootLengthM;
  const outlineLengthM = shod ? SHOD_LENGTH_OVER_BAREFOOT * barefootLengthM : barefootLengthM;
  const soleHeightBelowAnkleM = shod ? SHOD_ANKLE_HEIGHT_OVER_H * heightM : barefootAnkleHeightM;
  const toeX = TOE_FRACTION_AHEAD_OF_ANKLE * outlineLengthM;
  const heelX = -(1 - TOE_FRACTION_AHEAD_OF_ANKLE) * outlineLengthM;

  // Foot tissue COM: de Leva, from the heel along the sole; height assumed half the ankle height.
  const tissueComX = barefootHeelX + footTissue.comFromProximalM;
  const tissueComZ = -0.5 * barefootAnkleHeightM;
  // Shoe COM: mid-length of the shod outline, at insole level.
  const shoeComX = 0.5 * (toeX + heelX);
  const shoeComZ = -barefootAnkleHeightM;
  const totalMassKg = footTissue.massKg + shoeMassKg;
  const comX = (footTissue.massKg * tissueComX + shoeMassKg * shoeComX) / totalMassKg;
  const comZ = (footTissue.massKg * tissueComZ + shoeMassKg * shoeComZ) / totalMassKg;
  const dTissue2 = (tissueComX - comX) ** 2 + (tissueComZ - comZ) ** 2;
  const dShoe2 = (shoeComX - comX) ** 2 + (shoeComZ - comZ) ** 2;
  const shoeInertia = (shoeMassKg * outlineLengthM * outlineLengthM) / 12;
  const footInertia =
    footTissue.inertiaAboutComKgM2 + footTissue.massKg * dTissue2 + shoeInertia + shoeMassKg * dShoe2;

  const foot: SegmentProperties = Object.freeze({
    lengthM: barefootLengthM,
    massKg: totalMassKg,
    // Along x from the barefoot heel (de Leva's pternion), as de Leva measures the foot COM.
    comFromProximalM: comX - barefootHeelX,
    radiusOfGyrationM: Math.sqrt(footInertia / totalMassKg),
    inertiaAboutComKgM2: footInertia,
  });

  const scale = heightM / HAMNER_HEIGHT_M;
  const footGeometry: FootGeometry = Object.freeze({
    footwear: opts.footwear,
    toeM: Object.freeze([toeX, -soleHeightBelowAnkleM] as const),
    heelM: Object.freeze([heelX, -soleHeightBelowAnkleM] as const),
    comM: Object.freeze([comX, comZ] as const),
    soleHeightBelowAnkleM,
    toeMarkerM: shod ? Object.freeze([toeX, -HAMNER_TOE_MARKER_BELOW_ANKLE_M * scale] as const) : null,
  });

  return Object.freeze({ thigh, shank, foot, footGeometry, shoeMassKg });
}
