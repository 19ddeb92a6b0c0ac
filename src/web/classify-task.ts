/**
 * One job of the server's worker pool (the piscina worker's default export; tests may call it
 * in-process): decode a request's uploads, read every trace in them, enforce the row and duration
 * caps, analyse and classify each trace (the left and right foot of the request with each other
 * as reference, as `classify` does), and for the page build the evidence figures. Never throws:
 * every outcome is a plain object the main thread turns into an HTTP reply.
 */
import { InputError } from '../errors.ts';
import { parseTraceText, type ReadOptions } from '../imu/formats/index.ts';
import type { Trace } from '../imu/trace.ts';
import { analyzeForClassifier, classifyRecordings, loadClassifier } from '../classify/predict.ts';
import type { Classifier } from '../classify/classifier.ts';
import { pageFigures } from './figures.ts';

/** One uploaded file. */
export interface UploadedFile {
  /** Label of the upload (its file name): shown in the document and messages, never a path. */
  name: string;
  bytes: Uint8Array;
  read: ReadOptions;
}

/** Read, analyse and classify the uploaded files of one request. */
export interface ClassifyJob {
  kind: 'classify';
  modelDir: string;
  files: UploadedFile[];
  limits: { maxRows: number; maxDurationS: number };
  /** Add `figures` and `notes` to each document (the page asks for them). */
  figures: boolean;
}

/** Load the classifier in this worker and report what it is. */
export interface WarmupJob {
  kind: 'warmup';
  modelDir: string;
}

export type Job = ClassifyJob | WarmupJob;

export interface ModelInfo {
  name: string;
  version: string;
  trainedOn: string;
}

export type JobOutcome =
  /** One JSON document per trace in the files, in order (gaitmap files may hold several sensors). */
  | { ok: true; documents: string[] }
  | { ok: true; model: ModelInfo }
  | { ok: false; status: number; error: string };

const classifiers = new Map<string, Promise<Classifier>>();

function classifierFor(modelDir: string): Promise<Classifier> {
  let loading = classifiers.get(modelDir);
  if (!loading) {
    loading = loadClassifier(modelDir);
    classifiers.set(modelDir, loading);
    loading.catch(() => classifiers.delete(modelDir));
  }
  return loading;
}

/** A request over one of the server's caps: answered with 413. */
class LimitError extends Error {}

function countLines(bytes: Uint8Array): number {
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? lines + 1 : lines;
}

function readUpload(job: Pick<ClassifyJob, 'limits'> & UploadedFile): Trace[] {
  const lines = countLines(job.bytes);
  if (lines > job.limits.maxRows) {
    throw new LimitError(`${job.name}: the file has ${lines} lines, more than this server's limit of ${job.limits.maxRows} rows per file (--max-rows); split the recording`);
  }
  const text = new TextDecoder('utf-8').decode(job.bytes);
  const traces = parseTraceText(text, { ...job.read, source: job.name, maxRows: job.limits.maxRows, maxBytes: job.bytes.length + 1 });
  for (const trace of traces) {
    const durationS = trace.timeS[trace.timeS.length - 1] - trace.timeS[0];
    if (durationS > job.limits.maxDurationS) {
      throw new LimitError(
        `${job.name}: the recording lasts ${(durationS / 60).toFixed(1)} min, more than this server's limit of ${(job.limits.maxDurationS / 60).toFixed(1)} min per trace (--max-duration-s); split it`,
      );
    }
  }
  return traces;
}

const finiteOrNull = (_key: string, value: unknown): unknown => (typeof value === 'number' && !Number.isFinite(value) ? null : value);

async function classifyUpload(job: ClassifyJob): Promise<JobOutcome> {
  const items = job.files.flatMap((file) => {
    const read = readUpload({ ...file, limits: job.limits });
    return read.map((trace) => ({ trace, name: read.length > 1 && trace.meta.sensor ? `${file.name}#${trace.meta.sensor}` : file.name }));
  });
  const traces = items.map((it) => it.trace);
  const classifier = await classifierFor(job.modelDir);
  const analyses = traces.map(analyzeForClassifier);
  // one left and one right foot among the request's traces (two files, or a gaitmap file's
  // left_sensor/right_sensor): each foot is the other's reference
  const docs = classifyRecordings(items, classifier, { analyses });
  const documents = docs.map((doc, i) => {
    const extra = job.figures ? { figures: pageFigures(traces[i], analyses[i]), notes: [...traces[i].notes, ...(analyses[i]?.warnings ?? [])] } : {};
    return JSON.stringify({ ...doc, ...extra }, finiteOrNull);
  });
  return { ok: true, documents };
}

/**
 * Run one job.
 * @returns the documents or model info; `{ ok: false, status, error }` with 413 for a cap, 422
 *   for a file the readers reject (the message names the file, line and fix), 400 for a bad
 *   model directory at warm-up, 500 otherwise
 */
export default async function runJob(job: Job): Promise<JobOutcome> {
  try {
    if (job.kind === 'warmup') {
      const { pre } = await classifierFor(job.modelDir);
      return { ok: true, model: { name: pre.name, version: pre.version, trainedOn: pre.trainedOn } };
    }
    return await classifyUpload(job);
  } catch (e) {
    if (e instanceof LimitError) return { ok: false, status: 413, error: e.message };
    if (e instanceof InputError) return { ok: false, status: job.kind === 'warmup' ? 400 : 422, error: e.message };
    return { ok: false, status: 500, error: `internal error: ${(e as Error)?.message ?? String(e)}` };
  }
}
