/**
 * `npm run load-test [-- --requests 500 --concurrency 8 --model DIR --workers N]`: load on
 * loopback against `dropfoot serve`. Starts the server as a child process, sends a fixed cycle of
 * good and bad requests (good: raw CSV, multipart with figures, the real gaitmap recording; bad:
 * garbage bytes, a truncated file, wrong units, a bad option, a 300 MB upload announced by its
 * Content-Length), and prints one JSON document: counts by status and by kind, p50/p99 latency,
 * the server's peak RSS (VmHWM). Exits 1 on any 5xx, transport error or unexpected status.
 * Without a model directory it trains the tiny test classifier (stand-in synthesiser) first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { quantile } from 'simple-statistics';
import { simulatedTraceCsv, trainTinyClassifier } from '../tests/support/web-fixtures.ts';

const log = (s: string) => process.stderr.write(s + '\n');

interface RequestSpec {
  kind: string;
  expect: number;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Announce this length but send only `body` (the server must answer before reading it). */
  announceBytes?: number;
}

function multipart(fields: Array<[string, string]>, file: { name: string; content: Buffer }): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----dropfoot-load-test';
  const parts = fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('');
  const body = Buffer.concat([
    Buffer.from(`${parts}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The text cut in the middle of a row (after its third field), 40 % of the way in. */
function truncated(csv: string): string {
  const lineStart = csv.lastIndexOf('\n', Math.floor(csv.length * 0.4)) + 1;
  let cut = lineStart;
  for (let k = 0; k < 3; k++) cut = csv.indexOf(',', cut) + 1;
  return csv.slice(0, cut);
}

function requestCycle(traceS: number): RequestSpec[] {
  const healthy = simulatedTraceCsv(false, traceS);
  const footDrop = simulatedTraceCsv(true, traceS);
  const real = readFileSync(join(process.cwd(), '../shared/data/gaitmap-example/imu_sample.csv'));
  const csv = { 'content-type': 'text/csv' };
  const dropForm = multipart([['side', 'left']], { name: 'drop.csv', content: Buffer.from(footDrop) });
  const realForm = multipart([['rate', '204.8']], { name: 'imu_sample.csv', content: real });
  return [
    { kind: 'good-raw', expect: 200, path: '/api/classify?name=healthy.csv', headers: csv, body: Buffer.from(healthy) },
    { kind: 'bad-garbage', expect: 422, path: '/api/classify', headers: { 'content-type': 'application/octet-stream' }, body: readFileSync(join(process.cwd(), 'tests/fixtures/malformed/binary-random.bin')) },
    { kind: 'good-multipart-figures', expect: 200, path: '/api/classify?figures=1', headers: dropForm.headers, body: dropForm.body },
    { kind: 'bad-truncated', expect: 422, path: '/api/classify', headers: csv, body: Buffer.from(truncated(healthy)) },
    { kind: 'good-real-gaitmap', expect: 200, path: '/api/classify', headers: realForm.headers, body: realForm.body },
    { kind: 'bad-units', expect: 422, path: '/api/classify?units=acc%3Dg', headers: csv, body: Buffer.from(healthy) },
    { kind: 'bad-option', expect: 400, path: '/api/classify?side=up', headers: csv, body: Buffer.from(healthy) },
    { kind: 'bad-300MB', expect: 413, path: '/api/classify', headers: csv, body: Buffer.alloc(64 * 1024, 48), announceBytes: 300 * 1024 * 1024 },
  ];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function send(port: number, spec: RequestSpec): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const headers = { ...spec.headers, 'content-length': String(spec.announceBytes ?? spec.body.length) };
    // An announced-but-unsent body leaves the socket unusable: give that request its own connection.
    const request = http.request({ host: '127.0.0.1', port, path: spec.path, method: 'POST', headers, agent: spec.announceBytes ? false : agent });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => {
        if (spec.announceBytes) request.destroy();
        resolve({ status: response.statusCode ?? 0, ms: performance.now() - t0 });
      });
    });
    request.on('error', reject);
    request.write(spec.body);
    if (!spec.announceBytes) request.end();
  });
}

function startServer(modelDir: string, workers: string | undefined): Promise<{ child: ChildProcess; port: number }> {
  const args = ['--import', 'tsx', join(process.cwd(), 'src/cli/main.ts'), 'serve', '--port', '0', '--model', modelDir, ...(workers ? ['--workers', workers] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(stderr);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${stderr.trim()}`)));
  });
}

