import type { SimFs } from '../disk/index.js';
import type { FdTable } from './fd-table.js';

/**
 * What the interposed functions need from the run in progress. One process runs one run at a
 * time (runs are sequential in a process or a worker), so the current run lives in a process-wide
 * slot rather than in async context: code under test may start work in callbacks, timers and
 * streams whose async context says nothing about the run.
 */
export interface ActiveRun {
  /** The disk calls go to now (the runner switches it to the post-crash disk for recovery). */
  readonly disk: SimFs;
  readonly fds: FdTable;
  /** The simulated root: paths below it, and its ancestors, are on the disk. */
  readonly root: string;
  /**
   * True once the run ended (until the next run starts): late writes under the root, from work
   * code under test left behind, are refused rather than performed on the real disk; everything
   * else is real and unguarded.
   */
  readonly finished: boolean;
  /** What stat reports as every time (atime, mtime, ctime, birthtime): the run's start, in virtual time. */
  readonly statTimeMs: number;
  /** Counts one call that reached the simulated disk. */
  noteSimulatedCall(): void;
  /** Records a call outside the root that was blocked; returns the error to give the caller. */
  blockOutsideRoot(call: string, path: string, stack: string): Error;
  /** Records a call the facade does not support on a simulated path; returns the error to give the caller. */
  refuseUnsupported(call: string, path: string, why: string, stack: string): Error;
  /** Random bytes drawn from the run's seed (crypto, temp names). */
  randomBytes(count: number): Buffer;
  /** A float in [0, 1) drawn from the run's seed (Math.random). */
  randomFloat(): number;
}

const SLOT: unique symbol = Symbol.for('crashsim.node.active-run');

interface RunSlot {
  run: ActiveRun | undefined;
}

/**
 * Kept on globalThis so that two copies of this module (a test runner's module graph and the
 * native one, say) share it: the functions installed by one copy must see runs started by another.
 */
const holder = globalThis as typeof globalThis & { [SLOT]?: RunSlot };
const slot: RunSlot = (holder[SLOT] ??= { run: undefined });

export function activeRun(): ActiveRun | undefined {
  return slot.run;
}

/** Makes `run` the current run (the caller checks that no other run is still going). */
export function setActiveRun(run: ActiveRun | undefined): void {
  slot.run = run;
}
