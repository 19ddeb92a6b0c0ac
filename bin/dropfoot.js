#!/usr/bin/env node
// Entry point for `npx dropfoot`: runs the TypeScript CLI through tsx's loader,
// so no build step is needed after `npm ci`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
const main = join(here, '..', 'src', 'cli', 'main.ts');
const result = spawnSync(process.execPath, ['--import', tsxLoader, main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
