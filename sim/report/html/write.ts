import { writeFile } from 'node:fs/promises';
import type { AnyScenario, SystemFactory } from '../../scenario.js';
import type { FailureReport, ReportedCase } from '../report.js';
import { type CaseCalls, traceCase } from './case-calls.js';
import { renderReportHtml } from './render.js';
import { reportView } from './view-data.js';

/**
 * Writing a report's HTML next to its JSON (`blob-3.json` -> `blob-3.html`). Each case is run
 * once more to show every call; a case that cannot be run again (its implementation throws, or
 * it diverged) is still shown, from the report's own timeline, with a note saying so.
 */

export function htmlPathOf(jsonPath: string): string {
  return jsonPath.endsWith('.json') ? `${jsonPath.slice(0, -'.json'.length)}.html` : `${jsonPath}.html`;
}

async function callsOf(scenario: AnyScenario, reported: ReportedCase, path: string, which: 'original' | 'minimized', impl: SystemFactory<unknown> | undefined): Promise<CaseCalls | null> {
  try {
    return await traceCase(scenario, reported, { path, which, ...(impl === undefined ? {} : { impl }) });
  } catch {
    // The report's timeline is shown instead, and the page says why.
    return null;
  }
}

/** The HTML of `report`, whose cases are rerun with `impl` (else the scenario's bundled one). */
export async function reportHtml(report: FailureReport, scenario: AnyScenario, where: { readonly path: string; readonly impl?: SystemFactory<unknown> }): Promise<string> {
  const original = await callsOf(scenario, report.original, where.path, 'original', where.impl);
  const minimized = report.minimized === null ? null : await callsOf(scenario, report.minimized, where.path, 'minimized', where.impl);
  return renderReportHtml(reportView(report, { original, minimized }));
}

/** Writes the HTML beside `jsonPath` and returns its path. The JSON and the timeline are not touched. */
export async function writeReportHtml(jsonPath: string, report: FailureReport, scenario: AnyScenario, impl?: SystemFactory<unknown>): Promise<string> {
  const htmlPath = htmlPathOf(jsonPath);
  if (htmlPath === jsonPath) throw new RangeError(`writeReportHtml: the HTML path would be the report's own (${jsonPath})`);
  await writeFile(htmlPath, await reportHtml(report, scenario, { path: jsonPath, ...(impl === undefined ? {} : { impl }) }));
  return htmlPath;
}
