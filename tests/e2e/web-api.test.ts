/**
 * `dropfoot serve` JSON API end to end (fastify inject, and a real loopback port for streamed
 * uploads): a good trace gives the classify --json document, identical to the library's; real
 * and multi-file uploads; garbage, truncated, wrong-unit and oversized uploads get a 4xx with
 * `{ error }` naming the problem; the event loop answers while a job runs; the server is still
 * healthy afterwards. Tiny model trained as in cli-classify.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/web/server.ts';
import { classifyTrace, loadClassifier } from '../../src/classify/predict.ts';
import { parseTraceText } from '../../src/imu/formats/index.ts';
import { simulatedTraceCsv, trainTinyClassifier } from '../support/web-fixtures.ts';
import { GAITMAP_DIR } from '../support/load-real.ts';

const MB = 1024 * 1024;
const CAP_BYTES = 4 * MB;
const MAX_ROWS = 100_000;
const MAX_DURATION_S = 600;
const MALFORMED = join(process.cwd(), 'tests/fixtures/malformed');
const DOCUMENT_KEYS = ['trace', 'mechanism', 'probabilities', 'outOfDomain', 'strides', 'samplingRateHz', 'evidence', 'model'];

let app: FastifyInstance;
let port = 0;
let modelDir = '';
let healthy = '';
let footDrop = '';

/** A multipart body (the fields in order; files as { name, content }). */
function multipart(parts: Array<[string, string | { name: string; content: string | Buffer }]>): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----dropfoot-test-boundary';
  const chunks: Buffer[] = [];
  for (const [field, value] of parts) {
    const file = typeof value === 'string' ? null : value;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"${file ? `; filename="${file.name}"\r\nContent-Type: text/csv` : ''}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(file?.content) ? file.content : Buffer.from(file ? file.content : (value as string)));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const postCsv = (body: string | Buffer, query = '', contentType = 'text/csv') =>
  app.inject({ method: 'POST', url: `/api/classify${query}`, payload: body, headers: { 'content-type': contentType } });

function expectError(response: { statusCode: number; json(): { error?: unknown } }, status: number, pattern: RegExp): void {
  expect(response.statusCode, JSON.stringify(response.json())).toBe(status);
  const body = response.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(String(body.error)).toMatch(pattern);
}

/** A plain sine "trace" of the given length (reads fine; not gait). */
function sineCsv(seconds: number, rateHz: number): string {
  const lines = ['time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z'];
  for (let i = 0; i < seconds * rateHz; i++) {
    const t = i / rateHz;
    lines.push(`${t.toFixed(3)},0.1,0.0,${(9.81 + Math.sin(t)).toFixed(3)},0.01,${Math.sin(6 * t).toFixed(3)},0.0`);
  }
  return lines.join('\n') + '\n';
}

/** Stream `totalBytes` of CSV rows to the real port; resolves with the reply and how much was sent. */
function streamUpload(headers: Record<string, string>, totalBytes: number, prefix = '', suffix = ''): Promise<{ status: number; body: string; sentBytes: number }> {
  const row = '0.0100,0.1000,0.2000,9.8100,0.01000,0.02000,0.03000\n';
  const chunk = Buffer.from(row.repeat(Math.ceil(65536 / row.length)));
  return new Promise((resolve, reject) => {
    let sent = 0;
    const request = http.request({ host: '127.0.0.1', port, path: '/api/classify', method: 'POST', headers });
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (d: string) => (body += d));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, sentBytes: sent }));
    });
    request.on('error', reject);
    request.write(prefix);
    const pump = (): void => {
      while (sent < totalBytes) {
        sent += chunk.length;
        if (!request.write(chunk)) {
          request.once('drain', pump);
          return;
        }
      }
      request.end(suffix);
    };
    pump();
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dropfoot-web-api-'));
  modelDir = join(dir, 'model');
  await trainTinyClassifier(modelDir);
  healthy = simulatedTraceCsv(false);
  footDrop = simulatedTraceCsv(true);
  app = await buildServer({ modelDir, workers: 2, maxUploadBytes: CAP_BYTES, maxRows: MAX_ROWS, maxDurationS: MAX_DURATION_S });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('GET /api/health', () => {
  it('answers with the model and the limits', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/health' });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.status).toBe('ok');
    expect(body.model.name).toBe('mechanism-classifier');
    expect(body.limits).toMatchObject({ maxUploadBytes: CAP_BYTES, maxRows: MAX_ROWS, maxDurationS: MAX_DURATION_S });
  });
});

