import { reportFailure, type AnyScenario, type RunResult, type SystemFactory } from '../sim/index.js';
import type { CliOptions } from './args.js';
import type { CliOutput } from './output.js';
import { wallClockMs } from './wall-clock.js';
import { CLI_COMMAND } from './invocation.js';

/** Wall-clock budget for shrinking one failure. */
const SHRINK_SECONDS_MAX = 10;

/** Shrinks a failing run, writes its report and timeline, and prints the line that replays it. */
export async function reportCampaignFailure(
  scenario: AnyScenario,
  result: RunResult,
  options: CliOptions,
  impl: SystemFactory<unknown> | undefined,
  output: CliOutput,
): Promise<void> {
  const deadline = wallClockMs() + SHRINK_SECONDS_MAX * 1000;
  const reported = await reportFailure(scenario, result, {
    reportsDir: options.reportsDir,
    implLabel: options.impl,
    shrink: options.shrink,
    shrinkShouldStop: () => wallClockMs() > deadline,
    ...(impl === undefined ? {} : { impl }),
  });
  let text = `${reported.headline}\n`;
  if (reported.shrinking !== null) text += `  ${reported.shrinking}\n`;
  text += `  timeline: ${reported.timelinePath}\n  replay:   ${CLI_COMMAND} --replay ${reported.jsonPath}${options.impl === null ? '' : ` --impl ${options.impl}`}\n`;
  output.err(text);
}
