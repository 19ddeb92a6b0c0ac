// Piscina entry of the server's classify worker (plain JS so it loads with no TypeScript loader in
// place): registers tsx's ES-module loader in this worker thread, then imports the job module.
// Same approach and reason as src/experiments/worker-entry.mjs.
import { register } from 'tsx/esm/api';

register();
const { default: runJob } = await import('./classify-task.ts');
export default runJob;
