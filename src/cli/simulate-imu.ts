/**
 * `simulate --imu`: write the synthesised IMU traces of a run as canonical CSVs
 * `imu-{left,right}-{foot,shank}.csv` (INTERFACES.md § Trace files) with `# key: value` header
 * lines (site, side, rate_hz, units, frame, sensor preset, provenance).
 */
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../sim/run.ts';
import { synthesizeImu, type SynthOptions } from '../imu/synth/index.ts';
import { canonicalCsvChunks } from '../imu/formats/index.ts';
import { provenance } from '../io/provenance.ts';

/**
 * Synthesise and write the IMU traces of a run.
 * @param result simulated run
 * @param outDir existing output directory
 * @param options synthesis options (rateHz, sensor, sites, legs, misalignmentRad, seed)
 * @returns the paths written
 * @throws InputError for invalid options
 */
export function writeImuTraces(result: RunResult, outDir: string, options: SynthOptions = {}): string[] {
  const traces = synthesizeImu(result, options);
  const prov = provenance(result.params, result.params.seed);
  const written: string[] = [];
  for (const side of ['left', 'right'] as const) {
    for (const site of ['foot', 'shank'] as const) {
      const trace = traces[side]?.[site];
      if (!trace) continue;
      trace.meta = {
        ...trace.meta,
        provenance: `${prov.tool} ${prov.version} commit ${prov.gitCommit} config ${prov.configHash} run-seed ${prov.seed}`,
      };
      const path = join(outDir, `imu-${side}-${site}.csv`);
      const tmp = `${path}.tmp-${process.pid}`;
      const fd = openSync(tmp, 'w');
      try {
        for (const chunk of canonicalCsvChunks(trace)) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
      written.push(path);
    }
  }
  return written;
}
