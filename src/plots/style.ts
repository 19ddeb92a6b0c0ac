/**
 * Publication style shared by every figure: journal sizes, print-size fonts, a colour-blind-safe
 * palette, and axis/legend defaults without chart junk (no background grid, no frame, no fills).
 *
 * Sizes follow the Nature research figure guide (research-figure-guide.nature.com, "Building and
 * exporting figure panels"): 89 mm single column, 183 mm double column, at most 170 mm tall.
 * Plotly works in CSS pixels (1 px = 1/96 in); we lay a figure out at its final print size in CSS
 * pixels, so a font of N pt is N·96/72 px and prints at exactly N pt; raster exports then only
 * scale by dpi/96.
 */

/** Printed figure widths, mm. Nature figure guide (89 / 183 mm); 1.5 column is Elsevier's 140 mm (unverified). */
export const JOURNAL_WIDTH_MM = {
  single: 89,
  oneAndHalf: 140,
  double: 183,
} as const;

/** Largest figure height that leaves room for the caption, mm. Nature figure guide. */
export const MAX_HEIGHT_MM = 170;

/** Typical heights, mm (our choice: about 3:4 for a single panel). */
export const FIGURE_HEIGHT_MM = {
  short: 55,
  standard: 67,
  tall: 100,
  page: MAX_HEIGHT_MM,
} as const;

/** CSS reference resolution: plotly's pixel unit, px/in. */
export const CSS_DPI = 96;
const MM_PER_INCH = 25.4;
const POINTS_PER_INCH = 72;

/**
 * Pixels spanned by a length at a given resolution, rounded to whole pixels.
 * @param mm length, mm
 * @param dpi resolution, dots per inch
 * @example mmToPx(89, 300) // 1051
 */
export function mmToPx(mm: number, dpi: number): number {
  return Math.round((mm / MM_PER_INCH) * dpi);
}

/** A length in CSS pixels (1/96 in), unrounded. @param mm length, mm */
export function mmToCssPx(mm: number): number {
  return (mm / MM_PER_INCH) * CSS_DPI;
}

/** A font size in CSS pixels for a size in typographic points (1/72 in). @param pt size, pt */
export function ptToCssPx(pt: number): number {
  return (pt / POINTS_PER_INCH) * CSS_DPI;
}

/**
 * Font sizes at final print size, pt. The brief asks for 7–9 pt; Nature asks for 5–7 pt, so
 * ticks and legends sit at 7 pt and titles at 8 pt.
 */
export const FONT_PT = {
  tick: 7,
  axisTitle: 8,
  legend: 7,
  panelTitle: 8,
  annotation: 7,
} as const;

/** Arial first (journals ask for it); Liberation Sans is metric-compatible and ships with Debian. */
export const FONT_FAMILY = 'Arial, "Liberation Sans", Helvetica, sans-serif';

/** Line widths, CSS px (0.75 px = 0.56 pt: within the 0.25–1 pt journals ask for). */
export const LINE_PX = { axis: 0.75, data: 1.25, thin: 0.75, reference: 0.75 } as const;

/**
 * Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"; hex values
 * as in Wong 2011, Nature Methods 8:441, doi:10.1038/nmeth.1618).
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Series colours in order of use; yellow last because it is faint on white. */
export const SERIES_COLOURS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.orange,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
];

/** Fixed colours for the two legs, so left/right read the same in every figure. */
export const LEG_COLOURS = { left: OKABE_ITO.blue, right: OKABE_ITO.vermillion } as const;

/** Neutral grey for reference lines (normative curves, chance lines, thresholds). */
export const REFERENCE_GREY = '#666666';
/** Light grey for shaded periods (recovery, strides). */
export const SHADE_GREY = '#DDDDDD';

/** Perceptually uniform, colour-blind-safe sequential colour scale (plotly's built-in viridis). */
export const SEQUENTIAL_SCALE = 'Viridis';

/**
 * Series colour by index, cycling through {@link SERIES_COLOURS}.
 * @param index zero-based series index
 */
