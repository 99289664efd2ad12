import type { OpenFlags } from './types.js';

/** What an open flag lets a handle do, as O_RDONLY/O_WRONLY/O_RDWR and O_APPEND decide it. */
export interface OpenAccess {
  readonly readable: boolean;
  readonly writable: boolean;
  /** Every write lands at the end of the file, whatever its position (O_APPEND). */
  readonly append: boolean;
}

/** What an open flag string means, as Linux's open(2) applies it. */
export interface OpenFlagSemantics extends OpenAccess {
  /** O_CREAT: a missing file is created. */
  readonly create: boolean;
  /** O_EXCL: an existing name fails with EEXIST. */
  readonly exclusive: boolean;
  /** O_TRUNC: an existing file is emptied. */
  readonly truncate: boolean;
}

/**
 * The one table of open flag meanings: every backend that has to apply a flag itself (MemFs
 * restores Linux's answers over memfs, SimFs models them) reads it from here.
 */
export const OPEN_FLAGS: Readonly<Record<OpenFlags, OpenFlagSemantics>> = {
  r: { readable: true, writable: false, append: false, create: false, exclusive: false, truncate: false },
  'r+': { readable: true, writable: true, append: false, create: false, exclusive: false, truncate: false },
  w: { readable: false, writable: true, append: false, create: true, exclusive: false, truncate: true },
  wx: { readable: false, writable: true, append: false, create: true, exclusive: true, truncate: true },
  'w+': { readable: true, writable: true, append: false, create: true, exclusive: false, truncate: true },
  'wx+': { readable: true, writable: true, append: false, create: true, exclusive: true, truncate: true },
  a: { readable: false, writable: true, append: true, create: true, exclusive: false, truncate: false },
  ax: { readable: false, writable: true, append: true, create: true, exclusive: true, truncate: false },
  'a+': { readable: true, writable: true, append: true, create: true, exclusive: false, truncate: false },
};

/** True for the strings OPEN_FLAGS has a meaning for (own keys only: `toString` is no flag). */
export function isOpenFlags(flags: unknown): flags is OpenFlags {
  return typeof flags === 'string' && Object.hasOwn(OPEN_FLAGS, flags);
}

/** What `flags` means, or undefined for anything that is not an open flag (any value may be asked about). */
export function openFlagSemantics(flags: unknown): OpenFlagSemantics | undefined {
  return isOpenFlags(flags) ? OPEN_FLAGS[flags] : undefined;
}
