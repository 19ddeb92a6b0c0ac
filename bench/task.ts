/**
 * Child-process entry of one benchmark task: `node --import tsx bench/task.ts NAME OPTIONS_JSON`.
 * Prints one JSON line on stdout: the task's result and this process's peak RSS.
 */
import { TASKS, type TaskName } from './tasks/index.ts';

const [name, optionsJson] = process.argv.slice(2);
if (!(name in TASKS)) {
  process.stderr.write(`unknown task '${name}'; tasks: ${Object.keys(TASKS).join(', ')}\n`);
  process.exit(2);
}
let result: unknown;
try {
  const task = await TASKS[name as TaskName]();
  result = await task(JSON.parse(optionsJson ?? '{}'));
} catch (e) {
  // one line, not a stack through minified dependencies
  process.stderr.write(`task ${name} failed: ${(e as Error).message}\n`);
  process.exit(1);
}
// resourceUsage().maxRSS: peak resident set size of this process (worker threads included), KiB.
const peakRssMb = Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
// exit once written: a task may leave handles open (worker pools, tfjs)
process.stdout.write(JSON.stringify({ result, peakRssMb }) + '\n', () => process.exit(0));
