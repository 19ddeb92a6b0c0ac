// Figure builders and style: specs well formed (JSON-clean, equal x/y lengths), axis titles with
// units, Okabe–Ito colours only, print-size fonts, and the data transformed as documented.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import type { Trace } from '../../src/imu/trace.ts';
import {
  type FigureSpec,
  LEG_COLOURS,
  OKABE_ITO,
  REFERENCE_GREY,
  SHADE_GREY,
  ankleCycleFigure,
  capacityDriveFigure,
  confusionMatrixFigure,
  expectedCalibrationError,
  exportFigures,
  figureHtml,
  heatmapFigure,
  imuTraceFigure,
  imuTraceSeries,
  mmToCssPx,
  mmToPx,
  mtcOverRunFigure,
  ptToCssPx,
  reliabilityFigure,
  rocFigure,
  sobolBarsFigure,
  trapezoidArea,
  withAlpha,
} from '../../src/plots/index.ts';

// Wong 2011 (Nature Methods 8:441, Fig. 2) lists the Okabe–Ito colours as these RGB triplets.
const WONG_2011_RGB = [
  [0, 0, 0],
  [230, 159, 0],
  [86, 180, 233],
  [0, 158, 115],
  [240, 228, 66],
  [0, 114, 178],
  [213, 94, 0],
  [204, 121, 167],
];
const PALETTE_RGB = new Set(WONG_2011_RGB.map((c) => c.join(',')));

/** Parse '#RRGGBB' or 'rgba(r,g,b,a)' to 'r,g,b'. */
function rgbKey(colour: string): string {
  if (colour.startsWith('#')) {
    const n = Number.parseInt(colour.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255].join(',');
  }
  const m = /^rgba?\((\d+),(\d+),(\d+)/.exec(colour.replace(/\s/g, ''));
  if (!m) throw new Error(`unparsed colour ${colour}`);
  return [m[1], m[2], m[3]].join(',');
}

const NEUTRALS = new Set([REFERENCE_GREY, SHADE_GREY, '#FFFFFF'].map(rgbKey));

/** Every colour a trace draws with (line, marker, fill), ignoring fully transparent ones. */
function traceColours(spec: FigureSpec): string[] {
  const out: string[] = [];
  for (const t of spec.data) {
    if (t.type === 'heatmap') continue; // colour scale, checked separately
    for (const c of [t.line?.color, t.marker?.color, t.fillcolor]) {
      if (typeof c === 'string' && !/,0\)$/.test(c.replace(/\s/g, ''))) out.push(c);
    }
  }
  return out;
}

/** All `font.size` values anywhere in the layout and traces. */
function fontSizes(value: unknown, out: number[] = []): number[] {
  if (Array.isArray(value)) value.forEach((v) => fontSizes(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'font' || k === 'tickfont') && v && typeof v === 'object' && 'size' in v) out.push((v as { size: number }).size);
      fontSizes(v, out);
    }
  }
  return out;
}

/** Axis titles of every x/y axis in the layout. */
function axisTitles(spec: FigureSpec): string[] {
  return Object.entries(spec.layout)
    .filter(([k]) => /^[xy]axis\d*$/.test(k))
    .map(([, v]) => ((v as { title?: { text?: string } }).title?.text ?? ''))
    .filter((t) => t !== '');
}

/** Checks every figure must pass. */
function expectWellFormed(spec: FigureSpec, quantitativeTitles: RegExp[]): void {
  expect(spec.data.length).toBeGreaterThan(0);
  // JSON-clean: no typed arrays, NaN or functions, so it survives the trip into an HTML page.
  expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  for (const t of spec.data) {
    expect(['scatter', 'bar', 'heatmap']).toContain(t.type);
    if (t.type !== 'heatmap' && t.x && t.y) expect(t.x.length).toBe(t.y.length);
  }
  const titles = axisTitles(spec);
  for (const pattern of quantitativeTitles) expect(titles.some((t) => pattern.test(t))).toBe(true);
  for (const c of traceColours(spec)) {
    const key = rgbKey(c);
    expect(PALETTE_RGB.has(key) || NEUTRALS.has(key), `colour ${c} outside the palette`).toBe(true);
  }
  const sizes = fontSizes(spec);
  expect(sizes.length).toBeGreaterThan(0);
  for (const s of sizes) {
    expect(s).toBeGreaterThanOrEqual(ptToCssPx(7) - 1e-9);
    expect(s).toBeLessThanOrEqual(ptToCssPx(9) + 1e-9);
  }
}

