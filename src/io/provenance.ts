/**
 * Provenance stamped into every output file: tool version, git commit (if the package is a git
 * checkout), a hash of the fully resolved configuration, and the seed.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let cachedVersion: string | undefined;
/** The package version from package.json. */
export function toolVersion(): string {
  if (cachedVersion === undefined) {
    cachedVersion = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  }
  return cachedVersion;
}

let cachedCommit: string | null | undefined;
/** The git commit of the package checkout, with `-dirty` if it has changes; null if unknown. */
export function gitCommit(): string | null {
  if (cachedCommit === undefined) {
    try {
      const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: packageRoot, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
      const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
        cwd: packageRoot,
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .toString()
        .trim();
      cachedCommit = dirty ? `${head}-dirty` : head;
    } catch {
      cachedCommit = null;
    }
  }
  return cachedCommit;
}

/** JSON with object keys sorted at every level: the canonical form that is hashed. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** SHA-256 (hex, first 16 chars) of the canonical JSON of a configuration. */
export function configHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 16);
}

export interface Provenance {
  tool: 'dropfoot';
  version: string;
  gitCommit: string | null;
  configHash: string;
  seed: number;
  createdAt: string;
}

export function provenance(config: unknown, seed: number): Provenance {
  return {
    tool: 'dropfoot',
    version: toolVersion(),
    gitCommit: gitCommit(),
    configHash: configHash(config),
    seed,
    createdAt: new Date().toISOString(),
  };
}
