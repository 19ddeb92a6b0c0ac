/**
 * `dropfoot merge DIR…`: one `results.duckdb` over the Parquet files of every shard, each task once.
 */
import type { Command } from 'commander';
import { mergeResults } from '../experiments/merge.ts';
import { reportError, EXIT_OK } from './common.ts';

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('combine sweep shards (in one or several directories) into results.duckdb, each run once')
    .argument('<dirs...>', 'results directories written by `dropfoot sweep`')
    .option('-o, --out <dir>', 'where results.duckdb goes (default: the first directory)')
    .option('--json', 'print a summary document on stdout')
    .addHelpText(
      'after',
      `
Checks that all directories hold the same experiment and that a run stored twice has the same
values (timing columns aside); reports runs still missing. Views use absolute paths: rerun merge
after moving the directories.

Example:
  dropfoot merge /scratch/mtc            # shards that wrote into one directory
  dropfoot merge out/a out/b --out out/all`,
    )
    .action(async (dirs: string[], opts: { out?: string; json?: boolean }) => {
      try {
        const summary = await mergeResults(dirs, opts.out ?? dirs[0]);
        if (summary.missing > 0) process.stderr.write(`dropfoot: warning: ${summary.missing} of ${summary.expected} runs are missing (run the missing shards, or sweep --resume)\n`);
        if (opts.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
        else {
          process.stdout.write(
            `${summary.experiment}: ${summary.found} of ${summary.expected} runs (${summary.errors} errors) from ${dirs.length} director${dirs.length === 1 ? 'y' : 'ies'}\nresults: ${summary.results} (view "results")\n`,
          );
        }
        process.exitCode = EXIT_OK;
      } catch (e) {
        process.exitCode = reportError(e);
      }
    });
}
