import { buildReport, writeReport } from '../report/index.js';
import type { RunResult } from '../runner/run-scenario.js';
import type { AnyScenario, SystemFactory } from '../scenario.js';
import { shrinkFailure } from '../shrink/index.js';
import type { CliOptions } from './args.js';
import type { CliOutput } from './output.js';
import { wallClockMs } from './wall-clock.js';

/** Wall-clock budget for shrinking one failure. */
const SHRINK_SECONDS_MAX = 10;

/** Shrinks a failing run, writes its report and timeline, and prints the line that replays it. */
export async function reportFailure(
  scenario: AnyScenario,
  result: RunResult,
  options: CliOptions,
  impl: SystemFactory<unknown> | undefined,
  output: CliOutput,
): Promise<void> {
  let minimized: RunResult | null = null;
  let shrinking: string | null = null;
  if (options.shrink) {
    const deadline = wallClockMs() + SHRINK_SECONDS_MAX * 1000;
    const shrunk = await shrinkFailure(scenario, result, { ...(impl === undefined ? {} : { impl }), shouldStop: () => wallClockMs() > deadline });
    minimized = shrunk.minimal;
    shrinking = shrunk.summary;
  }
  const report = buildReport(scenario, result, { impl: options.impl, minimized, shrinking });
  const written = await writeReport(options.reportsDir, report);
  const first = result.violations[0];
  let text = `FAIL ${scenario.name} seed ${result.options.seed}: [${first?.invariant}] ${first?.message}\n`;
  if (shrinking !== null) text += `  ${shrinking}\n`;
  text += `  timeline: ${written.timelinePath}\n  replay:   npm run sim -- --replay ${written.jsonPath}${options.impl === null ? '' : ` --impl ${options.impl}`}\n`;
  output.err(text);
}
