import type { Trace } from '../trace.js';

/**
 * Public types of the simulated disk. The runner, the scheduler and the fault injectors program
 * against these; the implementation lives beside them in sim/disk.
 */

/**
 * Which post-crash states are legal (the litmus suite, test/litmus, holds the exact sets):
 * - `posix` (default, weakest): each unsynced name operation kept or dropped independently (a
 *   rename atomically, and never so that a directory is detached or in a cycle); each sector of a
 *   file holds a version the page cache held, independently of the others (so a write tears into
 *   any subset of its sectors); an extending write may persist its size with zeros or stale bytes
 *   where it wrote nothing.
 * - `ext4-ordered`: name operations and size changes persist as a prefix of their global order (the
 *   journal), at least up to the last fsync that committed it; data is not ordered by commits
 *   (delayed allocation) except that a rename over a file carries the file's data; new bytes appear
 *   only as written (never zeros or stale bytes).
 * - `process` (kill -9): everything the process did survives, the page cache included.
 */
export type CrashProfile = 'posix' | 'ext4-ordered' | 'process';

export const CRASH_PROFILES: readonly CrashProfile[] = ['posix', 'ext4-ordered', 'process'];

/** How `readdir` orders names. Real filesystems promise nothing, so code must not depend on it. */
export type ReaddirOrder = 'sorted' | 'insertion' | 'shuffled';

/** One simulated filesystem call, announced to the step hook before it takes effect. */
export interface StepInfo {
  /** Position of the call in this disk's life, from 0 (the trace's `seq`). */
  readonly seq: number;
  /** `open`, `rename`, `handle.sync`... */
  readonly call: string;
  readonly path: string;
  /** The second path of a two-path call (`rename`, `link`): its destination. */
  readonly destPath?: string;
  /**
   * True for a step taken through `SimFs.atomically` (a synchronous call such as Node's
   * `fs.writeSync`): it takes effect now, so the hook must not hold it (return nothing). It is
   * still a step: traced, and a point the runner may crash at.
   */
  readonly atomic?: true;
}

/**
 * Called before every call takes effect. Returning a promise holds the call until it settles:
 * this is how the scheduler interleaves concurrent callers and how the runner crashes at a step.
 * An atomic step (`step.atomic`) cannot be held: a hook returning a promise for one fails the call.
 */
export type StepHook = (step: StepInfo) => void | Promise<void>;

export interface SimFsOptions {
  /** Unit of tearing for unsynced writes. A power of two from 1 to 65536; default 512. */
  sectorSizeBytes?: number;
  /** Default `sorted`. `shuffled` draws from the `readdir` stream of `seed`. */
  readdirOrder?: ReaddirOrder;
  /** Seed of the disk's own streams (readdir shuffling, garbage bytes). Default 0. */
  seed?: number;
  /** Where calls are recorded; a fresh Trace by default. */
  trace?: Trace;
  /** See StepHook. */
  onStep?: StepHook;
  /** Injected faults (sim/faults); none by default. A crash does not pass them on: a post-crash disk has those its `next` options give. */
  faults?: DiskFaults;
}

/**
 * The calls a fault injector is asked about, by the name its predicates use (`opKind(sync)`):
 * `read` is handle.read, `readFile` the whole-file read, `write`/`truncate` the handle calls.
 */
export type FaultableCall = 'sync' | 'datasync' | 'read' | 'readFile' | 'write' | 'writeFile' | 'truncate';

/** One call a fault may hit, asked about before it takes effect. */
export interface FaultPoint {
  /** The call's step (trace seq). */
  readonly seq: number;
  readonly call: FaultableCall;
  readonly path: string;
  /** Bytes the call would add to the visible data (0 for reads, syncs and shrinking writes). */
  readonly growthBytes: number;
  /** Bytes of visible file data on the disk now; computed on demand (it walks the tree). */
  usedBytes(): number;
}

/** What an injected fault fails a call with. */
export type InjectedCode = 'EIO' | 'ENOSPC';

/**
 * The seam between SimFs and sim/faults. SimFs asks before every faultable call and, when told to
 * fail it, applies the fault's Linux semantics: a failed file sync drops the file's dirty data
 * without making it durable (fsyncgate), a failed write/truncate/writeFile changes nothing, a
 * failed read returns nothing.
 */
export interface DiskFaults {
  /** The error to fail `point` with, or undefined to let it run. */
  inject(point: FaultPoint): InjectedCode | undefined;
  /**
   * Asked before a read of a file with no unsynced change (its bytes are the medium's, at rest),
   * ahead of `inject`: the bits (offsets from the file's start, within `range`) that rotted on
   * the medium since it was written, which SimFs flips in the file's data for good. Optional.
   */
  rot?(point: RotPoint): readonly number[];
}

/** A read that rot may damage: the bytes it is about to return. */
export interface RotPoint extends FaultPoint {
  readonly call: 'read' | 'readFile';
  /** The bytes the read returns, within the file: a non-empty range. */
  readonly range: { readonly offsetBytes: number; readonly lengthBytes: number };
}

export interface CrashOptions {
  /** Default `posix`. */
  profile?: CrashProfile;
  /** Seed of the random choices made for this crash. Default 0. */
  seed?: number;
  /** Options of the post-crash disk (its trace, hook, readdir order...). Default: none carried over. */
  next?: SimFsOptions;
  /**
   * Record on the post-crash disk what the crash did to each pending operation (`crashStory`).
   * Default false: it costs a listing per state, so the runner asks only when it reports.
   */
  explain?: boolean;
}

export interface CrashStatesOptions {
  /** Default `posix`. */
  profile?: CrashProfile;
  /** Stop after this many distinct states. A positive integer; default 1000. */
  maxStates?: number;
  /** Options given to every post-crash disk. */
  next?: SimFsOptions;
  /** As CrashOptions.explain, for every state. */
  explain?: boolean;
}
