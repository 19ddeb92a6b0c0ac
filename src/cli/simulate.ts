/**
 * `dropfoot simulate`: one run from defaults, a config file and `--set` overrides.
 * Writes strides.csv, summary.json and config.resolved.json into --out.
 */
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseRunParams } from '../model/params.ts';
import { simulateRun, type RunResult } from '../sim/run.ts';
import { stridesCsv } from '../io/strides-csv.ts';
import { writeStridesParquet } from '../io/strides-parquet.ts';
import { writeImuTraces } from './simulate-imu.ts';
import { provenance } from '../io/provenance.ts';
import { InputError } from '../errors.ts';
import { applySets, loadConfigFile, deepMerge, reportError, stderrProgress, EXIT_OK } from './common.ts';

export interface SimulateOptions {
  config?: string;
  scenario?: string;
  set: string[];
  seed?: string;
  out: string;
  json?: boolean;
  imu?: boolean;
  imuRate?: string;
  imuSensor?: string;
  imuStanding?: string;
}

/** Resolve a config file (plain parameters, or a study with `base` + `scenarios`) and overrides. */
export function resolveRunConfig(opts: Pick<SimulateOptions, 'config' | 'scenario' | 'set' | 'seed'>): Record<string, unknown> {
  let config: Record<string, unknown> = {};
  if (opts.config) {
    const file = loadConfigFile(opts.config);
    if ('scenarios' in file) {
      const scenarios = (file.scenarios ?? {}) as Record<string, Record<string, unknown>>;
      const names = Object.keys(scenarios);
      if (!opts.scenario) {
        throw new InputError(`this file holds several scenarios; pick one with --scenario (one of: ${names.join(', ')})`, opts.config);
      }
      if (!(opts.scenario in scenarios)) {
        throw new InputError(`no scenario "${opts.scenario}" (available: ${names.join(', ')})`, opts.config);
      }
      const scenario = scenarios[opts.scenario] ?? {};
      const { overrides = scenario } = scenario as { overrides?: Record<string, unknown> };
      config = deepMerge((file.base ?? {}) as never, (overrides ?? {}) as never) as Record<string, unknown>;
    } else {
      if (opts.scenario) throw new InputError('--scenario needs a config file with a `scenarios` section', opts.config);
      config = file;
    }
  }
  config = applySets(config as never, opts.set);
  if (opts.seed !== undefined) {
    const seed = Number(opts.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new InputError(`--seed must be an integer 0..4294967295, got "${opts.seed}"`);
    config = { ...config, seed };
  }
  return config;
}

/** Write a file atomically (temporary name, then rename), so a crash never leaves half a file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export async function writeRunOutputs(result: RunResult, outDir: string): Promise<Record<string, unknown>> {
  mkdirSync(outDir, { recursive: true });
  const prov = provenance(result.params, result.params.seed);
  const summary = { provenance: prov, ...result.summary };
  writeFileAtomic(join(outDir, 'config.resolved.json'), JSON.stringify(result.params, null, 2) + '\n');
  writeFileAtomic(join(outDir, 'strides.csv'), stridesCsv([result.legs.left, result.legs.right]));
  await writeStridesParquet([result.legs.left, result.legs.right], join(outDir, 'strides.parquet'));
  writeFileAtomic(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('simulate one run (both legs, stride by stride) and write per-stride outputs')
    .option('-c, --config <file>', 'YAML/JSON file of run parameters (or a study file with scenarios)')
    .option('--scenario <name>', 'scenario to run from a study file (e.g. experiments/forum-hypotheses.yaml)')
    .option('-s, --set <key=value>', 'override a parameter by dotted path (repeatable), e.g. --set left.soleusStiffness=2', collect, [])
    .option('--seed <n>', 'random seed (stride-to-stride variability)')
    .option('-o, --out <dir>', 'output directory', 'out/simulate')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--imu', 'also write synthetic IMU traces imu-{left,right}-{foot,shank}.csv (canonical format, sensor frame, gravity included)')
    .option('--imu-rate <hz>', 'IMU sampling rate, 100–1000 Hz', '200')
    .option('--imu-sensor <preset>', 'sensor noise preset: bmi270, icm20948, xsens-mti, ideal', 'bmi270')
    .option('--imu-standing <s>', 'quiet standing before the run in the IMU traces, s (for the gravity check and alignment)', '5')
    .addHelpText(
      'after',
      `
Parameters (SI units; see README "Run parameters"): gait (run|walk), speedMps, distanceM,
durationS, course (road|track400), restsS, recoveryS, seed, runner.heightM, runner.massKg,
runner.sex, legLengthDiscrepancyM (+ = left longer), lldCompensation (0..1), and per leg under
left./right.: tibialisStrength, tibialisFatigue.{preset,F,R,r,multiplier,LD,LR,recoveryRule},
soleusStiffness, nerve.mechanism (none|peronealNeuropathy|exertionalCompartment|
intermittentBlock|radiculopathyL5) with its own parameters; model.* and numerics.* options.

Examples:
  dropfoot simulate --set gait=run --set speedMps=3.96 --set distanceM=800 --out out/run
  dropfoot simulate --config experiments/forum-hypotheses.yaml --scenario taFatigue --out out/fatigue`,
    )
    .action(async (opts: SimulateOptions) => {
      process.exitCode = await runSimulate(opts);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export async function runSimulate(opts: SimulateOptions): Promise<number> {
  try {
    const params = parseRunParams(resolveRunConfig(opts));
    const bar = stderrProgress('simulate');
    const started = performance.now();
    const result = simulateRun(params, { onProgress: (f) => bar.update(f) });
    bar.done();
    const summary = await writeRunOutputs(result, opts.out);
    let imuFiles: string[] = [];
    if (opts.imu) {
      const rateHz = Number(opts.imuRate ?? 200);
      if (!Number.isFinite(rateHz) || rateHz < 100 || rateHz > 1000) throw new InputError(`--imu-rate must be between 100 and 1000 Hz, got "${opts.imuRate}"`);
      const sensor = opts.imuSensor ?? 'bmi270';
      if (!['bmi270', 'icm20948', 'xsens-mti', 'ideal'].includes(sensor)) throw new InputError(`--imu-sensor must be bmi270, icm20948, xsens-mti or ideal, got "${sensor}"`);
      const standingS = Number(opts.imuStanding ?? 5);
      if (!Number.isFinite(standingS) || standingS < 0 || standingS > 600) throw new InputError(`--imu-standing must be between 0 and 600 s, got "${opts.imuStanding}"`);
      imuFiles = writeImuTraces(result, opts.out, { rateHz, sensor: sensor as 'bmi270', seed: params.seed, standingS });
    }
    const wallS = (performance.now() - started) / 1000;
    if (opts.json) {
      process.stdout.write(JSON.stringify({ out: opts.out, wallS, ...summary }, null, 2) + '\n');
    } else {
      const fmt = (leg: 'left' | 'right') => {
        const s = result.summary[leg];
        return `${leg}: ${s.strides} strides, MTC median ${(s.mtcMedianM * 1000).toFixed(1)} mm (5th pct ${(s.mtcP05M * 1000).toFixed(1)} mm), toe catches ${s.toeCatches}`;
      };
      process.stdout.write(
        `simulated ${result.summary.distanceM.toFixed(0)} m in ${result.summary.durationS.toFixed(0)} s of running (${wallS.toFixed(2)} s wall)\n${fmt('left')}\n${fmt('right')}\nwrote ${opts.out}/strides.csv, strides.parquet, summary.json, config.resolved.json${imuFiles.length ? `, ${imuFiles.length} IMU traces` : ''}\n`,
      );
    }
    return EXIT_OK;
  } catch (e) {
    return reportError(e);
  }
}
