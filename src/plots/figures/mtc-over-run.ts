/**
 * Minimum toe clearance (MTC) per stride over the run, both legs, toe catches marked, one panel
 * per hypothesis/scenario on shared axes.
 */
import { InputError } from '../../errors.ts';
import { type FigureSpec, type PlotlyTrace, toPlainArray } from '../spec.ts';
import {
  LEG_COLOURS,
  LINE_PX,
  axis,
  axisTitle,
  baseLayout,
  panelLabel,
  referenceLine,
  withAlpha,
} from '../style.ts';

/** Per-stride series of one leg (equal lengths; one entry per stride). */
export interface LegStrideSeries {
  /** Stride time from the start of the run, s. */
  timeS: ArrayLike<number>;
  /** Minimum toe clearance, m. */
  mtcM: ArrayLike<number>;
  /** Whether the stride caught the toe (truthy = catch). */
  toeCatch: ArrayLike<boolean | number>;
}

/** One scenario (hypothesis) panel. */
export interface MtcScenario {
  name: string;
  legs: { left: LegStrideSeries; right: LegStrideSeries };
}

/** Options for {@link mtcOverRunFigure}. */
export interface MtcOverRunOptions {
  /** Panel columns (default 1 for up to 3 scenarios, else 2). */
  columns?: number;
  title?: string;
  /** Common y range, mm (default: plotly autorange over all panels). */
  yRangeMm?: [number, number];
}

const LEGS = ['left', 'right'] as const;
const GAP_X = 0.06;
const GAP_Y = 0.07;

function checkLeg(scenario: string, leg: string, series: LegStrideSeries): void {
  const n = series.timeS.length;
  if (series.mtcM.length !== n || series.toeCatch.length !== n) {
    throw new InputError(
      `timeS, mtcM and toeCatch must have equal lengths (got ${n}, ${series.mtcM.length}, ${series.toeCatch.length})`,
      `${scenario}.${leg}`,
    );
  }
}

/** Axis id suffix for panel k (0-based): '', '2', '3', … */
const suffix = (k: number): string => (k === 0 ? '' : String(k + 1));

/**
 * MTC per stride over the run, one panel per scenario with shared axes.
 * @param scenarios scenarios in panel order (left to right, top to bottom)
 * @param options columns, title, common y range (mm)
 * @returns plotly figure spec (x: time in min, y: MTC in mm)
 * @throws InputError when no scenario is given or a leg's arrays differ in length
 */
export function mtcOverRunFigure(scenarios: readonly MtcScenario[], options: MtcOverRunOptions = {}): FigureSpec {
  if (scenarios.length === 0) throw new InputError('at least one scenario is needed', 'scenarios');
  const columns = Math.max(1, Math.min(options.columns ?? (scenarios.length <= 3 ? 1 : 2), scenarios.length));
  const rows = Math.ceil(scenarios.length / columns);
  const cellW = (1 - GAP_X * (columns - 1)) / columns;
  const cellH = (1 - GAP_Y * (rows - 1)) / rows;

  const data: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = baseLayout({ title: options.title, legend: 'top' });
  // Legend symbols at a readable size although the per-stride dots are tiny (markers only here;
  // 'constant' would also thicken line symbols).
  layout.legend = { ...(layout.legend as object), itemsizing: 'constant' };
  const annotations: Record<string, unknown>[] = [];
  const shapes: Record<string, unknown>[] = [];
  // One legend entry per trace kind, on the first panel where that kind has points (plotly
  // leaves empty traces out of the legend, so "first panel" alone could lose toe catches).
  const inLegend = new Set<string>();
  const legendOnce = (key: string, hasPoints: boolean): boolean => {
    if (!hasPoints || inLegend.has(key)) return false;
    inLegend.add(key);
    return true;
  };

  scenarios.forEach((scenario, k) => {
    const row = Math.floor(k / columns);
    const col = k % columns;
    const xId = `x${suffix(k)}`;
    const yId = `y${suffix(k)}`;
    const x0 = col * (cellW + GAP_X);
    const yTop = 1 - row * (cellH + GAP_Y);
    // The bottom panel of each column carries the x title; the left column the y title.
    const isBottom = k + columns >= scenarios.length;
    const isLeft = col === 0;
    layout[`xaxis${suffix(k)}`] = axis(isBottom ? axisTitle('Time', 'min') : '', {
      domain: [x0, x0 + cellW],
      anchor: yId,
      matches: k === 0 ? undefined : 'x',
      showTickLabels: isBottom,
    });
    layout[`yaxis${suffix(k)}`] = axis(isLeft ? axisTitle('MTC', 'mm') : '', {
      domain: [yTop - cellH, yTop],
      anchor: xId,
      matches: k === 0 ? undefined : 'y',
      range: options.yRangeMm,
      showTickLabels: isLeft,
    });
    annotations.push(panelLabel(scenario.name, `${xId} domain`, `${yId} domain`));
    shapes.push(referenceLine(0, 'h', { x: xId, y: yId }, 'dot'));

    for (const leg of LEGS) {
      const series = scenario.legs[leg];
      checkLeg(scenario.name, leg, series);
      const colour = LEG_COLOURS[leg];
      const label = leg === 'left' ? 'Left' : 'Right';
      data.push({
        type: 'scatter',
        mode: 'markers',
        name: `${label} leg`,
        legendgroup: leg,
        showlegend: legendOnce(leg, series.timeS.length > 0),
        // 0.0001 min (6 ms) and 0.01 mm: far below what the figure can show.
        x: toPlainArray(series.timeS, 1 / 60, 4),
        y: toPlainArray(series.mtcM, 1000, 2),
        marker: { color: withAlpha(colour, 0.55), size: 2.5, symbol: 'circle' },
        xaxis: xId,
        yaxis: yId,
        hovertemplate: `${label}: %{y:.1f} mm at %{x:.2f} min<extra>${scenario.name}</extra>`,
      });
      const catchT: number[] = [];
      const catchY: number[] = [];
      for (let i = 0; i < series.timeS.length; i++) {
        if (series.toeCatch[i]) {
          catchT.push(series.timeS[i] / 60);
          catchY.push(series.mtcM[i] * 1000);
        }
      }
      data.push({
        type: 'scatter',
        mode: 'markers',
        name: `${label} toe catch`,
        legendgroup: `${leg}-catch`,
        showlegend: legendOnce(`${leg}-catch`, catchT.length > 0),
        x: catchT,
        y: catchY,
        marker: {
          color: colour,
          size: 6,
          symbol: leg === 'left' ? 'x-thin-open' : 'cross-thin-open',
          line: { color: colour, width: LINE_PX.data },
        },
        xaxis: xId,
        yaxis: yId,
        hovertemplate: `${label} toe catch at %{x:.2f} min<extra>${scenario.name}</extra>`,
      });
    }
  });
  layout.annotations = annotations;
  layout.shapes = shapes;
  return { data, layout };
}
