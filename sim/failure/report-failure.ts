import { buildReport, type FailureReport } from '../report/report.js';
import { writeReport } from '../report/files.js';
import { writeReportHtml } from '../report/html/index.js';
import { printable } from '../report/printable.js';
import type { RunResult } from '../runner/run-types.js';
import type { AnyScenario, SystemFactory } from '../scenario.js';
import { shrinkFailure } from '../shrink/index.js';

/**
 * From a failing run to a saved report, the one way the CLI, the regression generator and users
 * do it: shrink the case (unless told not to) within the caller's budget, build the report with
 * the original and the minimized case, and write its JSON, its readable timeline and its HTML page.
 */

export interface ReportFailureOptions {
  /** Where the report's `.json` and `.txt` go. */
  readonly reportsDir: string;
  /** The implementation the run used, when not the scenario's bundled one. */
  readonly impl?: SystemFactory<unknown>;
  /** How the report names that implementation (the `--impl` module path); default none. */
  readonly implLabel?: string | null;
  /** The module that defines the scenario, as the report records it for replay; default none (bundled). */
  readonly scenarioModule?: string | null;
  /** Shrink the case first. Default true. */
  readonly shrink?: boolean;
  /** Runs the shrinker may try. Default: the shrinker's own (400). */
  readonly shrinkAttemptsMax?: number;
  /** Asked before each shrink attempt; true stops shrinking (the caller's time budget). */
  readonly shrinkShouldStop?: () => boolean;
  /** Also write the HTML page beside the JSON (each case runs once more to show every call). Default true. */
  readonly html?: boolean;
}

export interface ReportedFailure {
  readonly report: FailureReport;
  readonly jsonPath: string;
  readonly timelinePath: string;
  /** The HTML page, or null when `html` was off. */
  readonly htmlPath: string | null;
  /** The shrunk run, or null when shrinking was off. */
  readonly minimized: RunResult | null;
  /** How shrinking went, in words, or null when it was off. */
  readonly shrinking: string | null;
  /** `FAIL <scenario> seed <n>: [<invariant>] <message>` */
  readonly headline: string;
}

export async function reportFailure(scenario: AnyScenario, result: RunResult, options: ReportFailureOptions): Promise<ReportedFailure> {
  const first = result.violations[0];
  if (first === undefined) throw new RangeError('reportFailure: the run did not fail; there is nothing to report');
  let minimized: RunResult | null = null;
  let shrinking: string | null = null;
  if (options.shrink !== false) {
    const shrunk = await shrinkFailure(scenario, result, {
      ...(options.impl === undefined ? {} : { impl: options.impl }),
      ...(options.shrinkAttemptsMax === undefined ? {} : { attemptsMax: options.shrinkAttemptsMax }),
      ...(options.shrinkShouldStop === undefined ? {} : { shouldStop: options.shrinkShouldStop }),
    });
    minimized = shrunk.minimal;
    shrinking = shrunk.summary;
  }
  const report = buildReport(scenario, result, { impl: options.implLabel ?? null, scenarioModule: options.scenarioModule ?? null, minimized, shrinking });
  const written = await writeReport(options.reportsDir, report);
  const htmlPath = options.html === false ? null : await writeReportHtml(written.jsonPath, report, scenario, options.impl);
  return {
    report,
    jsonPath: written.jsonPath,
    timelinePath: written.timelinePath,
    htmlPath,
    minimized,
    shrinking,
    headline: printable(`FAIL ${scenario.name} seed ${result.options.seed}: [${first.invariant}] ${first.message}`),
  };
}
