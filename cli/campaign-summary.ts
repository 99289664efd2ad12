import type { CampaignSummary } from '../sim/runner/campaign.js';
import type { CliOptions } from './args.js';
import { formatMarks, missingMarksByScenario } from './campaign-marks.js';
import { formatSummaryTable } from './format.js';
import { EXIT } from './help.js';
import type { CliOutput } from './output.js';
import type { WrittenFailure } from './report-failure.js';
import { type CampaignEnd, summaryHeader } from './summary-file.js';

/**
 * The end of a campaign, in words or JSON. It never says more than was done: a campaign its time
 * budget or Ctrl-C cut short says which scenarios ran how many of their requested runs, and
 * "every invariant held" is said only of a campaign that ran every requested run.
 */

export type { CampaignEnd } from './summary-file.js';

export interface CampaignReport {
  readonly summary: CampaignSummary;
  readonly end: CampaignEnd;
  readonly exitCode: number;
  readonly seconds: number;
  readonly secondsByScenario: ReadonlyMap<string, number>;
  readonly reports: readonly WrittenFailure[];
  /** Whether each scenario's required coverage marks were enforced (requiresMarks). */
  readonly marksChecked: boolean;
}

export function campaignExitCode(summary: CampaignSummary, end: CampaignEnd, marksChecked: boolean): number {
  if (end === 'interrupted') return EXIT.interrupted;
  if (summary.failures > 0) return EXIT.violation;
  if (marksChecked && Object.keys(missingMarksByScenario(summary)).length > 0) return EXIT.unexplored;
  return end === 'complete' ? EXIT.held : EXIT.incomplete;
}

export function printCampaignReport(options: CliOptions, report: CampaignReport, output: CliOutput): void {
  if (options.json) output.out(`${JSON.stringify(campaignJson(options, report), null, 2)}\n`);
  else output.out(campaignText(options, report));
}

/** The summary as `--json` prints it: what `crashsim merge` reads back from each shard (summary-file.ts). */
function campaignJson(options: CliOptions, report: CampaignReport): Record<string, unknown> {
  const { summary } = report;
  return {
    ...summaryHeader(options, summary),
    ...summary,
    requested: summary.scenarios.reduce((n, s) => n + s.requested, 0),
    end: report.end,
    exitCode: report.exitCode,
    workers: options.workers,
    swarm: options.swarm,
    seconds: report.seconds,
    runsPerSecond: summary.runs / Math.max(report.seconds, 1e-9),
    reportsDir: options.reportsDir,
    reportsMaxPerScenario: options.reportsMax,
    reports: report.reports,
    marksChecked: report.marksChecked,
    missingMarks: missingMarksByScenario(report.summary),
  };
}

function campaignText(options: CliOptions, report: CampaignReport): string {
  const { summary, end } = report;
  const lastSeed = options.seed + options.runs - 1;
  const flags = [
    options.swarm ? swarmFlag(options) : `profile ${options.profile ?? 'posix'}`,
    `scheduler ${options.scheduler}`,
    `exploration ${options.exploration}`,
    ...(options.faults === null ? [] : [`faults ${options.faults}`]),
    ...(options.crashRecovery ? ['recovery crashed too'] : []),
    ...(options.impl === null ? [] : [`impl ${options.impl}`]),
    ...(options.shard === null ? [] : [`shard ${options.shard.index}/${options.shard.count}`]),
    `${options.workers} worker${options.workers === 1 ? '' : 's'}`,
  ];
  const lines = [
    '',
    `crashsim campaign: seeds ${options.seed}..${lastSeed} of ${summary.scenarios.length} scenario${summary.scenarios.length === 1 ? '' : 's'}; ${flags.join(', ')}`,
    formatSummaryTable(summary, report.seconds, report.secondsByScenario),
    `${summary.runs} runs in ${report.seconds.toFixed(1)} s; campaign hash ${summary.campaignHash}${end === 'complete' ? '' : ' (of the runs made only)'}`,
    formatMarks(summary, report.marksChecked),
  ];
  if (end !== 'complete') lines.push(incompleteLine(options, report));
  lines.push(verdictLine(options, report));
  return `${lines.join('\n')}\n`;
}

function incompleteLine(options: CliOptions, report: CampaignReport): string {
  const { summary, end } = report;
  const requested = summary.scenarios.reduce((n, s) => n + s.requested, 0);
  const short = summary.scenarios.filter((s) => s.runs < s.requested).map((s) => `${s.scenario} ${s.runs}/${s.requested}`);
  const why = end === 'interrupted' ? 'INTERRUPTED (Ctrl-C)' : `INCOMPLETE: the --time budget (${options.timeSeconds} s) ended the campaign`;
  const advice = end === 'interrupted' ? '' : '; raise --time or lower --runs';
  return `${why} after ${summary.runs} of ${requested} requested runs; short: ${short.join(', ')}${advice}`;
}

function verdictLine(options: CliOptions, report: CampaignReport): string {
  const { summary, end } = report;
  if (summary.failures === 0) return end === 'complete' ? 'every invariant held' : `no invariant broke in the ${summary.runs} runs made, but the campaign is not complete (exit ${report.exitCode})`;
  const kept = `at most ${options.reportsMax} per scenario (--reports-max)`;
  const where = report.reports.length === 0 ? 'none written' : `${report.reports.length} written in ${options.reportsDir}/`;
  return `${summary.failures} failing run${summary.failures === 1 ? '' : 's'}; reports: ${where}, ${kept}`;
}

/** Swarm draws per seed; flags given explicitly are named, since they win over the draw. */
function swarmFlag(options: CliOptions): string {
  const fixed = [
    ...(options.profile === null ? [] : [`profile ${options.profile}`]),
    ...(options.faults === null ? [] : ['faults']),
    ...(options.clients === null ? [] : [`${options.clients} clients`]),
  ];
  return `swarm (a configuration drawn per seed${fixed.length === 0 ? '' : `; fixed by flags: ${fixed.join(', ')}`})`;
}
