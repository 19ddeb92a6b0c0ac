/**
 * The upload page end to end in real headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core, no browser download): upload a real recording (gaitmap, both feet) and a
 * simulated foot-drop trace, check the verdicts shown against the library's and that the plotly
 * plots rendered; an API error is shown in the page; controls are labelled; the CSV report
 * downloads. Skipped, with a message, when Chromium is absent (`apt-get install chromium`).
 * `UPDATE_SCREENSHOTS=1` also writes docs/web-app.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildServer } from '../../src/web/server.ts';
import { classifyTrace, loadClassifier, type ClassifyDocument } from '../../src/classify/predict.ts';
import { parseTraceText, type ReadOptions } from '../../src/imu/formats/index.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/plots/export.ts';
import { simulatedTraceCsv, trainTinyClassifier } from '../support/web-fixtures.ts';
import { GAITMAP_DIR } from '../support/load-real.ts';

const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
if (!HAVE_CHROMIUM) console.warn(`web-page: ${CHROMIUM_PATH} not found, browser tests skipped (apt-get install chromium enables them)`);

const REAL = join(GAITMAP_DIR, 'imu_sample.csv');
const LABELS: Record<string, RegExp> = { none: /^No foot-drop/, muscular: /^Muscular/, neurological: /^Neurological/, uncertain: /^Uncertain$/ };

let app: FastifyInstance;
let browser: Browser;
let url = '';
let footDrop = '';
let expected: ClassifyDocument[] = [];

async function expectedDocuments(modelDir: string): Promise<ClassifyDocument[]> {
  const classifier = await loadClassifier(modelDir);
  const docs = (text: string, name: string, read: ReadOptions) => {
    const traces = parseTraceText(text, read);
    return traces.map((t) => classifyTrace(t, classifier, traces.length > 1 ? `${name}#${t.meta.sensor}` : name));
  };
  return [...docs(footDrop, 'foot-drop-left.csv', { side: 'left' }), ...docs(readFileSync(REAL, 'utf8'), 'imu_sample.csv', { rateHz: 204.8 })];
}

async function openPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
  });
  // offline: any request that leaves this server fails the test
  await page.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
  await page.goto(url);
  (page as Page & { problems: string[] }).problems = problems;
  return page;
}

describe.skipIf(!HAVE_CHROMIUM)('upload page in headless Chromium', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropfoot-web-page-'));
    const modelDir = join(dir, 'model');
    await trainTinyClassifier(modelDir);
    footDrop = simulatedTraceCsv(true);
    expected = await expectedDocuments(modelDir);
    app = await buildServer({ modelDir, workers: 2 });
    url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('classifies a simulated foot-drop trace and a real recording: verdicts as the library gives, plots drawn', async () => {
    const page = await openPage();
    await page.setInputFiles('#file-input', [
      { name: 'foot-drop-left.csv', mimeType: 'text/csv', buffer: Buffer.from(footDrop) },
      { name: 'imu_sample.csv', mimeType: 'text/csv', buffer: readFileSync(REAL) },
    ]);
    const rows = page.locator('#file-table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByLabel('Side of foot-drop-left.csv').inputValue()).toBe('left');
    await page.getByLabel('Sampling rate of imu_sample.csv, Hz').fill('204.8');
    await page.getByRole('button', { name: 'Classify' }).click();
    await page.locator('.result').nth(2).waitFor({ timeout: 60_000 });

    const cards = page.locator('.result');
    expect(await cards.count()).toBe(3);
    for (let i = 0; i < expected.length; i++) {
      const card = cards.nth(i);
      expect(await card.locator('h3').textContent()).toBe(expected[i].trace);
      const verdict = card.locator('.mechanism');
      expect(await verdict.getAttribute('data-mechanism')).toBe(expected[i].mechanism);
      expect(await verdict.textContent()).toMatch(LABELS[expected[i].mechanism]);
      expect(await card.locator('.domain').textContent()).toMatch(expected[i].outOfDomain ? /^Out of domain/ : /^In domain/);
      const pct = (p: number) => `${(100 * p).toFixed(0)} %`;
      expect(await card.locator('.probabilities td.number').allTextContents()).toEqual(['none', 'muscular', 'neurological'].map((k) => pct(expected[i].probabilities[k as 'none'])));
      // plotly drew the per-stride features and the raw-trace windows as SVG with data in them
      const plots = card.locator('.js-plotly-plot');
      await expect.poll(() => plots.count()).toBeGreaterThanOrEqual(2);
      for (let k = 0; k < (await plots.count()); k++) {
        expect(await plots.nth(k).locator('svg.main-svg').count()).toBeGreaterThan(0);
        expect(await plots.nth(k).locator('.scatterlayer .trace').count()).toBeGreaterThan(0);
      }
      expect(await card.locator('.scatterlayer .point').count()).toBeGreaterThan(expected[i].strides);
    }
    expect((page as Page & { problems: string[] }).problems).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV report' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    expect(csv[0]).toMatch(/^trace,mechanism,p_none,p_muscular,p_neurological,outOfDomain,strides/);
    expect(csv.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual(expected.map((d) => `${d.trace},${d.mechanism}`));

    if (process.env.UPDATE_SCREENSHOTS) {
      mkdirSync('docs', { recursive: true });
      // the form and the first result down to its per-stride features plot
      const plot = (await cards.first().locator('figure').first().boundingBox())!;
      await page.screenshot({ path: 'docs/web-app.png', fullPage: true, clip: { x: 0, y: 0, width: 1200, height: Math.ceil(plot.y + plot.height + 16) } });
    }
    await page.close();
  });

  it("shows the API's error in the page", async () => {
    const page = await openPage();
    await page.setInputFiles('#file-input', { name: 'random.bin', mimeType: 'application/octet-stream', buffer: readFileSync('tests/fixtures/malformed/binary-random.bin') });
    await page.getByRole('button', { name: 'Classify' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/HTTP 422.*random\.bin: binary content/);
    expect(await page.locator('.result').count()).toBe(0);
    await page.close();
  });

  it('every control has a label and the form works from the keyboard', async () => {
    const page = await openPage();
    await page.setInputFiles('#file-input', { name: 'left.csv', mimeType: 'text/csv', buffer: Buffer.from(footDrop) });
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, button')]
        .filter((el) => !((el as HTMLInputElement).labels?.length || el.getAttribute('aria-label') || (el.textContent ?? '').trim()))
        .map((el) => el.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    // Tab from the file input reaches the row's controls and then the Classify button; Enter submits.
    await page.focus('#file-input');
    const order: string[] = [];
    for (let k = 0; k < 8; k++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id ?? ''));
    }
    expect(order.slice(0, 4)).toEqual(['Side of left.csv', 'Sensor site of left.csv', 'Sampling rate of left.csv, Hz', 'Remove left.csv']);
    expect(order).toContain('classify-button');
    await page.focus('#classify-button');
    await page.keyboard.press('Enter');
    await page.locator('.result').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('.result h3').textContent()).toBe('left.csv');
    await page.close();
  });
});
