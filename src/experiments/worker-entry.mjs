// Piscina entry of the sweep worker (plain JS, so it loads with no TypeScript loader in place).
// It registers tsx's ES-module loader in this worker thread, then imports worker.ts. Why not hand
// piscina the .ts file with `execArgv: ['--import', 'tsx']`: on Node 20 the ES-module hooks do not
// reach worker threads that way, so piscina's require() path loads the whole model through tsx's
// CommonJS transform, which ran the simulator ~40 % slower per run (0.23 s vs 0.16 s for a 1 km run,
// measured here); through the ES-module loader a worker is as fast as the main thread.
import { register } from 'tsx/esm/api';

register();
const { default: runTask } = await import('./worker.ts');
export default runTask;
