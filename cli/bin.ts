import { main } from './main.js';

/** The `npm run sim` entry point. Exit codes: 0 all held, 1 a violation, 2 bad usage or input. */
process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
