import type { SimFs } from '../disk/index.js';
import type { CrashProfile, StepInfo } from '../disk/types.js';
import type { Rng } from '../rng.js';
import type { AnyScenario, SystemFactory } from '../scenario.js';
import { formatTraceRecord } from '../trace.js';
import { TIMELINE_STEPS } from './crash-capture.js';
import type { LivenessWatch } from './liveness.js';

/**
 * Crashing the recovery itself (`crashRecovery`): the store recovers on a post-crash disk, and a
 * real machine can lose power again while it does. The recovery runs once on a copy to count its
 * steps, then again on another copy with a crash drawn at one of them (or after the last); the
 * state that second crash leaves is what the store must recover from next, and what is judged. A
 * recovery that is not crash-safe itself (one that rewrites a file in place, say) fails there,
 * though every recovery that runs to its end looks right.
 *
 * Neither interrupted recovery is judged (the first may even fail: the recovery after the second
 * crash then fails the same way, and is reported).
 */
export interface RecoveryCrash {
  /** The disk the second crash left, built with the post-crash disk's own options (guard, faults). */
  readonly state: SimFs;
  /** The recovery's steps before the second crash. */
  readonly step: number;
  /** The steps an uninterrupted recovery (and close) took. */
  readonly steps: number;
  /** Fingerprint of the interrupted recovery. */
  readonly traceHash: string;
  /** The interrupted recovery's last calls before its crash, one line each (steps `r0`, `r1`...). */
  readonly timeline: readonly string[];
}

export interface RecoveryCrashInput {
  readonly scenario: AnyScenario;
  readonly factory: SystemFactory<unknown>;
  readonly root: string;
  readonly profile: CrashProfile;
  /** Draws the crash step and the crash state: a stream of this crash point and state. */
  readonly rng: Rng;
  /** Sees every step of the interrupted recoveries (the root guard). */
  readonly inspect: (step: StepInfo) => void;
  /** A recovery that never settles is left behind (the judged recovery then shows it). */
  readonly liveness: LivenessWatch;
}

const CRASH_SEED_BOUND = 2 ** 31;

export async function crashDuringRecovery(state: SimFs, input: RecoveryCrashInput): Promise<RecoveryCrash> {
  const { scenario, factory, root, profile, rng, inspect, liveness } = input;
  // Not judged here (see above): an interrupted recovery may fail, or even never settle.
  const recover = async (disk: SimFs): Promise<void> => {
    const progress = (): number => disk.trace.count;
    const opened = await liveness.settle(factory(disk, root), progress);
    if (opened.kind === 'ok') await liveness.settle(scenario.close(opened.value), progress);
  };
  // A post-crash disk has nothing pending, so a `process` clone is an exact copy of it.
  const counting = state.crashClone({ profile: 'process', next: { onStep: inspect } });
  await recover(counting);
  const steps = counting.trace.count;
  const step = rng.int(steps + 1);
  const crashSeed = rng.int(CRASH_SEED_BOUND);
  const crashNow = (disk: SimFs): SimFs => disk.crashClone({ profile, seed: crashSeed, next: state.options });
  let crashed: SimFs | undefined;
  const interrupted: SimFs = state.crashClone({
    profile: 'process',
    next: {
      onStep: (info) => {
        inspect(info);
        // A clone, not a kill: the interrupted recovery runs on (unjudged), which costs little
        // and keeps the store's own promises from dangling.
        if (crashed === undefined && info.seq === step) crashed = crashNow(interrupted);
      },
    },
  });
  await recover(interrupted);
  return { state: crashed ?? crashNow(interrupted), step, steps, traceHash: interrupted.trace.hash(), timeline: callsBefore(interrupted, step) };
}

/** The recovery's calls before its crash at `step`, as a timeline shows them. */
function callsBefore(disk: SimFs, step: number): string[] {
  const before = disk.trace.records().filter((record) => record.seq < step).slice(-TIMELINE_STEPS);
  return before.map((record) => formatTraceRecord(record, { stepPrefix: 'r', caller: 'recovery' }));
}
