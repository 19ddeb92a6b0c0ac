/**
 * TA capacity over a run and the recovery after it, one line per model variant (e.g. the 3CC-r
 * recovery rules), to show how a modelling choice changes the time course.
 */
import { InputError } from '../../errors.ts';
import { type FigureSpec, type PlotlyTrace, toPlainArray } from '../spec.ts';
import { LINE_PX, SHADE_GREY, axis, axisTitle, baseLayout, seriesColour } from '../style.ts';

export interface CapacitySeries {
  name: string;
  /** Time from the start of the run, s. (nSample) */
  timeS: ArrayLike<number>;
  /** TA capacity, fraction of fresh. (nSample) */
  tibialisCapacity: ArrayLike<number>;
}

/**
 * @param series one line per variant
 * @param runEndS end of running (recovery shaded after it), s
 */
export function capacityCompareFigure(series: readonly CapacitySeries[], runEndS: number, title?: string): FigureSpec {
  if (series.length === 0) throw new InputError('at least one series is needed', 'series');
  const dashes = ['solid', 'dash', 'dot', 'dashdot'];
  const data: PlotlyTrace[] = series.map((s, i) => {
    if (s.timeS.length !== s.tibialisCapacity.length) throw new InputError('timeS and tibialisCapacity differ in length', s.name);
    return {
      type: 'scatter',
      mode: 'lines',
      name: s.name,
      x: toPlainArray(s.timeS, 1 / 60),
      y: toPlainArray(s.tibialisCapacity, 100),
      line: { color: seriesColour(i), width: LINE_PX.data, dash: dashes[i % dashes.length] },
      hovertemplate: `${s.name}: %{y:.1f} % at %{x:.1f} min<extra></extra>`,
    };
  });
  const layout = baseLayout({ title, legend: 'top' });
  let tMax = 0;
  for (const s of series) for (let i = 0; i < s.timeS.length; i++) tMax = Math.max(tMax, s.timeS[i]);
  layout.xaxis = axis(axisTitle('Time', 'min'), { range: [0, tMax / 60] });
  layout.yaxis = axis(axisTitle('TA capacity', '% of fresh'), { range: [0, 102] });
  layout.shapes = [
    { type: 'rect', xref: 'x', yref: 'paper', x0: runEndS / 60, x1: tMax / 60, y0: 0, y1: 1, fillcolor: SHADE_GREY, opacity: 0.5, line: { width: 0 }, layer: 'below' },
  ];
  layout.annotations = [
    { text: 'recovery at rest', xref: 'x', yref: 'paper', x: (runEndS + tMax) / 120, y: 0.02, showarrow: false, yanchor: 'bottom' },
  ];
  return { data, layout };
}
