/**
 * Sweep results on disk: Parquet chunk files written through DuckDB, and `results.duckdb` holding
 * views over them.
 *
 * Layout of a results directory:
 * - `experiment.json`: the validated experiment, its hash and provenance (checked on resume/merge).
 * - `design.json`: the design (factors, unit-cube points as base64 Float64 little-endian, meta), for `sensitivity`.
 * - `points/chunk-<i>of<n>-<k>.parquet`: one row per finished task (shard i of n, chunk k).
 * - `strides/chunk-<i>of<n>-<k>.parquet`: per-stride rows of the same tasks, when kept; always
 *   renamed into place before its `points` twin, so a task counts as finished only once both exist.
 * - `results.duckdb`: view `results` (each key once, ordered by point, replicate) and, with strides,
 *   view `strides`, over absolute paths of the Parquet files (rerun `dropfoot merge DIR` after moving DIR).
 *
 * Every file is written under a temporary name (`*.tmp-<pid>`), flushed to disk, then renamed.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../errors.ts';
import { STRIDE_COLUMNS } from '../sim/outputs.ts';
import type { Design } from './samplers/index.ts';
import { factorColumn, type ExperimentPlan } from './spec.ts';
import { OUTPUT_COLUMNS, type StrideBlock, type WorkerOutcome } from './worker.ts';

export type ColumnType = 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'VARCHAR';
export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
}
export type CellValue = number | string | null;

/** Columns whose values legitimately differ between two runs of the same task. */
export const TIMING_COLUMNS = ['wall_s', 'shard'] as const;

/**
 * Columns of the `results` rows: point, replicate, seed, shard, key, scenario, one per factor
 * (see factorColumn), every summary output (OUTPUT_COLUMNS), status (`ok`|`error`), message, wall_s.
 */
export function pointColumns(plan: ExperimentPlan): ColumnDef[] {
  const factorCols: ColumnDef[] = (plan.design?.factors ?? []).map((f) => ({
    name: factorColumn(f.name),
    type: f.kind === 'levels' && f.levels.some((l) => typeof l === 'string') ? 'VARCHAR' : 'DOUBLE',
  }));
  return [
    { name: 'point', type: 'INTEGER' },
    { name: 'replicate', type: 'INTEGER' },
    { name: 'seed', type: 'BIGINT' },
    { name: 'shard', type: 'INTEGER' },
    { name: 'key', type: 'VARCHAR' },
    { name: 'scenario', type: 'VARCHAR' },
    ...factorCols,
    ...OUTPUT_COLUMNS.map((name): ColumnDef => ({ name, type: 'DOUBLE' })),
    { name: 'status', type: 'VARCHAR' },
    { name: 'message', type: 'VARCHAR' },
    { name: 'wall_s', type: 'DOUBLE' },
  ];
}

/** Columns of the `strides` rows: key, point, replicate, leg, then STRIDE_COLUMNS. */
export const STRIDE_ROW_COLUMNS: readonly ColumnDef[] = [
  { name: 'key', type: 'VARCHAR' },
  { name: 'point', type: 'INTEGER' },
  { name: 'replicate', type: 'INTEGER' },
  { name: 'leg', type: 'VARCHAR' },
  ...STRIDE_COLUMNS.map((name): ColumnDef => ({ name, type: 'DOUBLE' })),
];

/** A finished task ready to be stored. */
export interface TaskRow {
  point: number;
  replicate: number;
  seed: number;
  shard: number;
  key: string;
  scenario: string | null;
  factorValues: Readonly<Record<string, number | string>>;
  outcome: WorkerOutcome;
}

const quoteId = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteStr = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** File name of chunk k of shard i/n. */
export function chunkFileName(shard: { index: number; count: number }, k: number): string {
  return `chunk-${shard.index}of${shard.count}-${String(k).padStart(6, '0')}.parquet`;
}

/** Chunk numbers already present for a shard in `dir` (finished files only). */
export function existingChunks(dir: string, shard: { index: number; count: number }): number[] {
  if (!existsSync(dir)) return [];
  const re = new RegExp(`^chunk-${shard.index}of${shard.count}-(\\d+)\\.parquet$`);
  return readdirSync(dir)
    .map((f) => re.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
}

/** Remove leftovers of a killed run of this shard: temporary files, and stride files whose points twin never landed. */
export function removeIncomplete(outDir: string, shard: { index: number; count: number }): number {
  let removed = 0;
  const prefix = `chunk-${shard.index}of${shard.count}-`;
  for (const sub of ['points', 'strides']) {
    const dir = join(outDir, sub);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      if (f.startsWith(prefix) && f.includes('.tmp-')) {
        rmSync(join(dir, f), { force: true });
        removed++;
      }
    }
  }
  const stridesDir = join(outDir, 'strides');
  if (existsSync(stridesDir)) {
    for (const f of readdirSync(stridesDir)) {
      if (f.startsWith(prefix) && f.endsWith('.parquet') && !existsSync(join(outDir, 'points', f))) {
        rmSync(join(stridesDir, f), { force: true });
        removed++;
      }
    }
  }
  return removed;
}

