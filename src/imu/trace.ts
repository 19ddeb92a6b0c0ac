/**
 * The in-memory IMU trace: what readers produce and what synthesis writes.
 *
 * Channels are in the *sensor frame* as declared by `frame`, acceleration as specific force in
 * m/s² (gravity included, as a real accelerometer reads), angular rate in rad/s.
 * Canonical foot sensor frame (gaitmap FSF): x toward the toes, y to the left, z up; at rest
 * acc_z ≈ +9.81 m/s².
 */

export type SensorSite = 'foot' | 'shank' | 'unknown';
export type Side = 'left' | 'right' | 'unknown';

export interface Trace {
  /** Sample times, s, strictly increasing. (nSample) */
  timeS: Float64Array;
  /** Specific force, m/s², interleaved x,y,z. (nSample x 3) */
  accMps2: Float64Array;
  /** Angular rate, rad/s, interleaved x,y,z. (nSample x 3) */
  gyrRadS: Float64Array;
  /** Nominal sampling rate, Hz (declared by the file or estimated from the timestamps). */
  samplingRateHz: number;
  site: SensorSite;
  side: Side;
  /** Free-form metadata from `# key: value` comment lines or the source format. */
  meta: Record<string, string>;
  /** Notes the reader wants the user to see (e.g. inferred units). */
  notes: string[];
}

/** Number of samples in a trace. */
export const traceLength = (trace: Trace): number => trace.timeS.length;
