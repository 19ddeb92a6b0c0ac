/**
 * The notebooks (notebooks/*.ipynb, Deno's Jupyter kernel): committed without outputs, their cells
 * type-check against the library, and every one executes headlessly through
 * scripts/run-notebooks.sh (jupyter nbconvert) with each figure and table present in the output.
 * Execution is skipped, with the reason, where Jupyter's nbconvert is not installed.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { PLOTLY_MIME } from '../../notebooks/display.ts';

const ROOT = process.cwd();
const NOTEBOOK_DIR = join(ROOT, 'notebooks');
const NOTEBOOKS = readdirSync(NOTEBOOK_DIR)
  .filter((f) => f.endsWith('.ipynb'))
  .sort();

interface Cell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  outputs?: { output_type: string; data?: Record<string, unknown>; ename?: string; evalue?: string }[];
  execution_count?: number | null;
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string } };
  nbformat: number;
}

const readNotebook = (path: string): Notebook => JSON.parse(readFileSync(path, 'utf8')) as Notebook;
const sourceOf = (cell: Cell): string => (Array.isArray(cell.source) ? cell.source.join('') : cell.source);
const codeCells = (nb: Notebook): Cell[] => nb.cells.filter((c) => c.cell_type === 'code');

/** Debian's nbconvert (or one on PATH) that answers --version. */
function jupyterAvailable(): boolean {
  for (const jupyter of ['/usr/bin/jupyter', 'jupyter']) {
    if (spawnSync(jupyter, ['nbconvert', '--version'], { encoding: 'utf8' }).status === 0) return true;
  }
  return false;
}

describe('notebooks as committed', () => {
  it('there are at least three, for the Deno kernel, with no outputs', () => {
    expect(NOTEBOOKS.length).toBeGreaterThanOrEqual(3);
    for (const name of NOTEBOOKS) {
      const nb = readNotebook(join(NOTEBOOK_DIR, name));
      expect(nb.nbformat, name).toBe(4);
      expect(nb.metadata.kernelspec?.name, name).toBe('deno');
      const withOutput = codeCells(nb).filter((c) => (c.outputs ?? []).length > 0 || c.execution_count != null);
      expect(withOutput.map(sourceOf), `${name}: clear outputs before committing (jupyter nbconvert --clear-output --inplace)`).toEqual([]);
    }
  });

  it("their code cells type-check against the library (tsc, the repository's settings)", () => {
    // Deno's kernel does not type-check cells: concatenate each notebook's code into a module with
    // its relative imports made absolute, inside the repository (so npm packages resolve), and run tsc.
    const cacheDir = join(ROOT, 'node_modules', '.cache');
    mkdirSync(cacheDir, { recursive: true });
    const dir = mkdtempSync(join(cacheDir, 'notebook-typecheck-'));
    try {
      for (const name of NOTEBOOKS) {
        const code = codeCells(readNotebook(join(NOTEBOOK_DIR, name)))
          .map(sourceOf)
          .join('\n\n')
          .replace(/(from\s+|import\s*\(\s*)'(\.\.?\/[^']+)'/g, (_, prefix: string, spec: string) => `${prefix}'${resolve(NOTEBOOK_DIR, spec)}'`);
        writeFileSync(join(dir, `${basename(name, '.ipynb')}.ts`), `${code}\nexport {};\n`);
      }
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), compilerOptions: { typeRoots: [join(ROOT, 'node_modules', '@types')] }, include: ['*.ts'] }),
      );
      const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', join(dir, 'tsconfig.json')], {
        encoding: 'utf8',
      });
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

const HAVE_JUPYTER = jupyterAvailable();
const INSTALL_HINT = 'apt-get install -y --no-install-recommends jupyter-nbconvert python3-ipykernel python3-jupyter-client';
// .ci/run sets DROPFOOT_REQUIRE_NOTEBOOKS=1: there a missing nbconvert is a failure, not a skip.
const REQUIRED = process.env.DROPFOOT_REQUIRE_NOTEBOOKS === '1';
if (!HAVE_JUPYTER && !REQUIRED) console.warn(`notebooks: jupyter nbconvert not found, notebook execution skipped (${INSTALL_HINT})`);

describe.runIf(!HAVE_JUPYTER && REQUIRED)('notebooks where they are required (DROPFOOT_REQUIRE_NOTEBOOKS=1)', () => {
  it('jupyter nbconvert is installed', () => {
    expect.fail(`jupyter nbconvert not found; CI executes every notebook (${INSTALL_HINT})`);
  });
});

describe.skipIf(!HAVE_JUPYTER)('notebooks executed headlessly (scripts/run-notebooks.sh)', () => {
  it('every notebook runs, with a log line each, and every figure and table in its output', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dropfoot-notebooks-'));
    try {
      const child = spawn('bash', [join(ROOT, 'scripts', 'run-notebooks.sh'), '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      const lines: string[] = [];
      // Echo the script's lines as they come: they are the CI log's record of each notebook.
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on('line', (line) => {
          lines.push(line);
          console.log(line);
        });
      }
      const status = await new Promise<number | null>((done) => child.on('close', done));
      expect(status, lines.join('\n')).toBe(0);

      for (const name of NOTEBOOKS) {
        expect(lines.some((l) => new RegExp(`^notebooks: ok +${name.replace('.', '\\.')} \\(\\d+(\\.\\d)? s\\)$`).test(l)), name).toBe(true);
        const executed = readNotebook(join(out, name));
        const cells = codeCells(executed);
        const errors = cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === 'error'));
        expect(errors.map((e) => `${e.ename}: ${e.evalue}`), name).toEqual([]);
        // Every cell that ends in a figure or a table shows it (no output lost on the way).
        for (const cell of cells) {
          const source = sourceOf(cell);
          const html = (cell.outputs ?? []).map((o) => String(o.data?.['text/html'] ?? '')).join('');
          if (/^await loadPlotly\(/m.test(source)) expect(html, `${name}: loadPlotly`).toContain('loaded (offline)');
          if (/^showFigures?\(/m.test(source)) expect(html, `${name}: ${source.slice(0, 80)}`).toContain('Plotly.newPlot');
          if (/^showFigure\(/m.test(source)) expect((cell.outputs ?? []).some((o) => o.data?.[PLOTLY_MIME] !== undefined), name).toBe(true);
          if (/^showTable\(/m.test(source)) expect(html, `${name}: ${source.slice(0, 80)}`).toContain('<table');
        }
      }
    } finally {
      if (existsSync(out)) rmSync(out, { recursive: true, force: true });
    }
  }, 1_200_000);
});
