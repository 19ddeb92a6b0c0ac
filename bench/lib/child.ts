/**
 * Run one benchmark task in a child process (`node --import tsx bench/task.ts NAME OPTIONS`), so
 * each task's peak RSS is its own. The child's stderr (progress) passes through; its stdout is one
 * JSON line: { result, peakRssMb }.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const TSX = pathToFileURL(require.resolve('tsx')).href;
const TASK_ENTRY = fileURLToPath(new URL('../task.ts', import.meta.url));

export interface ChildOutcome {
  result: Record<string, unknown>;
  peakRssMb: number;
  wallS: number;
}

export function runTaskInChild(name: string, options: Record<string, unknown>, timeoutS: number): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', TSX, TASK_ENTRY, name, JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`task ${name} ran longer than ${timeoutS} s`));
    }, timeoutS * 1000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`task ${name} exited with code ${code}`));
        return;
      }
      const parsed = JSON.parse(line) as { result: Record<string, unknown>; peakRssMb: number };
      resolve({ ...parsed, wallS: (performance.now() - started) / 1000 });
    });
  });
}
