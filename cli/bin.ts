#!/usr/bin/env node
import { describeError } from '../sim/index.js';
import { main } from './main.js';
import { describeDeath, runningNow } from './run-death.js';

/**
 * The CLI's entry point: `npx crashsim` once installed (compiled to dist/cli/bin.js), `npm run sim`
 * in crashsim's own repository (this file under tsx). Exit codes: 0 all held, 1 a violation (or
 * a run that killed the campaign: the seed it was running is printed), 2 bad usage or input.
 */
const dieOfEscapedError = (error: unknown): void => {
  process.stderr.write(`crashsim: ${describeDeath('the campaign', runningNow(), `an error escaped the code under test: ${describeError(error)}`)}\n`);
  process.exit(1);
};
process.on('uncaughtException', dieOfEscapedError);
process.on('unhandledRejection', dieOfEscapedError);

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
