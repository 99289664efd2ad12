import { availableParallelism } from 'node:os';
import { CRASH_PROFILES, type CrashProfile } from '../sim/disk/types.js';
import { parseFaultSpec } from '../sim/faults/index.js';
import { EXPLORATIONS, type Exploration } from '../sim/runner/options.js';
import { SEED_MAX } from '../sim/rng.js';
import { SCHEDULER_STRATEGIES, type SchedulerStrategy } from '../sim/scheduler.js';

/** Command-line parsing for `npm run sim`. Every mistake is a UsageError (exit code 2). */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliOptions {
  seed: number;
  scenarios: string[] | null;
  runs: number;
  timeSeconds: number;
  profile: CrashProfile;
  scheduler: SchedulerStrategy;
  exploration: Exploration;
  maxStates: number;
  clients: number | null;
  ops: number | null;
  replay: string | null;
  replayMinimized: boolean;
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
}

/** Default workers: one per core, at most 8 (a campaign's results do not depend on it). */
export const DEFAULT_WORKERS = Math.min(8, Math.max(1, availableParallelism()));

export type Backend = 'sim' | 'real';
export const BACKENDS: readonly Backend[] = ['sim', 'real'];
export type ConfirmModeChoice = 'image' | 'kill' | 'both';
export const CONFIRM_MODE_CHOICES: readonly ConfirmModeChoice[] = ['image', 'kill', 'both'];

export const DEFAULT_RUNS = 200;
export const DEFAULT_TIME_SECONDS = 40;

export const HELP = `Usage: npm run sim -- [options]

Runs crash-testing campaigns: each run drives a storage system with concurrent clients on a
simulated disk, crashes at a step drawn from its seed, reopens the system on a legal post-crash
state and checks its invariants. Run seeds are consecutive from --seed.

  --seed N              first run seed (default 1)
  --scenario A[,B...]   scenarios to run (default: all; see the list below)
  --runs N              runs per scenario (default ${DEFAULT_RUNS})
  --time SECONDS        wall-clock budget for the whole campaign (default ${DEFAULT_TIME_SECONDS})
  --profile P           crash model: ${CRASH_PROFILES.join(' | ')} (default posix)
  --scheduler S         interleaving: ${SCHEDULER_STRATEGIES.join(' | ')} (default random)
  --exploration E       ${EXPLORATIONS.join(' | ')}: one post-crash state, or all up to --max-states
  --max-states N        bound of exhaustive exploration (default 64)
  --clients N           concurrent clients (default: drawn from 1 to 4 per run)
  --ops N               operations per run (default 30)
  --impl MODULE         test another implementation: MODULE's default export is a factory with
                        the scenario's factory signature
  --replay FILE         replay a saved report (add --minimized for its shrunk case)
  --backend B           sim | real (default sim); real, with --replay, confirms the case on the
                        real disk in a fresh temp directory: image mode writes the simulated
                        post-crash state to real files, kill mode SIGKILLs a child process at
                        the crash step; both recover and check (exit 1 if one confirms it)
  --confirm-mode M      image | kill | both (default both), with --backend real
  --faults SPEC          inject faults besides crashes, e.g. "eio-sync:randomly(0.05)",
                        "enospc:capacity(65536)", "eio-read:randomly(0.1)", "bitflip:randomly(0.5)";
                        several separated by ';'; a rule naming phase(recovery) fails calls
                        while the store reopens after the crash, e.g.
                        "eio-read:phase(recovery)&randomly(0.2)" (see sim/faults)
  --crash-recovery      crash the recovery too: after each crash, the store's recovery is
                        crashed again at a step drawn from the seed, and it must recover from that
  --workers N           worker threads for a campaign (default: one per core, here ${DEFAULT_WORKERS}); the
                        results and the campaign hash do not depend on it
  --no-shrink           report failures without shrinking them
  --shard I/N           run only the runs whose position is I modulo N (0 <= I < N)
  --reports DIR         where failure reports go (default reports)
  --json                print the summary as JSON
  --help                this text

Exit codes: 0 every invariant held, 1 a violation was found, 2 bad usage or bad input.`;

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