/** 'Quantity (unit)' with the given unit. */
const titled = (unit: string): RegExp => new RegExp(`^[^()]+\\(${unit.replace(/[/^]/g, '\\$&')}\\)$`);

describe('style', () => {
  it('converts print sizes: 89 mm at 300 dpi is 1051 px, 72 pt is one inch = 96 CSS px', () => {
    expect(mmToPx(89, 300)).toBe(1051); // 89 / 25.4 × 300 = 1051.18
    expect(mmToPx(183, 600)).toBe(4323); // 183 / 25.4 × 600 = 4322.83
    expect(mmToPx(25.4, 72)).toBe(72);
    expect(mmToCssPx(25.4)).toBeCloseTo(96, 12);
    expect(ptToCssPx(72)).toBeCloseTo(96, 12);
  });
  it('uses the Okabe–Ito colours as published by Wong 2011', () => {
    const ours = new Set(Object.values(OKABE_ITO).map(rgbKey));
    expect(ours).toEqual(PALETTE_RGB);
    expect(rgbKey(withAlpha(OKABE_ITO.vermillion, 0.3))).toBe('213,94,0');
    expect(LEG_COLOURS.left).not.toBe(LEG_COLOURS.right);
  });
});

describe('mtcOverRunFigure', () => {
  const leg = (catches: number[]) => ({
    timeS: Float64Array.from([60, 120, 180, 240]),
    mtcM: Float64Array.from([0.025, 0.02, 0.001, Number.NaN]),
    toeCatch: Uint8Array.from(catches),
  });
  const scenarios = [
    { name: 'Healthy', legs: { left: leg([0, 0, 0, 0]), right: leg([0, 0, 0, 0]) } },
    { name: 'TA fatigue', legs: { left: leg([0, 0, 0, 0]), right: leg([0, 0, 1, 0]) } },
    { name: 'LLD', legs: { left: leg([0, 0, 0, 0]), right: leg([0, 0, 0, 0]) } },
    { name: 'Neuropathy', legs: { left: leg([0, 0, 1, 0]), right: leg([0, 0, 0, 0]) } },
  ];
  const spec = mtcOverRunFigure(scenarios, { columns: 2 });

  it('is well formed with time in min and MTC in mm', () => {
    expectWellFormed(spec, [titled('min'), titled('mm')]);
  });
  it('converts s → min and m → mm, NaN → gap', () => {
    const right = spec.data.find((t) => t.name === 'Right leg')!;
    expect(right.x).toEqual([1, 2, 3, 4]);
    expect(right.y).toEqual([25, 20, 1, null]);
  });
  it('marks exactly the flagged strides as toe catches, in the leg colour', () => {
    const catches = spec.data.filter((t) => t.name === 'Right toe catch');
    expect(catches.flatMap((t) => t.x)).toEqual([3]);
    expect(catches.every((t) => t.marker?.color === LEG_COLOURS.right)).toBe(true);
    const dots = spec.data.find((t) => t.name === 'Right leg')!;
    expect(catches[0].marker?.symbol).not.toBe(dots.marker?.symbol);
  });
  it('has one legend entry per trace kind, including catches first seen in a later panel', () => {
    const entries = spec.data.filter((t) => t.showlegend).map((t) => t.name);
    expect(entries.sort()).toEqual(['Left leg', 'Left toe catch', 'Right leg', 'Right toe catch']);
  });
  it('draws one panel per scenario on shared axes', () => {
    const xAxes = Object.keys(spec.layout).filter((k) => /^xaxis\d*$/.test(k));
    expect(xAxes).toHaveLength(4);
    expect((spec.layout.xaxis4 as { matches: string }).matches).toBe('x');
    expect((spec.layout.yaxis3 as { matches: string }).matches).toBe('y');
    const labels = (spec.layout.annotations as { text: string }[]).map((a) => a.text);
    expect(labels).toEqual(scenarios.map((s) => s.name));
  });
  it('rejects unequal lengths and no scenarios', () => {
    const bad = { ...leg([0, 0, 0, 0]), toeCatch: [0] };
    expect(() => mtcOverRunFigure([{ name: 'x', legs: { left: bad, right: leg([0, 0, 0, 0]) } }])).toThrow(InputError);
    expect(() => mtcOverRunFigure([])).toThrow(InputError);
  });
});

