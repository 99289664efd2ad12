import type { OperationRecord, Violation } from '../scenario.js';
import type { KillPoint } from './kill-protocol.js';

/** Results of real-disk confirmation, per mode. */

export type ConfirmMode = 'image' | 'kill';
export const CONFIRM_MODES: readonly ConfirmMode[] = ['image', 'kill'];

/** A violation seen on the real disk; `state` is the post-crash state (image mode), else 0. */
export interface RealViolation extends Violation {
  readonly state: number;
}

interface ModeReportBase {
  /** The invariants the case broke in the simulator: what the real disk is asked to confirm. */
  readonly expected: readonly string[];
  /** True when the real disk broke one of the expected invariants. */
  readonly confirmed: boolean;
  /** The first real violation of an expected invariant, when confirmed. */
  readonly confirmedBy: RealViolation | null;
  /** Every violation the real disk showed, expected or not. */
  readonly violations: readonly RealViolation[];
}

export interface ImageModeReport extends ModeReportBase {
  readonly mode: 'image';
  /** Post-crash states written to real files and checked. */
  readonly statesCount: number;
}

export interface KillModeReport extends ModeReportBase {
  readonly mode: 'kill';
  /** Where the child killed itself (`call` is `end` when the workload finished first; `path` as the simulated disk names it). */
  readonly killedAt: Omit<KillPoint, 'followedSchedule'>;
  /** The history the child logged, as the kill left it. */
  readonly history: readonly OperationRecord<unknown, unknown>[];
  /**
   * Whether the real run followed the simulated replay: every call went through in the
   * simulator's order of clients (SerializedFs `follow`), and the history has the same
   * operations, clients and outcome kinds. False when the real run went another way (a real disk
   * does not shuffle readdir, say), and the confirmation then judges a different interleaving.
   */
  readonly followedSimulation: boolean;
}

export type ModeReport = ImageModeReport | KillModeReport;

/** Splits real violations into the verdict: confirmed when one breaks an expected invariant. */
export function verdict(expected: readonly string[], violations: readonly RealViolation[]): Pick<ModeReportBase, 'confirmed' | 'confirmedBy'> {
  const confirmedBy = violations.find((v) => expected.includes(v.invariant)) ?? null;
  return { confirmed: confirmedBy !== null, confirmedBy };
}
