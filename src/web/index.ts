// Public part of the upload-and-classify server: build it, its options.
export { buildServer } from './server.ts';
export { parseServerOptions, defaultWorkers, type ServerOptions, type ServerOptionsInput } from './options.ts';
