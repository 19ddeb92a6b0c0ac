/**
 * Rich output for the notebooks (Deno's Jupyter kernel): the project's plotly figure specs drawn
 * inline and offline, and small tables. A cell's value is displayed through its
 * `Symbol.for('Jupyter.display')` method (the symbol Deno exposes as `Deno.jupyter.$display`), so
 * this file needs no Deno type declarations and is type-checked and linted with the rest of the
 * repository; only `loadPlotly` calls `Deno.jupyter.display`, found at run time.
 *
 * Offline: `await loadPlotly()` embeds plotly.js from the local `plotly.js-dist` package once per
 * notebook (no CDN, as plotly.py's `init_notebook_mode(connected=False)` does); every figure after
 * it draws with `Plotly.newPlot`. Each figure also carries the `application/vnd.plotly.v1+json`
 * bundle, which VS Code and JupyterLab's plotly extension render without any script.
 */
import { readFileSync } from 'node:fs';
import { plotlyBundlePath, type FigureToExport } from '../src/plots/export.ts';
import type { FigureSpec } from '../src/plots/spec.ts';
import { mmToCssPx } from '../src/plots/style.ts';

/** The display hook Deno's kernel calls on a cell's value (`Deno.jupyter.$display`). */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for('Jupyter.display');

/** MIME type → data. */
export type MimeBundle = Record<string, unknown>;

/** A value the kernel shows through its MIME bundle. */
export interface Displayable {
  [JUPYTER_DISPLAY](): MimeBundle;
}

/** MIME type of plotly figures (data + layout as JSON). */
export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

const displayable = (bundle: MimeBundle): Displayable => ({ [JUPYTER_DISPLAY]: () => bundle });

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON safe inside a `<script>` element. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** The part of Deno's `Deno.jupyter` namespace used here. */
interface DenoJupyter {
  display(value: unknown, options?: { raw?: boolean }): Promise<void>;
}

/** `Deno.jupyter`, or an error outside Deno's Jupyter kernel (where the getter throws). */
function denoJupyter(): DenoJupyter {
  try {
    const jupyter = (globalThis as { Deno?: { jupyter?: DenoJupyter } }).Deno?.jupyter;
    if (jupyter) return jupyter;
  } catch {
    // Deno outside `deno jupyter`
  }
  throw new Error("loadPlotly() needs Deno's Jupyter kernel (deno jupyter)");
}

/** Largest plotly.js piece per output, characters (see {@link loadPlotly}). */
export const PLOTLY_CHUNK_CHARS = 1_000_000;

/**
 * plotly.js as a sequence of HTML outputs: each pushes one piece of the source onto a page-global
 * array; the last evaluates the whole and says so.
 * @param source plotly.js source
 * @param chunkChars characters per piece
 */
export function plotlyLoaderBundles(source: string, chunkChars: number = PLOTLY_CHUNK_CHARS): MimeBundle[] {
  if (!(chunkChars >= 1)) throw new RangeError(`chunkChars must be >= 1, got ${chunkChars}`);
  const version = /plotly\.js v([\d.]+)/.exec(source.slice(0, 200))?.[1] ?? 'unknown';
  const n = Math.max(1, Math.ceil(source.length / chunkChars));
  return Array.from({ length: n }, (_, i) => {
    const piece = scriptJson(source.slice(i * chunkChars, (i + 1) * chunkChars));
    const last = i === n - 1;
    const run = last ? '(0, eval)(window.__dropfootPlotly.join(""));delete window.__dropfootPlotly;' : '';
    return {
      'text/html':
        `<script>(window.__dropfootPlotly = window.__dropfootPlotly || []).push(${piece});${run}</script>` +
        (last ? `<span style="font-size:11px;color:#666">plotly.js ${escapeHtml(version)} loaded (offline)</span>` : ''),
      'text/plain': last ? `plotly.js ${version}, ${n} pieces` : '',
    };
  });
}

/**
 * Load plotly.js into the notebook page, once, before any figure: the local `plotly.js-dist`
 * bundle (about 11 MB, no CDN), sent as outputs of at most {@link PLOTLY_CHUNK_CHARS} characters
 * with a pause after each. Why pieces: Deno's kernel (2.9) corrupted the single 11 MB message now
 * and then ("Invalid Signature" in nbconvert) when the next cell started while it was still
 * being sent. Call as `await loadPlotly();` (Deno's Jupyter kernel only).
 * @param options plotly.js file (default: the npm package's), piece size, pause between pieces (ms)
 */
