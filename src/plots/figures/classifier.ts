/**
 * Classifier evaluation figures: confusion matrix (counts and row-normalised), one-vs-rest ROC
 * curves with AUC in the legend, and a reliability (calibration) diagram with ECE in the title.
 */
import { InputError } from '../../errors.ts';
import type { FigureSpec, PlotlyTrace } from '../spec.ts';
import {
  FONT_PT,
  LINE_PX,
  OKABE_ITO,
  REFERENCE_GREY,
  SEQUENTIAL_SCALE,
  axis,
  axisTitle,
  baseLayout,
  font,
  seriesColour,
} from '../style.ts';

/** Input for {@link confusionMatrixFigure}. */
export interface ConfusionMatrixInput {
  /** Class names, in matrix order. */
  classes: readonly string[];
  /** counts[true][predicted]. */
  counts: readonly (readonly number[])[];
  title?: string;
}

/**
 * Confusion matrix coloured by the row-normalised fraction (recall per true class), each cell
 * labelled with its count and percentage.
 * @param input class names and counts[true][predicted]
 * @returns plotly figure spec
 * @throws InputError when counts is not square over the classes or has a negative/non-integer count
 */
export function confusionMatrixFigure(input: ConfusionMatrixInput): FigureSpec {
  const k = input.classes.length;
  if (k === 0 || input.counts.length !== k || input.counts.some((row) => row.length !== k)) {
    throw new InputError(`counts must be ${k} × ${k} (true × predicted)`, 'counts');
  }
  for (const row of input.counts) {
    for (const c of row) {
      if (!Number.isInteger(c) || c < 0) throw new InputError(`counts must be non-negative integers, got ${c}`, 'counts');
    }
  }
  const fractions = input.counts.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (sum > 0 ? c / sum : null));
  });
  const text = input.counts.map((row, i) =>
    row.map((c, j) => {
      const f = fractions[i][j];
      return f === null ? `${c}` : `${c}<br>(${Math.round(f * 100)} %)`;
    }),
  );
  // Dark cells get white text; viridis is dark at the low end.
  const annotations: Record<string, unknown>[] = [];
  input.classes.forEach((_, i) =>
    input.classes.forEach((__, j) => {
      const f = fractions[i][j] ?? 0;
      annotations.push({
        text: text[i][j],
        x: input.classes[j],
        y: input.classes[i],
        xref: 'x',
        yref: 'y',
        showarrow: false,
        font: font(FONT_PT.annotation, f < 0.6 ? '#FFFFFF' : OKABE_ITO.black),
      });
    }),
  );
  const layout = {
    ...baseLayout({ title: input.title, legend: 'none' }),
    // No fixed aspect: forcing square cells left the colour bar taller than the matrix.
    xaxis: axis('Predicted class', { type: 'category' }),
    yaxis: axis('True class', { type: 'category', autorange: 'reversed' }),
    annotations,
  };
  return {
    data: [
      {
        type: 'heatmap',
        name: 'Row-normalised',
        x: [...input.classes],
        y: [...input.classes],
        z: fractions,
        zmin: 0,
        zmax: 1,
        colorscale: SEQUENTIAL_SCALE,
        zsmooth: false,
        colorbar: {
          title: { text: axisTitle('Fraction of true class', '%'), side: 'right', font: font(FONT_PT.axisTitle) },
          tickvals: [0, 0.25, 0.5, 0.75, 1],
          ticktext: ['0', '25', '50', '75', '100'],
          tickfont: font(FONT_PT.tick),
          thickness: 8,
          outlinewidth: 0,
          ticks: 'outside',
          ticklen: 3,
          xpad: 4,
        },
        customdata: input.counts.map((row) => [...row]),
        hovertemplate: 'true %{y}, predicted %{x}: %{customdata} (%{z:.0%})<extra></extra>',
      },
    ],
    layout,
  };
}

/** One class's ROC curve (one vs rest). */
export interface RocCurve {
  className: string;
  /** False positive rates, ascending from 0 to 1. */
  fpr: ArrayLike<number>;
  /** True positive rates at the same thresholds. */
  tpr: ArrayLike<number>;
  /** Area under the curve; computed by the trapezoid rule if omitted. */
  auc?: number;
}

/**
 * Area under a curve by the trapezoid rule (ROC AUC from its points).
 * @param x abscissae, ascending (e.g. FPR)
 * @param y ordinates (e.g. TPR)
 */
