import type { CrashProfile } from '../disk/types.js';
import type { FaultPlan } from '../faults/plan.js';
import type { InjectedFault } from '../scenario.js';

/**
 * What the shrinker varies, as values: the client programs, the crash point, the crash model and
 * the fault plan. Everything else about a run (seed, scheduler, disk) stays the original's.
 */

/** The client programs of a case, one list of operations per client. */
export type Workload = readonly (readonly unknown[])[];

/** A case to try: what one run is made of. */
export interface ShrinkCase {
  readonly workload: Workload;
  /** Crash after exactly this many steps (counted from the disk's first call, like RunResult's). */
  readonly crashStep: number;
  readonly profile: CrashProfile;
  readonly faults: FaultPlan;
}

/** A case that failed the invariant being shrunk, with what its run observed (passes derive from it). */
export interface FailingCase extends ShrinkCase {
  /** Steps before the workload (creating the root): the earliest crash point. */
  readonly setupSteps: number;
  /** The call faults injected into the workload before the crash. */
  readonly callFaults: readonly InjectedFault[];
}

/** `from` with some of its parts replaced: a candidate (only the parts a run is made of). */
export function changeCase(from: ShrinkCase, change: Partial<ShrinkCase>): ShrinkCase {
  return {
    workload: change.workload ?? from.workload,
    crashStep: change.crashStep ?? from.crashStep,
    profile: change.profile ?? from.profile,
    faults: change.faults ?? from.faults,
  };
}

export function operationsIn(workload: Workload): number {
  return workload.reduce((sum, program) => sum + program.length, 0);
}
