// Real export in headless Debian Chromium: SVG parses and carries the axis titles, PDF is a
// one-page vector file of the figure's size with embedded fonts, PNG has the pixel size the dpi
// asks for, and the HTML page renders offline with every network request blocked.
// Static-format tests are skipped (with a message) only when /usr/bin/chromium is absent.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  type ExportResult,
  type FigureToExport,
  capacityDriveFigure,
  chromiumAvailable,
  exportFigures,
  heatmapFigure,
  mmToCssPx,
  mmToPx,
  mtcOverRunFigure,
} from '../../src/plots/index.ts';

const HAVE_CHROMIUM = chromiumAvailable();
if (!HAVE_CHROMIUM) {
  console.warn(`figure-export: ${CHROMIUM_PATH} not found, static-format tests skipped (apt-get install chromium enables them)`);
}

const DPI = 150;

function figures(): FigureToExport[] {
  const n = 200;
  const timeS = Float64Array.from({ length: n }, (_, i) => i * 0.72);
  const leg = (slope: number) => {
    const mtcM = Float64Array.from(timeS, (t) => 0.025 - slope * t);
    return { timeS, mtcM, toeCatch: Uint8Array.from(mtcM, (m) => (m < 0.002 ? 1 : 0)) };
  };
  return [
    {
      name: 'mtc',
      spec: mtcOverRunFigure([
        { name: 'Healthy', legs: { left: leg(0), right: leg(0) } },
        { name: 'TA fatigue', legs: { left: leg(0), right: leg(0.0002) } },
      ]),
      widthMm: 183,
      heightMm: 90,
    },
    {
      name: 'capacity',
      spec: capacityDriveFigure({
        timeS: [0, 600, 1200, 1800],
        tibialisCapacity: [1, 0.7, 0.8, 0.95],
        neuralDrive: [1, 1, 0.9, 1],
        runEndS: 900,
      }),
      widthMm: 89,
      heightMm: 67,
    },
    {
      name: 'heatmap',
      spec: heatmapFigure({
        x: { label: 'Fatigue multiplier', unit: '–', values: [1, 2] },
        y: { label: 'Leg-length discrepancy', unit: 'mm', values: [0, 10] },
        z: [
          [20, 10],
          [15, Number.NaN],
        ],
        colourBar: { label: 'First toe catch', unit: 'min' },
      }),
      widthMm: 89,
      heightMm: 75,
    },
  ];
}

const EXPECTED_TEXT: Record<string, string[]> = {
  mtc: ['Time (min)', 'MTC (mm)', 'TA fatigue', 'Right toe catch'],
  capacity: ['Time (min)', 'Fraction of fresh (%)', 'Recovery', 'TA capacity'],
  heatmap: ['Leg-length discrepancy (mm)', 'First toe catch (min)'],
};

/** A checking browser, offline, that records (and aborts) any network request. */
async function offlineBrowser(profile: string, requests: string[]): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    offline: true,
  });
  await context.route(/^(https?|wss?):/, (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  return context;
}

describe.skipIf(!HAVE_CHROMIUM)('figure export in headless Chromium', () => {
  let dir: string;
  let result: ExportResult;
  let checker: BrowserContext;
  const requests: string[] = [];
  const figs = figures();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dropfoot-fig-e2e-'));
    result = await exportFigures(figs, path.join(dir, 'out'), ['html', 'svg', 'pdf', 'png'], { dpi: DPI });
    await exportFigures([figs[1]], path.join(dir, 'inline'), ['html'], { htmlPlotly: 'inline' });
    checker = await offlineBrowser(path.join(dir, 'checker-profile'), requests);
  });
  afterAll(async () => {
    await checker?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes every requested file and times the batch', () => {
    expect(result.skipped).toEqual([]);
    for (const f of figs) {
      for (const ext of ['html', 'svg', 'pdf', 'png']) {
        expect(result.files).toContain(path.join(dir, 'out', `${f.name}.${ext}`));
      }
      expect(result.perFigureMs[f.name]).toBeGreaterThan(0);
    }
    expect(result.startupMs).toBeGreaterThan(0);
  });

  it('SVG: parses as XML, has the figure size and the expected text', async () => {
    const page = checker.pages()[0] ?? (await checker.newPage());
    for (const f of figs) {
      const svg = await readFile(path.join(dir, 'out', `${f.name}.svg`), 'utf8');
      const parsed = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
        const root = doc.documentElement;
        return {
          error: doc.getElementsByTagName('parsererror').length > 0,
          root: root.localName,
          width: Number(root.getAttribute('width')),
          height: Number(root.getAttribute('height')),
          texts: Array.from(doc.getElementsByTagName('text'), (t) => t.textContent ?? ''),
        };
      }, svg);
      expect(parsed.error).toBe(false);
      expect(parsed.root).toBe('svg');
      expect(parsed.width).toBeCloseTo(mmToCssPx(f.widthMm), 6);
      expect(parsed.height).toBeCloseTo(mmToCssPx(f.heightMm), 6);
      for (const text of EXPECTED_TEXT[f.name]) expect(parsed.texts).toContain(text);
    }
  });

  it('PDF: one page of the figure size, with embedded fonts', async () => {
    for (const f of figs) {
      const pdf = (await readFile(path.join(dir, 'out', `${f.name}.pdf`))).toString('latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      const pages = pdf.match(/\/Type\s*\/Page(?!s)/g) ?? [];
      expect(pages.length).toBe(1);
      expect(pdf).toMatch(/\/FontFile[23]?/);
      const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf);
      expect(box).not.toBeNull();
      // Chromium rounds the page to whole CSS px: within 1.5 pt (0.5 mm) of the requested size.
      expect(Math.abs(Number(box![1]) - (f.widthMm / 25.4) * 72)).toBeLessThan(1.5);
      expect(Math.abs(Number(box![2]) - (f.heightMm / 25.4) * 72)).toBeLessThan(1.5);
    }
  });

  it('PNG: signature and the pixel size of widthMm × heightMm at the chosen dpi', async () => {
    for (const f of figs) {
      const png = await readFile(path.join(dir, 'out', `${f.name}.png`));
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
      expect(png.readUInt32BE(16)).toBe(mmToPx(f.widthMm, DPI));
      expect(png.readUInt32BE(20)).toBe(mmToPx(f.heightMm, DPI));
    }
  });

  it('HTML: renders offline (plotly alongside and inline), with no network request', async () => {
    const page = await checker.newPage();
    for (const file of [path.join(dir, 'out', 'mtc.html'), path.join(dir, 'inline', 'capacity.html')]) {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('.plotly .main-svg', { timeout: 15_000 });
      const rendered = await page.evaluate(() => ({
        plotly: document.querySelector('.plotly') !== null,
        texts: Array.from(document.querySelectorAll('.main-svg text'), (t) => t.textContent ?? ''),
      }));
      expect(rendered.plotly).toBe(true);
      expect(rendered.texts).toContain('Time (min)');
      expect(errors).toEqual([]);
    }
    expect(requests).toEqual([]);
    await page.close();
  });
});

describe.skipIf(HAVE_CHROMIUM)('figure export without Chromium', () => {
  it('is skipped: static formats need /usr/bin/chromium (apt-get install chromium)', () => {
    expect(chromiumAvailable()).toBe(false);
  });
});
