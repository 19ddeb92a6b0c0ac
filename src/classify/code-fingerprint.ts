/**
 * Fingerprint of the source code that turns a training config into examples (simulator, IMU
 * synthesiser, analysis pipeline, feature extraction, label rule). It is part of the dataset cache
 * key, so a change to any of that code regenerates the data instead of silently reusing examples
 * made by the old code (which is what happened when the pipeline's alignment was fixed).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Folders and files (relative to src/) whose contents decide the examples. */
const DATA_CODE = ['model', 'sim', 'imu/synth', 'imu/pipeline', 'imu/trace.ts', 'random.ts', 'classify/features.ts', 'classify/labels.ts', 'classify/simulated-foot.ts', 'classify/dataset-worker.ts'];

function listFiles(path: string, out: string[]): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) listFiles(join(path, name), out);
  } else if (/\.(ts|mts|js|mjs|json)$/.test(path)) {
    out.push(path);
  }
}

let cached: string | null = null;

/** Short SHA-256 of the data-producing source files (names and contents); 'unknown' without sources. */
export function dataCodeFingerprint(): string {
  if (cached) return cached;
  const files: string[] = [];
  for (const p of DATA_CODE) listFiles(join(SRC, p), files);
  if (files.length === 0) return (cached = 'unknown');
  const h = createHash('sha256');
  for (const f of files) {
    h.update(relative(SRC, f).replaceAll('\\', '/'));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return (cached = h.digest('hex').slice(0, 16));
}