export function seriesColour(index: number): string {
  return SERIES_COLOURS[((index % SERIES_COLOURS.length) + SERIES_COLOURS.length) % SERIES_COLOURS.length];
}

/**
 * A `#RRGGBB` colour as `rgba(…)` with the given opacity (for bands and shading).
 * @param hex colour `#RRGGBB`
 * @param alpha opacity 0..1
 */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/**
 * An axis title in the journal form "Quantity (unit)"; `unit` '' gives the bare quantity
 * (categorical axes). Dimensionless quantities use the unit '–'.
 * @param quantity what is plotted, sentence case
 * @param unit unit symbol, e.g. 'mm', 'min', 'm/s²'
 */
export function axisTitle(quantity: string, unit: string): string {
  return unit === '' ? quantity : `${quantity} (${unit})`;
}

/** Font object for plotly at a print size. @param pt size, pt */
export function font(pt: number, color: string = OKABE_ITO.black): { family: string; size: number; color: string } {
  return { family: FONT_FAMILY, size: ptToCssPx(pt), color };
}

/** Options for {@link axis}. */
export interface AxisOptions {
  range?: [number, number];
  /** Show tick labels (false for inner panels of shared axes). */
  showTickLabels?: boolean;
  /** Subplot domain, fraction of the plotting area. */
  domain?: [number, number];
  /** Axis this one is anchored to, e.g. 'y2'. */
  anchor?: string;
  /** Share the range with another axis, e.g. 'x'. */
  matches?: string;
  zeroline?: boolean;
  type?: 'linear' | 'log' | 'category';
  dtick?: number;
  tickformat?: string;
  /** Fixed aspect: scale this axis to another, e.g. 'x' (square ROC plots). */
  scaleanchor?: string;
  autorange?: boolean | 'reversed';
  /** Shrink the domain (not the range) when an aspect ratio is enforced (both axes of a square plot). */
  constrainDomain?: boolean;
}

/**
 * An axis with print defaults: a black axis line with outside ticks, no grid, no mirror frame,
 * automatic margins so titles are never clipped.
 * @param title axis title (use {@link axisTitle}); '' for none
 * @param options range, domain, anchoring
 */
export function axis(title: string, options: AxisOptions = {}): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    title: { text: title, font: font(FONT_PT.axisTitle), standoff: 4 },
    showline: true,
    linecolor: OKABE_ITO.black,
    linewidth: LINE_PX.axis,
    ticks: 'outside',
    ticklen: 3,
    tickwidth: LINE_PX.axis,
    tickcolor: OKABE_ITO.black,
    tickfont: font(FONT_PT.tick),
    showgrid: false,
    zeroline: options.zeroline ?? false,
    mirror: false,
    automargin: true,
    showticklabels: options.showTickLabels ?? true,
  };
  if (options.range) spec.range = options.range;
  if (options.domain) spec.domain = options.domain;
  if (options.anchor) spec.anchor = options.anchor;
  if (options.matches) spec.matches = options.matches;
  if (options.type) spec.type = options.type;
  if (options.dtick !== undefined) spec.dtick = options.dtick;
  if (options.tickformat) spec.tickformat = options.tickformat;
  if (options.scaleanchor) spec.scaleanchor = options.scaleanchor;
  if (options.scaleanchor || options.constrainDomain) spec.constrain = 'domain';
  if (options.autorange !== undefined) spec.autorange = options.autorange;
  if (options.zeroline) {
    spec.zerolinecolor = REFERENCE_GREY;
    spec.zerolinewidth = LINE_PX.reference;
  }
  return spec;
}

/** Legend placement presets. */
export type LegendPosition = 'top' | 'topRightInside' | 'topLeftInside' | 'bottomRightInside' | 'right' | 'none';

