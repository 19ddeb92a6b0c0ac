/**
 * A 2-D map (e.g. fatigue multiplier × leg-length discrepancy → minutes to first toe catch) with
 * a labelled colour bar. Cells with no value (NaN/null, e.g. "no toe catch in the run") are left
 * blank and explained in a note under the plot.
 */
import { InputError } from '../../errors.ts';
import type { FigureSpec } from '../spec.ts';
import { FONT_PT, OKABE_ITO, SEQUENTIAL_SCALE, axis, axisTitle, baseLayout, font } from '../style.ts';

/** One axis of the map, already in display units (the caller converts, e.g. LLD m → mm). */
export interface HeatmapAxis {
  label: string;
  /** Unit symbol ('' for none, '–' for dimensionless). */
  unit: string;
  /** Cell centres, ascending. */
  values: ArrayLike<number>;
  /** Logarithmic axis (for log-spaced levels, e.g. a loguniform factor); values must be > 0. */
  log?: boolean;
}

/** Input for {@link heatmapFigure}. */
export interface HeatmapInput {
  x: HeatmapAxis;
  y: HeatmapAxis;
  /** Values as rows over y, columns over x: `z[iy][ix]`; NaN = no value. */
  z: readonly ArrayLike<number>[];
  /** Colour bar quantity and unit. */
  colourBar: { label: string; unit: string };
  /** What a blank cell means, e.g. 'no toe catch within the run'. */
  missingLabel?: string;
  /** Reverse the scale so small values are bright (e.g. early toe catches stand out). */
  reverseScale?: boolean;
  title?: string;
}

/** A log axis with 1-2-5 ticks labelled in full (plotly's default labels minor log ticks by their first digit). */
function logTicks(values: ArrayLike<number>): Record<string, unknown> {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.8 && v <= hi * 1.25) ticks.push(Number(v.toPrecision(6)));
    }
  }
  return { type: 'log', tickvals: ticks, ticktext: ticks.map(String) };
}

/**
 * Heat map with a colour bar and units.
 * @param input axes (display units), values z[iy][ix], colour bar label
 * @returns plotly figure spec
 * @throws InputError when z's shape does not match the axes
 */
export function heatmapFigure(input: HeatmapInput): FigureSpec {
  const nx = input.x.values.length;
  const ny = input.y.values.length;
  if (input.z.length !== ny) throw new InputError(`z needs ${ny} rows (one per y value), got ${input.z.length}`, 'z');
  let missing = 0;
  const z = input.z.map((row, iy) => {
    if (row.length !== nx) throw new InputError(`z row ${iy} needs ${nx} values (one per x value), got ${row.length}`, 'z');
    return Array.from(row, (v) => {
      if (Number.isFinite(v)) return v;
      missing++;
      return null;
    });
  });
  const colourTitle = axisTitle(input.colourBar.label, input.colourBar.unit);
  const layout: Record<string, unknown> = {
    ...baseLayout({ title: input.title, legend: 'none' }),
    xaxis: { ...axis(axisTitle(input.x.label, input.x.unit), { showTickLabels: true }), ...(input.x.log ? logTicks(input.x.values) : {}) },
    yaxis: { ...axis(axisTitle(input.y.label, input.y.unit)), ...(input.y.log ? logTicks(input.y.values) : {}) },
  };
  if (missing > 0 && input.missingLabel) {
    layout.annotations = [
      {
        text: `Blank: ${input.missingLabel}`,
        xref: 'paper',
        yref: 'paper',
        x: 1,
        y: 1,
        xanchor: 'right',
        yanchor: 'bottom',
        showarrow: false,
        font: font(FONT_PT.annotation),
      },
    ];
    layout.margin = { ...(layout.margin as Record<string, number>), t: 20 };
  }
  return {
    data: [
      {
        type: 'heatmap',
        name: colourTitle,
        x: Array.from(input.x.values),
        y: Array.from(input.y.values),
        z,
        colorscale: SEQUENTIAL_SCALE,
        reversescale: input.reverseScale ?? false,
        // No xgap/ygap: with gaps plotly paints the cells into a canvas at screen resolution,
        // which blurs when rasterised at print dpi; without, one pixel per cell, drawn pixelated.
        zsmooth: false,
        hoverongaps: false,
        colorbar: {
          title: { text: colourTitle, side: 'right', font: font(FONT_PT.axisTitle) },
          tickfont: font(FONT_PT.tick),
          thickness: 8,
          len: 1,
          outlinewidth: 0,
          ticks: 'outside',
          ticklen: 3,
          tickcolor: OKABE_ITO.black,
          xpad: 4,
        },
        hovertemplate: `${input.x.label} %{x}<br>${input.y.label} %{y}<br>${colourTitle}: %{z:.1f}<extra></extra>`,
      },
    ],
    layout,
  };
}
