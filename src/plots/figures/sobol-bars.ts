/**
 * Sobol first- and total-order sensitivity indices per factor, horizontal bars with bootstrap
 * confidence-interval error bars (factors sorted by total-order index, largest on top).
 */
import { InputError } from '../../errors.ts';
import type { FigureSpec, PlotlyTrace } from '../spec.ts';
import { LINE_PX, OKABE_ITO, axis, axisTitle, baseLayout, referenceLine } from '../style.ts';

/** Indices of one factor with their bootstrap confidence intervals [low, high]. */
export interface SobolFactorIndices {
  factor: string;
  first: number;
  firstCi: readonly [number, number];
  total: number;
  totalCi: readonly [number, number];
}

/** Input for {@link sobolBarsFigure}. */
export interface SobolBarsInput {
  indices: readonly SobolFactorIndices[];
  /** Confidence level of the intervals, e.g. 0.95 (shown in the legend). */
  ciLevel?: number;
  /** Output the indices refer to, e.g. 'late-run MTC' (used as title if no title is given). */
  output?: string;
  title?: string;
  /** Keep the input order instead of sorting by total-order index. */
  keepOrder?: boolean;
}

function errorBars(values: readonly number[], cis: readonly (readonly [number, number])[]): Record<string, unknown> {
  return {
    type: 'data',
    symmetric: false,
    // Negative lengths can only come from a CI that excludes its estimate; clamp rather than draw backwards.
    array: cis.map(([, hi], i) => Math.max(0, hi - values[i])),
    arrayminus: cis.map(([lo], i) => Math.max(0, values[i] - lo)),
    color: OKABE_ITO.black,
    thickness: LINE_PX.thin,
    width: 2,
  };
}

/**
 * Grouped horizontal bars: first order (S1) and total order (ST) per factor, CI error bars.
 * @param input indices per factor with CIs
 * @returns plotly figure spec
 * @throws InputError when there are no factors or a value is not finite
 */
export function sobolBarsFigure(input: SobolBarsInput): FigureSpec {
  if (input.indices.length === 0) throw new InputError('no factors to plot', 'indices');
  for (const f of input.indices) {
    for (const v of [f.first, f.total, ...f.firstCi, ...f.totalCi]) {
      if (!Number.isFinite(v)) throw new InputError(`non-finite index or CI bound for '${f.factor}'`, 'indices');
    }
  }
  // Plotly draws the first category at the bottom; sort ascending so the largest ends on top.
  const rows = input.keepOrder ? [...input.indices].reverse() : [...input.indices].sort((a, b) => a.total - b.total);
  const factors = rows.map((r) => r.factor);
  const ci = input.ciLevel === undefined ? '' : `, ${Math.round(input.ciLevel * 100)} % CI`;
  const first = rows.map((r) => r.first);
  const total = rows.map((r) => r.total);
  const data: PlotlyTrace[] = [
    {
      // Total first so that, in plotly's grouped horizontal bars, first order sits above it.
      type: 'bar',
      orientation: 'h',
      name: `Total order S<sub>T</sub>${ci}`,
      x: total,
      y: factors,
      marker: { color: OKABE_ITO.vermillion },
      error_x: errorBars(total, rows.map((r) => r.totalCi)),
      hovertemplate: '%{y}: S_T = %{x:.3f}<extra></extra>',
    },
    {
      type: 'bar',
      orientation: 'h',
      name: `First order S<sub>1</sub>${ci}`,
      x: first,
      y: factors,
      marker: { color: OKABE_ITO.blue },
      error_x: errorBars(first, rows.map((r) => r.firstCi)),
      hovertemplate: '%{y}: S_1 = %{x:.3f}<extra></extra>',
    },
  ];
  const upper = Math.max(1e-9, ...rows.map((r) => Math.max(r.totalCi[1], r.total, r.firstCi[1])));
  const lower = Math.min(0, ...rows.map((r) => Math.min(r.firstCi[0], r.first)));
  const layout = {
    ...baseLayout({
      title: input.title ?? (input.output ? `Sensitivity of ${input.output}` : undefined),
      legend: 'bottomRightInside',
    }),
    barmode: 'group',
    bargap: 0.25,
    bargroupgap: 0.05,
    legend: { ...baseLayout({ legend: 'bottomRightInside' }).legend as object, traceorder: 'reversed' },
    xaxis: axis(axisTitle('Sobol index', '–'), { range: [lower, upper * 1.05] }),
    yaxis: axis('', { type: 'category' }),
    shapes: [referenceLine(0, 'v', { x: 'x', y: 'y' }, 'solid')],
  };
  return { data, layout };
}
