/**
 * Figure exporters: interactive HTML (plotly.js from the local npm package, no CDN) and static
 * SVG / PNG / PDF rendered in ONE headless Debian Chromium per batch (driven by playwright-core;
 * never a downloaded browser). Launch flags and measured behaviour: design/TOOLCHAIN.md § Figures.
 *
 * Sizing: a figure is laid out at its print size in CSS px (mm / 25.4 · 96). SVG keeps that size;
 * PNG is the same drawing rasterised at `dpi`; PDF is the SVG printed onto a page of exactly
 * widthMm × heightMm (vector, fonts embedded by Chromium).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.ts';
import type { FigureSpec } from './spec.ts';
import { CSS_DPI, mmToCssPx, mmToPx } from './style.ts';

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** No-network launch flags (TOOLCHAIN.md § Figures). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The line printed when static formats are skipped because Chromium is absent. */
export const CHROMIUM_MISSING_MESSAGE =
  `figures: Chromium not found at ${CHROMIUM_PATH}; SVG/PDF/PNG skipped (HTML still written). ` +
  '`apt-get install chromium` enables them.';

export type ExportFormat = 'html' | 'svg' | 'pdf' | 'png';
const FORMATS: readonly ExportFormat[] = ['html', 'svg', 'pdf', 'png'];
const STATIC_FORMATS: readonly ExportFormat[] = ['svg', 'pdf', 'png'];

/** One figure to write: `name` becomes the file stem (`name.svg`, …). */
export interface FigureToExport {
  name: string;
  spec: FigureSpec;
  widthMm: number;
  heightMm: number;
}

/** Options for {@link exportFigures}. */
export interface ExportOptions {
  /** Raster resolution for PNG, dots per inch (default 300). */
  dpi?: number;
  /**
   * How HTML pages get plotly.js: 'alongside' (default) copies it once into `outDir/plotly.js`
   * and every page loads it relatively; 'inline' embeds it (one self-contained ~11 MB file each).
   */
  htmlPlotly?: 'alongside' | 'inline';
  /** Browser executable (default {@link CHROMIUM_PATH}). */
  chromiumPath?: string;
  /** Receives the one-line notice when static formats are skipped (default: console.warn). */
  log?: (line: string) => void;
}

/** What {@link exportFigures} did. */
export interface ExportResult {
  /** Absolute paths of the files written. */
  files: string[];
  /** Formats requested but not written (Chromium missing or failed to start). */
  skipped: ExportFormat[];
  /** Set when formats were skipped: the reason, as logged. */
  notice?: string;
  /** Browser start-up (launch + plotly load), ms; 0 without static formats. */
  startupMs: number;
  /** Static rendering time per figure name, ms. */
  perFigureMs: Record<string, number>;
}

/**
 * Whether headless static export can run: the Chromium binary exists and is executable.
 * @param executablePath browser path (default {@link CHROMIUM_PATH})
 */
export function chromiumAvailable(executablePath: string = CHROMIUM_PATH): boolean {
  return existsSync(executablePath);
}

/** Absolute path of the plotly.js bundle shipped by the `plotly.js-dist` package. */
export function plotlyBundlePath(): string {
  return createRequire(import.meta.url).resolve('plotly.js-dist');
}

/** Layout width/height in CSS px for a figure of the given print size. */
function layoutSize(widthMm: number, heightMm: number): { widthPx: number; heightPx: number } {
  return { widthPx: mmToCssPx(widthMm), heightPx: mmToCssPx(heightMm) };
}

/** JSON safe to place inside a `<script>` element. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * An interactive HTML page for one figure, at its print size, working offline.
 * @param name page title and download file name
 * @param spec the figure
 * @param size print size, mm
 * @param plotly either `{ src }` (a relative or file URL to plotly.js) or `{ inline }` (its source)
 */
