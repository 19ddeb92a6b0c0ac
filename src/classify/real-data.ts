/**
 * The real recordings in ../shared/data that the readers accept (healthy walking; see its
 * README): the classifier must call each `none` or `uncertain`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readTraces } from '../imu/formats/index.ts';
import type { Trace } from '../imu/trace.ts';

/** One real trace with its source. */
export interface RealTrace {
  source: string;
  trace: Trace;
  /** The recording it belongs to (the feet of one recording are each other's reference). */
  recording: string;
}

/**
 * Load every real foot trace the readers accept.
 * @param dataDir the shared data folder (default ../shared/data from the working directory)
 * @returns traces (empty when the folder is absent); unreadable files are skipped with a note
 */
export function loadRealTraces(dataDir: string): { traces: RealTrace[]; skipped: string[] } {
  const traces: RealTrace[] = [];
  const skipped: string[] = [];
  if (!existsSync(dataDir)) return { traces, skipped };
  const tryRead = (rel: string, options: Parameters<typeof readTraces>[1], recording = rel): void => {
    try {
      for (const t of readTraces(join(dataDir, rel), options)) traces.push({ source: `${rel}${t.meta.sensor ? `#${t.meta.sensor}` : ''}`, trace: t, recording });
    } catch (e) {
      skipped.push(`${rel}: ${(e as Error).message}`);
    }
  };
  tryRead('gaitmap-example/imu_sample.csv', { rateHz: 204.8 });
  tryRead('gaitmap-example/imu_sample_ic_stride.csv', { rateHz: 102.4 });
  const ipol = join(dataDir, 'ipol-gait/GaitData');
  if (existsSync(ipol)) for (const f of readdirSync(ipol).filter((x) => x.endsWith('.txt')).sort()) tryRead(`ipol-gait/GaitData/${f}`, { fillGapsUpToS: 0.15 }, `ipol-gait/GaitData/${f.replace(/_[lr]f\.txt$/, '')}`);
  // the eGaIT files name their foot only in the file name
  for (const side of ['left', 'right'] as const) tryRead(`egait-sample/P115_E4_${side}_calibrated.csv`, { rateHz: 102.4, side }, 'egait-sample/P115_E4');
  return { traces, skipped };
}
