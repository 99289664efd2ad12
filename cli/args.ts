import { availableParallelism } from 'node:os';
import { CRASH_PROFILES, type CrashProfile } from '../sim/disk/types.js';
import { parseFaultSpec } from '../sim/faults/index.js';
import { EXPLORATIONS, type Exploration } from '../sim/runner/options.js';
import { SEED_MAX } from '../sim/rng.js';
import { SCHEDULER_STRATEGIES, type SchedulerStrategy } from '../sim/scheduler.js';
import { crashsimCommand } from './command.js';

/** Command-line parsing for `npm run sim` / `npx crashsim`. Every mistake is a UsageError (exit code 2). */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliOptions {
  seed: number;
  scenarios: string[] | null;
  runs: number;
  timeSeconds: number;
  /** The crash model; null: posix, or drawn per seed with swarm. */
  profile: CrashProfile | null;
  scheduler: SchedulerStrategy;
  exploration: Exploration;
  maxStates: number;
  clients: number | null;
  ops: number | null;
  replay: string | null;
  replayMinimized: boolean;
  /** With --replay: write the report's HTML page beside it instead of replaying. */
  html: boolean;
  impl: string | null;
  json: boolean;
  shard: { index: number; count: number } | null;
  reportsDir: string;
  shrink: boolean;
  help: boolean;
  /** `sim` (default) replays in the simulator; `real` confirms a replayed case on the real disk. */
  backend: Backend;
  /** Which real-disk confirmation modes `--backend real` runs. */
  confirmMode: ConfirmModeChoice;
  /** Worker threads a campaign is split over (1: this thread). */
  workers: number;
  /** Injected faults in the sim/faults spec syntax, or null for none. */
  faults: string | null;
  /** Crash each recovery once more, at a step drawn from the seed (RunOptions.crashRecovery). */
  crashRecovery: boolean;
  /** Failure reports written per scenario in a campaign; further failing runs are counted only. */
  reportsMax: number;
  /**
   * Swarm testing (default on): each run draws its profile, faults, clients, key space, operation
   * mix and value sizes from its seed; --profile, --faults and --clients given explicitly win.
   */
  swarm: boolean;
  /**
   * Fail a campaign in which some scenario's required coverage marks were never hit, whatever
   * its flags (a default campaign is checked without it: see requiresMarks in campaign-marks.ts).
   */
  requireMarks: boolean;
}

/** Default workers: one per core, at most 8 (a campaign's results do not depend on it). */
export const DEFAULT_WORKERS = Math.min(8, Math.max(1, availableParallelism()));

export type Backend = 'sim' | 'real';
export const BACKENDS: readonly Backend[] = ['sim', 'real'];
export type ConfirmModeChoice = 'image' | 'kill' | 'both';
export const CONFIRM_MODE_CHOICES: readonly ConfirmModeChoice[] = ['image', 'kill', 'both'];

export const DEFAULT_RUNS = 200;
export const DEFAULT_TIME_SECONDS = 40;
export const DEFAULT_REPORTS_MAX = 3;
export const DEFAULT_MAX_STATES = 64;

