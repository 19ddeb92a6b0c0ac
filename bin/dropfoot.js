#!/usr/bin/env node
// Entry point for `npx dropfoot`: runs the TypeScript CLI through tsx's loader,
// so no build step is needed after `npm ci`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
const main = join(here, '..', 'src', 'cli', 'main.ts');
const child = spawn(process.execPath, ['--import', tsxLoader, main, ...process.argv.slice(2)], { stdio: 'inherit' });
// A signal sent to this wrapper (e.g. `kill PID` of a background `dropfoot serve`) reaches the CLI too.
const forward = (signal) => child.kill(signal);
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const s of signals) process.on(s, forward);
child.on('error', (e) => {
  console.error(`dropfoot: cannot start node: ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  for (const s of signals) process.off(s, forward);
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
