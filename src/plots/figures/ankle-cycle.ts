/**
 * Ankle angle over the gait cycle, early vs late in the run (mean ± SD bands), with the
 * normative curve dashed. Inputs in radians (SI, as the model keeps them); degrees are drawn.
 */
import { InputError } from '../../errors.ts';
import { radToDeg } from '../../units.ts';
import { type FigureSpec, type PlotlyTrace, toPlainArray } from '../spec.ts';
import {
  FONT_PT,
  LINE_PX,
  OKABE_ITO,
  REFERENCE_GREY,
  axis,
  axisTitle,
  baseLayout,
  font,
  referenceLine,
  withAlpha,
} from '../style.ts';

/** A mean ± SD curve sampled at the input's `cyclePct`. */
export interface CycleBand {
  /** Legend label, e.g. 'Early (0–5 min)'. */
  label: string;
  /** Mean ankle angle, rad (dorsiflexion positive). */
  meanRad: ArrayLike<number>;
  /** Standard deviation across strides, rad. */
  sdRad: ArrayLike<number>;
}

/** Input for {@link ankleCycleFigure}. */
export interface AnkleCycleInput {
  /** Gait cycle, % (0 = initial contact, 100 = next initial contact). */
  cyclePct: ArrayLike<number>;
  early: CycleBand;
  late: CycleBand;
  /** Normative curve (dashed), on its own cycle grid or on `cyclePct` if omitted. */
  normative?: { label: string; meanRad: ArrayLike<number>; cyclePct?: ArrayLike<number> };
  /** Mean toe-off, % of cycle: a dotted vertical line. */
  toeOffPct?: number;
  title?: string;
}

const BAND_COLOURS = { early: OKABE_ITO.blue, late: OKABE_ITO.vermillion } as const;

function bandTraces(cyclePct: ArrayLike<number>, band: CycleBand, colour: string, group: string): PlotlyTrace[] {
  const n = cyclePct.length;
  if (band.meanRad.length !== n || band.sdRad.length !== n) {
    throw new InputError(`meanRad and sdRad must have ${n} samples like cyclePct`, band.label);
  }
  const x: number[] = [];
  const mean: number[] = [];
  const upper: number[] = [];
  const lower: number[] = [];
  for (let i = 0; i < n; i++) {
    x.push(cyclePct[i]);
    mean.push(radToDeg(band.meanRad[i]));
    upper.push(radToDeg(band.meanRad[i] + band.sdRad[i]));
    lower.push(radToDeg(band.meanRad[i] - band.sdRad[i]));
  }
  return [
    {
      // Closed polygon: upper edge forward, lower edge back.
      type: 'scatter',
      mode: 'lines',
      name: `${band.label} ± SD`,
      legendgroup: group,
      showlegend: false,
      x: [...x, ...x.slice().reverse()],
      y: [...upper, ...lower.reverse()],
      fill: 'toself',
      fillcolor: withAlpha(colour, 0.2),
      line: { width: 0, color: withAlpha(colour, 0) },
      hoverinfo: 'skip',
    },
    {
      type: 'scatter',
      mode: 'lines',
      name: band.label,
      legendgroup: group,
      x,
      y: mean,
      line: { color: colour, width: LINE_PX.data },
      hovertemplate: `${band.label}: %{y:.1f}° at %{x:.0f} %<extra></extra>`,
    },
  ];
}

/**
 * Ankle angle (deg) over the gait cycle (%), early vs late, with the normative curve.
 * @param input cycle grid (%), early and late bands (rad), optional normative curve (rad)
 * @returns plotly figure spec
 * @throws InputError when a band's length differs from `cyclePct`
 */
export function ankleCycleFigure(input: AnkleCycleInput): FigureSpec {
  const data: PlotlyTrace[] = [
    ...bandTraces(input.cyclePct, input.early, BAND_COLOURS.early, 'early'),
    ...bandTraces(input.cyclePct, input.late, BAND_COLOURS.late, 'late'),
  ];
  if (input.normative) {
    const grid = input.normative.cyclePct ?? input.cyclePct;
    if (grid.length !== input.normative.meanRad.length) {
      throw new InputError('normative meanRad and cyclePct differ in length', 'normative');
    }
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: input.normative.label,
      x: toPlainArray(grid),
      y: toPlainArray(input.normative.meanRad, radToDeg(1)),
      line: { color: REFERENCE_GREY, width: LINE_PX.data, dash: 'dash' },
      hovertemplate: `${input.normative.label}: %{y:.1f}°<extra></extra>`,
    });
  }
  const shapes: Record<string, unknown>[] = [referenceLine(0, 'h', { x: 'x', y: 'y' }, 'dot')];
  const annotations: Record<string, unknown>[] = [];
  if (input.toeOffPct !== undefined) {
    shapes.push(referenceLine(input.toeOffPct, 'v', { x: 'x', y: 'y' }, 'dot'));
    annotations.push({
      text: 'toe-off',
      x: input.toeOffPct,
      xref: 'x',
      xanchor: 'left',
      y: 0,
      yref: 'y domain',
      yanchor: 'bottom',
      showarrow: false,
      font: font(FONT_PT.annotation, REFERENCE_GREY),
    });
  }
  const layout = {
    ...baseLayout({ title: input.title, legend: 'top' }),
    xaxis: axis(axisTitle('Gait cycle', '%'), { range: [0, 100], dtick: 20 }),
    yaxis: axis(axisTitle('Ankle angle, dorsiflexion +', '°')),
    shapes,
    annotations,
  };
  return { data, layout };
}