describe('ankleCycleFigure', () => {
  const cyclePct = [0, 50, 100];
  const spec = ankleCycleFigure({
    cyclePct,
    early: { label: 'Early', meanRad: [Math.PI / 6, 0, -Math.PI / 18], sdRad: [Math.PI / 180, Math.PI / 180, Math.PI / 180] },
    late: { label: 'Late', meanRad: [0, 0, 0], sdRad: [0, 0, 0] },
    normative: { label: 'Normative', meanRad: [0, Math.PI / 36, 0] },
    toeOffPct: 40,
  });
  it('is well formed with cycle in % and angle in degrees', () => {
    expectWellFormed(spec, [titled('%'), titled('°')]);
  });
  it('draws radians as degrees with a ±SD band and a dashed normative curve', () => {
    const early = spec.data.find((t) => t.name === 'Early')!;
    expect(early.y![0]).toBeCloseTo(30, 10);
    const band = spec.data.find((t) => t.name === 'Early ± SD')!;
    expect(band.fill).toBe('toself');
    expect(band.y![0]).toBeCloseTo(31, 10); // upper edge at 0 %
    expect(band.y![band.y!.length - 1]).toBeCloseTo(29, 10); // lower edge back at 0 %
    const normative = spec.data.find((t) => t.name === 'Normative')!;
    expect(normative.line?.dash).toBe('dash');
    expect(normative.y![1]).toBeCloseTo(5, 10);
  });
  it('rejects a band of the wrong length', () => {
    expect(() =>
      ankleCycleFigure({ cyclePct, early: { label: 'e', meanRad: [0], sdRad: [0] }, late: { label: 'l', meanRad: [0, 0, 0], sdRad: [0, 0, 0] } }),
    ).toThrow(InputError);
  });
});

describe('capacityDriveFigure', () => {
  const spec = capacityDriveFigure({
    timeS: [0, 600, 1200, 1800],
    tibialisCapacity: [1, 0.7, 0.8, 0.95],
    neuralDrive: [1, 1, 0.9, 1],
    runEndS: 900,
    recoveryTo90PctS: 600,
  });
  it('is well formed with time in min and values in %', () => {
    expectWellFormed(spec, [titled('min'), titled('%')]);
  });
  it('shades the recovery period from the end of the run and draws the 90 % line', () => {
    const shapes = spec.layout.shapes as { type: string; x0: number; x1: number; y0: number }[];
    const rect = shapes.find((s) => s.type === 'rect')!;
    expect(rect.x0).toBe(15);
    expect(rect.x1).toBe(30);
    expect(shapes.some((s) => s.type === 'line' && s.y0 === 90)).toBe(true);
    expect(shapes.some((s) => s.type === 'line' && s.x0 === 25)).toBe(true); // 15 min + 10 min
    expect(spec.data[0].y).toEqual([100, 70, 80, 95]);
  });
});

describe('heatmapFigure', () => {
  const input = {
    x: { label: 'Fatigue multiplier', unit: '–', values: [1, 2, 3] },
    y: { label: 'Leg-length discrepancy', unit: 'mm', values: [0, 10] },
    z: [
      [Number.NaN, 20, 12],
      [22, 15, 8],
    ],
    colourBar: { label: 'First toe catch', unit: 'min' },
    missingLabel: 'no toe catch',
  };
  const spec = heatmapFigure(input);
  it('is well formed with units on both axes and on the colour bar', () => {
    expectWellFormed(spec, [titled('–'), titled('mm')]);
    const colourbar = spec.data[0].colorbar as { title: { text: string } };
    expect(colourbar.title.text).toBe('First toe catch (min)');
  });
  it('keeps z rows over y, blanks NaN and explains blanks', () => {
    expect(spec.data[0].z).toEqual([
      [null, 20, 12],
      [22, 15, 8],
    ]);
    expect((spec.layout.annotations as { text: string }[])[0].text).toContain('no toe catch');
  });
  it('rejects a z of the wrong shape', () => {
    expect(() => heatmapFigure({ ...input, z: [[1, 2, 3]] })).toThrow(InputError);
    expect(() => heatmapFigure({ ...input, z: [[1, 2], [1, 2]] })).toThrow(InputError);
  });
});

