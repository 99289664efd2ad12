import { type CampaignSummary, type ScenarioSummary, mergeCampaignSummaries } from '../sim/runner/campaign.js';
import type { WrittenFailure } from './report-failure.js';
import { type CampaignEnd, type CampaignIdentity, IDENTITY_FLAGS, type SummaryFile, SummaryFileError, countsMap } from './summary-file.js';

/**
 * Combines the summaries of the shards of one campaign into the summary of the whole: the same
 * runs, failures and campaign hash as the campaign run unsharded on one machine. It refuses, with
 * one line naming the files, shards that do not make exactly one campaign: of different crashsim
 * versions or options, of different shard counts, the same shard twice, or a shard missing.
 */

export interface MergedCampaign {
  readonly crashsimVersion: string;
  readonly campaign: CampaignIdentity;
  readonly shardsCount: number;
  readonly summary: CampaignSummary;
  /** The worst end among the shards: complete only if every shard ran all its runs. */
  readonly end: CampaignEnd;
  /** The shards that did not run all their runs, with how they ended. */
  readonly shortShards: readonly { readonly file: SummaryFile; readonly end: CampaignEnd }[];
  /** The longest shard's wall-clock seconds (shards run side by side). */
  readonly seconds: number;
  readonly reports: readonly WrittenFailure[];
  readonly extra: Readonly<Record<string, unknown>>;
  readonly extraByScenario: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

export function mergeShardSummaries(files: readonly SummaryFile[]): MergedCampaign {
  const first = files[0];
  if (first === undefined) throw new SummaryFileError('merge needs the summary files of the shards');
  for (const file of files) checkSameCampaign(first, file);
  checkShardsComplete(files);
  for (const file of files) checkShardRequests(file);
  const summary = mergeCampaignSummaries(first.campaign.seed, files.map((file) => file.summary));
  const shortShards = files.filter((file) => file.end !== 'complete' || !file.summary.completed).map((file) => ({ file, end: file.end }));
  return {
    crashsimVersion: first.crashsimVersion,
    campaign: first.campaign,
    shardsCount: first.shard.count,
    summary,
    end: shortShards.some((s) => s.end === 'interrupted') ? 'interrupted' : shortShards.length > 0 ? 'time-budget' : 'complete',
    shortShards,
    seconds: Math.max(...files.map((file) => file.seconds)),
    reports: files.flatMap((file) => file.reports),
    extra: mergeExtra(files.map((file) => ({ file, fields: file.extra }))),
    extraByScenario: new Map(first.campaign.scenarios.map((name, index) => [name, mergeExtra(files.map((file) => ({ file, fields: file.extraByScenario[index] ?? {} })))])),
  };
}

function checkSameCampaign(first: SummaryFile, file: SummaryFile): void {
  if (file.crashsimVersion !== first.crashsimVersion) {
    throw new SummaryFileError(`${first.path} was made by crashsim ${first.crashsimVersion} and ${file.path} by crashsim ${file.crashsimVersion}: run every shard with the same version`);
  }
  for (const key of Object.keys(IDENTITY_FLAGS) as (keyof CampaignIdentity)[]) {
    const a = JSON.stringify(first.campaign[key]);
    const b = JSON.stringify(file.campaign[key]);
    const shown = (json: string): string => (json === 'null' ? 'not given' : json);
    if (a !== b) throw new SummaryFileError(`${first.path} and ${file.path} come from different campaigns: ${IDENTITY_FLAGS[key]} ${shown(a)} in one, ${shown(b)} in the other; run every shard with the same options`);
  }
  const names = file.summary.scenarios.map((s) => s.scenario);
  if (JSON.stringify(names) !== JSON.stringify(file.campaign.scenarios)) {
    throw new SummaryFileError(`${file.path}: its scenarios (${names.join(', ')}) are not those of its campaign (${file.campaign.scenarios.join(', ')}); the file was edited or is corrupt`);
  }
  if (file.shard.count !== first.shard.count) {
    throw new SummaryFileError(`${first.path} is shard ${shardName(first)} but ${file.path} is shard ${shardName(file)}: every shard of one campaign has the same --shard I/N count N`);
  }
}

function checkShardsComplete(files: readonly SummaryFile[]): void {
  const count = (files[0] as SummaryFile).shard.count;
  const byIndex = new Map<number, SummaryFile>();
  for (const file of files) {
    const seen = byIndex.get(file.shard.index);
    if (seen !== undefined) throw new SummaryFileError(`${seen.path} and ${file.path} are both shard ${shardName(file)}: the same runs would count twice; give each shard once`);
    byIndex.set(file.shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, index) => index).filter((index) => !byIndex.has(index));
  if (missing.length === 0) return;
  const listed = missing.slice(0, 10).map((index) => `${index}/${count}`).join(', ') + (missing.length > 10 ? `, ... (${missing.length} in all)` : '');
  throw new SummaryFileError(`missing shard${missing.length === 1 ? '' : 's'} ${listed} of ${count}: got ${files.length} of the ${count} summary files; merge needs every shard once`);
}

/** Each scenario of a shard was asked exactly the runs its shard keeps: otherwise the file was edited. */
function checkShardRequests(file: SummaryFile): void {
  const { index, count } = file.shard;
  const expected = Math.max(0, Math.ceil((file.campaign.runsPerScenario - index) / count));
  const wrong = file.summary.scenarios.find((s: ScenarioSummary) => s.requested !== expected || s.runs > s.requested);
  if (wrong !== undefined) {
    throw new SummaryFileError(`${file.path}: ${wrong.scenario} lists ${wrong.runs} runs of ${wrong.requested} requested, but shard ${shardName(file)} of --runs ${file.campaign.runsPerScenario} has ${expected}; the file was edited or is corrupt`);
  }
}

function shardName(file: SummaryFile): string {
  return `${file.shard.index}/${file.shard.count}`;
}

/**
 * Fields this crashsim does not know (added by a later one, such as coverage marks): maps of
 * counts are summed, a field every shard gives alike is kept, and anything else cannot be merged.
 */
function mergeExtra(parts: readonly { readonly file: SummaryFile; readonly fields: Readonly<Record<string, unknown>> }[]): Record<string, unknown> {
  const keys = [...new Set(parts.flatMap((part) => Object.keys(part.fields)))].sort();
  const merged: Record<string, unknown> = {};
  for (const key of keys) {
    const present = parts.filter((part) => key in part.fields);
    const maps = present.map((part) => countsMap(part.fields[key]));
    if (maps.every((map) => map !== null)) {
      merged[key] = sumCounts(maps as Record<string, number>[]);
      continue;
    }
    const first = present[0] as (typeof present)[number];
    const differing = parts.find((part) => JSON.stringify(part.fields[key]) !== JSON.stringify(first.fields[key]));
    if (differing !== undefined) {
      throw new SummaryFileError(`${first.file.path} and ${differing.file.path} differ in "${key}", which this crashsim does not know how to combine; merge with the crashsim that made them`);
    }
    merged[key] = first.fields[key];
  }
  return merged;
}

function sumCounts(maps: readonly Record<string, number>[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const map of maps) for (const [label, count] of Object.entries(map)) sum[label] = (sum[label] ?? 0) + count;
  return Object.fromEntries(Object.entries(sum).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
