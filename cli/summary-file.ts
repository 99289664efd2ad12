import { isHashSum } from '../sim/runner/campaign-hash.js';
import type { CampaignSummary, ScenarioSummary, Shard } from '../sim/runner/campaign.js';
import { CampaignHash } from '../sim/index.js';
import type { CliOptions } from './args.js';
import type { WrittenFailure } from './report-failure.js';
import { crashsimCommand } from './command.js';
import { crashsimVersion } from './version.js';

/**
 * A campaign's `--json` summary as a file: what it records so that `crashsim merge` can combine
 * the summaries of the shards of one campaign (and refuse anything else), and how merge reads one
 * back. Every mistake is a SummaryFileError naming the file and what is wrong with it.
 */

/** How a campaign ended. */
export type CampaignEnd = 'complete' | 'time-budget' | 'interrupted';

export const SUMMARY_FORMAT = 'crashsim-campaign-summary';
export const SUMMARY_FORMAT_VERSION = 1;

/** The options that decide which runs a campaign makes and what each does: shards merge only when all agree. */
export interface CampaignIdentity {
  readonly seed: number;
  readonly runsPerScenario: number;
  readonly scenarios: readonly string[];
  /** Null: the default (posix, or drawn per run by swarm). */
  readonly profile: string | null;
  readonly scheduler: string;
  readonly exploration: string;
  readonly maxStates: number;
  readonly clients: number | null;
  readonly ops: number | null;
  readonly faults: string | null;
  readonly crashRecovery: boolean;
  readonly impl: string | null;
  readonly swarm: boolean;
}

/** The flag each identity field comes from, for messages. */
export const IDENTITY_FLAGS: Readonly<Record<keyof CampaignIdentity, string>> = {
  seed: '--seed',
  runsPerScenario: '--runs',
  scenarios: '--scenario',
  profile: '--profile',
  scheduler: '--scheduler',
  exploration: '--exploration',
  maxStates: '--max-states',
  clients: '--clients',
  ops: '--ops',
  faults: '--faults',
  crashRecovery: '--crash-recovery',
  impl: '--impl',
  swarm: '--swarm',
};

export function campaignIdentity(options: CliOptions, scenarioNames: readonly string[]): CampaignIdentity {
  return {
    seed: options.seed,
    runsPerScenario: options.runs,
    scenarios: scenarioNames,
    profile: options.profile,
    scheduler: options.scheduler,
    exploration: options.exploration,
    maxStates: options.maxStates,
    clients: options.clients,
    ops: options.ops,
    faults: options.faults,
    crashRecovery: options.crashRecovery,
    impl: options.impl,
    swarm: options.swarm,
  };
}

/** The fields that identify a summary file and its part of the campaign; the rest is the summary. */
export function summaryHeader(options: CliOptions, summary: CampaignSummary): Record<string, unknown> {
  return {
    format: SUMMARY_FORMAT,
    formatVersion: SUMMARY_FORMAT_VERSION,
    crashsimVersion: crashsimVersion(),
    campaign: campaignIdentity(options, summary.scenarios.map((s) => s.scenario)),
    shard: options.shard,
  };
}

/** A summary file as merge reads it. */
export interface SummaryFile {
  readonly path: string;
  readonly crashsimVersion: string;
  readonly campaign: CampaignIdentity;
  /** `0/1` for a campaign that was not sharded. */
  readonly shard: Shard;
  readonly summary: CampaignSummary;
  readonly end: CampaignEnd;
  readonly seconds: number;
  readonly reports: readonly WrittenFailure[];
  /** Fields this crashsim does not know, at the top and per scenario (merge sums maps of counts). */
  readonly extra: Readonly<Record<string, unknown>>;
  readonly extraByScenario: readonly Readonly<Record<string, unknown>>[];
}

export class SummaryFileError extends Error {
  override readonly name = 'SummaryFileError';
}

type Json = Record<string, unknown>;