describe('POST /api/classify: good traces', () => {
  it('a raw CSV body gives the classify --json document, the same as the library gives', async () => {
    const r = await postCsv(footDrop, '?name=left-foot.csv&side=left');
    expect(r.statusCode, r.body).toBe(200);
    const doc = r.json();
    expect(Object.keys(doc)).toEqual(DOCUMENT_KEYS);
    expect(doc.trace).toBe('left-foot.csv');
    expect(doc.samplingRateHz).toBe(100);
    expect(doc.strides).toBeGreaterThan(150);
    const [trace] = parseTraceText(footDrop, { side: 'left' });
    const expected = classifyTrace(trace, await loadClassifier(modelDir), 'left-foot.csv');
    expect(doc).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('multipart: several files, each with the fields before it, give an array; figures on request', async () => {
    const { payload, headers } = multipart([
      ['side', 'left'], ['file', { name: 'drop.csv', content: footDrop }],
      ['side', 'right'], ['site', 'foot'], ['file', { name: 'C:\\runs\\healthy.csv', content: healthy }],
    ]);
    const r = await app.inject({ method: 'POST', url: '/api/classify?figures=1', payload, headers });
    expect(r.statusCode, r.body).toBe(200);
    const docs = r.json();
    expect(docs).toHaveLength(2);
    expect(docs.map((d: { trace: string }) => d.trace)).toEqual(['drop.csv', 'healthy.csv']);
    // a left and a right foot in one request: each is the other's reference
    expect(docs[0].evidence.otherFoot).toMatch(/^healthy\.csv \(\d+ strides\) is this runner's own reference/);
    expect(docs[1].evidence.otherFoot).toMatch(/^drop\.csv /);
    for (const doc of docs) {
      expect(Object.keys(doc)).toEqual([...DOCUMENT_KEYS, 'figures', 'notes']);
      expect(doc.figures.strideFeatures.data.length).toBeGreaterThan(0);
      expect(doc.figures.strideFeatures.data[0].x.length).toBe(doc.strides);
      expect(doc.figures.traceStart.data[0].y.length).toBeGreaterThan(100);
    }
  });

  it('a real recording (gaitmap, two sensors, rate given) gives one document per sensor', async () => {
    const { payload, headers } = multipart([['rate', '204.8'], ['file', { name: 'imu_sample.csv', content: readFileSync(join(GAITMAP_DIR, 'imu_sample.csv')) }]]);
    const r = await app.inject({ method: 'POST', url: '/api/classify', payload, headers });
    expect(r.statusCode, r.body).toBe(200);
    const docs = r.json();
    expect(docs.map((d: { trace: string }) => d.trace)).toEqual(['imu_sample.csv#left_sensor', 'imu_sample.csv#right_sensor']);
    expect(docs[0].evidence.otherFoot).toMatch(/^imu_sample\.csv#right_sensor /);
    for (const doc of docs) {
      expect(doc.samplingRateHz).toBe(204.8);
      expect(doc.strides).toBeGreaterThan(10);
      // healthy walking: never a foot-drop mechanism with confidence
      expect(['none', 'uncertain']).toContain(doc.mechanism);
    }
  });
});

describe('POST /api/classify: bad input gets a 4xx with { error }', () => {
  it('garbage bytes, gzip and spreadsheets: 422 naming the problem', async () => {
    expectError(await postCsv(readFileSync(join(MALFORMED, 'binary-random.bin')), '?name=random.bin', 'application/octet-stream'), 422, /random\.bin: binary/);
    expectError(await postCsv(readFileSync(join(MALFORMED, 'gzip-compressed.csv.gz')), '', 'application/octet-stream'), 422, /gzip/);
    const { payload, headers } = multipart([['file', { name: 'sheet.xlsx', content: readFileSync(join(MALFORMED, 'spreadsheet.xlsx')) }]]);
    expectError(await app.inject({ method: 'POST', url: '/api/classify', payload, headers }), 422, /sheet\.xlsx: .*ZIP|xlsx/);
  });

  it('a truncated file: 422 naming the line; header only: 422', async () => {
    // cut after the third field of a row 40 % of the way in (a cut inside the last field would
    // leave a valid, shorter row: nothing could tell that from a complete file)
    const lineStart = healthy.lastIndexOf('\n', Math.floor(healthy.length * 0.4)) + 1;
    let end = lineStart;
    for (let k = 0; k < 3; k++) end = healthy.indexOf(',', end) + 1;
    const cut = healthy.slice(0, end);
    expectError(await postCsv(cut, '?name=cut.csv'), 422, /cut\.csv:\d+: row has 4 fields, expected 7/);
    expectError(await postCsv(healthy.split('\n').slice(0, 6).join('\n') + '\n'), 422, /no data rows|too short/);
  });

  it('wrong units: 422 saying which units the values look like', async () => {
    expectError(await postCsv(healthy, '?units=acc%3Dg'), 422, /declared in g .*look like m\/s2/);
    expectError(await postCsv(readFileSync(join(MALFORMED, 'acc-in-g-declared-mps2.csv'))), 422, /look like g/);
  });

  it('bad options and requests: 400 or 415', async () => {
    expectError(await postCsv(healthy, '?side=up'), 400, /side must be left or right, got "up"/);
    expectError(await postCsv(healthy, '?rate=abc'), 400, /rate must be a number/);
    expectError(await postCsv(healthy, '?colour=red'), 400, /unknown query parameter 'colour'/);
    expectError(await app.inject({ method: 'POST', url: '/api/classify' }), 400, /no trace/);
    expectError(await postCsv('x', '', 'image/png'), 415, /Content-Type/);
    const { payload, headers } = multipart([['side', 'left']]);
    expectError(await app.inject({ method: 'POST', url: '/api/classify', payload, headers }), 400, /no trace/);
    const bad = multipart([['foo', 'bar'], ['file', { name: 'a.csv', content: healthy }]]);
    expectError(await app.inject({ method: 'POST', url: '/api/classify', ...bad }), 400, /unknown form field 'foo'/);
  });
});

describe('limits', () => {
  it('a 300 MB upload announced by Content-Length: 413 before the body is read', async () => {
    const r = await streamUpload({ 'content-type': 'text/csv', 'content-length': String(300 * MB) }, 300 * MB);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error).toMatch(/larger than this server's limit of 4 MB/);
  });

  it('a 300 MB multipart upload streamed without a length: 413 once the cap is passed, not after 300 MB', async () => {
    const boundary = 'stream-boundary';
    const r = await streamUpload(
      { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
      300 * MB,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\ntime_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n`,
      `\r\n--${boundary}--\r\n`,
    ).catch((e: NodeJS.ErrnoException) => ({ status: -1, body: e.code ?? '', sentBytes: NaN }));
    expect(r.status, r.body).toBe(413);
    expect(JSON.parse(r.body).error).toMatch(/limit of 4 MB/);
    expect(r.sentBytes).toBeLessThan(100 * MB);
  });

  it('several files together over the cap: 413', async () => {
    const big = Buffer.alloc(Math.ceil(CAP_BYTES * 0.6), '0.01,0.1,0.2,9.81,0.01,0.02,0.03\n');
    const { payload, headers } = multipart([['file', { name: 'a.csv', content: big }], ['file', { name: 'b.csv', content: big }]]);
    expectError(await app.inject({ method: 'POST', url: '/api/classify', payload, headers }), 413, /limit of 4 MB/);
  });

  it('more rows than the row cap, or a longer recording than the duration cap: 413', async () => {
    const rows = 'time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n' + '0,0,0,9.81,0,0,0\n'.repeat(MAX_ROWS + 10);
    expectError(await postCsv(rows, '?name=rows.csv'), 413, /rows\.csv: the file has 100011 lines, more than this server's limit of 100000 rows/);
    expectError(await postCsv(sineCsv(MAX_DURATION_S + 100, 50), '?name=long.csv'), 413, /long\.csv: the recording lasts 11\.7 min, more than this server's limit of 10\.0 min/);
  });
});

describe('the server stays responsive', () => {
  it('health answers while traces are being classified (the work is off the event loop)', async () => {
    // three files (3.4 MB, under the 4 MB cap) on two workers
    const files = Array.from({ length: 3 }, (_, k): [string, { name: string; content: string }] => ['file', { name: `${k}.csv`, content: k % 2 ? healthy : footDrop }]);
    const { payload, headers } = multipart(files);
    let classifyDoneAt = Infinity;
    const job = app.inject({ method: 'POST', url: '/api/classify?figures=1', payload, headers }).then((r) => {
      classifyDoneAt = performance.now();
      return r;
    });
    const answeredAt: number[] = [];
    for (let k = 0; k < 5; k++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const t0 = performance.now();
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(200);
      expect(performance.now() - t0).toBeLessThan(250);
      answeredAt.push(performance.now());
    }
    const r = await job;
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toHaveLength(3);
    // health answered while the three traces were still being classified
    expect(answeredAt[0]).toBeLessThan(classifyDoneAt);
  });

  it('after all the bad requests it still classifies a good trace', async () => {
    const r = await postCsv(healthy, '?name=again.csv');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().trace).toBe('again.csv');
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json().queued).toBe(0);
  });
});
