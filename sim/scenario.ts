import type { FileSystem } from '../src/fs/types.js';
import type { Rng } from './rng.js';
import type { SwarmSpace, WorkloadKnobs } from './swarm/types.js';

/**
 * What a scenario is: a system under test (opened through a factory), a workload of concurrent
 * clients, and the invariants checked on the history after a crash and a reopen.
 *
 * The runner (sim/runner) owns everything else: the simulated disk, the scheduler that
 * interleaves the clients at every filesystem call, the crash point, the post-crash states,
 * reopening through the factory, and the runner-level checks (no path outside the root).
 */

/**
 * Opens (creating or recovering) the system under test on `fs` at `root`. A scenario bundles a
 * default one; `--impl MODULE` replaces it with the module's default export, which must have
 * this signature. Mutants are factories too.
 */
export type SystemFactory<System> = (fs: FileSystem, root: string) => Promise<System>;

/** How big a generated workload is. The runner picks it; scenarios stay within it. */
export interface WorkloadSize {
  /** Concurrent clients, at least 1. */
  readonly clientsCount: number;
  /** Client operations in the whole workload (all clients), at least 1. */
  readonly operationsCount: number;
  /**
   * How this run's swarm configuration departs from the scenario's default workload (key space,
   * value sizes, operation mix); absent without swarm, and then `generate` draws its defaults.
   * The helpers `mixRoll`, `keySpace`, `pickValueSize` and `boundValueSize` read it.
   */
  readonly knobs?: WorkloadKnobs;
}

/** How one client operation ended, as the client saw it. */
export type OperationOutcome<Result> =
  | { readonly kind: 'ok'; readonly value: Result }
  /**
   * The operation rejected. `code` is the error's `code` when it has one, else its name.
   * `corruption` is true when the error carries the corruption brand (`isCorruptionReport`): the
   * store refused data it found damaged. Decided by the error's type when it was thrown, since
   * a history keeps no error objects; absent otherwise.
   */
  | { readonly kind: 'error'; readonly code: string; readonly message: string; readonly corruption?: true }
  /** The crash happened while the operation was in flight: it may or may not have taken effect. */
  | { readonly kind: 'cut' };

/** One client operation in the history: invocation, completion and outcome. */
export interface OperationRecord<Operation, Result> {
  /** Unique in the history, in invocation order. */
  readonly id: number;
  readonly client: number;
  readonly operation: Operation;
  /** The number of filesystem steps taken before the operation was invoked. */
  readonly invokedAtStep: number;
  /** Steps taken when it completed; null when cut by the crash. */
  readonly completedAtStep: number | null;
  readonly outcome: OperationOutcome<Result>;
}

/** A broken invariant. `invariant` is a short stable name; `message` explains the case. */
export interface Violation {
  readonly invariant: string;
  readonly message: string;
}

/**
 * A fault sim/faults injected into the run (`--faults`). An operation that failed because of one
 * is judged like a cut operation (it may or may not have taken effect); a bit flip (at the crash)
 * or rot (read back from a file at rest while the store runs) damages durable data, which a store
 * must detect (a checksum error) rather than serve. `damagesData` tells the two kinds apart from
 * call faults.
 */
export interface InjectedFault {
  readonly fault: 'eio-sync' | 'eio-read' | 'enospc' | 'bitflip' | 'rot';
  /** The failed call's step (trace seq); for a bit flip, the crash step; for rot, the read's step. */
  readonly step: number;
  /** `sync`, `read`, `write`... as `opKind` names them; `crash` for a bit flip. */
  readonly call: string;
  readonly path: string;
  /** What it did, in words: the error code, or which bits were flipped. */
  readonly detail: string;
  /**
   * For a call fault: how many calls its injector was asked about before it on the same call and
   * path (that a rule of its kind sees), so `opKind(call)&pathIs(path)&onIndex(ordinal)` hits
   * exactly this call again (the shrinker pins faults this way). Absent for bit flips.
   */
  readonly ordinal?: number;
  /**
   * `recovery` for a fault injected while the store reopened on the post-crash disk: its `step`
   * then counts that disk's steps, not the workload's. Absent for the workload's faults and flips.
   */
  readonly phase?: 'recovery';
}

/** Whether a fault damaged durable data (a bit flip at the crash, or rot read back while running). */
export function damagesData(fault: InjectedFault): boolean {
  return fault.fault === 'bitflip' || fault.fault === 'rot';
}

