/**
 * The plotly figure spec as our builders produce it: plain JSON-friendly data (no typed arrays,
 * no functions) so the same object can be serialised into an HTML page, handed to a browser, or
 * inspected in tests. Only the fields our builders use are typed; plotly accepts many more.
 */

/** One plotly trace. Numeric arrays are plain `number[]` (NaN/null = gap). */
export interface PlotlyTrace {
  type: 'scatter' | 'bar' | 'heatmap';
  name?: string;
  x?: (number | string | null)[];
  y?: (number | string | null)[];
  z?: (number | null)[][];
  mode?: 'lines' | 'markers' | 'lines+markers' | 'text' | 'markers+text' | 'none';
  line?: { color?: string; width?: number; dash?: string; shape?: string };
  marker?: {
    color?: string | string[];
    size?: number | number[];
    symbol?: string;
    opacity?: number;
    line?: { color?: string; width?: number };
  };
  fill?: 'none' | 'toself' | 'tonexty' | 'tozeroy';
  fillcolor?: string;
  xaxis?: string;
  yaxis?: string;
  showlegend?: boolean;
  legendgroup?: string;
  hoverinfo?: string;
  [key: string]: unknown;
}

/** Plotly layout; axis objects are open records (`xaxis`, `xaxis2`, … are all allowed). */
export type PlotlyLayout = Record<string, unknown>;

/** A complete figure: what `Plotly.newPlot(div, data, layout)` takes. */
export interface FigureSpec {
  data: PlotlyTrace[];
  layout: PlotlyLayout;
}

/**
 * Copy any array-like of numbers into a plain array, optionally scaled, with non-finite values
 * as `null` (plotly draws a gap; JSON keeps it).
 * @param values source values
 * @param scale factor applied to each value (e.g. 1000 for m → mm)
 * @param decimals round to this many decimals (keeps HTML pages small); omit to keep full precision
 */
export function toPlainArray(values: ArrayLike<number>, scale = 1, decimals?: number): (number | null)[] {
  const out = new Array<number | null>(values.length);
  const factor = decimals === undefined ? 0 : 10 ** decimals;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] * scale;
    out[i] = Number.isFinite(v) ? (factor > 0 ? Math.round(v * factor) / factor : v) : null;
  }
  return out;
}
