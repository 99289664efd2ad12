import { describeSwarmConfiguration, reportFailure, type RunResult, type SystemFactory } from '../sim/index.js';
import type { CliOptions } from './args.js';
import { replayCommand } from './command.js';
import type { ChosenScenario } from './load-scenario.js';
import { wallClockMs } from './wall-clock.js';

/** Wall-clock budget for shrinking one failure. */
const SHRINK_SECONDS_MAX = 10;

/** A failure report the campaign wrote, as the summary (and `--json`) lists it. */
export interface WrittenFailure {
  readonly scenario: string;
  readonly seed: number;
  readonly json: string;
  readonly timeline: string;
  /** The command that replays it from here. */
  readonly replay: string;
}

/**
 * Shrinks a failing run, writes its report and timeline, and returns what the campaign prints:
 * the headline, how shrinking went, where the files are and the line that replays the report
 * (which records the implementation and the scenario module, so the line needs neither).
 */
export async function reportCampaignFailure(
  chosen: ChosenScenario,
  result: RunResult,
  options: CliOptions,
  impl: SystemFactory<unknown> | undefined,
  stopping: () => boolean,
): Promise<{ readonly written: WrittenFailure; readonly text: string }> {
  const deadline = wallClockMs() + SHRINK_SECONDS_MAX * 1000;
  const reported = await reportFailure(chosen.scenario, result, {
    reportsDir: options.reportsDir,
    implLabel: options.impl,
    scenarioModule: chosen.module,
    shrink: options.shrink,
    shrinkShouldStop: () => stopping() || wallClockMs() > deadline,
    ...(impl === undefined ? {} : { impl }),
  });
  const replay = replayCommand(reported.jsonPath);
  let text = `${reported.headline}\n`;
  if (result.options.swarm !== null) text += `  swarm: ${describeSwarmConfiguration(result.options.swarm)}\n`;
  if (reported.shrinking !== null) text += `  ${reported.shrinking}\n`;
  text += `  timeline: ${reported.timelinePath}\n`;
  if (reported.htmlPath !== null) text += `  html:     ${reported.htmlPath}\n`;
  text += `  replay:   ${replay}\n`;
  return { written: { scenario: chosen.scenario.name, seed: result.options.seed, json: reported.jsonPath, timeline: reported.timelinePath, replay }, text };
}