/** Plotly legend object for a placement; no border, no background box. @param position placement */
export function legend(position: LegendPosition): Record<string, unknown> {
  const base = {
    font: font(FONT_PT.legend),
    bgcolor: 'rgba(255,255,255,0)',
    borderwidth: 0,
    tracegroupgap: 2,
    itemwidth: 30,
    // 'normal' keeps a horizontal legend on one row; with legend groups plotly would otherwise wrap per group.
    traceorder: 'normal',
  };
  switch (position) {
    case 'top':
      return { ...base, orientation: 'h', x: 0, xanchor: 'left', y: 1.02, yanchor: 'bottom' };
    case 'topRightInside':
      return { ...base, x: 1, xanchor: 'right', y: 1, yanchor: 'top', bgcolor: 'rgba(255,255,255,0.8)' };
    case 'topLeftInside':
      return { ...base, x: 0.03, xanchor: 'left', y: 1, yanchor: 'top' };
    case 'bottomRightInside':
      return { ...base, x: 1, xanchor: 'right', y: 0.02, yanchor: 'bottom', bgcolor: 'rgba(255,255,255,0.8)' };
    case 'right':
      return { ...base, x: 1.02, xanchor: 'left', y: 1, yanchor: 'top' };
    case 'none':
      return base;
  }
}

/** Options for {@link baseLayout}. */
export interface BaseLayoutOptions {
  title?: string;
  legend?: LegendPosition;
  /** Margins, CSS px; automargin grows them when labels need room. */
  margin?: { l?: number; r?: number; t?: number; b?: number };
}

/**
 * Layout defaults every figure starts from: white paper, print fonts, tight margins. Width and
 * height are set by the exporter from the figure's size in mm.
 * @param options title, legend placement, margins
 */
export function baseLayout(options: BaseLayoutOptions = {}): Record<string, unknown> {
  const legendPosition = options.legend ?? 'top';
  const hasTitle = options.title !== undefined && options.title !== '';
  const layout: Record<string, unknown> = {
    font: font(FONT_PT.tick),
    paper_bgcolor: '#FFFFFF',
    plot_bgcolor: '#FFFFFF',
    showlegend: legendPosition !== 'none',
    legend: legend(legendPosition),
    margin: {
      l: 8,
      r: 8,
      // A legend above the plot pushes the top margin by itself (plotly expands margins for it).
      t: hasTitle ? 28 : 8,
      b: 8,
      pad: 0,
      ...options.margin,
    },
    hovermode: 'closest',
  };
  if (hasTitle) {
    layout.title = {
      text: options.title,
      font: font(FONT_PT.panelTitle),
      x: 0,
      xref: 'paper',
      xanchor: 'left',
      y: 1,
      yref: 'container',
      yanchor: 'top',
      pad: { t: 4 },
    };
  }
  return layout;
}

/**
 * A plotly annotation used as a panel label (e.g. scenario name) above a subplot.
 * @param text label text
 * @param xref x axis reference, e.g. 'x2 domain'
 * @param yref y axis reference, e.g. 'y2 domain'
 */
export function panelLabel(text: string, xref: string, yref: string): Record<string, unknown> {
  return {
    text,
    xref,
    yref,
    x: 0,
    y: 1,
    xanchor: 'left',
    yanchor: 'bottom',
    showarrow: false,
    font: font(FONT_PT.panelTitle),
  };
}

/**
 * A thin reference line as a plotly shape: horizontal (`y` fixed) or vertical (`x` fixed).
 * @param at position in data units
 * @param orientation 'h' for y = at across the panel, 'v' for x = at
 * @param axes the panel's axis ids, e.g. { x: 'x', y: 'y' }
 */
export function referenceLine(
  at: number,
  orientation: 'h' | 'v',
  axes: { x: string; y: string } = { x: 'x', y: 'y' },
  dash = 'dash',
): Record<string, unknown> {
  const line = { color: REFERENCE_GREY, width: LINE_PX.reference, dash };
  return orientation === 'h'
    ? { type: 'line', xref: `${axes.x} domain`, yref: axes.y, x0: 0, x1: 1, y0: at, y1: at, line, layer: 'below' }
    : { type: 'line', xref: axes.x, yref: `${axes.y} domain`, x0: at, x1: at, y0: 0, y1: 1, line, layer: 'below' };
}