export async function loadPlotly(options: { bundlePath?: string; chunkChars?: number; pauseMs?: number } = {}): Promise<void> {
  const jupyter = denoJupyter();
  const source = readFileSync(options.bundlePath ?? plotlyBundlePath(), 'utf8');
  const pauseMs = options.pauseMs ?? 50;
  for (const bundle of plotlyLoaderBundles(source, options.chunkChars)) {
    await jupyter.display(bundle, { raw: true });
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

let figureCounter = 0;
// Element ids unique across kernel restarts, so a stale output never captures a new figure.
const idPrefix = `dropfoot-${Math.random().toString(36).slice(2, 8)}`;

/**
 * A figure drawn at its print size: interactive HTML (needs {@link loadPlotly} earlier in the
 * notebook), the plotly JSON bundle, and a one-line text summary.
 * @param figure a figure from the project's builders (`name`, `spec`, `widthMm`, `heightMm`), or a
 *   bare spec with a size
 */
export function showFigure(figure: FigureToExport | { name?: string; spec: FigureSpec; widthMm: number; heightMm: number }): Displayable {
  const name = figure.name ?? 'figure';
  const layout = { ...figure.spec.layout, width: Math.round(mmToCssPx(figure.widthMm)), height: Math.round(mmToCssPx(figure.heightMm)) };
  const id = `${idPrefix}-${++figureCounter}`;
  const config = { displaylogo: false, responsive: false, toImageButtonOptions: { format: 'svg', filename: name } };
  const html = [
    `<div id="${id}" class="dropfoot-figure" style="width:${layout.width}px;height:${layout.height}px"></div>`,
    '<script>',
    '(function () {',
    `  var el = document.getElementById(${scriptJson(id)});`,
    `  if (typeof window.Plotly === 'undefined') { el.style.height = 'auto'; el.textContent = 'plotly.js is not loaded: run the cell with loadPlotly() first'; return; }`,
    `  window.Plotly.newPlot(el, ${scriptJson(figure.spec.data)}, ${scriptJson(layout)}, ${scriptJson(config)});`,
    '})();',
    '</script>',
  ].join('\n');
  const traces = figure.spec.data.length;
  return displayable({
    'text/html': html,
    [PLOTLY_MIME]: { data: figure.spec.data, layout },
    'text/plain': `${name}: ${traces} trace${traces === 1 ? '' : 's'}, ${figure.widthMm} × ${figure.heightMm} mm`,
  });
}

/**
 * Several figures in one output, side by side where they fit (interactive HTML only: a MIME
 * bundle holds one plotly figure).
 * @param figures figures as for {@link showFigure}
 */
export function showFigures(figures: readonly Parameters<typeof showFigure>[0][]): Displayable {
  const parts = figures.map((f) => showFigure(f)[JUPYTER_DISPLAY]());
  return displayable({
    'text/html': `<div style="display:flex;flex-wrap:wrap;gap:12px">${parts
      .map((p, i) => `<div><div style="font-size:12px;color:#333">${escapeHtml(figures[i].name ?? 'figure')}</div>${p['text/html'] as string}</div>`)
      .join('')}</div>`,
    'text/plain': parts.map((p) => p['text/plain'] as string).join('\n'),
  });
}

/** A table cell: text as is, numbers rounded by the table's `digits`, null/NaN as '–'. */
export type TableCell = string | number | boolean | null;

/**
 * A table of rows (column order from the first row), as HTML and aligned plain text.
 * @param rows one object per row
 * @param options `digits`: significant digits for numbers (default 3); `caption`
 */
export function showTable(rows: readonly Record<string, TableCell>[], options: { digits?: number; caption?: string } = {}): Displayable {
  const digits = options.digits ?? 3;
  const columns = rows.length > 0 ? Object.keys(rows[0]) : [];
  const text = (v: TableCell): string =>
    v === null || (typeof v === 'number' && !Number.isFinite(v))
      ? '–'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? String(v)
          : String(Number(v.toPrecision(digits)))
        : String(v);
  const cells = rows.map((r) => columns.map((c) => text(r[c] ?? null)));
  const numeric = columns.map((c) => rows.every((r) => typeof r[c] === 'number' || r[c] === null));
  const align = (i: number) => (numeric[i] ? 'right' : 'left');
  const html = [
    '<table style="border-collapse:collapse;font-size:13px">',
    options.caption ? `<caption style="text-align:left;padding:4px 0">${escapeHtml(options.caption)}</caption>` : '',
    `<thead><tr>${columns.map((c, i) => `<th style="text-align:${align(i)};padding:2px 8px;border-bottom:1px solid #888">${escapeHtml(c)}</th>`).join('')}</tr></thead>`,
    `<tbody>${cells.map((row) => `<tr>${row.map((v, i) => `<td style="text-align:${align(i)};padding:2px 8px">${escapeHtml(v)}</td>`).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
  ].join('');
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (values: readonly string[]) => values.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  const plain = [options.caption ?? '', line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].filter((l) => l !== '').join('\n');
  return displayable({ 'text/html': html, 'text/plain': plain });
}