describe('sobolBarsFigure', () => {
  const spec = sobolBarsFigure({
    ciLevel: 0.95,
    indices: [
      { factor: 'LLD', first: 0.1, firstCi: [0.05, 0.2], total: 0.15, totalCi: [0.1, 0.25] },
      { factor: 'TA fatigue', first: 0.5, firstCi: [0.4, 0.55], total: 0.6, totalCi: [0.5, 0.7] },
    ],
  });
  it('is well formed with a dimensionless index axis', () => {
    expectWellFormed(spec, [titled('–')]);
  });
  it('sorts by total order (largest on top) with asymmetric CI error bars', () => {
    const first = spec.data.find((t) => String(t.name).startsWith('First'))!;
    expect(first.y).toEqual(['LLD', 'TA fatigue']); // plotly draws the last category on top
    const err = first.error_x as { array: number[]; arrayminus: number[] };
    expect(err.array[1]).toBeCloseTo(0.05, 12);
    expect(err.arrayminus[1]).toBeCloseTo(0.1, 12);
    expect(String(first.name)).toContain('95 % CI');
  });
  it('rejects non-finite indices', () => {
    expect(() =>
      sobolBarsFigure({ indices: [{ factor: 'a', first: Number.NaN, firstCi: [0, 0], total: 0, totalCi: [0, 0] }] }),
    ).toThrow(InputError);
  });
});

describe('imuTraceFigure', () => {
  const trace: Trace = {
    timeS: Float64Array.from([0, 0.5, 1, 1.5, 2]),
    accMps2: Float64Array.from([3, 4, 0, 0, 0, 9.81, 0, 0, 9.81, 0, 0, 9.81, 0, 0, 9.81]),
    gyrRadS: Float64Array.from([0, 0, 0, 0, 2, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0]),
    samplingRateHz: 2,
    site: 'foot',
    side: 'left',
    meta: {},
    notes: [],
  };
  const series = imuTraceSeries(trace);
  const spec = imuTraceFigure({
    ...series,
    strides: [
      { startS: 0, endS: 1 },
      { startS: 1, endS: 2 },
    ],
    initialContactS: [0.75],
    toeOffS: [1.25],
  });
  it('takes gyr_y and the acceleration norm from a Trace', () => {
    expect(Array.from(series.gyrYRadS)).toEqual([0, 2, 4, 0, 0]);
    expect(series.accNormMps2[0]).toBeCloseTo(5, 12); // |(3, 4, 0)|
  });
  it('is well formed with s, rad/s and m/s² axes', () => {
    expectWellFormed(spec, [titled('s'), titled('rad/s'), titled('m/s²')]);
  });
  it('places events on the gyro curve by interpolation and shades every other stride', () => {
    const ic = spec.data.find((t) => t.name === 'Initial contact')!;
    expect(ic.y![0]).toBeCloseTo(3, 12); // halfway between 2 and 4 rad/s
    const to = spec.data.find((t) => t.name === 'Toe-off')!;
    expect(to.y![0]).toBeCloseTo(2, 12);
    expect((spec.layout.shapes as unknown[]).length).toBe(1);
  });
});