export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    seed: 1,
    scenarios: null,
    runs: DEFAULT_RUNS,
    timeSeconds: DEFAULT_TIME_SECONDS,
    profile: 'posix',
    scheduler: 'random',
    exploration: 'random',
    maxStates: 64,
    clients: null,
    ops: null,
    replay: null,
    replayMinimized: false,
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
  };
  let confirmModeGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--seed': options.seed = parseInteger(flag, value(), 0, SEED_MAX); break;
      case '--scenario': {
        const names = (value() ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
        if (names.length === 0) throw new UsageError('--scenario needs one or more scenario names, separated by commas');
        options.scenarios = names;
        break;
      }
      case '--runs': options.runs = parseInteger(flag, value(), 1, 10_000_000); break;
      case '--time': options.timeSeconds = parseInteger(flag, value(), 1, 7 * 24 * 3600); break;
      case '--profile': options.profile = parseChoice(flag, value(), CRASH_PROFILES); break;
      case '--scheduler': options.scheduler = parseChoice(flag, value(), SCHEDULER_STRATEGIES); break;
      case '--exploration': options.exploration = parseChoice(flag, value(), EXPLORATIONS); break;
      case '--max-states': options.maxStates = parseInteger(flag, value(), 1, 1_000_000); break;
      case '--clients': options.clients = parseInteger(flag, value(), 1, 64); break;
      case '--ops': options.ops = parseInteger(flag, value(), 1, 100_000); break;
      case '--replay': {
        const file = value();
        if (file === undefined || file === '') throw new UsageError('--replay needs the path of a report, e.g. --replay reports/blob-17.json');
        options.replay = file;
        break;
      }
      case '--minimized': options.replayMinimized = true; break;
      case '--impl': {
        const module = value();
        if (module === undefined || module === '') throw new UsageError('--impl needs a module path, e.g. --impl ./my-store.ts');
        options.impl = module;
        break;
      }
      case '--shard': {
        const text = value() ?? '';
        const match = /^(\d+)\/(\d+)$/.exec(text);
        const index = Number(match?.[1]);
        const count = Number(match?.[2]);
        if (match === null || count < 1 || index >= count) throw new UsageError(`--shard needs I/N with 0 <= I < N (e.g. 0/4), got ${JSON.stringify(text)}`);
        options.shard = { index, count };
        break;
      }
      case '--reports': {
        const dir = value();
        if (dir === undefined || dir === '') throw new UsageError('--reports needs a directory');
        options.reportsDir = dir;
        break;
      }
      case '--backend': options.backend = parseChoice(flag, value(), BACKENDS); break;
      case '--confirm-mode': options.confirmMode = parseChoice(flag, value(), CONFIRM_MODE_CHOICES); confirmModeGiven = true; break;
      case '--workers': options.workers = parseInteger(flag, value(), 1, 64); break;
      case '--faults': {
        const spec = value();
        if (spec === undefined || spec.trim() === '') throw new UsageError('--faults needs a fault spec, e.g. --faults "eio-sync:randomly(0.05)"; see --help');
        try {
          // Canonical form: what reports record and what --replay passes back.
          options.faults = parseFaultSpec(spec).toString();
        } catch (error) {
          throw new UsageError(`--faults: ${(error as Error).message}`);
        }
        break;
      }
      case '--crash-recovery': options.crashRecovery = true; break;
      case '--no-shrink': options.shrink = false; break;
      case '--json': options.json = true; break;
      case '--help': case '-h': options.help = true; break;
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(arg)}; see npm run sim -- --help`);
    }
    if (inline !== undefined && ['--minimized', '--json', '--help', '--no-shrink', '--crash-recovery'].includes(flag)) {
      throw new UsageError(`${flag} takes no value`);
    }
  }
  if (options.backend === 'real' && options.replay === null) {
    throw new UsageError('--backend real confirms a saved case: add --replay FILE (e.g. --replay reports/blob-17.json --backend real)');
  }
  if (confirmModeGiven && options.backend !== 'real') throw new UsageError('--confirm-mode only applies with --backend real');
  return options;
}
