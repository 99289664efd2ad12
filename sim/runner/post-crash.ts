import type { SimFs } from '../disk/index.js';
import type { AnyScenario, InjectedFault, OperationRecord, SystemFactory, Violation } from '../scenario.js';
import { RootGuard } from './root-guard.js';
import { crashDuringRecovery } from './recovery-crash.js';
import type { RecoveryCrash } from './recovery-crash.js';
import type { CrashProfile } from '../disk/types.js';
import type { Rng } from '../rng.js';
import { describeError } from './describe-error.js';
import { isCorruptionReport } from '../faults/corruption.js';

/**
 * Judging one post-crash state: reopen the system through the same factory (which recovers),
 * run the scenario's checks, close it. A recovery that throws is itself a violation: a store must
 * open on every state a crash can legally leave (unless the disk failed it while recovering, or
 * a bit flip damaged it and it says so).
 */

export interface PostCrashContext {
  readonly history: readonly OperationRecord<unknown, unknown>[];
  readonly root: string;
  readonly crashStep: number;
  /** The post-crash disks report their steps here (see GuardSlot). */
  readonly guardSlot: GuardSlot;
  /** Faults injected before the crash and bit flips in this state (see CheckInput.injected). */
  readonly injected?: readonly InjectedFault[];
  /** Faults while the store reopens (rules naming a phase), on from the reopen until it opened. */
  readonly recoveryFaults?: { arm(): void; disarm(): readonly InjectedFault[] };
  /** With `crashRecovery`: crash the recovery once (see recovery-crash.ts), drawing from `rng`. */
  readonly recoveryCrash?: { readonly rng: Rng; readonly profile: CrashProfile };
}

/**
 * Post-crash disks are built while the workload runs, before anyone knows which of them will be
 * checked, so their step hook forwards to whichever guard is checking them now.
 */
export interface GuardSlot {
  current: RootGuard | null;
}

export interface PostCrashResult {
  readonly violations: readonly Violation[];
  readonly traceHash: string;
  /** With `recoveryCrash`: where the first recovery was crashed. */
  readonly recoveryCrash?: Omit<RecoveryCrash, 'state'>;
}

export async function checkPostCrashState(
  scenario: AnyScenario,
  factory: SystemFactory<unknown>,
  crashState: SimFs,
  context: PostCrashContext,
): Promise<PostCrashResult> {
  const guard = new RootGuard(context.root);
  context.guardSlot.current = guard;
  if (context.recoveryCrash === undefined) return judgeRecovery(scenario, factory, crashState, context, guard);
  const { state, ...where } = await crashDuringRecovery(crashState, {
    scenario,
    factory,
    root: context.root,
    profile: context.recoveryCrash.profile,
    rng: context.recoveryCrash.rng,
    inspect: (step) => guard.inspect(step),
  });
  return { ...(await judgeRecovery(scenario, factory, state, context, guard)), recoveryCrash: where };
}

/** Reopens the system on `state` (it recovers), runs the scenario's checks and closes it. */
async function judgeRecovery(
  scenario: AnyScenario,
  factory: SystemFactory<unknown>,
  state: SimFs,
  context: PostCrashContext,
  guard: RootGuard,
): Promise<PostCrashResult> {
  const violations: Violation[] = [];
  let recovered: unknown;
  context.recoveryFaults?.arm();
  try {
    recovered = await factory(state, context.root);
  } catch (error) {
    // Refusing to open under an I/O error the disk gave while recovering is the store's job.
    if ((context.recoveryFaults?.disarm() ?? []).length > 0) return { violations: guard.violations(), traceHash: state.trace.hash() };
    // Under bit flips, refusing to open a damaged store is detection, as it must be.
    const flipped = context.injected?.some((fault) => fault.fault === 'bitflip') === true;
    if (flipped && isCorruptionReport(error)) return { violations: guard.violations(), traceHash: state.trace.hash() };
    violations.push({ invariant: 'recovery', message: `reopening after the crash failed: ${describeError(error)}` });
    return { violations, traceHash: state.trace.hash() };
  }
  // A store that opened despite faults while recovering must pass every check, on a healthy disk:
  // an error it swallowed shows as lost or wrong data.
  context.recoveryFaults?.disarm();
  try {
    violations.push(...(await scenario.check({ ...context, recovered, fs: state })));
  } catch (error) {
    violations.push({ invariant: 'check', message: `checking the recovered system failed: ${describeError(error)}` });
  }
  try {
    await scenario.close(recovered);
  } catch (error) {
    violations.push({ invariant: 'close', message: `closing the recovered system failed: ${describeError(error)}` });
  }
  violations.push(...guard.violations());
  return { violations, traceHash: state.trace.hash() };
}
