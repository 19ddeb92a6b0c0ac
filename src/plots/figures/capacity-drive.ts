/**
 * Tibialis anterior capacity (1 − M_F of the three-compartment fatigue model) and neural drive
 * over time, the post-run recovery period shaded and the 90 % recovery threshold drawn.
 */
import { InputError } from '../../errors.ts';
import { type FigureSpec, type PlotlyTrace, toPlainArray } from '../spec.ts';
import {
  FONT_PT,
  LINE_PX,
  OKABE_ITO,
  REFERENCE_GREY,
  SHADE_GREY,
  axis,
  axisTitle,
  baseLayout,
  font,
  referenceLine,
} from '../style.ts';

/** Input for {@link capacityDriveFigure}. */
export interface CapacityDriveInput {
  /** Sample times from the start of the run, s. (nSample) */
  timeS: ArrayLike<number>;
  /** TA force capacity as a fraction of fresh, 0..1. (nSample) */
  tibialisCapacity: ArrayLike<number>;
  /** Neural drive reaching the TA as a fraction of intact, 0..1. (nSample) */
  neuralDrive: ArrayLike<number>;
  /** End of running (start of recovery), s. */
  runEndS: number;
  /** Time after the run until both are back above 90 %, s (null: not within the window). */
  recoveryTo90PctS?: number | null;
  /** Recovery threshold, fraction (default 0.9, as in `summary.json`). */
  thresholdFraction?: number;
  title?: string;
}

/**
 * TA capacity and neural drive (%) over time (min), recovery shaded, 90 % line.
 * @param input time series (s, fractions) and the run's end (s)
 * @returns plotly figure spec
 * @throws InputError when the series differ in length
 */
export function capacityDriveFigure(input: CapacityDriveInput): FigureSpec {
  const n = input.timeS.length;
  if (input.tibialisCapacity.length !== n || input.neuralDrive.length !== n) {
    throw new InputError('timeS, tibialisCapacity and neuralDrive must have equal lengths', 'capacityDrive');
  }
  const threshold = input.thresholdFraction ?? 0.9;
  const minutes = Array.from(input.timeS, (t) => t / 60);
  const x = toPlainArray(input.timeS, 1 / 60);
  const data: PlotlyTrace[] = [
    {
      type: 'scatter',
      mode: 'lines',
      name: 'TA capacity',
      x,
      y: toPlainArray(input.tibialisCapacity, 100),
      line: { color: OKABE_ITO.blue, width: LINE_PX.data },
      hovertemplate: 'TA capacity %{y:.1f} % at %{x:.1f} min<extra></extra>',
    },
    {
      type: 'scatter',
      mode: 'lines',
      name: 'Neural drive',
      x,
      y: toPlainArray(input.neuralDrive, 100),
      line: { color: OKABE_ITO.vermillion, width: LINE_PX.data, dash: 'dashdot' },
      hovertemplate: 'Neural drive %{y:.1f} % at %{x:.1f} min<extra></extra>',
    },
  ];
  const endMin = n > 0 ? minutes[n - 1] : input.runEndS / 60;
  const runEndMin = input.runEndS / 60;
  const shapes: Record<string, unknown>[] = [
    {
      type: 'rect',
      xref: 'x',
      yref: 'y domain',
      x0: runEndMin,
      x1: endMin,
      y0: 0,
      y1: 1,
      fillcolor: SHADE_GREY,
      opacity: 0.6,
      line: { width: 0 },
      layer: 'below',
    },
    referenceLine(threshold * 100, 'h', { x: 'x', y: 'y' }, 'dash'),
  ];
  const annotations: Record<string, unknown>[] = [
    {
      text: 'Recovery',
      x: (runEndMin + endMin) / 2,
      xref: 'x',
      y: 0.02,
      yref: 'y domain',
      xanchor: 'center',
      yanchor: 'bottom',
      showarrow: false,
      font: font(FONT_PT.annotation),
    },
    {
      // At the right end, under the line: after recovery the curves are above it, so no overlap.
      text: `${Math.round(threshold * 100)} %`,
      x: 1,
      xref: 'x domain',
      y: threshold * 100,
      yref: 'y',
      xanchor: 'right',
      yanchor: 'top',
      showarrow: false,
      font: font(FONT_PT.annotation, REFERENCE_GREY),
    },
  ];
  if (input.recoveryTo90PctS !== undefined && input.recoveryTo90PctS !== null) {
    const recoveredMin = runEndMin + input.recoveryTo90PctS / 60;
    shapes.push(referenceLine(recoveredMin, 'v', { x: 'x', y: 'y' }, 'dot'));
    // Label on the side of the line with room: left of it when the line is in the right quarter.
    let tMaxMin = 0;
    for (let i = 0; i < n; i++) tMaxMin = Math.max(tMaxMin, input.timeS[i] / 60);
    const labelLeft = recoveredMin > 0.75 * tMaxMin;
    annotations.push({
      text: `≥ ${Math.round(threshold * 100)} % after<br>${(input.recoveryTo90PctS / 60).toFixed(1)} min`,
      x: recoveredMin,
      xref: 'x',
      y: 0.35,
      yref: 'y domain',
      xanchor: labelLeft ? 'right' : 'left',
      yanchor: 'middle',
      align: labelLeft ? 'right' : 'left',
      xshift: labelLeft ? -2 : 2,
      showarrow: false,
      font: font(FONT_PT.annotation),
    });
  }
  const layout = {
    ...baseLayout({ title: input.title, legend: 'top' }),
    xaxis: axis(axisTitle('Time', 'min'), { range: [minutes[0] ?? 0, endMin] }),
    yaxis: axis(axisTitle('Fraction of fresh', '%'), { range: [0, 105] }),
    shapes,
    annotations,
  };
  return { data, layout };
}
