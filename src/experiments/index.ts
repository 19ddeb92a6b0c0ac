/** Experiments: designs, sensitivity estimators, experiment files and the sweep engine. */
export * from './samplers/index.ts';
export * from './sensitivity/index.ts';
export {
  ExperimentSchema,
  DesignSpecSchema,
  FIXED_COLUMNS,
  buildDesign,
  experimentHash,
  experimentToObject,
  factorColumn,
  loadExperiment,
  parseExperiment,
  planExperiment,
  planTask,
  pointConfig,
  type DesignSpec,
  type ExperimentPlan,
  type ExperimentSpec,
  type PlannedTask,
  type Scenario,
} from './spec.ts';
export { parseShard, runSweep, shardTasks, type Shard, type SweepOptions, type SweepProgress, type SweepSummary } from './runner.ts';
export { mergeResults, type MergeSummary } from './merge.ts';
export { sensitivityFromResults, type ResultsSensitivity, type ResultsSensitivityOptions } from './results-sensitivity.ts';
export { pointColumns, readDesignRecord, writeResultsDb, type ColumnDef, type DesignRecord } from './store.ts';
export { OUTPUT_COLUMNS, LEG_SUMMARY_FIELDS } from './worker.ts';
