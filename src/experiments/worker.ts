/**
 * One sweep task: simulate a run and flatten its summary (the piscina worker's default export; the
 * runner also calls it in-process with `--workers 0`). A run that throws becomes an error outcome,
 * never a crash of the pool.
 */
import { parseRunParams } from '../model/params.ts';
import { simulateRun } from '../sim/run.ts';
import { STRIDE_COLUMNS, type LegSummary, type StrideTable } from '../sim/outputs.ts';

/** Summary fields of one leg, in column order. Typed so a new LegSummary field is a compile error here. */
const LEG_FIELDS_RECORD: Record<keyof LegSummary, true> = {
  strides: true,
  mtcMedianM: true,
  mtcP05M: true,
  mtcEarlyMedianM: true,
  mtcLateMedianM: true,
  mtcSdM: true,
  mtcSdEarlyM: true,
  mtcSdLateM: true,
  toeCatches: true,
  firstToeCatchS: true,
  footStrikeAngleMedianRad: true,
  minTibialisCapacity: true,
  minNeuralDrive: true,
  recoveryTo90PctS: true,
  strideTimeCv: true,
};
export const LEG_SUMMARY_FIELDS = Object.keys(LEG_FIELDS_RECORD) as (keyof LegSummary)[];

/** Output columns of every results row: `left_<field>`, `right_<field>`, then run-level fields. */
export const OUTPUT_COLUMNS: readonly string[] = [
  ...LEG_SUMMARY_FIELDS.map((f) => `left_${f}`),
  ...LEG_SUMMARY_FIELDS.map((f) => `right_${f}`),
  'durationS',
  'distanceM',
];

/** Input of one task. */
export interface WorkerTask {
  /** Resolved run parameters (seed included). */
  params: unknown;
  /** Keep every N-th stride of each leg (0 = none). */
  strideEvery: number;
}

/** Per-stride columns of one leg, thinned to every N-th stride. */
export interface StrideBlock {
  leg: 'left' | 'right';
  /** One array per entry of STRIDE_COLUMNS, same length. */
  columns: Float64Array[];
}

/** Result of one task. */
export interface WorkerOutcome {
  status: 'ok' | 'error';
  message: string | null;
  /** Values in OUTPUT_COLUMNS order; null where the summary has null (or on error). */
  outputs: (number | null)[];
  wallS: number;
  strides: StrideBlock[];
}

function thin(table: StrideTable, every: number): StrideBlock {
  const n = Math.ceil(table.length / every);
  const columns = STRIDE_COLUMNS.map((c) => {
    const src = table.column(c);
    const out = new Float64Array(n);
    for (let i = 0, j = 0; i < table.length; i += every, j++) out[j] = src[i];
    return out;
  });
  return { leg: table.leg, columns };
}

/**
 * Run one task.
 * @param task resolved parameters and stride thinning
 * @returns the flattened summary, or an error outcome with the message
 */
export default function runTask(task: WorkerTask): WorkerOutcome {
  const started = performance.now();
  try {
    const params = parseRunParams(task.params);
    const result = simulateRun(params);
    const s = result.summary;
    const outputs: (number | null)[] = [
      ...LEG_SUMMARY_FIELDS.map((f) => s.left[f]),
      ...LEG_SUMMARY_FIELDS.map((f) => s.right[f]),
      s.durationS,
      s.distanceM,
    ];
    const strides = task.strideEvery > 0 ? [thin(result.legs.left, task.strideEvery), thin(result.legs.right, task.strideEvery)] : [];
    return { status: 'ok', message: null, outputs, wallS: (performance.now() - started) / 1000, strides };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { status: 'error', message, outputs: OUTPUT_COLUMNS.map(() => null), wallS: (performance.now() - started) / 1000, strides: [] };
  }
}