/** Flush a file's data to disk (so a rename never exposes a file whose blocks are not written). */
function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Write text atomically: temporary name, fsync, rename. */
export function writeTextAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  fsyncFile(tmp);
  renameSync(tmp, path);
}

function append(appender: DuckDBAppender, type: ColumnType, value: CellValue): void {
  if (value === null || value === undefined) return appender.appendNull();
  switch (type) {
    case 'INTEGER':
      return appender.appendInteger(value as number);
    case 'BIGINT':
      return appender.appendBigInt(BigInt(value as number));
    case 'DOUBLE':
      return appender.appendDouble(typeof value === 'number' ? value : Number(value));
    case 'VARCHAR':
      return appender.appendVarchar(String(value));
  }
}

/** Writes chunks of finished tasks as Parquet files through one in-memory DuckDB. */
export class ChunkWriter {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly outDir: string,
    private readonly columns: readonly ColumnDef[],
    private readonly factorNames: readonly string[],
  ) {}

  /**
   * @param outDir results directory (points/ and strides/ are created)
   * @param plan the experiment plan (gives the columns)
   */
  static async open(outDir: string, plan: ExperimentPlan): Promise<ChunkWriter> {
    mkdirSync(join(outDir, 'points'), { recursive: true });
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const connection = await instance.connect();
    const columns = pointColumns(plan);
    const ddl = (name: string, cols: readonly ColumnDef[]) => `CREATE TABLE ${name} (${cols.map((c) => `${quoteId(c.name)} ${c.type}`).join(', ')})`;
    await connection.run(ddl('chunk_points', columns));
    await connection.run(ddl('chunk_strides', STRIDE_ROW_COLUMNS));
    return new ChunkWriter(instance, connection, outDir, columns, (plan.design?.factors ?? []).map((f) => f.name));
  }

  /**
   * Write one chunk: strides file first (if any strides), then the points file; each atomically.
   * @param fileName from chunkFileName
   * @param rows finished tasks
   */
  async write(fileName: string, rows: readonly TaskRow[]): Promise<void> {
    const withStrides = rows.some((r) => r.outcome.strides.length > 0);
    if (withStrides) {
      mkdirSync(join(this.outDir, 'strides'), { recursive: true });
      const app = await this.connection.createAppender('chunk_strides');
      for (const r of rows) for (const block of r.outcome.strides) this.appendStrides(app, r, block);
      app.closeSync();
      await this.copyOut('chunk_strides', join(this.outDir, 'strides', fileName));
    }
    const app = await this.connection.createAppender('chunk_points');
    for (const r of rows) {
      const values = this.rowValues(r);
      this.columns.forEach((c, i) => append(app, c.type, values[i]));
      app.endRow();
    }
    app.closeSync();
    await this.copyOut('chunk_points', join(this.outDir, 'points', fileName));
  }

  private appendStrides(app: DuckDBAppender, r: TaskRow, block: StrideBlock): void {
    const n = block.columns[0]?.length ?? 0;
    for (let j = 0; j < n; j++) {
      app.appendVarchar(r.key);
      app.appendInteger(r.point);
      app.appendInteger(r.replicate);
      app.appendVarchar(block.leg);
      for (const col of block.columns) app.appendDouble(col[j]);
      app.endRow();
    }
  }

  private rowValues(r: TaskRow): CellValue[] {
    const o = r.outcome;
    return [
      r.point,
      r.replicate,
      r.seed,
      r.shard,
      r.key,
      r.scenario,
      ...this.factorNames.map((f) => r.factorValues[f] ?? null),
      ...o.outputs,
      o.status,
      o.message,
      o.wallS,
    ];
  }

  private async copyOut(table: string, path: string): Promise<void> {
    const tmp = `${path}.tmp-${process.pid}`;
    await this.connection.run(`COPY ${table} TO ${quoteStr(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
    await this.connection.run(`DELETE FROM ${table}`);
    fsyncFile(tmp);
    renameSync(tmp, path);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Run queries against an in-memory DuckDB, then close it. */
export async function withDuckDb<T>(fn: (c: DuckDBConnection) => Promise<T>, path = ':memory:', readOnly = false): Promise<T> {
  const instance = await DuckDBInstance.create(path, readOnly ? { access_mode: 'READ_ONLY' } : {});
  const connection = await instance.connect();
  try {
    return await fn(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function parquetFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.parquet'))
    .sort();
}

/** `read_parquet` over the `sub` folders of the dirs that hold any file; null when none do. */
function parquetSource(dirs: readonly string[], sub: 'points' | 'strides'): string | null {
  const globs = dirs.filter((d) => parquetFiles(join(d, sub)).length > 0).map((d) => quoteStr(join(resolve(d), sub, '*.parquet')));
  if (globs.length === 0) return null;
  return `read_parquet([${globs.join(', ')}], union_by_name = true, filename = true)`;
}

/**
 * Keys of every task already stored in `dir/points` (any shard).
 * @param dir results directory
 */
export async function readFinishedKeys(dir: string): Promise<Set<string>> {
  const source = parquetSource([dir], 'points');
  if (!source) return new Set();
  return withDuckDb(async (c) => {
    const reader = await c.runAndReadAll(`SELECT DISTINCT key FROM ${source}`);
    return new Set(reader.getRowsJS().map((r) => r[0] as string));
  });
}

/**
 * Keys stored more than once with different values (timing columns ignored) across the dirs.
 * @param dirs results directories
 * @returns up to 10 conflicting keys
 */
export async function findConflicts(dirs: readonly string[]): Promise<string[]> {
  const source = parquetSource(dirs, 'points');
  if (!source) return [];
  return withDuckDb(async (c) => {
    const described = await c.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const names = described.getRowsJS().map((r) => r[0] as string).filter((n) => n !== 'filename' && !(TIMING_COLUMNS as readonly string[]).includes(n));
    const values = `struct_pack(${names.map(quoteId).join(', ')})`;
    const reader = await c.runAndReadAll(`SELECT key FROM ${source} GROUP BY key HAVING count(DISTINCT ${values}) > 1 ORDER BY key LIMIT 10`);
    return reader.getRowsJS().map((r) => r[0] as string);
  });
}

/**
 * (Re)build `outDir/results.duckdb` with view `results` over the points files of `dirs` (each key
 * once, ordered by point and replicate) and view `strides` if any strides files exist. Written
 * under a temporary name and renamed, so concurrent shards sharing a directory never clash.
 * @param outDir where results.duckdb goes
 * @param dirs results directories whose files the views cover
 * @param columns the points columns (for an empty view when no file exists yet)
 * @returns path of the database
 */
export async function writeResultsDb(outDir: string, dirs: readonly string[], columns: readonly ColumnDef[]): Promise<string> {
  const path = join(outDir, 'results.duckdb');
  const tmp = `${path}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  rmSync(`${tmp}.wal`, { force: true });
  const points = parquetSource(dirs, 'points');
  const strides = parquetSource(dirs, 'strides');
  await withDuckDb(async (c) => {
    if (points) {
      await c.run(
        `CREATE VIEW results AS SELECT * EXCLUDE (filename) FROM ${points} ` +
          `QUALIFY row_number() OVER (PARTITION BY key ORDER BY filename) = 1 ORDER BY point, replicate`,
      );
    } else {
      const empty = columns.map((col) => `NULL::${col.type} AS ${quoteId(col.name)}`).join(', ');
      await c.run(`CREATE VIEW results AS SELECT ${empty} WHERE false`);
    }
    if (strides && points) {
      // Each task's strides once (a file of the same task from another directory is a duplicate),
      // and only for tasks present in results.
      await c.run(
        `CREATE VIEW strides AS SELECT * EXCLUDE (filename) FROM ${strides} WHERE key IN (SELECT key FROM results) ` +
          `QUALIFY dense_rank() OVER (PARTITION BY key ORDER BY filename) = 1 ORDER BY point, replicate, leg, stride`,
      );
    }
    await c.run('CHECKPOINT');
  }, tmp);
  fsyncFile(tmp);
  renameSync(tmp, path);
  return path;
}

/** Contents of `experiment.json`. */
export interface ExperimentRecord {
  experimentHash: string;
  spec: unknown;
  provenance: unknown;
}

/** Read `dir/experiment.json`; null if absent. */
export function readExperimentRecord(dir: string): ExperimentRecord | null {
  const path = join(dir, 'experiment.json');
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ExperimentRecord;
  } catch (e) {
    throw new InputError(`not a valid experiment record: ${(e as Error).message}`, path);
  }
}

