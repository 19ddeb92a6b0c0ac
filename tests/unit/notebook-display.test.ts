/** notebooks/display.ts: the MIME bundles the notebooks show (figures, tables, plotly.js in pieces). */
import { describe, expect, it } from 'vitest';
import { JUPYTER_DISPLAY, PLOTLY_MIME, loadPlotly, plotlyLoaderBundles, showFigure, showFigures, showTable } from '../../notebooks/display.ts';
import type { FigureSpec } from '../../src/plots/spec.ts';
import { mmToCssPx } from '../../src/plots/style.ts';

const spec: FigureSpec = {
  data: [{ type: 'scatter', x: [0, 1, 2], y: [3, null, 5], name: '</script><b>x' }],
  layout: { title: { text: 'MTC' } },
};

describe('showFigure', () => {
  const bundle = showFigure({ name: 'mtc', spec, widthMm: 89, heightMm: 60 })[JUPYTER_DISPLAY]();

  it('carries the plotly JSON at print size and a text summary', () => {
    expect(bundle[PLOTLY_MIME]).toEqual({ data: spec.data, layout: { ...spec.layout, width: Math.round(mmToCssPx(89)), height: Math.round(mmToCssPx(60)) } });
    expect(bundle['text/plain']).toBe('mtc: 1 trace, 89 × 60 mm');
  });

  it('draws with Plotly.newPlot, script-safe, with a hint when plotly.js is missing', () => {
    const html = String(bundle['text/html']);
    expect(html).toContain('window.Plotly.newPlot(el, [{"type":"scatter","x":[0,1,2],"y":[3,null,5]');
    expect(html).toContain('loadPlotly() first');
    // the trace name's "</script>" must not close the script element
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it('gives every figure its own element id', () => {
    const ids = [1, 2].map(() => /id="([^"]+)"/.exec(String(showFigure({ spec, widthMm: 10, heightMm: 10 })[JUPYTER_DISPLAY]()['text/html']))?.[1]);
    expect(ids[0]).toBeTruthy();
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('showFigures puts several in one output, each under its name', () => {
    const html = String(showFigures([{ name: 'a', spec, widthMm: 10, heightMm: 10 }, { name: 'b<c', spec, widthMm: 10, heightMm: 10 }])[JUPYTER_DISPLAY]()['text/html']);
    expect(html.match(/Plotly\.newPlot/g)).toHaveLength(2);
    expect(html).toContain('>b&lt;c</div>');
  });
});

describe('showTable', () => {
  const rows = [
    { name: 'healthy', 'MTC (mm)': 25.6789, catches: 0, first: null },
    { name: '<taFatigue>', 'MTC (mm)': 13.9, catches: 10, first: 12.61 },
  ];
  const bundle = showTable(rows, { digits: 3, caption: 'left leg' })[JUPYTER_DISPLAY]();

  it('aligns plain text: numbers right, text left, null as a dash', () => {
    expect(bundle['text/plain']).toBe(
      ['left leg', 'name         MTC (mm)  catches  first', '-----------  --------  -------  -----', 'healthy          25.7        0      –', '<taFatigue>      13.9       10   12.6'].join('\n'),
    );
  });

  it('escapes HTML and right-aligns numeric columns', () => {
    const html = String(bundle['text/html']);
    expect(html).toContain('&lt;taFatigue&gt;');
    expect(html).toContain('<td style="text-align:right;padding:2px 8px">25.7</td>');
    expect(html).toContain('<caption');
  });
});

describe('plotlyLoaderBundles', () => {
  const source = '/**\n* plotly.js v9.8.7\n*/\nwindow.Plotly = {"a":"</script>"};' + 'x'.repeat(250);

  it('splits the source into pieces that join back to it, the last one evaluating', () => {
    const bundles = plotlyLoaderBundles(source, 100);
    expect(bundles).toHaveLength(Math.ceil(source.length / 100));
    const pieces = bundles.map((b) => {
      const html = String(b['text/html']);
      expect(html.length).toBeLessThan(100 * 2 + 300);
      return JSON.parse(/\.push\((".*?")\);/s.exec(html)![1]) as string;
    });
    expect(pieces.join('')).toBe(source);
    expect(String(bundles.at(-1)!['text/html'])).toContain('(0, eval)(window.__dropfootPlotly.join(""))');
    expect(String(bundles[0]['text/html'])).not.toContain('eval');
    expect(bundles.at(-1)!['text/plain']).toBe(`plotly.js 9.8.7, ${bundles.length} pieces`);
    expect(bundles.length).toBeGreaterThan(2);
    // "</script>" inside the source is escaped, so each output holds exactly one script element
    for (const b of bundles) expect(String(b['text/html']).match(/<\/script>/g)).toHaveLength(1);
  });

  it('rejects a piece size below 1', () => {
    expect(() => plotlyLoaderBundles(source, 0)).toThrow(RangeError);
  });

  it('loadPlotly refuses to run outside Deno’s Jupyter kernel', async () => {
    await expect(loadPlotly()).rejects.toThrow(/Deno's Jupyter kernel/);
  });
});
