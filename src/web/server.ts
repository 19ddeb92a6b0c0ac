/**
 * The upload-and-classify server (`dropfoot serve`): the page, `POST /api/classify` (multipart
 * field `file`, repeatable, or a raw CSV body) → the `classify --json` document (an array for
 * several traces), `GET /api/health`. Thin: parse the request, hand its files to the worker pool
 * as one job (classify-task.ts), send what comes back. Errors are `{ "error": "…" }` with a 4xx status.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { toolVersion } from '../io/provenance.ts';
import type { ClassifyJob, JobOutcome, ModelInfo } from './classify-task.ts';
import { HttpError } from './http-error.ts';
import { parseServerOptions, type ServerOptions, type ServerOptionsInput } from './options.ts';
import { ClassifyPool } from './pool.ts';
import { registerStatic } from './static.ts';
import { collectUploads, uploadTooLarge } from './uploads.ts';

/** Body types read as a raw trace (the CSV itself). */
const RAW_TYPES = ['text/csv', 'text/plain', 'text/tab-separated-values', 'application/octet-stream'];

function errorReply(reply: FastifyReply, status: number, error: string): FastifyReply {
  // Over a cap the client may still be sending: close the connection rather than read the rest.
  if (status === 413) {
    reply.header('Connection', 'close');
    reply.raw.once('finish', () => reply.request.raw.destroy());
  }
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify({ error }));
}

/** Every error as `{ error }`; size limits from fastify and multipart as this server's 413. */
function handleError(options: ServerOptions) {
  return (err: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof HttpError) return errorReply(reply, err.statusCode, err.message);
    const code = (err as FastifyError).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || code === 'FST_REQ_FILE_TOO_LARGE') return errorReply(reply, 413, uploadTooLarge(options.maxUploadBytes).message);
    if (code === 'FST_FILES_LIMIT') return errorReply(reply, 413, `more than ${options.maxFiles} files in one request; send them in several`);
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return errorReply(reply, 413, 'too many form fields in one request');
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return errorReply(reply, 415, `unsupported Content-Type '${request.headers['content-type'] ?? ''}': send multipart/form-data with field "file", or the CSV itself as text/csv`);
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return errorReply(reply, status, err.message);
    request.log.error(err);
    return errorReply(reply, 500, 'internal error');
  };
}

/** The reply for a request's job outcomes: the documents, or the first error. */
function sendOutcomes(reply: FastifyReply, outcomes: JobOutcome[]): FastifyReply {
  const documents: string[] = [];
  for (const outcome of outcomes) {
    if (!outcome.ok) return errorReply(reply, outcome.status, outcome.error);
    if ('documents' in outcome) documents.push(...outcome.documents);
  }
  const body = documents.length === 1 ? documents[0] : `[${documents.join(',')}]`;
  return reply.type('application/json; charset=utf-8').send(body);
}

/** A signal that fires when the client closes the connection before the reply is sent. */
function clientGone(reply: FastifyReply): AbortController {
  const controller = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller;
}

function registerApi(app: FastifyInstance, options: ServerOptions, pool: ClassifyPool, model: ModelInfo): void {
  app.get('/api/health', async () => ({
    status: 'ok',
    version: toolVersion(),
    model,
    workers: options.workers,
    queued: pool.queued,
    limits: { maxUploadBytes: options.maxUploadBytes, maxRows: options.maxRows, maxDurationS: options.maxDurationS, maxFiles: options.maxFiles, timeoutS: options.timeoutS },
  }));

  app.post('/api/classify', async (request, reply) => {
    const uploads = await collectUploads(request, options);
    const figures = ['1', 'true'].includes(String((request.query as Record<string, unknown>).figures ?? ''));
    const abort = clientGone(reply);
    // one job for the request's files: a left and a right foot are classified with each other as
    // reference (classify-task.ts), so they must meet in one worker
    const job: ClassifyJob = { kind: 'classify', modelDir: options.modelDir, files: uploads, limits: { maxRows: options.maxRows, maxDurationS: options.maxDurationS }, figures };
    return sendOutcomes(reply, [await pool.run(job, abort.signal)]);
  });
}

/**
 * Build the server (not yet listening: call `listen`, or use `inject` in tests). Starts the
 * worker pool and loads the classifier in it; `close()` stops both.
 * @param input options (model directory required; limits default as in {@link parseServerOptions})
 * @throws InputError for bad options or a missing/incomplete model directory
 * @example const app = await buildServer({ modelDir: 'models/mechanism-classifier' }); await app.listen({ port: 8080 });
 */
export async function buildServer(input: ServerOptionsInput): Promise<FastifyInstance> {
  const options = parseServerOptions(input);
  const pool = new ClassifyPool(options);
  let model: ModelInfo;
  try {
    model = await pool.warmUp();
  } catch (e) {
    await pool.close();
    throw e;
  }
  const app = Fastify({ logger: options.logger, bodyLimit: options.maxUploadBytes });
  app.addHook('onClose', () => pool.close());
  await app.register(multipart, {
    // uploads.ts counts the bytes and stops at the cap; multipart's own limit is a backstop.
    limits: { fileSize: options.maxUploadBytes + 1, files: options.maxFiles, fields: 100, fieldSize: 10_000, parts: options.maxFiles + 100 },
    throwFileSizeLimit: true,
  });
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: options.maxUploadBytes }, (_request, body, done) => done(null, body));
  app.setErrorHandler(handleError(options));
  app.setNotFoundHandler((request, reply) => errorReply(reply, 404, `not found: ${request.method} ${request.url.split('?')[0]}`));
  await registerStatic(app);
  registerApi(app, options, pool, model);
  return app;
}
