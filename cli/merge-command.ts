import { readFile, rename, writeFile } from 'node:fs/promises';
import { UsageError } from './args.js';
import { mergedRequiresMarks } from './campaign-marks.js';
import { campaignExitCode } from './campaign-summary.js';
import { crashsimCommand } from './command.js';
import { formatSummaryTable } from './format.js';
import { EXIT } from './help.js';
import { type MergedCampaign, mergeShardSummaries } from './merge-summaries.js';
import type { CliOutput } from './output.js';
import { SUMMARY_FORMAT, SUMMARY_FORMAT_VERSION, type SummaryFile, SummaryFileError, parseSummaryFile } from './summary-file.js';

/**
 * `crashsim merge [--json] [--out FILE] FILES...`: combines the `--json` summaries of the shards
 * of one campaign (`--shard I/N` on N machines) into the summary of the whole, whose campaign
 * hash equals the unsharded campaign's. Exit codes as a campaign's: 0 every run of every shard
 * ran and every invariant held, 1 a violation, 2 bad input (the shards do not make one
 * campaign), 3 some shard did not run all its runs.
 */

interface MergeArgs {
  readonly files: readonly string[];
  readonly json: boolean;
  readonly out: string | null;
  readonly help: boolean;
}

export function mergeHelpText(): string {
  const command = crashsimCommand();
  return `Usage: ${command} merge [--json] [--out FILE] SUMMARY...

Combines the --json summaries of the shards of one campaign (each run with --shard I/N and the
same other options, e.g. ${command} --shard 0/4 --json > summary-0.json) into the summary of
the whole campaign. Its campaign hash equals the hash of the campaign run unsharded.
It refuses shards of different options or crashsim versions, a shard given twice or missing,
and a file that is not a summary or was edited.

  --json       print the merged summary as JSON (the shape a campaign's --json prints)
  --out FILE   also write the merged summary as JSON to FILE
  --help       this text

Exit codes: ${EXIT.held} every run of every shard ran and every invariant held; ${EXIT.violation} a shard found a
violation; ${EXIT.usage} bad usage or bad input (the files are not the shards of one campaign); ${EXIT.incomplete} a shard's
--time budget (or Ctrl-C) ended it before all its runs ran, and none failed.`;
}

function parseMergeArgs(argv: readonly string[]): MergeArgs {
  const files: string[] = [];
  let json = false;
  let out: string | null = null;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--out') {
      if (out !== null) throw new UsageError('merge: --out is given twice; give it once');
      out = argv[++i] ?? '';
      if (out === '' || out.startsWith('--')) throw new UsageError('merge: --out needs a file name, e.g. --out merged.json');
    } else if (arg.startsWith('-')) throw new UsageError(`merge: unknown argument ${JSON.stringify(arg)}; see ${crashsimCommand()} merge --help`);
    else files.push(arg);
  }
  if (!help && files.length === 0) throw new UsageError(`merge needs the summary files of the shards, e.g. ${crashsimCommand()} merge summary-*.json`);
  return { files, json, out, help };
}

export async function mergeCommand(argv: readonly string[], output: CliOutput): Promise<number> {
  const args = parseMergeArgs(argv);
  if (args.help) {
    output.out(`${mergeHelpText()}\n`);
    return EXIT.held;
  }
  const files: SummaryFile[] = [];
  for (const path of args.files) files.push(parseSummaryFile(path, await readSummaryText(path)));
  const merged = mergeShardSummaries(files);
  const untouched = merged.summary.scenarios.filter((s) => s.runs > 0 && s.workloadSteps === 0).map((s) => s.scenario);
  if (untouched.length > 0) {
    throw new SummaryFileError(`${untouched.join(', ')}: the implementation never touched the simulated disk in any run of any shard, so nothing was tested; check that it writes under the root it is given`);
  }
  const marksChecked = mergedRequiresMarks(merged.campaign, merged.summary.completed);
  const exitCode = campaignExitCode(merged.summary, merged.summary.completed ? 'complete' : 'time-budget', marksChecked);
  const json = `${JSON.stringify(mergedJson(merged, exitCode), null, 2)}\n`;
  if (args.out !== null) await writeAtomically(args.out, json);
  output.out(args.json ? json : mergedText(merged, exitCode, args.out));
  return exitCode;
}

async function readSummaryText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new SummaryFileError(`${path}: cannot read it (${typeof code === 'string' ? code : String(error)})`);
  }
}

/** Written beside and renamed over: a merge that fails midway leaves any earlier FILE whole. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(`merge: cannot write --out ${path} (${typeof code === 'string' ? code : String(error)})`);
  }
}

/** The merged summary in the shape of a campaign's --json, which merge can read back. */
function mergedJson(merged: MergedCampaign, exitCode: number): Record<string, unknown> {
  const { summary } = merged;
  return {
    format: SUMMARY_FORMAT,
    formatVersion: SUMMARY_FORMAT_VERSION,
    crashsimVersion: merged.crashsimVersion,
    campaign: merged.campaign,
    shard: null,
    shards: merged.shardsCount,
    ...merged.extra,
    ...summary,
    scenarios: summary.scenarios.map((s) => ({ ...merged.extraByScenario.get(s.scenario), ...s })),
    requested: summary.scenarios.reduce((n, s) => n + s.requested, 0),
    end: merged.end,
    exitCode,
    seconds: merged.seconds,
    runsPerSecond: summary.runs / Math.max(merged.seconds, 1e-9),
    reports: merged.reports,
  };
}

function mergedText(merged: MergedCampaign, exitCode: number, out: string | null): string {
  const { summary, campaign } = merged;
  const flags = [`profile ${campaign.profile}`, `scheduler ${campaign.scheduler}`, `exploration ${campaign.exploration}`];
  if (campaign.faults !== null) flags.push(`faults ${campaign.faults}`);
  if (campaign.crashRecovery) flags.push('recovery crashed too');
  if (campaign.impl !== null) flags.push(`impl ${campaign.impl}`);
  const lastSeed = campaign.seed + campaign.runsPerScenario - 1;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `crashsim merge: ${plural(merged.shardsCount, 'shard')} of seeds ${campaign.seed}..${lastSeed} of ${plural(campaign.scenarios.length, 'scenario')}; ${flags.join(', ')}`,
    formatSummaryTable(summary, 0, new Map()),
    `${summary.runs} runs; campaign hash ${summary.campaignHash}${summary.completed ? '' : ' (of the runs made only)'}`,
  ];
  for (const { file, end } of merged.shortShards) {
    const short = file.summary.scenarios.filter((s) => s.runs < s.requested).map((s) => `${s.scenario} ${s.runs}/${s.requested}`);
    lines.push(`INCOMPLETE: shard ${file.shard.index}/${file.shard.count} (${file.path}) ended early (${end === 'interrupted' ? 'interrupted' : 'its --time budget'}); short: ${short.join(', ')}`);
  }
  if (summary.failures > 0) {
    const where = merged.reports.length === 0 ? 'none written' : `${merged.reports.length} written by the shards: ${merged.reports.map((r) => r.json).join(', ')}`;
    lines.push(`${plural(summary.failures, 'failing run')}; reports: ${where}`);
  } else {
    lines.push(summary.completed ? 'every invariant held' : `no invariant broke in the ${summary.runs} runs made, but the campaign is not complete (exit ${exitCode})`);
  }
  if (out !== null) lines.push(`merged summary written to ${out}`);
  return `${lines.join('\n')}\n`;
}