function parseInteger(flag: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined || !/^\d+$/.test(text)) throw new UsageError(`${flag} needs a whole number from ${min} to ${max}, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new UsageError(`${flag} needs a whole number from ${min} to ${max}, got ${text}`);
  return value;
}

function parseChoice<T extends string>(flag: string, text: string | undefined, choices: readonly T[]): T {
  const found = choices.find((choice) => choice === text);
  if (found === undefined) throw new UsageError(`${flag} must be one of ${choices.join(', ')}, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`);
  return found;
}

type FlagHandler = (options: CliOptions, value: () => string | undefined, flag: string) => void;

function requireText(value: string | undefined, message: string): string {
  if (value === undefined || value === '') throw new UsageError(message);
  return value;
}

function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index >= count) throw new UsageError(`--shard needs I/N with 0 <= I < N (e.g. 0/4), got ${JSON.stringify(text)}`);
  return { index, count };
}

function parseFaults(spec: string | undefined): string {
  if (spec === undefined || spec.trim() === '') throw new UsageError('--faults needs a fault spec, e.g. --faults "eio-sync:randomly(0.05)"; see --help');
  try {
    // Canonical form: what reports record and what --replay passes back.
    return parseFaultSpec(spec).toString();
  } catch (error) {
    throw new UsageError(`--faults: ${(error as Error).message}`);
  }
}

function parseScenarioNames(text: string | undefined): string[] {
  const names = (text ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw new UsageError('--scenario needs one or more scenario names or module paths (./my.scenario.ts), separated by commas');
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw new UsageError(`--scenario names ${repeated} twice; give each scenario once`);
  return names;
}

/** What each flag does to the options; flags without a value ignore `value`. */
const FLAGS: Readonly<Record<string, FlagHandler>> = {
  '--seed': (o, v, f) => { o.seed = parseInteger(f, v(), 0, SEED_MAX); },
  '--scenario': (o, v) => { o.scenarios = parseScenarioNames(v()); },
  '--runs': (o, v, f) => { o.runs = parseInteger(f, v(), 1, 10_000_000); },
  '--time': (o, v, f) => { o.timeSeconds = parseInteger(f, v(), 1, 7 * 24 * 3600); },
  '--profile': (o, v, f) => { o.profile = parseChoice(f, v(), CRASH_PROFILES); },
  '--scheduler': (o, v, f) => { o.scheduler = parseChoice(f, v(), SCHEDULER_STRATEGIES); },
  '--exploration': (o, v, f) => { o.exploration = parseChoice(f, v(), EXPLORATIONS); },
  '--max-states': (o, v, f) => { o.maxStates = parseInteger(f, v(), 1, 1_000_000); },
  '--clients': (o, v, f) => { o.clients = parseInteger(f, v(), 1, 64); },
  '--ops': (o, v, f) => { o.ops = parseInteger(f, v(), 1, 100_000); },
  '--replay': (o, v) => { o.replay = requireText(v(), '--replay needs the path of a report, e.g. --replay reports/blob-17.json'); },
  '--minimized': (o) => { o.replayMinimized = true; },
  '--html': (o) => { o.html = true; },
  '--impl': (o, v) => { o.impl = requireText(v(), '--impl needs a module path, e.g. --impl ./my-store.ts'); },
  '--shard': (o, v) => { o.shard = parseShard(v() ?? ''); },
  '--reports': (o, v) => { o.reportsDir = requireText(v(), '--reports needs a directory'); },
  '--reports-max': (o, v, f) => { o.reportsMax = parseInteger(f, v(), 0, 100_000); },
  '--backend': (o, v, f) => { o.backend = parseChoice(f, v(), BACKENDS); },
  '--confirm-mode': (o, v, f) => { o.confirmMode = parseChoice(f, v(), CONFIRM_MODE_CHOICES); },
  '--workers': (o, v, f) => { o.workers = parseInteger(f, v(), 1, 64); },
  '--faults': (o, v) => { o.faults = parseFaults(v()); },
  '--crash-recovery': (o) => { o.crashRecovery = true; },
  '--swarm': (o) => { o.swarm = true; },
  '--no-swarm': (o) => { o.swarm = false; },
  '--require-marks': (o) => { o.requireMarks = true; },
  '--no-shrink': (o) => { o.shrink = false; },
  '--json': (o) => { o.json = true; },
  '--help': (o) => { o.help = true; },
  '-h': (o) => { o.help = true; },
};

const FLAGS_WITHOUT_VALUE = new Set(['--minimized', '--html', '--json', '--help', '-h', '--no-shrink', '--crash-recovery', '--swarm', '--no-swarm', '--require-marks']);

/** Flags that only shape a campaign; with --replay they would do nothing. */
const CAMPAIGN_FLAGS = ['--seed', '--scenario', '--runs', '--time', '--profile', '--scheduler', '--exploration', '--max-states', '--clients', '--ops', '--shard', '--workers', '--faults', '--crash-recovery', '--swarm', '--no-swarm', '--no-shrink', '--reports', '--reports-max', '--require-marks'];

function defaultOptions(): CliOptions {
  return {
    seed: 1,
    scenarios: null,
    runs: DEFAULT_RUNS,
    timeSeconds: DEFAULT_TIME_SECONDS,
    profile: null,
    scheduler: 'random',
    exploration: 'random',
    maxStates: DEFAULT_MAX_STATES,
    clients: null,
    ops: null,
    replay: null,
    replayMinimized: false,
    html: false,
    impl: null,
    json: false,
    shard: null,
    reportsDir: 'reports',
    shrink: true,
    help: false,
    backend: 'sim',
    confirmMode: 'both',
    workers: DEFAULT_WORKERS,
    faults: null,
    crashRecovery: false,
    reportsMax: DEFAULT_REPORTS_MAX,
    swarm: true,
    requireMarks: false,
  };
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const options = defaultOptions();
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const handler = FLAGS[flag];
    if (handler === undefined) throw new UsageError(`unknown argument ${JSON.stringify(arg)}; see ${crashsimCommand()} --help`);
    if (inline !== undefined && FLAGS_WITHOUT_VALUE.has(flag)) throw new UsageError(`${flag} takes no value`);
    if (given.has(flag)) throw new UsageError(`${flag} is given twice; give it once (the second would silently win)`);
    handler(options, () => inline ?? argv[++i], flag);
    given.add(flag);
  }
  checkFlagsApply(options, given);
  return options;
}

/** A flag that would do nothing in the mode chosen is a mistake worth saying, not ignoring. */
function checkFlagsApply(options: CliOptions, given: ReadonlySet<string>): void {
  if (options.help) return;
  if (options.backend === 'real' && options.replay === null) {
    throw new UsageError('--backend real confirms a saved case: add --replay FILE (e.g. --replay reports/blob-17.json --backend real)');
  }
  if (given.has('--confirm-mode') && options.backend !== 'real') throw new UsageError('--confirm-mode only applies with --backend real');
  if (options.replay === null) {
    checkCampaignFlags(options, given);
    return;
  }
  if (options.html) checkHtmlFlags(options, given);
  const idle = CAMPAIGN_FLAGS.filter((flag) => given.has(flag));
  if (idle.length > 0) throw new UsageError(`${idle.join(', ')} shape${idle.length === 1 ? 's' : ''} a campaign and would do nothing with --replay (the report fixes the case)`);
}

function checkHtmlFlags(options: CliOptions, given: ReadonlySet<string>): void {
  if (options.backend === 'real') throw new UsageError('--html writes a page and confirms nothing: drop --backend real, or run it separately');
  if (given.has('--minimized')) throw new UsageError('--html shows both cases of the report (a button switches between them): drop --minimized');
  if (options.json) throw new UsageError('--html writes a file and prints its path: drop --json');
}

function checkCampaignFlags(options: CliOptions, given: ReadonlySet<string>): void {
  if (given.has('--minimized')) throw new UsageError('--minimized only applies with --replay FILE');
  if (given.has('--html')) throw new UsageError('--html writes the HTML page of a saved report: add --replay FILE (campaigns write one beside each report already)');
  if (given.has('--swarm') && given.has('--no-swarm')) throw new UsageError('--swarm and --no-swarm contradict each other; give one (swarm is on by default)');
  if (options.impl !== null && options.scenarios === null) {
    throw new UsageError('--impl replaces the implementation of one scenario: add --scenario NAME (or --scenario ./my.scenario.ts); see --help for the scenarios');
  }
  if (options.impl !== null && options.scenarios !== null && options.scenarios.length > 1) {
    throw new UsageError(`--impl replaces the implementation of one scenario, but --scenario names ${options.scenarios.length} (${options.scenarios.join(', ')}); run them one at a time`);
  }
  if (given.has('--max-states') && options.exploration !== 'exhaustive') {
    throw new UsageError('--max-states bounds exhaustive exploration: add --exploration exhaustive, or drop --max-states');
  }
  const lastSeed = options.seed + options.runs - 1;
  if (lastSeed > SEED_MAX) throw new UsageError(`--seed ${options.seed} with --runs ${options.runs} would run seeds past ${SEED_MAX}, the largest seed; start lower`);
}
