/**
 * An IMU trace: sagittal angular rate (gyr_y) and acceleration norm over time, detected strides
 * shaded (alternately, so boundaries show), initial contact and toe-off marked on the gyro trace.
 */
import { InputError } from '../../errors.ts';
import type { Trace } from '../../imu/trace.ts';
import type { FigureSpec, PlotlyTrace } from '../spec.ts';
import {
  LINE_PX,
  OKABE_ITO,
  SHADE_GREY,
  axis,
  axisTitle,
  baseLayout,
} from '../style.ts';

/** A detected stride, s from the start of the trace. */
export interface StrideSpan {
  startS: number;
  endS: number;
}

/** Input for {@link imuTraceFigure}. */
export interface ImuTraceInput {
  /** Sample times, s, increasing. (nSample) */
  timeS: ArrayLike<number>;
  /** Angular rate about the sensor y axis (sagittal), rad/s. (nSample) */
  gyrYRadS: ArrayLike<number>;
  /** Norm of specific force, m/s². (nSample) */
  accNormMps2: ArrayLike<number>;
  strides?: readonly StrideSpan[];
  /** Initial contact times, s. */
  initialContactS?: readonly number[];
  /** Toe-off times, s. */
  toeOffS?: readonly number[];
  /** Time window to draw, s (default: whole trace). Samples outside are dropped. */
  windowS?: readonly [number, number];
  title?: string;
}

/**
 * Plain input for {@link imuTraceFigure} from a {@link Trace}: gyr_y and the acceleration norm.
 * @param trace an IMU trace (SI units, sensor frame)
 */
export function imuTraceSeries(trace: Trace): Pick<ImuTraceInput, 'timeS' | 'gyrYRadS' | 'accNormMps2'> {
  const n = trace.timeS.length;
  const gyrYRadS = new Float64Array(n);
  const accNormMps2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    gyrYRadS[i] = trace.gyrRadS[3 * i + 1];
    accNormMps2[i] = Math.hypot(trace.accMps2[3 * i], trace.accMps2[3 * i + 1], trace.accMps2[3 * i + 2]);
  }
  return { timeS: trace.timeS, gyrYRadS, accNormMps2 };
}

/** Linear interpolation of y(t) on an increasing grid (for placing event markers on the curve). */
function interpolate(timeS: ArrayLike<number>, values: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = timeS.length - 1;
  if (hi < 0) return Number.NaN;
  if (t <= timeS[0]) return values[0];
  if (t >= timeS[hi]) return values[hi];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (timeS[mid] <= t) lo = mid;
    else hi = mid;
  }
  const f = (t - timeS[lo]) / (timeS[hi] - timeS[lo]);
  return values[lo] + f * (values[hi] - values[lo]);
}

/**
 * Gyro and acceleration norm over time with strides and gait events.
 * @param input samples (s, rad/s, m/s²), strides and events (s), optional window (s)
 * @returns plotly figure spec (two stacked panels sharing the time axis)
 * @throws InputError when the series differ in length or the window is empty
 */
export function imuTraceFigure(input: ImuTraceInput): FigureSpec {
  const n = input.timeS.length;
  if (input.gyrYRadS.length !== n || input.accNormMps2.length !== n) {
    throw new InputError('timeS, gyrYRadS and accNormMps2 must have equal lengths', 'imuTrace');
  }
  const [t0, t1] = input.windowS ?? [n > 0 ? input.timeS[0] : 0, n > 0 ? input.timeS[n - 1] : 0];
  if (!(t1 > t0)) throw new InputError(`empty time window [${t0}, ${t1}] s`, 'windowS');
  const inWindow = (t: number): boolean => t >= t0 && t <= t1;
  const time: number[] = [];
  const gyr: number[] = [];
  const acc: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!inWindow(input.timeS[i])) continue;
    time.push(input.timeS[i]);
    gyr.push(input.gyrYRadS[i]);
    acc.push(input.accNormMps2[i]);
  }
  const data: PlotlyTrace[] = [
    {
      type: 'scatter',
      mode: 'lines',
      name: 'gyr<sub>y</sub>',
      showlegend: false,
      x: time,
      y: gyr,
      line: { color: OKABE_ITO.black, width: LINE_PX.thin },
      xaxis: 'x',
      yaxis: 'y',
    },
    {
      type: 'scatter',
      mode: 'lines',
      name: '|acc|',
      showlegend: false,
      x: time,
      y: acc,
      line: { color: OKABE_ITO.black, width: LINE_PX.thin },
      xaxis: 'x',
      yaxis: 'y2',
    },
  ];
  const events = [
    { times: input.initialContactS, name: 'Initial contact', symbol: 'triangle-down', colour: OKABE_ITO.blue },
    { times: input.toeOffS, name: 'Toe-off', symbol: 'triangle-up', colour: OKABE_ITO.vermillion },
  ];
  for (const ev of events) {
    if (!ev.times) continue;
    const t = ev.times.filter(inWindow);
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: ev.name,
      x: t,
      y: t.map((ti) => interpolate(input.timeS, input.gyrYRadS, ti)),
      marker: { color: ev.colour, size: 6, symbol: ev.symbol, line: { color: ev.colour, width: 0 } },
      xaxis: 'x',
      yaxis: 'y',
      hovertemplate: `${ev.name} %{x:.3f} s<extra></extra>`,
    });
  }
  const shapes: Record<string, unknown>[] = [];
  (input.strides ?? []).forEach((s, k) => {
    if (s.endS < t0 || s.startS > t1 || k % 2 === 1) return;
    // Every other stride shaded, across both panels, so consecutive strides stay distinguishable.
    shapes.push({
      type: 'rect',
      xref: 'x',
      yref: 'paper',
      x0: Math.max(s.startS, t0),
      x1: Math.min(s.endS, t1),
      y0: 0,
      y1: 1,
      fillcolor: SHADE_GREY,
      opacity: 0.6,
      line: { width: 0 },
      layer: 'below',
    });
  });
  if (shapes.length > 0) {
    // Legend swatch for the shading (a shape has no legend entry of its own).
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: 'Detected stride',
      x: [null],
      y: [null],
      marker: { color: SHADE_GREY, size: 8, symbol: 'square' },
      xaxis: 'x',
      yaxis: 'y',
    });
  }
  const layout = {
    ...baseLayout({ title: input.title, legend: 'top' }),
    xaxis: axis(axisTitle('Time', 's'), { range: [t0, t1], anchor: 'y2' }),
    yaxis: axis(axisTitle('gyr<sub>y</sub>', 'rad/s'), { domain: [0.54, 1], anchor: 'x', zeroline: true }),
    yaxis2: axis(axisTitle('|acc|', 'm/s²'), { domain: [0, 0.46], anchor: 'x' }),
    shapes,
  };
  return { data, layout };
}
