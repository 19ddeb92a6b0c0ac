/**
 * `dropfoot analyze TRACE`: read a recorded or simulated IMU trace, segment strides, detect
 * events and compute per-stride and run-level features. Writes DIR/strides.csv and
 * DIR/features.json (INTERFACES.md "Analysis outputs"); --json prints the analysis document.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { readTrace } from '../imu/formats/index.ts';
import { TRACE_FORMATS, type ReadOptions, type TraceFormat } from '../imu/formats/types.ts';
import { analyzeTrace, type AnalysisResult } from '../imu/pipeline/index.ts';
import { InputError } from '../errors.ts';
import { provenance } from '../io/provenance.ts';
import { reportError, EXIT_OK } from './common.ts';
import { writeFileAtomic } from './simulate.ts';

export interface AnalyzeCliOptions {
  format?: string;
  rate?: string;
  units?: string;
  columns?: string;
  sensor?: string;
  site?: string;
  side?: string;
  gait?: string;
  toeOffset?: string;
  fillGaps?: string;
  allowGravityMismatch?: boolean;
  out?: string;
  json?: boolean;
}

/** Columns of analyze's strides.csv, in order (INTERFACES.md first, extras after). */
export const ANALYSIS_STRIDE_COLUMNS = [
  'stride', 'startS', 'endS', 'icS', 'toS', 'midStanceS', 'strideTimeS', 'stanceTimeS', 'swingTimeS',
  'footPitchAtIcRad', 'footPitchAtToRad', 'peakSwingToeUpRateRadS', 'footSlapRadS', 'toeClearanceM',
  'peakSwingPitchRad', 'peakSwingFrontalRateRadS', 'strideLengthM', 'maxSensorLiftM', 'gaitSpeedMps', 'icFromImpact',
] as const;

function parseNumber(value: string, flag: string, lo: number, hi: number): number {
  const x = Number(value);
  if (!Number.isFinite(x) || x < lo || x > hi) throw new InputError(`${flag} must be a number between ${lo} and ${hi}, got "${value}"`);
  return x;
}

/** `acc=g,gyr=deg/s,time=ms` → units object. */
function parseUnits(spec: string): NonNullable<ReadOptions['units']> {
  const units: Record<string, string> = {};
  const allowed: Record<string, string[]> = { acc: ['m/s2', 'g'], gyr: ['rad/s', 'deg/s'], time: ['s', 'ms', 'us'] };
  for (const part of spec.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (!k || !v || !(k in allowed)) throw new InputError(`--units expects e.g. acc=g,gyr=deg/s (keys acc, gyr, time), got "${spec}"`);
    if (!allowed[k].includes(v)) throw new InputError(`--units ${k} must be one of ${allowed[k].join(', ')}, got "${v}"`);
    units[k] = v;
  }
  return units as NonNullable<ReadOptions['units']>;
}

/** `time=ts,accX=ax,…` or positional `#1,#2,…` → columns mapping. */
function parseColumns(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (!k || !v) throw new InputError(`--columns expects key=column pairs, e.g. time=ts,accX=ax,…,gyrZ=gz; got "${spec}"`);
    out[k] = v;
  }
  return out;
}

export function buildReadOptions(o: AnalyzeCliOptions): ReadOptions {
  const read: ReadOptions = {};
  if (o.format !== undefined) {
    if (!TRACE_FORMATS.includes(o.format as TraceFormat)) throw new InputError(`--format must be one of ${TRACE_FORMATS.join(', ')}, got "${o.format}"`);
    read.format = o.format as TraceFormat;
  }
  if (o.rate !== undefined) read.rateHz = parseNumber(o.rate, '--rate', 50, 2000);
  if (o.units !== undefined) read.units = parseUnits(o.units);
  if (o.columns !== undefined) read.columns = parseColumns(o.columns);
  if (o.sensor !== undefined) read.sensor = o.sensor;
  if (o.site !== undefined) {
    if (o.site !== 'foot' && o.site !== 'shank') throw new InputError(`--site must be foot or shank, got "${o.site}"`);
    read.site = o.site;
  }
  if (o.side !== undefined) {
    if (o.side !== 'left' && o.side !== 'right') throw new InputError(`--side must be left or right, got "${o.side}"`);
    read.side = o.side;
  }
  if (o.fillGaps !== undefined) read.fillGapsUpToS = parseNumber(o.fillGaps, '--fill-gaps', 0, 10);
  if (o.allowGravityMismatch) read.allowGravityMismatch = true;
  return read;
}

