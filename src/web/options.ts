/**
 * Options of the upload-and-classify server (`dropfoot serve`, `buildServer`): zod-validated,
 * frozen, a default for every field except the model directory.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { DEFAULT_MAX_ROWS } from '../imu/formats/index.ts';

const MB = 1024 * 1024;

/** Worker threads by default: all cores but one (for the event loop), at least 1, at most 4. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export const ServerOptionsSchema = z
  .object({
    /** Classifier directory (model.json, weights.bin, preprocessing.json). */
    modelDir: z.string().min(1),
    /** Upload cap per request, all files together, bytes (default 100 MB). */
    maxUploadBytes: z.number().int().positive().default(100 * MB),
    /** Lines per uploaded file (header and comments included). */
    maxRows: z.number().int().positive().default(DEFAULT_MAX_ROWS),
    /** Recording length per trace, s (default 3 h). */
    maxDurationS: z.number().positive().default(3 * 3600),
    /** Files per request. */
    maxFiles: z.number().int().min(1).max(64).default(8),
    /** Worker threads that read, analyse and classify. */
    workers: z.number().int().min(1).max(64).default(defaultWorkers),
    /** Jobs waiting for a worker before new requests get 503. */
    maxQueue: z.number().int().min(0).default(64),
    /** Wall-clock limit per job (queue wait included), s. */
    timeoutS: z.number().positive().default(300),
    /** Log requests (pino, to stdout). */
    logger: z.boolean().default(false),
  })
  .strict();

export type ServerOptionsInput = z.input<typeof ServerOptionsSchema>;
export type ServerOptions = Readonly<z.output<typeof ServerOptionsSchema>>;

/**
 * Validate server options.
 * @throws InputError naming the first bad option
 */
export function parseServerOptions(input: ServerOptionsInput): ServerOptions {
  const parsed = ServerOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(issue.message, issue.path.join('.') || 'server options');
  }
  return Object.freeze(parsed.data);
}
