/**
 * dropfoot library API (re-exports only). See README "Library" and INTERFACES.md.
 */
export { defaultRunParams, parseRunParams, RunParamsSchema, SPEED_RANGE_MPS } from './model/params.ts';
export type { RunParams, LegParams, NerveParams, RunnerParams, ModelOptions } from './model/params.ts';
export { simulateRun, lldHipOffsetM, legFatigueParams } from './sim/run.ts';
export type { RunResult, RunSummary, RunOptions, RecoveryCurve } from './sim/run.ts';
export { StrideTable, STRIDE_COLUMNS, summarizeLeg } from './sim/outputs.ts';
export type { LegSummary, StrideColumn } from './sim/outputs.ts';
export { simulateFatigue, fatigueParamsFromPreset, fatigueStep, recoveryTimeS, FATIGUE_PRESETS } from './model/fatigue.ts';
export type { FatigueParams, RecoveryRule } from './model/fatigue.ts';
export { compileLegModel } from './model/leg.ts';
export type { LegModel } from './model/leg.ts';
export { simulateSwing, SwingSimulator, createSwingRecorder, nominalDrivers } from './model/swing.ts';
export type { SwingDrivers, SwingResult, SwingRecorder } from './model/swing.ts';
export { gaitPattern, SUPPORTED_SPEED_MPS } from './model/kinematics.ts';
export { segmentProperties } from './model/anthropometry.ts';
export { readTrace, readTraces, parseTraceText, writeCanonicalCsv } from './imu/formats/index.ts';
export type { Trace } from './imu/trace.ts';
export { analyzeTrace, compareSides } from './imu/pipeline/index.ts';
export { InputError } from './errors.ts';