function analysisCsv(result: AnalysisResult): string {
  const lines = [ANALYSIS_STRIDE_COLUMNS.join(',')];
  for (const s of result.strides) {
    lines.push(
      ANALYSIS_STRIDE_COLUMNS.map((c) => {
        const v = (s as unknown as Record<string, number | boolean>)[c];
        return typeof v === 'boolean' ? String(v) : Number.isFinite(v) ? String(v) : '';
      }).join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('segment strides, detect gait events and compute features of a recorded or simulated IMU trace')
    .argument('<trace>', 'trace file (canonical, gaitmap, Xsens, Shimmer or generic CSV; detected from the content)')
    .option('--format <f>', `force the format: ${TRACE_FORMATS.join(', ')}`)
    .option('--rate <hz>', 'sampling rate, Hz (needed for gaitmap and Shimmer files, which do not store it)')
    .option('--units <spec>', 'units in the file, e.g. acc=g,gyr=deg/s (otherwise declared by the format or inferred with a note)')
    .option('--columns <spec>', 'generic CSV column map, e.g. time=ts,accX=ax,accY=ay,accZ=az,gyrX=gx,gyrY=gy,gyrZ=gz')
    .option('--sensor <name>', 'which sensor of a multi-sensor file (e.g. left_sensor)')
    .option('--site <site>', 'sensor site: foot (shank analysis is not available yet)')
    .option('--side <side>', 'left or right')
    .option('--gait <gait>', 'auto, walk or run', 'auto')
    .option('--toe-offset <x,y,z>', 'toe tip relative to the sensor in the foot sensor frame, m (enables toe clearance)')
    .option('--fill-gaps <s>', 'interpolate timestamp gaps up to this long, s (e.g. dropped wireless packets)')
    .option('--allow-gravity-mismatch', 'accept an implausible gravity magnitude at rest (badly calibrated sensors) with a note')
    .option('-o, --out <dir>', 'write strides.csv and features.json here')
    .option('--json', 'print the analysis as JSON on stdout')
    .addHelpText('after', '\nExample:\n  dropfoot analyze ../shared/data/gaitmap-example/imu_sample.csv --rate 204.8 --sensor left_sensor --out out/gaitmap-left')
    .action((trace: string, opts: AnalyzeCliOptions) => {
      process.exitCode = runAnalyze(trace, opts);
    });
}

export function runAnalyze(tracePath: string, o: AnalyzeCliOptions): number {
  try {
    // Validate every option before touching the file.
    const readOptions = buildReadOptions(o);
    if (o.site === 'shank') throw new InputError('shank traces cannot be analysed yet; only foot-worn sensors are supported');
    if (o.gait !== undefined && !['auto', 'walk', 'run'].includes(o.gait)) throw new InputError(`--gait must be auto, walk or run, got "${o.gait}"`);
    let sensorToToeM: [number, number, number] | undefined;
    if (o.toeOffset !== undefined) {
      const parts = o.toeOffset.split(',').map(Number);
      if (parts.length !== 3 || !parts.every(Number.isFinite)) throw new InputError(`--toe-offset expects x,y,z in metres, got "${o.toeOffset}"`);
      sensorToToeM = parts as [number, number, number];
    }
    const trace = readTrace(tracePath, readOptions);
    for (const note of trace.notes) process.stderr.write(`note: ${note}\n`);
    const started = performance.now();
    const result = analyzeTrace(trace, {
      gait: (o.gait ?? 'auto') as 'auto' | 'walk' | 'run',
      ...(trace.side !== 'unknown' ? { side: trace.side } : {}),
      ...(sensorToToeM ? { sensorToToeM } : {}),
    });
    const wallS = (performance.now() - started) / 1000;
    for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
    if (o.out) {
      mkdirSync(o.out, { recursive: true });
      writeFileAtomic(join(o.out, 'strides.csv'), analysisCsv(result));
      const doc = { provenance: provenance({ trace: tracePath, readOptions, gait: o.gait ?? 'auto' }, 0), trace: tracePath, samplingRateHz: result.samplingRateHz, site: result.site, side: result.side, run: result.run, warnings: result.warnings, notes: trace.notes };
      writeFileAtomic(join(o.out, 'features.json'), JSON.stringify(doc, null, 2) + '\n');
    }
    if (o.json) {
      process.stdout.write(JSON.stringify({ trace: tracePath, ...result }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n');
    } else {
      const med = (k: 'strideTimeS' | 'footPitchAtIcRad') => {
        const xs = result.strides.map((s) => s[k]).filter(Number.isFinite).sort((a, b) => a - b);
        return xs.length ? xs[Math.floor(xs.length / 2)] : NaN;
      };
      process.stdout.write(
        `${tracePath}: ${result.strides.length} strides (${result.side}, ${result.samplingRateHz} Hz, analysed in ${wallS.toFixed(2)} s); median stride ${med('strideTimeS').toFixed(3)} s, strike angle ${((med('footPitchAtIcRad') * 180) / Math.PI).toFixed(1)}°${o.out ? `\nwrote ${o.out}/strides.csv, features.json` : ''}\n`,
      );
    }
    return EXIT_OK;
  } catch (e) {
    return reportError(e);
  }
}
