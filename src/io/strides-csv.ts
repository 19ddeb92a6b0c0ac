/**
 * strides.csv: one row per stride per leg, columns `leg` + STRIDE_COLUMNS (INTERFACES.md).
 * Numbers are written with JavaScript's shortest round-trip representation, so reading the
 * file back gives bit-identical values; booleans as true/false; NaN as an empty cell.
 */
import { STRIDE_COLUMNS, BOOLEAN_COLUMNS, type StrideTable } from '../sim/outputs.ts';

export function stridesCsv(tables: readonly StrideTable[]): string {
  const lines: string[] = [['leg', ...STRIDE_COLUMNS].join(',')];
  for (const t of tables) {
    const cols = STRIDE_COLUMNS.map((c) => t.column(c));
    for (let i = 0; i < t.length; i++) {
      const cells: string[] = [t.leg];
      for (let j = 0; j < cols.length; j++) {
        const v = cols[j][i];
        cells.push(BOOLEAN_COLUMNS.has(STRIDE_COLUMNS[j]) ? (v ? 'true' : 'false') : Number.isNaN(v) ? '' : String(v));
      }
      lines.push(cells.join(','));
    }
  }
  return lines.join('\n') + '\n';
}