/** Contents of `design.json`. */
export interface DesignRecord {
  version: 1;
  experiment: string;
  experimentHash: string;
  nDesign: number;
  scenarioNames: (string | null)[];
  replicates: number;
  /** Factor column names in design order. */
  factorColumns: string[];
  design: null | {
    kind: Design['kind'];
    factors: Design['factors'];
    nPoint: number;
    nFactor: number;
    meta: Record<string, unknown>;
    /** Unit-cube points `(nPoint x nFactor)`, Float64 little-endian, base64. */
    unitBase64: string;
  };
}

/** The design record of a plan. */
export function designRecord(plan: ExperimentPlan, experimentHash: string): DesignRecord {
  const d = plan.design;
  return {
    version: 1,
    experiment: plan.spec.name,
    experimentHash,
    nDesign: plan.nDesign,
    scenarioNames: [...plan.scenarioNames],
    replicates: plan.spec.replicates,
    factorColumns: (d?.factors ?? []).map((f) => factorColumn(f.name)),
    design: d
      ? {
          kind: d.kind,
          factors: d.factors,
          nPoint: d.nPoint,
          nFactor: d.nFactor,
          meta: Object.fromEntries(Object.entries(d.meta).map(([k, v]) => [k, v instanceof Int32Array ? Array.from(v) : v])),
          unitBase64: Buffer.from(d.unit.buffer, d.unit.byteOffset, d.unit.byteLength).toString('base64'),
        }
      : null,
  };
}

