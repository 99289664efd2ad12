import type { SimFs } from '../disk/index.js';
import type { FileHandle } from '../../src/fs/types.js';

/**
 * Simulated file descriptors. They start far above any descriptor the process could really hold,
 * so a number tells by itself whether it belongs to the simulated disk: fd-taking calls with one
 * go to the disk, every other number goes to the real fs untouched.
 */
export const SIMULATED_FD_BASE = 2 ** 30;

export function isSimulatedFd(value: unknown): value is number {
  return typeof value === 'number' && value >= SIMULATED_FD_BASE && Number.isInteger(value);
}

/** An open file of the simulated disk, as Node's fd-taking calls see it. */
export interface FdEntry {
  readonly fd: number;
  /** The disk the file was opened on: after a crash it is dead, and every call on the fd rejects. */
  readonly disk: SimFs;
  readonly handle: FileHandle;
  readonly path: string;
  /** Opened with O_SYNC or O_DSYNC (`rs+`, `as`...): each write is followed by a datasync step. */
  readonly syncWrites: boolean;
}

/** The descriptors of one run, numbered from SIMULATED_FD_BASE in open order (so a seed gives the same numbers). */
export class FdTable {
  readonly #entries = new Map<number, FdEntry>();
  #nextFd = SIMULATED_FD_BASE;

  add(entry: Omit<FdEntry, 'fd'>): FdEntry {
    // Written out, not spread: a spread copies through a generic path, on every open.
    const added: FdEntry = { fd: this.#nextFd++, disk: entry.disk, handle: entry.handle, path: entry.path, syncWrites: entry.syncWrites };
    this.#entries.set(added.fd, added);
    return added;
  }

  get(fd: number): FdEntry | undefined {
    return this.#entries.get(fd);
  }

  remove(fd: number): void {
    this.#entries.delete(fd);
  }

  get openCount(): number {
    return this.#entries.size;
  }
}
