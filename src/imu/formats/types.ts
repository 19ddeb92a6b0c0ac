/** Options and shared types of the trace readers. */
import type { SensorSite, Side } from '../trace.ts';
import type { AccUnit, GyrUnit, TimeUnit } from './units.ts';

export type TraceFormat = 'canonical' | 'gaitmap' | 'xsens' | 'shimmer' | 'generic';
export const TRACE_FORMATS: readonly TraceFormat[] = ['canonical', 'gaitmap', 'xsens', 'shimmer', 'generic'];

/** Default size limit, bytes (200 MB). */
export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;
/** Default row limit: 10 million samples (e.g. 2.3 h at 1200 Hz). */
export const DEFAULT_MAX_ROWS = 10_000_000;

export interface ReadOptions {
  /** Skip detection and read as this format. */
  format?: TraceFormat;
  /** Sampling rate, Hz: required for gaitmap and shimmer files, which do not store it. */
  rateHz?: number;
  /** Units in the file (override what the format declares; otherwise inferred with a note). */
  units?: { acc?: AccUnit; gyr?: GyrUnit; time?: TimeUnit };
  /**
   * Generic CSV: which column holds what. Keys `time`, `index`, `accX`, `accY`, `accZ`, `gyrX`,
   * `gyrY`, `gyrZ`; values are header names, or 1-based column numbers written as `"#3"` (also
   * the way to read a file without a header row).
   */
  columns?: Record<string, string>;
  /** gaitmap: which sensor (e.g. `left_sensor`) `readTrace` returns. */
  sensor?: string;
  site?: SensorSite;
  side?: Side;
  /** Reject inputs larger than this, bytes (default 200 MB). */
  maxBytes?: number;
  /** Reject inputs with more data rows than this (default 10 000 000). */
  maxRows?: number;
  /** Name used in error messages (default: the path, or "input"). */
  source?: string;
  /** Interpolate across timestamp gaps up to this long, s (default: only up to 3 sample periods). */
  fillGapsUpToS?: number;
  /** Turn an implausible gravity magnitude into a note instead of an error (badly calibrated sensors). */
  allowGravityMismatch?: boolean;
}