/**
 * Read `dir/design.json` back into a Design (null when the experiment had no factors).
 * @throws InputError if the file is missing or malformed
 */
export function readDesignRecord(dir: string): { record: DesignRecord; design: Design | null } {
  const path = join(dir, 'design.json');
  if (!existsSync(path)) throw new InputError('no design.json here: is this a `dropfoot sweep` results directory?', dir);
  let record: DesignRecord;
  try {
    record = JSON.parse(readFileSync(path, 'utf8')) as DesignRecord;
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, path);
  }
  if (record.version !== 1) throw new InputError(`unsupported design.json version ${String(record.version)}`, path);
  const d = record.design;
  if (!d) return { record, design: null };
  const bytes = Buffer.from(d.unitBase64, 'base64');
  const unit = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (unit.length !== d.nPoint * d.nFactor) throw new InputError(`unit matrix has ${unit.length} values, expected ${d.nPoint * d.nFactor}`, path);
  const meta = { ...d.meta } as Record<string, unknown>;
  if (Array.isArray(meta.changedFactor)) meta.changedFactor = Int32Array.from(meta.changedFactor as number[]);
  const design = { kind: d.kind, factors: d.factors, unit, nPoint: d.nPoint, nFactor: d.nFactor, meta } as unknown as Design;
  return { record, design };
}

/**
 * Mean over replicates (status ok only) of one numeric output per point, for points
 * `first .. first + count - 1`; NaN where a point has no ok row.
 * @param dir results directory holding results.duckdb
 * @param column output column
 */
export async function pointMeans(dir: string, column: string, first: number, count: number): Promise<Float64Array> {
  const db = join(dir, 'results.duckdb');
  if (!existsSync(db)) throw new InputError('no results.duckdb here: run `dropfoot sweep` or `dropfoot merge` first', dir);
  return withDuckDb(
    async (c) => {
      const reader = await c.runAndReadAll(
        `SELECT point, avg(CASE WHEN status = 'ok' THEN ${quoteId(column)} END)::DOUBLE AS v FROM results ` +
          `WHERE point >= ${first} AND point < ${first + count} GROUP BY point`,
      );
      const out = new Float64Array(count).fill(NaN);
      for (const [p, v] of reader.getRowsJS() as [number, number | null][]) out[p - first] = v ?? NaN;
      return out;
    },
    db,
    true,
  );
}

/** Names and types of the columns of the `results` view. */
export async function resultColumns(dir: string): Promise<ColumnDef[]> {
  return withDuckDb(
    async (c) => {
      const reader = await c.runAndReadAll('DESCRIBE results');
      return reader.getRowsJS().map((r) => ({ name: r[0] as string, type: r[1] as ColumnType }));
    },
    join(dir, 'results.duckdb'),
    true,
  );
}
