/**
 * The evidence figures of the web page for one trace: per-stride features over the run, and the
 * raw trace with the detected strides at the start and at the end of the recording. Built from
 * the shared figure builders, then set for the screen (larger fonts than print, rounded numbers
 * so the JSON stays small).
 */
import type { AnalysisResult } from '../imu/pipeline/index.ts';
import type { Trace } from '../imu/trace.ts';
import { imuTraceFigure, imuTraceSeries } from '../plots/figures/imu-trace.ts';
import type { FigureSpec } from '../plots/spec.ts';
import { strideFeaturesFigure } from './stride-features-figure.ts';

/** Length of each raw-trace window, s. */
const WINDOW_S = 8;
/** Screen fonts relative to the print sizes of src/plots/style.ts. */
const SCREEN_FONT_SCALE = 1.4;
const DECIMALS = 4;

/** Figures of one trace, in page order; absent when the analysis found no strides. */
export interface PageFigures {
  strideFeatures?: FigureSpec;
  traceStart: FigureSpec;
  traceEnd?: FigureSpec;
}

/**
 * A copy of a figure for the screen: every font `size` scaled, numbers in data arrays rounded.
 * @param spec a figure from the shared builders
 */
export function forScreen(spec: FigureSpec): FigureSpec {
  const factor = 10 ** DECIMALS;
  const visit = (value: unknown, key: string): unknown => {
    if (typeof value === 'number') {
      if (key === 'size') return value * SCREEN_FONT_SCALE;
      return Math.round(value * factor) / factor;
    }
    if (Array.isArray(value)) return value.map((v) => visit(v, key));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v, k)]));
    }
    return value;
  };
  return visit(spec, '') as FigureSpec;
}

/**
 * Figures for the page.
 * @param trace the uploaded trace (SI units)
 * @param analysis its analysis, or null when the pipeline rejected it (raw trace only)
 */
export function pageFigures(trace: Trace, analysis: AnalysisResult | null): PageFigures {
  const series = imuTraceSeries(trace);
  const n = trace.timeS.length;
  const t0 = trace.timeS[0];
  const t1 = trace.timeS[n - 1];
  const strides = analysis?.strides ?? [];
  const events = {
    strides: strides.map((s) => ({ startS: s.startS, endS: s.endS })),
    initialContactS: strides.map((s) => s.icS),
    toeOffS: strides.map((s) => s.toS),
  };
  const gaitStart = strides.length > 0 ? strides[0].startS : t0;
  const gaitEnd = strides.length > 0 ? strides[strides.length - 1].endS : t1;
  const startWindow: [number, number] = [Math.max(t0, gaitStart - 1), Math.min(t1, gaitStart - 1 + WINDOW_S)];
  const figures: PageFigures = {
    traceStart: forScreen(imuTraceFigure({ ...series, ...events, windowS: startWindow })),
  };
  if (strides.length > 0) {
    figures.strideFeatures = forScreen(strideFeaturesFigure(strides));
    const endWindow: [number, number] = [Math.max(t0, gaitEnd + 1 - WINDOW_S), Math.min(t1, gaitEnd + 1)];
    if (endWindow[0] > startWindow[1]) {
      figures.traceEnd = forScreen(imuTraceFigure({ ...series, ...events, windowS: endWindow }));
    }
  }
  return figures;
}
