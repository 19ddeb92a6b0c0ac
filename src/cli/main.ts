/**
 * The `dropfoot` command line: wires one file per command. Thin: parse, validate, call, print.
 */
import { Command, CommanderError } from 'commander';
import { registerSimulate } from './simulate.ts';
import { registerAnalyze } from './analyze.ts';
import { registerDemo } from './demo.ts';
import { registerFigures } from './figures.ts';
import { registerSweep } from './sweep.ts';
import { registerMerge } from './merge.ts';
import { registerSensitivity } from './sensitivity.ts';
import { registerTrain } from './train.ts';
import { registerEvaluate } from './evaluate.ts';
import { registerClassify } from './classify.ts';
import { registerServe } from './serve.ts';
import { toolVersion } from '../io/provenance.ts';
import { EXIT_USAGE } from './common.ts';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('dropfoot')
    .description('Mechanics of drop foot in runners: simulate runs, synthesise and analyse IMU traces, classify mechanisms')
    .version(toolVersion())
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerSimulate(program);
  registerAnalyze(program);
  registerDemo(program);
  registerFigures(program);
  registerSweep(program);
  registerMerge(program);
  registerSensitivity(program);
  registerTrain(program);
  registerEvaluate(program);
  registerClassify(program);
  registerServe(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; anything else commander rejects is bad usage.
      process.exitCode = e.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    throw e;
  }
}

await main(process.argv);
