/**
 * Per-stride features over the run, stacked panels on a shared time axis: each stride a dot, a
 * running median over 15 strides as the line. The features are the evidence `classify` reports
 * (peak swing toe-up rate, foot strike angle, peak swing pitch) and the stride time.
 */
import { median } from 'simple-statistics';
import type { StrideRow } from '../imu/pipeline/index.ts';
import { type FigureSpec, type PlotlyTrace, toPlainArray } from '../plots/spec.ts';
import { LINE_PX, OKABE_ITO, axis, axisTitle, baseLayout, withAlpha } from '../plots/style.ts';

const RAD_TO_DEG = 180 / Math.PI;
/** Strides in the running median (odd: centred). */
const MEDIAN_WINDOW = 15;
const GAP = 0.04;

interface Panel {
  key: keyof StrideRow;
  title: string;
  scale: number;
}

const PANELS: readonly Panel[] = [
  { key: 'peakSwingToeUpRateRadS', title: axisTitle('Toe-up rate', 'rad/s'), scale: 1 },
  { key: 'footPitchAtIcRad', title: axisTitle('Strike angle', '°'), scale: RAD_TO_DEG },
  { key: 'peakSwingPitchRad', title: axisTitle('Swing pitch', '°'), scale: RAD_TO_DEG },
  { key: 'strideTimeS', title: axisTitle('Stride time', 's'), scale: 1 },
];

/** Centred running median over finite values; null where the window holds none. */
function runningMedian(values: readonly (number | null)[], window: number): (number | null)[] {
  const half = Math.floor(window / 2);
  return values.map((_, i) => {
    const slice = values.slice(Math.max(0, i - half), i + half + 1).filter((v): v is number => v !== null);
    return slice.length > 0 ? median(slice) : null;
  });
}

/**
 * Per-stride features over the run.
 * @param strides the analysis' strides (times in s from the start of the trace, angles in rad)
 * @param title figure title
 * @returns plotly figure spec (x: time of initial contact in min)
 */
export function strideFeaturesFigure(strides: readonly StrideRow[], title?: string): FigureSpec {
  const timeMin = toPlainArray(Float64Array.from(strides, (s) => s.icS), 1 / 60, 3);
  const height = (1 - GAP * (PANELS.length - 1)) / PANELS.length;
  const data: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = baseLayout({ title, legend: 'top' });
  PANELS.forEach((panel, k) => {
    const suffix = k === 0 ? '' : String(k + 1);
    const values = toPlainArray(Float64Array.from(strides, (s) => s[panel.key] as number), panel.scale, 4);
    data.push(
      {
        type: 'scatter',
        mode: 'markers',
        name: 'Stride',
        legendgroup: 'stride',
        showlegend: k === 0,
        x: timeMin,
        y: values,
        marker: { color: withAlpha(OKABE_ITO.blue, 0.5), size: 4 },
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        hovertemplate: `%{x:.1f} min: %{y:.3g}<extra></extra>`,
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: `Running median (${MEDIAN_WINDOW} strides)`,
        legendgroup: 'median',
        showlegend: k === 0,
        x: timeMin,
        y: runningMedian(values, MEDIAN_WINDOW),
        line: { color: OKABE_ITO.black, width: LINE_PX.data },
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        hoverinfo: 'skip',
      },
    );
    const top = 1 - k * (height + GAP);
    const last = k === PANELS.length - 1;
    layout[`yaxis${suffix}`] = axis(panel.title, { domain: [top - height, top], anchor: `x${suffix}` });
    layout[`xaxis${suffix}`] = axis(last ? axisTitle('Time', 'min') : '', { anchor: `y${suffix}`, matches: k === 0 ? undefined : 'x', showTickLabels: last });
  });
  return { data, layout };
}
