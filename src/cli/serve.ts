/**
 * `dropfoot serve`: the upload-and-classify web app and JSON API (src/web/server.ts) on
 * 127.0.0.1:8080 by default. Runs until Ctrl-C.
 */
import type { Command } from 'commander';
import { InputError } from '../errors.ts';
import { buildServer } from '../web/server.ts';
import { defaultWorkers } from '../web/options.ts';
import { DEFAULT_MODEL_DIR } from './classify.ts';
import { reportError, EXIT_OK } from './common.ts';

interface ServeCliOptions {
  port: string;
  host: string;
  model: string;
  maxUploadMb: string;
  maxRows?: string;
  maxDurationS?: string;
  workers?: string;
  timeoutS?: string;
  log?: boolean;
}

function positive(value: string | undefined, flag: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isFinite(x) || x <= 0 || (integer && !Number.isInteger(x))) throw new InputError(`${flag} must be a positive ${integer ? 'integer' : 'number'}, got "${value}"`);
  return x;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('web app and JSON API: upload IMU traces, get the likely foot-drop mechanism with its evidence')
    .option('--port <n>', 'TCP port', '8080')
    .option('--host <addr>', 'address to bind (the default serves this machine only)', '127.0.0.1')
    .option('--model <dir>', 'classifier directory', DEFAULT_MODEL_DIR)
    .option('--max-upload-mb <mb>', 'upload cap per request, MB (larger uploads get 413)', '100')
    .option('--max-rows <n>', 'lines per uploaded file (default 10 000 000)')
    .option('--max-duration-s <s>', 'recording length per trace, s (default 10800)')
    .option('--workers <n>', `worker threads for analysis (default ${defaultWorkers()})`)
    .option('--timeout-s <s>', 'time limit per file, queue wait included, s (default 300)')
    .option('--log', 'log every request (JSON lines on stdout)')
    .addHelpText('after', '\nExample:\n  dropfoot serve --port 8080\n  curl -F side=left -F file=@left-foot.csv http://127.0.0.1:8080/api/classify')
    .action(async (opts: ServeCliOptions) => {
      process.exitCode = await runServe(opts);
    });
}

export async function runServe(o: ServeCliOptions): Promise<number> {
  try {
    const port = Number(o.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--port must be an integer 0–65535, got "${o.port}"`);
    const maxUploadMb = positive(o.maxUploadMb, '--max-upload-mb', false) ?? 100;
    process.stderr.write(`dropfoot serve: loading the classifier from ${o.model}…\n`);
    const app = await buildServer({
      modelDir: o.model,
      maxUploadBytes: Math.round(maxUploadMb * 1024 * 1024),
      maxRows: positive(o.maxRows, '--max-rows', true),
      maxDurationS: positive(o.maxDurationS, '--max-duration-s', false),
      workers: positive(o.workers, '--workers', true),
      timeoutS: positive(o.timeoutS, '--timeout-s', false),
      logger: o.log ?? false,
    });
    let listening: string;
    try {
      listening = await app.listen({ port, host: o.host });
    } catch (e) {
      await app.close();
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EADDRINUSE') throw new Error(`port ${port} on ${o.host} is in use; choose another with --port`);
      throw e;
    }
    const url = `${listening}/`;
    if (!['127.0.0.1', '::1', 'localhost'].includes(o.host)) {
      process.stderr.write(`warning: listening on ${o.host}: anyone who can reach this machine can upload traces (there is no authentication)\n`);
    }
    process.stderr.write(`dropfoot serve: ${url} (API: POST ${url}api/classify, GET ${url}api/health); Ctrl-C to stop\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.stderr.write('dropfoot serve: stopping\n');
        void app.close().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return EXIT_OK;
  } catch (e) {
    return reportError(e);
  }
}
