import { SCENARIOS } from '../scenarios/index.js';
import { ReportError } from '../sim/report/index.js';
import { describeError } from '../sim/index.js';
import { UsageError, parseArgs } from './args.js';
import { campaign } from './campaign-command.js';
import { confirmReplay } from './confirm-replay.js';
import { EXIT, helpText } from './help.js';
import { writeHtml } from './html-command.js';
import type { CliOutput } from './output.js';
import { mergeCommand } from './merge-command.js';
import { replay } from './replay-command.js';
import { CampaignDeathError, describeDeath, runningNow } from './run-death.js';
import { SummaryFileError } from './summary-file.js';

/**
 * `npm run sim` / `npx crashsim`: the composition root of the simulator. The CLI folder is where
 * the library (sim/) meets the bundled scenarios and the user's own; the runner itself takes any
 * scenario. Exit codes: see EXIT in help.ts.
 */

export type { CliOutput } from './output.js';

export async function main(argv: readonly string[], output: CliOutput): Promise<number> {
  try {
    if (argv[0] === 'merge') return await mergeCommand(argv.slice(1), output);
    const options = parseArgs(argv);
    if (options.help) {
      output.out(`${helpText()}\n\nScenarios:\n${SCENARIOS.map((s) => `  ${s.name.padEnd(20)} ${s.description}`).join('\n')}\n`);
      return EXIT.held;
    }
    if (options.replay !== null && options.backend === 'real') return await confirmReplay(options, output);
    if (options.replay !== null && options.html) return await writeHtml(options, output);
    if (options.replay !== null) return await replay(options, output);
    return await campaign(options, output);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ReportError || error instanceof SummaryFileError) {
      output.err(`crashsim: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof CampaignDeathError) {
      output.err(`crashsim: ${error.message}\n`);
      return EXIT.violation;
    }
    output.err(`crashsim: ${describeDeath('the campaign', runningNow(), describeError(error))}\n`);
    return EXIT.violation;
  }
}
