import type { FileSystem } from '../../src/fs/types.js';
import { hostViolationsOf, type AnyScenario, type InjectedFault, type OperationRecord, type SystemFactory, type Violation } from '../scenario.js';
import { phaseViolation } from './execute-workload.js';
import type { LivenessWatch, PhaseOutcome } from './liveness.js';

/**
 * Judging one post-crash disk: reopen the system through the factory (which recovers), run the
 * scenario's checks, close it. A recovery that throws is itself a violation: a store must open on
 * every state a crash can legally leave, unless the caller excuses the error (an I/O error the
 * disk gave while recovering, damage the store detected). The simulator judges its post-crash
 * states this way and real-disk confirmation judges real files the same way, so the two can be
 * compared invariant by invariant.
 */
export interface ReopenInput {
  readonly scenario: AnyScenario;
  readonly factory: SystemFactory<unknown>;
  readonly fs: FileSystem;
  readonly root: string;
  readonly history: readonly OperationRecord<unknown, unknown>[];
  readonly crashStep: number;
  /** Faults injected before the crash and bit flips in this state (see CheckInput.injected). */
  readonly injected?: readonly InjectedFault[];
  /** Awaits each phase so that one that never settles is a violation; null on a real disk. */
  readonly liveness: LivenessWatch | null;
  /** Grows with every step the disk takes (for the liveness watch). */
  readonly progress: () => number;
  /** True when refusing to open with this error is the right answer; default never. */
  readonly excuseOpenFailure?: (error: unknown) => boolean;
  /** Called once the system opened, before the checks (recovery faults stop here). */
  readonly opened?: () => void;
  /** Damage done while the system recovered (rot), asked after it opened: the check is told of it too. */
  readonly recoveryDamage?: () => readonly InjectedFault[];
}

export interface ReopenResult {
  /** `excused`: the system refused to open and the caller accepted that; `failed`: it did not open. */
  readonly status: 'opened' | 'excused' | 'failed';
  readonly violations: Violation[];
}

export async function reopenAndCheck(input: ReopenInput): Promise<ReopenResult> {
  const { scenario, liveness } = input;
  const await_ = <T>(promise: Promise<T>): Promise<PhaseOutcome<T>> => settle(liveness, promise, input.progress);
  const violations: Violation[] = [];
  const reopened = await await_(input.factory(input.fs, input.root));
  if (reopened.kind === 'error' && input.excuseOpenFailure?.(reopened.error) === true) return { status: 'excused', violations };
  if (reopened.kind !== 'ok') return { status: 'failed', violations: listOf(phaseViolation(reopened, 'recovery', 'reopening after the crash', false)) };
  input.opened?.();
  const recovered = reopened.value;
  const injected = [...(input.injected ?? []), ...(input.recoveryDamage?.() ?? [])];
  const checkInput = {
    history: input.history,
    recovered,
    fs: input.fs,
    root: input.root,
    crashStep: input.crashStep,
    ...(input.injected === undefined && injected.length === 0 ? {} : { injected }),
  };
  const checked = await await_(scenario.check(checkInput));
  if (checked.kind === 'ok') violations.push(...checked.value);
  else violations.push(...listOf(phaseViolation(checked, 'check', 'checking the recovered system', false)));
  const closed = await await_(scenario.close(recovered));
  violations.push(...listOf(phaseViolation(closed, 'close', 'closing the recovered system', false)));
  violations.push(...hostViolationsOf(recovered));
  return { status: 'opened', violations };
}

async function settle<T>(liveness: LivenessWatch | null, promise: Promise<T>, progress: () => number): Promise<PhaseOutcome<T>> {
  if (liveness !== null) return liveness.settle(promise, progress);
  try {
    return { kind: 'ok', value: await promise };
  } catch (error) {
    return { kind: 'error', error };
  }
}

function listOf(violation: Violation | null): Violation[] {
  return violation === null ? [] : [violation];
}
