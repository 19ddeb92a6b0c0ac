/**
 * Shared CLI plumbing: exit codes, error reporting, config loading, `--set` overrides, progress.
 * Exit codes (INTERFACES.md): 0 success, 1 runtime failure, 2 bad usage or bad input.
 */
import { readFileSync, existsSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import cliProgress from 'cli-progress';
import { InputError } from '../errors.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Print an error the way every command does and return the exit code for it. */
export function reportError(err: unknown): number {
  if (err instanceof InputError) {
    process.stderr.write(`dropfoot: error: ${err.message}\n`);
    return EXIT_USAGE;
  }
  const e = err as Error;
  process.stderr.write(`dropfoot: failed: ${e?.message ?? String(err)}\n`);
  if (process.env.DROPFOOT_DEBUG && e?.stack) process.stderr.write(e.stack + '\n');
  return EXIT_FAILURE;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Deep merge: objects merge key by key, everything else (arrays included) is replaced. */
export function deepMerge(base: Json, over: Json): Json {
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: { [k: string]: Json } = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : v;
    return out;
  }
  return over;
}

function isPlainObject(v: unknown): v is { [k: string]: Json } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Read a YAML or JSON file into a plain object. @throws InputError with the file and line */
export function loadConfigFile(path: string): { [k: string]: Json } {
  if (!existsSync(path)) throw new InputError(`config file not found`, path);
  const text = readFileSync(path, 'utf8');
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true });
  } catch (e) {
    const err = e as { linePos?: Array<{ line: number; col: number }>; message: string };
    const pos = err.linePos?.[0];
    throw new InputError(`not valid YAML/JSON: ${err.message.split('\n')[0]}`, pos ? `${path}:${pos.line}:${pos.col}` : path);
  }
  if (!isPlainObject(data)) throw new InputError('the config must be a mapping of parameter names to values', path);
  return data;
}

/**
 * Apply `key.path=value` overrides. Values are parsed as YAML scalars/flow collections, so
 * `speedMps=3.5`, `gait=walk`, `restsS=[[600,120]]` and `left.nerve.mechanism=none` all work.
 * @throws InputError for a malformed assignment
 */
export function applySets(config: { [k: string]: Json }, sets: readonly string[]): { [k: string]: Json } {
  let out: Json = config;
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new InputError(`--set expects key=value (e.g. --set speedMps=3.5), got "${s}"`);
    const key = s.slice(0, eq).trim();
    const raw = s.slice(eq + 1).trim();
    if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(key)) throw new InputError(`--set: "${key}" is not a parameter path`);
    let value: Json;
    try {
      value = raw === '' ? '' : (parseYaml(raw) as Json);
    } catch {
      value = raw;
    }
    const patch: Json = key
      .split('.')
      .reverse()
      .reduce<Json>((acc, k) => ({ [k]: acc }), value);
    out = deepMerge(out, patch);
  }
  return out as { [k: string]: Json };
}

/** A progress bar on stderr (cli-progress) when stderr is a TTY; silent otherwise. */
export function stderrProgress(label: string): { update(fraction: number): void; done(): void } {
  if (!process.stderr.isTTY) return { update() {}, done() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0);
  return {
    update(fraction: number) {
      bar.update(Math.round(fraction * 100));
    },
    done() {
      bar.stop();
    },
  };
}