/** What `check` receives after the crash. */
export interface CheckInput<System, Operation, Result> {
  /**
   * Every operation invoked before the crash, in invocation order. Operations still in flight at
   * the crash are `cut`; operations never invoked are absent.
   */
  readonly history: readonly OperationRecord<Operation, Result>[];
  /** The system reopened on the post-crash disk through the same factory. */
  readonly recovered: System;
  /** The post-crash disk, for checks the system's API cannot answer (leaked temp files). */
  readonly fs: FileSystem;
  readonly root: string;
  /** The number of steps taken before the crash. */
  readonly crashStep: number;
  /**
   * Faults injected before the crash and bit flips made in this post-crash state, in step order.
   * Absent or empty when the run injects none (the default).
   */
  readonly injected?: readonly InjectedFault[];
}

export interface Scenario<System, Operation, Result> {
  /** Stable, kebab-case: `blob`, `blob-put-if-absent`, `wal`... */
  readonly name: string;
  /** One line for `--help` and the summary. */
  readonly description: string;
  /** The bundled implementation. */
  readonly defaultFactory: SystemFactory<System>;
  /** The programs of the concurrent clients, drawn from the `workload` stream. */
  generate(rng: Rng, size: WorkloadSize): Operation[][];
  /** Runs one operation against the system. Throwing is a legitimate outcome, recorded. */
  apply(system: System, operation: Operation): Promise<Result>;
  /** Releases the system (after the check, or when the workload ends without a crash). */
  close(system: System): Promise<void>;
  /** Checks the invariants; resolves to the violations found (empty when all held). */
  check(input: CheckInput<System, Operation, Result>): Promise<Violation[]>;
  /** The operation in one short line, for histories and timelines. */
  describe(operation: Operation): string;
  /**
   * Optional: whether a value is an operation of this scenario. A replay uses it to refuse a
   * report whose workload was edited or made by another version of the scenario (exit 2,
   * "corrupt") instead of running operations the scenario does not know.
   */
  isOperation?(value: unknown): value is Operation;
  /**
   * Optional: what swarm testing may vary in this scenario (its operation mix, key space, value
   * sizes, and the fault kinds its contract holds under). Absent: swarm draws only the profile
   * and the clients, and no faults.
   */
  readonly swarm?: SwarmSpace;

  /**
   * How `--impl MODULE` is read. Absent: MODULE's default export is a SystemFactory, imported
   * once. Present (the node:fs scenarios): MODULE is plain Node.js code whose default export is
   * `open(root) => Promise<System>`, and this turns its absolute path into the factory that runs
   * it on the simulated disk; it rejects with an error naming what was wrong when the module
   * cannot be found or loaded, or has the wrong shape (ImplModuleError).
   */
  readonly implFromModule?: (modulePath: string) => Promise<SystemFactory<System>>;

  /**
   * Optional: labels of the coverage marks (src/coverage) that a default campaign of this
   * scenario (`--runs 200`, default flags, its bundled implementation) must hit at least once;
   * the CLI fails such a campaign when one is never hit, since its invariants were then never
   * tested where they matter. List only marks the default campaign hits with a wide margin, so
   * that any seed range passes.
   */
  readonly requiredMarks?: readonly string[];
}

/**
 * Where a system reports violations its host found while it ran, beyond what the checks see: the
 * node:fs scenarios run code under test in a simulated process, which blocks calls outside the
 * root and refuses calls it cannot simulate. The runner asks after closing a system (after the
 * workload, after each recovery) and adds what it gets to the run's violations.
 */
export const HOST_VIOLATIONS: unique symbol = Symbol.for('crashsim.host-violations');

/** A system that carries its host's violations (see HOST_VIOLATIONS). */
export interface HostedSystem {
  [HOST_VIOLATIONS](): readonly Violation[];
}

/** The violations a system's host found (none for a system without a host). */
export function hostViolationsOf(system: unknown): readonly Violation[] {
  if (typeof system !== 'object' || system === null || !(HOST_VIOLATIONS in system)) return [];
  const report = (system as HostedSystem)[HOST_VIOLATIONS];
  return typeof report === 'function' ? report.call(system) : [];
}

/** A scenario whose types have been forgotten, as registries and the CLI hold them. */
// The parameters are erased on purpose: the runner never looks inside operations or results.
export type AnyScenario = Scenario<unknown, unknown, unknown>;

/** Erases a scenario's types; safe because the runner only passes values back to the same scenario. */
export function eraseScenario<S, O, R>(scenario: Scenario<S, O, R>): AnyScenario {
  return scenario as unknown as AnyScenario;
}
