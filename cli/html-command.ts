import { decodeWorkloadFor } from '../sim/report/index.js';
import { writeReportHtml } from '../sim/report/html/index.js';
import type { CliOptions } from './args.js';
import { EXIT } from './help.js';
import type { CliOutput } from './output.js';
import { loadReplaySource } from './replay-source.js';

/**
 * `--replay FILE --html`: writes the HTML page of an existing report beside it (`x.json` ->
 * `x.html`), the same page a campaign writes with each report. Everything is checked first, the
 * way a replay checks it (the report, its scenario, its implementation, both cases' workloads),
 * so bad input is exit 2 with nothing written; the report's own files are never touched.
 */
export async function writeHtml(options: CliOptions, output: CliOutput): Promise<number> {
  const source = await loadReplaySource(options, output);
  if (source.report.minimized !== null) decodeWorkloadFor(source.scenario, source.report.minimized, source.path, 'minimized');
  const htmlPath = await writeReportHtml(source.path, source.report, source.scenario, source.impl?.factory);
  output.out(`wrote ${htmlPath}\n`);
  return EXIT.held;
}