export function trapezoidArea(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

/**
 * ROC curves per class with AUC in the legend and the chance diagonal.
 * @param input curves (rates 0..1) and an optional title
 * @returns plotly figure spec (square axes)
 * @throws InputError when a curve's fpr and tpr differ in length
 */
export function rocFigure(input: { curves: readonly RocCurve[]; title?: string }): FigureSpec {
  const data: PlotlyTrace[] = [
    {
      type: 'scatter',
      mode: 'lines',
      name: 'Chance',
      x: [0, 1],
      y: [0, 1],
      line: { color: REFERENCE_GREY, width: LINE_PX.reference, dash: 'dash' },
      hoverinfo: 'skip',
    },
  ];
  input.curves.forEach((curve, i) => {
    if (curve.fpr.length !== curve.tpr.length) {
      throw new InputError('fpr and tpr must have equal lengths', `roc.${curve.className}`);
    }
    const auc = curve.auc ?? trapezoidArea(curve.fpr, curve.tpr);
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `${curve.className} (AUC ${auc.toFixed(2)})`,
      x: Array.from(curve.fpr),
      y: Array.from(curve.tpr),
      line: { color: seriesColour(i), width: LINE_PX.data, shape: 'hv' },
      hovertemplate: `${curve.className}: FPR %{x:.2f}, TPR %{y:.2f}<extra></extra>`,
    });
  });
  const layout = {
    ...baseLayout({ title: input.title, legend: 'bottomRightInside' }),
    xaxis: axis(axisTitle('False positive rate', '–'), { range: [0, 1], dtick: 0.2, scaleanchor: 'y' }),
    yaxis: axis(axisTitle('True positive rate', '–'), { range: [0, 1.02], dtick: 0.2 }),
  };
  return { data, layout };
}

/** One confidence bin of a reliability diagram. */
export interface ReliabilityBin {
  /** Mean predicted probability of the predicted class in the bin, 0..1. */
  meanConfidence: number;
  /** Fraction of the bin's predictions that were correct, 0..1. */
  accuracy: number;
  /** Predictions in the bin. */
  count: number;
}

/**
 * Expected calibration error: the count-weighted mean |accuracy − confidence| over bins
 * (Guo et al. 2017, "On calibration of modern neural networks", eq. 3).
 * @param bins reliability bins
 */
export function expectedCalibrationError(bins: readonly ReliabilityBin[]): number {
  const total = bins.reduce((a, b) => a + b.count, 0);
  if (total === 0) return Number.NaN;
  return bins.reduce((a, b) => a + (b.count / total) * Math.abs(b.accuracy - b.meanConfidence), 0);
}

/**
 * Reliability diagram: accuracy vs confidence per bin, the diagonal of perfect calibration, and
 * ECE in the title; marker area grows with the bin's count.
 * @param input bins, optional ECE (computed from the bins if omitted) and a label for the model
 * @returns plotly figure spec
 * @throws InputError when there are no non-empty bins
 */
export function reliabilityFigure(input: { bins: readonly ReliabilityBin[]; ece?: number; label?: string }): FigureSpec {
  const bins = input.bins.filter((b) => b.count > 0);
  if (bins.length === 0) throw new InputError('no non-empty bins', 'bins');
  const ece = input.ece ?? expectedCalibrationError(input.bins);
  const maxCount = Math.max(...bins.map((b) => b.count));
  const data: PlotlyTrace[] = [
    {
      type: 'scatter',
      mode: 'lines',
      name: 'Perfect calibration',
      x: [0, 1],
      y: [0, 1],
      line: { color: REFERENCE_GREY, width: LINE_PX.reference, dash: 'dash' },
      hoverinfo: 'skip',
    },
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: input.label ?? 'Model',
      x: bins.map((b) => b.meanConfidence),
      y: bins.map((b) => b.accuracy),
      line: { color: OKABE_ITO.blue, width: LINE_PX.data },
      marker: {
        color: OKABE_ITO.blue,
        // Area ∝ count, 3–9 px diameter.
        size: bins.map((b) => 3 + 6 * Math.sqrt(b.count / maxCount)),
      },
      customdata: bins.map((b) => b.count),
      hovertemplate: 'confidence %{x:.2f}, accuracy %{y:.2f}, n = %{customdata}<extra></extra>',
    },
  ];
  const layout = {
    ...baseLayout({ title: `Reliability (ECE = ${ece.toFixed(3)})`, legend: 'bottomRightInside' }),
    xaxis: axis(axisTitle('Confidence', '–'), { range: [0, 1], dtick: 0.2, scaleanchor: 'y' }),
    yaxis: axis(axisTitle('Accuracy', '–'), { range: [0, 1.02], dtick: 0.2 }),
  };
  return { data, layout };
}
