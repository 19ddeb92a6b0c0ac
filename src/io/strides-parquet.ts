/**
 * strides.parquet: the same columns as strides.csv (`leg` + STRIDE_COLUMNS) in Parquet, written
 * through an in-memory DuckDB (zstd compression). Booleans are BOOLEAN, `stride` INTEGER, the rest
 * DOUBLE (NaN stored as NULL). Written to a temporary name and renamed, so a crash never leaves a
 * half-written file under the final name.
 */
import { renameSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { STRIDE_COLUMNS, BOOLEAN_COLUMNS, INTEGER_COLUMNS, type StrideTable } from '../sim/outputs.ts';

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

export async function writeStridesParquet(tables: readonly StrideTable[], path: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    const types = STRIDE_COLUMNS.map((c) => (BOOLEAN_COLUMNS.has(c) ? 'BOOLEAN' : INTEGER_COLUMNS.has(c) ? 'INTEGER' : 'DOUBLE'));
    await connection.run(
      `CREATE TABLE strides (leg VARCHAR, ${STRIDE_COLUMNS.map((c, i) => `"${c}" ${types[i]}`).join(', ')})`,
    );
    const app = await connection.createAppender('strides');
    for (const t of tables) {
      const cols = STRIDE_COLUMNS.map((c) => t.column(c));
      for (let i = 0; i < t.length; i++) {
        app.appendVarchar(t.leg);
        for (let j = 0; j < cols.length; j++) {
          const v = cols[j][i];
          if (Number.isNaN(v)) app.appendNull();
          else if (types[j] === 'BOOLEAN') app.appendBoolean(v !== 0);
          else if (types[j] === 'INTEGER') app.appendInteger(v);
          else app.appendDouble(v);
        }
        app.endRow();
      }
    }
    app.closeSync();
    const tmp = `${path}.tmp-${process.pid}`;
    await connection.run(`COPY strides TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
    renameSync(tmp, path);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
