// Piscina entry of the classifier-dataset worker (plain JS so it loads with no TypeScript loader in
// place): registers tsx's ES-module loader in this worker thread, then imports the task module.
// Same approach and reason as src/experiments/worker-entry.mjs.
import { register } from 'tsx/esm/api';

register();
const { default: runDatasetTask } = await import('./dataset-worker.ts');
export default runDatasetTask;