export function figureHtml(
  name: string,
  spec: FigureSpec,
  size: { widthMm: number; heightMm: number },
  plotly: { src: string } | { inline: string },
): string {
  const { widthPx, heightPx } = layoutSize(size.widthMm, size.heightMm);
  const layout = { ...spec.layout, width: widthPx, height: heightPx };
  const config = {
    responsive: false,
    displaylogo: false,
    toImageButtonOptions: { format: 'svg', filename: name, width: widthPx, height: heightPx },
  };
  const plotlyTag =
    'src' in plotly
      ? `<script src="${escapeHtml(plotly.src)}"></script>`
      : `<script>${plotly.inline.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--')}</script>`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(name)}</title>`,
    '<style>body{margin:16px;background:#fff}</style>',
    plotlyTag,
    '</head><body>',
    '<div id="figure" class="figure"></div>',
    '<script>',
    `Plotly.newPlot('figure', ${scriptSafeJson(spec.data)}, ${scriptSafeJson(layout)}, ${scriptSafeJson(config)});`,
    '</script>',
    '</body></html>',
    '',
  ].join('\n');
}

function validate(figs: readonly FigureToExport[], formats: readonly ExportFormat[], dpi: number): void {
  for (const f of formats) {
    if (!FORMATS.includes(f)) throw new InputError(`unknown figure format '${f}'; allowed: ${FORMATS.join(', ')}`, 'formats');
  }
  if (!Number.isFinite(dpi) || dpi < 50 || dpi > 1200) throw new InputError(`dpi must be in 50..1200, got ${dpi}`, 'dpi');
  const seen = new Set<string>();
  for (const fig of figs) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(fig.name)) {
      throw new InputError(`figure name '${fig.name}' must be letters, digits, '.', '_' or '-'`, 'name');
    }
    if (seen.has(fig.name)) throw new InputError(`figure name '${fig.name}' used twice`, 'name');
    seen.add(fig.name);
    for (const [key, mm] of [['widthMm', fig.widthMm], ['heightMm', fig.heightMm]] as const) {
      if (!Number.isFinite(mm) || mm < 10 || mm > 1000) {
        throw new InputError(`${key} must be in 10..1000 mm, got ${mm}`, `${fig.name}.${key}`);
      }
    }
  }
}

/**
 * Write figures as interactive HTML and/or static SVG, PDF, PNG.
 *
 * Static formats use one headless Chromium for the whole batch. If Chromium is absent or fails to
 * start, they are skipped with ONE logged line (see {@link CHROMIUM_MISSING_MESSAGE}); HTML is
 * still written and nothing throws for that reason.
 * @param figs figures with their print sizes, mm
 * @param outDir output folder (created)
 * @param formats formats to write
 * @param options dpi for PNG (default 300), HTML plotly mode, browser path, logger
 * @returns files written, skipped formats and timings
 * @throws InputError for an unknown format, a bad name, size or dpi
 */
export async function exportFigures(
  figs: readonly FigureToExport[],
  outDir: string,
  formats: readonly ExportFormat[],
  options: ExportOptions = {},
): Promise<ExportResult> {
  const dpi = options.dpi ?? 300;
  validate(figs, formats, dpi);
  const log = options.log ?? ((line: string) => console.warn(line));
  const executablePath = options.chromiumPath ?? CHROMIUM_PATH;
  const result: ExportResult = { files: [], skipped: [], startupMs: 0, perFigureMs: {} };
  await mkdir(outDir, { recursive: true });
  const absOut = path.resolve(outDir);

  if (formats.includes('html')) await writeHtml(figs, absOut, options.htmlPlotly ?? 'alongside', result);

  const staticFormats = STATIC_FORMATS.filter((f) => formats.includes(f));
  if (staticFormats.length === 0 || figs.length === 0) return result;
  if (!chromiumAvailable(executablePath)) {
    const notice =
      executablePath === CHROMIUM_PATH
        ? CHROMIUM_MISSING_MESSAGE
        : CHROMIUM_MISSING_MESSAGE.replace(CHROMIUM_PATH, executablePath);
    result.skipped.push(...staticFormats);
    result.notice = notice;
    log(notice);
    return result;
  }
  await renderStatic(figs, absOut, staticFormats, dpi, executablePath, result, log);
  return result;
}

async function writeHtml(
  figs: readonly FigureToExport[],
  outDir: string,
  mode: 'alongside' | 'inline',
  result: ExportResult,
): Promise<void> {
  const bundle = plotlyBundlePath();
  let plotly: { src: string } | { inline: string };
  if (mode === 'inline') {
    plotly = { inline: await readFile(bundle, 'utf8') };
  } else {
    const target = path.join(outDir, 'plotly.js');
    await copyFile(bundle, target);
    result.files.push(target);
    plotly = { src: 'plotly.js' };
  }
  for (const fig of figs) {
    const file = path.join(outDir, `${fig.name}.html`);
    await writeFile(file, figureHtml(fig.name, fig.spec, fig, plotly));
    result.files.push(file);
  }
}

/** The page Chromium renders in: plotly from the local file, nothing from the network. */
function renderPageHtml(plotlyUrl: string): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    '<style>html,body{margin:0;padding:0;background:#fff}svg{display:block}</style>',
    `<script src="${plotlyUrl}"></script>`,
    '</head><body><div id="stage"></div></body></html>',
  ].join('\n');
}

// Browser-side globals used inside page.evaluate (the page has plotly loaded).
interface PlotlyGlobal {
  toImage(fig: { data: unknown; layout: unknown; config?: unknown }, opts: Record<string, unknown>): Promise<string>;
}
declare const Plotly: PlotlyGlobal;

async function renderStatic(
  figs: readonly FigureToExport[],
  outDir: string,
  formats: readonly ExportFormat[],
  dpi: number,
  executablePath: string,
  result: ExportResult,
  log: (line: string) => void,
): Promise<void> {
  const t0 = performance.now();
  const work = await mkdtemp(path.join(tmpdir(), 'dropfoot-figures-'));
  // Imported lazily so HTML export and the library never need playwright at load time.
  const { chromium } = await import('playwright-core');
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  try {
    try {
      context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
        executablePath,
        headless: true,
        args: [...CHROMIUM_ARGS],
        offline: true,
      });
    } catch (error) {
      const notice = `figures: Chromium at ${executablePath} failed to start (${String(error).split('\n')[0]}); SVG/PDF/PNG skipped.`;
      result.skipped.push(...formats);
      result.notice = notice;
      log(notice);
      return;
    }
    const page = context.pages()[0] ?? (await context.newPage());
    const pageFile = path.join(work, 'render.html');
    await writeFile(pageFile, renderPageHtml(pathToFileURL(plotlyBundlePath()).href));
    await page.goto(pathToFileURL(pageFile).href);
    await page.waitForFunction(() => typeof (globalThis as { Plotly?: unknown }).Plotly === 'object');
    result.startupMs = performance.now() - t0;

    for (const fig of figs) {
      const tFig = performance.now();
      const { widthPx, heightPx } = layoutSize(fig.widthMm, fig.heightMm);
      const svg = await page.evaluate(
        ({ data, layout, w, h }) =>
          Plotly.toImage(
            { data, layout: { ...layout, width: w, height: h } },
            { format: 'svg', width: w, height: h, imageDataOnly: true },
          ),
        { data: fig.spec.data, layout: fig.spec.layout, w: widthPx, h: heightPx },
      );
      if (formats.includes('svg')) {
        const file = path.join(outDir, `${fig.name}.svg`);
        await writeFile(file, `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`);
        result.files.push(file);
      }
      if (formats.includes('png')) {
        // Canvas size is trunc(layout px · scale); lay out 0.25 target px wider so truncation
        // lands exactly on mmToPx(mm, dpi) (0.25 px at 300 dpi is 0.02 mm).
        const scale = dpi / CSS_DPI;
        const targetW = mmToPx(fig.widthMm, dpi);
        const targetH = mmToPx(fig.heightMm, dpi);
        const base64 = await page.evaluate(
          ({ data, layout, w, h, s }) =>
            Plotly.toImage(
              { data, layout: { ...layout, width: w, height: h } },
              { format: 'png', width: w, height: h, scale: s, imageDataOnly: true },
            ),
          {
            data: fig.spec.data,
            layout: fig.spec.layout,
            w: (targetW + 0.25) / scale,
            h: (targetH + 0.25) / scale,
            s: scale,
          },
        );
        const file = path.join(outDir, `${fig.name}.png`);
        await writeFile(file, Buffer.from(base64, 'base64'));
        result.files.push(file);
      }
      if (formats.includes('pdf')) {
        await page.evaluate(
          ({ markup, wMm, hMm }) => {
            const stage = document.getElementById('stage') as HTMLElement;
            stage.innerHTML = markup;
            const el = stage.querySelector('svg') as SVGSVGElement;
            el.setAttribute('width', `${wMm}mm`);
            el.setAttribute('height', `${hMm}mm`);
            const style = document.getElementById('page-size') ?? document.head.appendChild(document.createElement('style'));
            style.id = 'page-size';
            style.textContent = `@page{size:${wMm}mm ${hMm}mm;margin:0}`;
          },
          { markup: svg, wMm: fig.widthMm, hMm: fig.heightMm },
        );
        const file = path.join(outDir, `${fig.name}.pdf`);
        await page.pdf({
          path: file,
          width: `${fig.widthMm}mm`,
          height: `${fig.heightMm}mm`,
          margin: { top: '0', right: '0', bottom: '0', left: '0' },
          printBackground: true,
          pageRanges: '1',
        });
        result.files.push(file);
      }
      result.perFigureMs[fig.name] = performance.now() - tFig;
    }
  } finally {
    await context?.close();
    await rm(work, { recursive: true, force: true });
  }
}
