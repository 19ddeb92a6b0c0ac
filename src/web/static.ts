/**
 * The page's files, read once at start-up from src/web/public plus plotly.js from node_modules
 * (no CDN: the page works offline), gzipped once (plotly.js is 11 MB unminified, ~3 MB gzipped).
 * Served from memory by fixed routes: no request path ever reaches the file system.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Scripts only from this server; plotly sets inline styles on its elements, hence
 * 'unsafe-inline' for styles. No connections elsewhere, no framing.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

interface StaticFile {
  body: Buffer;
  gzipped: Buffer;
  type: string;
  cache: string;
}

/** The plotly bundle the figure exporter also uses (src/plots/export.ts). */
const plotlyPath = (): string => createRequire(import.meta.url).resolve('plotly.js-dist');

/** URL path → file, for every file of public/ and plotly. */
async function loadFiles(): Promise<Map<string, StaticFile>> {
  const sources: Array<[string, string, string]> = [];
  for (const name of readdirSync(PUBLIC_DIR)) if (TYPES[extname(name)]) sources.push([`/${name}`, join(PUBLIC_DIR, name), 'no-cache']);
  sources.push(['/vendor/plotly.js', plotlyPath(), 'public, max-age=86400']);
  const files = new Map<string, StaticFile>();
  for (const [url, path, cache] of sources) {
    const body = readFileSync(path);
    files.set(url, { body, gzipped: await promisify(gzip)(body), type: TYPES[extname(path)], cache });
  }
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  return files;
}

/** Register a GET route per page file, and the security headers on every reply. */
export async function registerStatic(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('Referrer-Policy', 'no-referrer');
    return payload;
  });
  for (const [url, file] of await loadFiles()) {
    app.get(url, (request, reply) => {
      reply.type(file.type).header('Cache-Control', file.cache).header('Vary', 'Accept-Encoding');
      if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('Content-Encoding', 'gzip').send(file.gzipped);
      return reply.send(file.body);
    });
  }
}