describe('classifier figures', () => {
  const classes = ['none', 'muscular', 'neurological'];
  const counts = [
    [8, 2, 0],
    [1, 3, 0],
    [0, 0, 0],
  ];
  it('confusion matrix: row-normalised colours, count and % in each cell, empty rows blank', () => {
    const spec = confusionMatrixFigure({ classes, counts });
    expectWellFormed(spec, []);
    expect(spec.data[0].z).toEqual([
      [0.8, 0.2, 0],
      [0.25, 0.75, 0],
      [null, null, null],
    ]);
    const texts = (spec.layout.annotations as { text: string }[]).map((a) => a.text);
    expect(texts[0]).toBe('8<br>(80 %)');
    expect(texts[4]).toBe('3<br>(75 %)');
    expect(() => confusionMatrixFigure({ classes, counts: [[1, 2]] })).toThrow(InputError);
    expect(() => confusionMatrixFigure({ classes: ['a'], counts: [[-1]] })).toThrow(InputError);
  });
  it('ROC: AUC by the trapezoid rule in the legend, chance diagonal dashed', () => {
    expect(trapezoidArea([0, 1], [0, 1])).toBeCloseTo(0.5, 12);
    expect(trapezoidArea([0, 0, 1], [0, 1, 1])).toBeCloseTo(1, 12);
    const spec = rocFigure({
      curves: [
        { className: 'none', fpr: [0, 0, 1], tpr: [0, 1, 1] },
        { className: 'muscular', fpr: [0, 0.5, 1], tpr: [0, 0.5, 1], auc: 0.5 },
      ],
    });
    expectWellFormed(spec, [titled('–')]);
    expect(spec.data.map((t) => t.name)).toEqual(['Chance', 'none (AUC 1.00)', 'muscular (AUC 0.50)']);
    expect(spec.data[0].line?.dash).toBe('dash');
  });
  it('reliability: ECE = count-weighted |accuracy − confidence| in the title', () => {
    const bins = [
      { meanConfidence: 0.9, accuracy: 0.8, count: 10 },
      { meanConfidence: 0.6, accuracy: 0.6, count: 30 },
      { meanConfidence: 0.2, accuracy: 0, count: 0 },
    ];
    // (10/40)·0.1 + (30/40)·0 = 0.025
    expect(expectedCalibrationError(bins)).toBeCloseTo(0.025, 12);
    const spec = reliabilityFigure({ bins });
    expectWellFormed(spec, [titled('–')]);
    expect((spec.layout.title as { text: string }).text).toBe('Reliability (ECE = 0.025)');
    expect(spec.data[1].x).toEqual([0.9, 0.6]); // the empty bin is not drawn
  });
});

describe('export without a browser', () => {
  const spec = capacityDriveFigure({ timeS: [0, 60], tibialisCapacity: [1, 0.9], neuralDrive: [1, 1], runEndS: 30 });

  it('writes HTML and skips static formats with ONE line when Chromium is missing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dropfoot-fig-unit-'));
    try {
      const lines: string[] = [];
      const result = await exportFigures(
        [
          { name: 'a', spec, widthMm: 89, heightMm: 60 },
          { name: 'b', spec, widthMm: 89, heightMm: 60 },
        ],
        dir,
        ['html', 'svg', 'png', 'pdf'],
        { chromiumPath: path.join(dir, 'no-such-chromium'), log: (l) => lines.push(l) },
      );
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('apt-get install chromium');
      expect(result.skipped.sort()).toEqual(['pdf', 'png', 'svg']);
      expect((await readdir(dir)).sort()).toEqual(['a.html', 'b.html', 'plotly.js']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('builds an HTML page that loads plotly locally and never from a CDN', () => {
    const html = figureHtml('fig', spec, { widthMm: 89, heightMm: 60 }, { src: 'plotly.js' });
    expect(html).toContain('<script src="plotly.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
    const inline = figureHtml('fig', spec, { widthMm: 89, heightMm: 60 }, { inline: 'var x = "</script>";' });
    expect(inline).not.toContain('"</script>"');
  });

  it('rejects bad names, sizes, formats and dpi before doing anything', async () => {
    const fig = { name: 'ok', spec, widthMm: 89, heightMm: 60 };
    await expect(exportFigures([{ ...fig, name: '../x' }], tmpdir(), ['html'])).rejects.toThrow(InputError);
    await expect(exportFigures([{ ...fig, widthMm: 0 }], tmpdir(), ['html'])).rejects.toThrow(InputError);
    await expect(exportFigures([fig], tmpdir(), ['jpg' as 'png'])).rejects.toThrow(InputError);
    await expect(exportFigures([fig], tmpdir(), ['png'], { dpi: 5 })).rejects.toThrow(InputError);
    await expect(exportFigures([fig, fig], tmpdir(), ['html'])).rejects.toThrow(InputError);
  });
});
