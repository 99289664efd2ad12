import { CRASH_PROFILES, type CrashProfile } from '../disk/types.js';
import { assertSeed } from '../rng.js';
import { SCHEDULER_STRATEGIES, type SchedulerStrategy } from '../scheduler.js';
import { parseFaultSpec } from '../faults/parse.js';
import { FaultPlan } from '../faults/plan.js';
import { checkSwarmConfiguration } from '../swarm/validate.js';
import type { SwarmConfiguration } from '../swarm/types.js';

/** How post-crash states are chosen at the crash point. */
export type Exploration = 'random' | 'exhaustive';
export const EXPLORATIONS: readonly Exploration[] = ['random', 'exhaustive'];

/** Options of one run. Every default is stated; everything not given is drawn from the seed. */
export interface RunOptions {
  /** The run's seed: workload, schedule, crash point and crash state all derive from it. */
  seed: number;
  /** Crash model. Default `posix`. */
  profile?: CrashProfile;
  /** Interleaving strategy. Default `random`. */
  scheduler?: SchedulerStrategy;
  /** Concurrent clients. Default: drawn from 1 to 4. */
  clientsCount?: number;
  /** Client operations in the workload. Default 30. */
  operationsCount?: number;
  /** `random` (default): one post-crash state; `exhaustive`: every legal state, up to maxStates. */
  exploration?: Exploration;
  /** Bound of exhaustive exploration. Default 64. */
  maxStates?: number;
  /** Crash after exactly this many workload steps (clamped to the run's length). Default: uniform. */
  crashStep?: number;
  /** Sector size of the simulated disk. Default 512. */
  sectorSizeBytes?: number;
  /** Where the system lives on the simulated disk. Default `/data`. */
  root?: string;
  /**
   * Injected faults, in the sim/faults spec syntax (`eio-sync:randomly(0.05);bitflip`) or as a
   * FaultPlan value. Default none. A malformed spec throws FaultSpecError.
   */
  faults?: string | FaultPlan;
  /**
   * Crash the recovery too: after the crash, the store's recovery is itself crashed at a step
   * drawn from the seed, and the store must recover again from what that left (see
   * recovery-crash.ts). Default false.
   */
  crashRecovery?: boolean;
  /**
   * Filesystem steps a run may take on one disk (the workload's, each recovery's) before it is a
   * `liveness` violation: a livelock. Default: 1,000 per operation, at least 100,000.
   */
  stepsMax?: number;
  /**
   * Virtual milliseconds a run may wait on timers (code under test on a deterministic process)
   * before it is a `liveness` violation. Default 3,600,000 (an hour of virtual time).
   */
  virtualTimeMsMax?: number;
  /**
   * Swarm testing: `true` draws this seed's configuration (profile, faults, clients, key space,
   * operation mix, value sizes) from its own stream, `swarm`, so nothing else the seed drives
   * shifts; a SwarmConfiguration (from a report) is used as it is. `profile`, `faults` and
   * `clientsCount` given explicitly win over the configuration's. Default false: the fixed
   * configuration above (null too, as resolved options record it).
   */
  swarm?: boolean | SwarmConfiguration | null;
}

/** RunOptions with every default filled in, as reports record them. */
export interface ResolvedRunOptions {
  readonly seed: number;
  readonly profile: CrashProfile;
  readonly scheduler: SchedulerStrategy;
  readonly clientsCount: number;
  readonly operationsCount: number;
  readonly exploration: Exploration;
  readonly maxStates: number;
  readonly crashStep: number | null;
  readonly sectorSizeBytes: number;
  readonly root: string;
  /** The fault plan as it prints (canonical spec syntax); `''` for none. */
  readonly faults: string;
  readonly crashRecovery: boolean;
  readonly stepsMax: number;
  readonly virtualTimeMsMax: number;
  /**
   * The swarm configuration the run used, with the profile, faults and clients it really ran
   * with (explicit options override drawn ones); null without swarm.
   */
  readonly swarm: SwarmConfiguration | null;
}

