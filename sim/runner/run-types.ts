import type { SimFs } from '../disk/index.js';
import type { InjectedFault, OperationRecord, SystemFactory, Violation } from '../scenario.js';
import type { VirtualTimers } from './liveness.js';
import type { ResolvedRunOptions } from './options.js';

/** What one run gives back: the types runScenario, the judge and the reports share. */

/** A violation found at one post-crash state. */
export interface FoundViolation extends Violation {
  /** Steps taken before the crash. */
  readonly crashStep: number;
  /** Which post-crash state (0 in random exploration). */
  readonly state: number;
}

export interface RunResult {
  readonly scenario: string;
  readonly options: ResolvedRunOptions;
  /** Fingerprint of the whole run: the workload's trace, the crash point and every recovery's trace. */
  readonly traceHash: string;
  /**
   * Steps in the whole run, counted like `crashStep`: from the disk's first call, so the few
   * steps that create the root before the workload are included.
   */
  readonly stepsCount: number;
  /** Steps taken by that setup: the earliest possible crash point. */
  readonly setupSteps: number;
  /** Steps taken before the crash. */
  readonly crashStep: number;
  /** Post-crash states reopened and checked. */
  readonly statesChecked: number;
  /** Whether exhaustive exploration hit maxStates. */
  readonly statesTruncated: boolean;
  readonly violations: readonly FoundViolation[];
  /** The history as the crash left it. */
  readonly history: readonly OperationRecord<unknown, unknown>[];
  /** The calls just before the crash, one line each. */
  readonly timeline: readonly string[];
  /** What was not durable at the crash, one line each. */
  readonly pendingAtCrash: readonly string[];
  /**
   * With `crashRecovery`: the calls the interrupted recovery made before it crashed too (steps
   * `r0`, `r1`... of the post-crash disk), in the state of the first violation (else state 0).
   * Empty otherwise.
   */
  readonly recoveryTimeline: readonly string[];
  /**
   * The failing post-crash state that needed the fewest unsynced operations to survive, and what
   * the crash did to each of them (null when nothing failed, or on the fast path's first pass).
   */
  readonly crashStory: CrashStory | null;
  /**
   * The faults injected before the crash and the bit flips made in the post-crash state(s), one
   * line each (see describeInjectedFault); empty without `faults`.
   */
  readonly injectedFaults: readonly string[];
  /** The call faults injected into the workload before the crash, as data (for the shrinker). */
  readonly callFaults: readonly InjectedFault[];
  /** The client programs that ran (for shrinking and reports). */
  readonly workload: readonly (readonly unknown[])[];
  /**
   * The post-crash disks as the crash left them (before recovery touched them), when
   * `keepStates` was asked for; empty otherwise.
   */
  readonly crashStates: readonly SimFs[];
  /**
   * The client that took each workload step, in step order from `setupSteps` (-1: the runner
   * opening or closing the system), when `recordSchedule` was asked for; empty otherwise.
   */
  readonly schedule: readonly number[];
  /**
   * The coverage marks (src/coverage) the run hit, with how often, labels sorted; marks it never
   * hit are absent. Counted over everything the run did: workload, recoveries and checks.
   */
  readonly marks: Readonly<Record<string, number>>;
}

export interface CrashStory {
  /** Which post-crash state. */
  readonly state: number;
  /** How many unsynced operations reached the disk, at least in part, in that state. */
  readonly survivors: number;
  /** One line per unsynced operation: what the crash did to it. */
  readonly lines: readonly string[];
}

export interface RunInputs {
  /** The implementation under test. Default: the scenario's bundled factory. */
  readonly impl?: SystemFactory<unknown>;
  /** Explicit client programs instead of generated ones (replaying a shrunk case). */
  readonly workload?: readonly (readonly unknown[])[];
  /**
   * Keep the post-crash disks in the result (`crashStates`), e.g. to write them to a real disk
   * for confirmation. They are checked either way; keeping them only costs memory.
   */
  readonly keepStates?: boolean;
  /**
   * Record which client took each workload step (`schedule`), so a real-disk run can follow the
   * same interleaving (kill-mode confirmation). Same interleaving either way.
   */
  readonly recordSchedule?: boolean;
  /**
   * How many of the workload disk's last calls a detailed execution keeps in its trace (a replay
   * that looks for the first call where two runs differ keeps them all). Default: enough for the
   * timeline. Kept calls change nothing but memory.
   */
  readonly traceRecordsCountMax?: number;
  /**
   * The process running the code under test, as the liveness watch sees it (see VirtualTimers).
   * Default: the NodeRun executing at the time, if any (sim/node), which is what the node:fs
   * scenarios run their implementation in; code on the FileSystem interface has none.
   */
  readonly timers?: VirtualTimers;
}