const KNOWN_TOP = new Set(['format', 'formatVersion', 'crashsimVersion', 'campaign', 'shard', 'seed', 'scenarios', 'campaignHash', 'runs', 'failures', 'completed', 'hashState', 'marks', 'marksChecked', 'missingMarks', 'swarm', 'requested', 'end', 'exitCode', 'workers', 'seconds', 'runsPerSecond', 'reportsDir', 'reportsMaxPerScenario', 'reports', 'shards']);
const KNOWN_SCENARIO = new Set(['scenario', 'requested', 'runs', 'crashStates', 'workloadSteps', 'failures', 'failingSeeds', 'invariants', 'marks', 'requiredMarks']);
const ENDS: readonly CampaignEnd[] = ['complete', 'time-budget', 'interrupted'];

/** Parses and checks one summary file's text; `path` names it in errors. */
export function parseSummaryFile(path: string, text: string): SummaryFile {
  const fail = (what: string): never => {
    throw new SummaryFileError(`${path}: ${what}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(`not JSON (cut short or corrupt?); give the files a campaign printed with --json (e.g. ${crashsimCommand()} --shard 0/4 --json > summary-0.json)`);
  }
  if (!isObject(value) || value['format'] !== SUMMARY_FORMAT) {
    return fail(`not a crashsim campaign summary (no "format": "${SUMMARY_FORMAT}"); give the files a campaign printed with --json`);
  }
  if (value['formatVersion'] !== SUMMARY_FORMAT_VERSION) fail(`summary format version ${JSON.stringify(value['formatVersion'])}; this crashsim merges version ${SUMMARY_FORMAT_VERSION}`);
  const read = new FieldReader(value, fail);
  const scenarios = read.array('scenarios').map((entry, index) => readScenario(entry, (what) => fail(`scenarios[${index}]: ${what}`)));
  const summary: CampaignSummary = {
    seed: read.count('seed'),
    scenarios: scenarios.map((s) => s.summary),
    campaignHash: read.string('campaignHash'),
    runs: read.count('runs'),
    failures: read.count('failures'),
    completed: read.boolean('completed'),
    hashState: readHashState(value['hashState'], fail),
    marks: countsMap(value['marks']) ?? fail('"marks" must map coverage mark labels to run counts'),
  };
  checkConsistent(summary, fail);
  return {
    path,
    crashsimVersion: read.string('crashsimVersion'),
    campaign: readIdentity(value['campaign'], fail),
    shard: readShard(value['shard'], fail),
    summary,
    end: ENDS.find((end) => end === value['end']) ?? fail(`"end" must be one of ${ENDS.join(', ')}`),
    seconds: read.number('seconds'),
    reports: read.array('reports').map((report) => readReport(report, fail)),
    extra: unknownFields(value, KNOWN_TOP),
    extraByScenario: scenarios.map((s) => s.extra),
  };
}

/** A summary whose figures do not add up was edited or cut: merging it would give a wrong hash. */
function checkConsistent(summary: CampaignSummary, fail: (what: string) => never): void {
  const sum = (pick: (s: ScenarioSummary) => number): number => summary.scenarios.reduce((n, s) => n + pick(s), 0);
  if (summary.runs !== sum((s) => s.runs) || summary.failures !== sum((s) => s.failures) || summary.runs !== summary.hashState.runs) {
    fail('its run and failure counts do not add up (the file was edited or is corrupt)');
  }
  if (CampaignHash.fromState(summary.hashState).digest() !== summary.campaignHash) fail('its "campaignHash" does not match its "hashState" (the file was edited or is corrupt)');
}

function readScenario(value: unknown, fail: (what: string) => never): { summary: ScenarioSummary; extra: Json } {
  if (!isObject(value)) return fail('must be an object');
  const read = new FieldReader(value, fail);
  const failingSeeds = read.array('failingSeeds').map((seed) => (isCount(seed) ? seed : fail('"failingSeeds" must hold whole numbers')));
  const summary: ScenarioSummary = {
    scenario: read.string('scenario'),
    requested: read.count('requested'),
    runs: read.count('runs'),
    crashStates: read.count('crashStates'),
    workloadSteps: read.count('workloadSteps'),
    failures: read.count('failures'),
    failingSeeds,
    invariants: countsMap(value['invariants']) ?? fail('"invariants" must map names to counts'),
    marks: countsMap(value['marks']) ?? fail('"marks" must map coverage mark labels to run counts'),
    requiredMarks: read.array('requiredMarks').map((label) => (typeof label === 'string' ? label : fail('"requiredMarks" must hold mark labels'))),
  };
  return { summary, extra: unknownFields(value, KNOWN_SCENARIO) };
}

function readIdentity(value: unknown, fail: (what: string) => never): CampaignIdentity {
  if (!isObject(value)) return fail('"campaign" (the options of the campaign) is missing');
  const read = new FieldReader(value, (what) => fail(`campaign: ${what}`));
  const scenarios = read.array('scenarios').map((name) => (typeof name === 'string' ? name : fail('campaign: "scenarios" must hold names')));
  return {
    seed: read.count('seed'),
    runsPerScenario: read.count('runsPerScenario'),
    scenarios,
    profile: read.nullable('profile', (v) => (typeof v === 'string' ? v : null)),
    scheduler: read.string('scheduler'),
    exploration: read.string('exploration'),
    maxStates: read.count('maxStates'),
    clients: read.nullable('clients', (v) => (isCount(v) ? v : null)),
    ops: read.nullable('ops', (v) => (isCount(v) ? v : null)),
    faults: read.nullable('faults', (v) => (typeof v === 'string' ? v : null)),
    crashRecovery: read.boolean('crashRecovery'),
    impl: read.nullable('impl', (v) => (typeof v === 'string' ? v : null)),
    swarm: read.boolean('swarm'),
  };
}

function readShard(value: unknown, fail: (what: string) => never): Shard {
  if (value === null) return { index: 0, count: 1 };
  if (isObject(value) && isCount(value['index']) && isCount(value['count']) && value['index'] < value['count']) return { index: value['index'], count: value['count'] };
  return fail('"shard" must be null or { "index": I, "count": N } with I < N');
}

function readHashState(value: unknown, fail: (what: string) => never): CampaignSummary['hashState'] {
  if (isObject(value) && isCount(value['runs']) && isHashSum(value['sum'])) return { runs: value['runs'], sum: value['sum'] };
  return fail('"hashState" must be { "runs": N, "sum": 32 hex digits } (a summary made by a crashsim that can merge)');
}

function readReport(value: unknown, fail: (what: string) => never): WrittenFailure {
  const text = (key: string): string => (isObject(value) && typeof value[key] === 'string' ? value[key] : fail(`"reports" entries need "${key}"`));
  const seed = isObject(value) && isCount(value['seed']) ? value['seed'] : fail('"reports" entries need "seed"');
  return { scenario: text('scenario'), seed, json: text('json'), timeline: text('timeline'), replay: text('replay') };
}

/** Reads typed fields of one object, failing with the field's name. */
class FieldReader {
  constructor(
    private readonly value: Json,
    private readonly fail: (what: string) => never,
  ) {}

  string(key: string): string {
    const field = this.value[key];
    return typeof field === 'string' ? field : this.fail(`"${key}" must be a string`);
  }

  number(key: string): number {
    const field = this.value[key];
    return typeof field === 'number' && Number.isFinite(field) && field >= 0 ? field : this.fail(`"${key}" must be a number`);
  }

  count(key: string): number {
    const field = this.value[key];
    return isCount(field) ? field : this.fail(`"${key}" must be a whole number`);
  }

  boolean(key: string): boolean {
    const field = this.value[key];
    return typeof field === 'boolean' ? field : this.fail(`"${key}" must be true or false`);
  }

  array(key: string): readonly unknown[] {
    const field = this.value[key];
    return Array.isArray(field) ? field : this.fail(`"${key}" must be a list`);
  }

  nullable<T>(key: string, parse: (value: unknown) => T | null): T | null {
    const field = this.value[key];
    if (field === null) return null;
    return parse(field) ?? this.fail(`"${key}" has the wrong type`);
  }
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A `{ label: count }` map, or null when `value` is anything else. */
export function countsMap(value: unknown): Record<string, number> | null {
  if (!isObject(value)) return null;
  const counts: Record<string, number> = {};
  for (const key of Object.keys(value).sort()) {
    const count = value[key];
    if (!isCount(count)) return null;
    counts[key] = count;
  }
  return counts;
}

function unknownFields(value: Json, known: ReadonlySet<string>): Json {
  const extra: Json = {};
  for (const key of Object.keys(value).sort()) if (!known.has(key)) extra[key] = value[key];
  return extra;
}
