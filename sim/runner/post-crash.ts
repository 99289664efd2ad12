import type { SimFs } from '../disk/index.js';
import type { CrashProfile } from '../disk/types.js';
import { isCorruptionReport } from '../faults/corruption.js';
import type { Rng } from '../rng.js';
import { damagesData, type AnyScenario, type InjectedFault, type OperationRecord, type SystemFactory, type Violation } from '../scenario.js';
import type { GuardSlot } from './crash-capture.js';
import type { LivenessWatch } from './liveness.js';
import { crashDuringRecovery } from './recovery-crash.js';
import type { RecoveryCrash } from './recovery-crash.js';
import { reopenAndCheck } from './reopen-and-check.js';
import { RootGuard } from './root-guard.js';

/**
 * Judging one post-crash state in the simulator: optionally crash the recovery once more
 * (recovery-crash.ts), then reopen and check (reopen-and-check.ts) under the root guard. Refusing
 * to open is excused when the disk failed a call while the store recovered, or when a bit flip
 * damaged the store and it says so with a corruption error.
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
  readonly liveness: LivenessWatch;
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
  context.guardSlot.steps = 0;
  if (context.recoveryCrash === undefined) return judgeRecovery(scenario, factory, crashState, context, guard);
  const { state, ...where } = await crashDuringRecovery(crashState, {
    scenario,
    factory,
    root: context.root,
    profile: context.recoveryCrash.profile,
    rng: context.recoveryCrash.rng,
    inspect: (step) => guard.inspect(step),
    liveness: context.liveness,
  });
  context.guardSlot.steps = 0;
  return { ...(await judgeRecovery(scenario, factory, state, context, guard)), recoveryCrash: where };
}

async function judgeRecovery(
  scenario: AnyScenario,
  factory: SystemFactory<unknown>,
  state: SimFs,
  context: PostCrashContext,
  guard: RootGuard,
): Promise<PostCrashResult> {
  const flipped = context.injected?.some(damagesData) === true;
  let disarmed: readonly InjectedFault[] | null = null;
  const disarm = (): readonly InjectedFault[] => (disarmed ??= context.recoveryFaults?.disarm() ?? []);
  context.recoveryFaults?.arm();
  const { status, violations } = await reopenAndCheck({
    scenario,
    factory,
    fs: state,
    root: context.root,
    history: context.history,
    crashStep: context.crashStep,
    ...(context.injected === undefined ? {} : { injected: context.injected }),
    liveness: context.liveness,
    progress: () => state.trace.count,
    // Refusing to open under an I/O error the disk gave while recovering is the store's job;
    // under bit flips, refusing to open a damaged store is detection, as it must be.
    excuseOpenFailure: (error) => disarm().length > 0 || (flipped && isCorruptionReport(error)),
    // A store that opened despite faults while recovering must pass every check on a healthy disk.
    opened: () => void disarm(),
    recoveryDamage: () => disarm().filter(damagesData),
  });
  disarm();
  // A recovery that failed is reported alone: what it touched on the way is beside the point.
  const all = status === 'failed' ? violations : [...violations, ...guard.violations()];
  return { violations: all, traceHash: state.trace.hash() };
}