/** Resident memory of a process from /proc (Linux): current and peak (VmHWM), MB. */
function memoryMb(pid: number): { rssMb: number; peakRssMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { requests: { type: 'string', default: '500' }, concurrency: { type: 'string', default: '8' }, model: { type: 'string', default: 'models/mechanism-classifier' }, workers: { type: 'string' }, 'trace-s': { type: 'string', default: '120' } },
  });
  const total = Number(values.requests);
  const concurrency = Number(values.concurrency);
  let modelDir = values.model!;
  if (!existsSync(join(modelDir, 'model.json'))) {
    modelDir = join(mkdtempSync(join(tmpdir(), 'dropfoot-load-')), 'model');
    log(`load-test: no model in ${values.model}; training the tiny test classifier into ${modelDir}…`);
    await trainTinyClassifier(modelDir);
  }
  const cycle = requestCycle(Number(values['trace-s']));
  log('load-test: starting dropfoot serve…');
  const { child, port } = await startServer(modelDir, values.workers);
  const memoryAfterStart = memoryMb(child.pid!);
  const results: Array<{ kind: string; expect: number; status: number; ms: number }> = [];
  let transportErrors = 0;
  let next = 0;
  const t0 = performance.now();
  const runner = async (): Promise<void> => {
    while (next < total) {
      const spec = cycle[next++ % cycle.length];
      try {
        results.push({ kind: spec.kind, expect: spec.expect, ...(await send(port, spec)) });
      } catch (e) {
        transportErrors++;
        log(`load-test: ${spec.kind}: ${(e as Error).message}`);
      }
      if (results.length % 50 === 0) log(`load-test: ${results.length}/${total}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, runner));
  const wallS = (performance.now() - t0) / 1000;
  const memoryAtEnd = memoryMb(child.pid!);
  child.kill('SIGTERM');
  agent.destroy();

  const byStatus: Record<string, number> = {};
  const latency = (rs: typeof results) => {
    const ms = rs.map((r) => r.ms);
    return ms.length ? { p50: Math.round(quantile(ms, 0.5)), p99: Math.round(quantile(ms, 0.99)), max: Math.round(Math.max(...ms)) } : null;
  };
  const byKind: Record<string, { status: Record<string, number>; latencyMs: ReturnType<typeof latency> }> = {};
  for (const r of results) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    byKind[r.kind] ??= { status: {}, latencyMs: latency(results.filter((x) => x.kind === r.kind)) };
    byKind[r.kind].status[r.status] = (byKind[r.kind].status[r.status] ?? 0) + 1;
  }
  const serverErrors = results.filter((r) => r.status >= 500).length;
  const unexpected = results.filter((r) => r.status !== r.expect).length;
  const report = {
    requests: results.length,
    concurrency,
    wallS: Number(wallS.toFixed(1)),
    byStatus,
    byKind,
    serverErrors,
    unexpectedStatus: unexpected,
    transportErrors,
    latencyMs: { all: latency(results), good: latency(results.filter((r) => r.expect === 200)), bad: latency(results.filter((r) => r.expect !== 200)) },
    serverMemory: { afterStartMb: memoryAfterStart?.rssMb ?? null, atEndMb: memoryAtEnd?.rssMb ?? null, peakRssMb: memoryAtEnd?.peakRssMb ?? null },
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  return serverErrors > 0 || unexpected > 0 || transportErrors > 0 ? 1 : 0;
}

process.exitCode = await main();