function assertIntegerIn(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`runScenario: ${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
}

export const CLIENTS_COUNT_MAX = 64;
export const OPERATIONS_COUNT_MAX = 100_000;
const STEPS_MAX_FLOOR = 100_000;
const STEPS_PER_OPERATION = 1_000;
const VIRTUAL_TIME_MS_MAX_DEFAULT = 3_600_000;

/**
 * Validates options and fills defaults; `drawnClientsCount` is used when none is given. A swarm
 * configuration given (not `true`: runScenario draws that one first) fills what options leave out.
 */
export function resolveRunOptions(options: RunOptions, drawnClientsCount: number): ResolvedRunOptions {
  if (options.swarm === undefined || options.swarm === null || typeof options.swarm === 'boolean') return resolveFixed(options, drawnClientsCount);
  const config = checkSwarmConfiguration(options.swarm);
  const resolved = resolveFixed({ ...options, profile: options.profile ?? config.profile, faults: options.faults ?? config.faults }, options.clientsCount ?? config.clientsCount);
  return { ...resolved, swarm: { ...config, profile: resolved.profile, faults: resolved.faults, clientsCount: resolved.clientsCount } };
}

function resolveFixed(options: RunOptions, drawnClientsCount: number): ResolvedRunOptions {
  assertSeed(options.seed, 'runScenario');
  const profile = options.profile ?? 'posix';
  if (!CRASH_PROFILES.includes(profile)) {
    throw new RangeError(`runScenario: profile must be one of ${CRASH_PROFILES.join(', ')}, got ${String(profile)}`);
  }
  const scheduler = options.scheduler ?? 'random';
  if (!SCHEDULER_STRATEGIES.includes(scheduler)) {
    throw new RangeError(`runScenario: scheduler must be one of ${SCHEDULER_STRATEGIES.join(', ')}, got ${String(scheduler)}`);
  }
  const exploration = options.exploration ?? 'random';
  if (!EXPLORATIONS.includes(exploration)) {
    throw new RangeError(`runScenario: exploration must be one of ${EXPLORATIONS.join(', ')}, got ${String(exploration)}`);
  }
  const clientsCount = options.clientsCount ?? drawnClientsCount;
  assertIntegerIn('clientsCount', clientsCount, 1, CLIENTS_COUNT_MAX);
  const operationsCount = options.operationsCount ?? 30;
  assertIntegerIn('operationsCount', operationsCount, 1, OPERATIONS_COUNT_MAX);
  const maxStates = options.maxStates ?? 64;
  assertIntegerIn('maxStates', maxStates, 1, 1_000_000);
  const crashStep = options.crashStep ?? null;
  if (crashStep !== null) assertIntegerIn('crashStep', crashStep, 0, Number.MAX_SAFE_INTEGER);
  const sectorSizeBytes = options.sectorSizeBytes ?? 512;
  const root = options.root ?? '/data';
  if (!root.startsWith('/') || root.includes('\0') || root === '/') {
    throw new RangeError(`runScenario: root must be an absolute path other than /, got ${JSON.stringify(root)}`);
  }
  // Canonical, so that reports show the plan as the parser understood it.
  const faults = options.faults === undefined ? '' : options.faults instanceof FaultPlan ? options.faults.toString() : parseFaultSpec(options.faults).toString();
  const crashRecovery = options.crashRecovery ?? false;
  if (typeof crashRecovery !== 'boolean') throw new TypeError(`runScenario: crashRecovery must be true or false, got ${String(crashRecovery)}`);
  const stepsMax = options.stepsMax ?? Math.max(STEPS_MAX_FLOOR, operationsCount * STEPS_PER_OPERATION);
  assertIntegerIn('stepsMax', stepsMax, 1, Number.MAX_SAFE_INTEGER);
  const virtualTimeMsMax = options.virtualTimeMsMax ?? VIRTUAL_TIME_MS_MAX_DEFAULT;
  assertIntegerIn('virtualTimeMsMax', virtualTimeMsMax, 0, Number.MAX_SAFE_INTEGER);
  return { seed: options.seed, profile, scheduler, clientsCount, operationsCount, exploration, maxStates, crashStep, sectorSizeBytes, root, faults, crashRecovery, stepsMax, virtualTimeMsMax, swarm: null };
}
