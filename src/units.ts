/**
 * Unit conversions used at the edges of the tool (CLI, files, figures).
 * Inside the model everything is SI and angles are radians.
 */

/** Standard gravity, m/s² (CGPM 1901 conventional value). */
export const STANDARD_GRAVITY_MPS2 = 9.80665;

export const degToRad = (deg: number): number => (deg * Math.PI) / 180;
export const radToDeg = (rad: number): number => (rad * 180) / Math.PI;

/** International mile, m. */
export const METRES_PER_MILE = 1609.344;
export const milesToMetres = (miles: number): number => miles * METRES_PER_MILE;
export const metresToMiles = (metres: number): number => metres / METRES_PER_MILE;

export const mphToMps = (mph: number): number => (mph * METRES_PER_MILE) / 3600;
export const mpsToMph = (mps: number): number => (mps * 3600) / METRES_PER_MILE;

export const gToMps2 = (g: number): number => g * STANDARD_GRAVITY_MPS2;
export const mps2ToG = (mps2: number): number => mps2 / STANDARD_GRAVITY_MPS2;

/** mmHg → Pa (1 mmHg = 133.322387415 Pa, by definition via 13.5951 g/cm³ mercury). */
export const mmHgToPa = (mmHg: number): number => mmHg * 133.322387415;
