import { constants } from 'node:fs';
import type { OpenFlags } from '../../src/fs/types.js';
import { UnsupportedCase } from './node-errors.js';

/**
 * Node's open flags (strings and numbers) as the disk's flags. The disk knows the flag strings of
 * the FileSystem contract; O_SYNC and O_DSYNC (`rs+`, `as`, `as+`) become a datasync step after
 * each write, which is what they promise. A combination the disk cannot express (write-only
 * without truncating, `ax+`) is refused by name rather than approximated.
 */
export interface OpenMode {
  readonly flags: OpenFlags;
  readonly syncWrites: boolean;
}

const STRING_FLAGS: Readonly<Record<string, OpenMode>> = {
  r: { flags: 'r', syncWrites: false },
  rs: { flags: 'r', syncWrites: false },
  sr: { flags: 'r', syncWrites: false },
  'r+': { flags: 'r+', syncWrites: false },
  'rs+': { flags: 'r+', syncWrites: true },
  'sr+': { flags: 'r+', syncWrites: true },
  w: { flags: 'w', syncWrites: false },
  wx: { flags: 'wx', syncWrites: false },
  xw: { flags: 'wx', syncWrites: false },
  'w+': { flags: 'w+', syncWrites: false },
  'wx+': { flags: 'wx+', syncWrites: false },
  'xw+': { flags: 'wx+', syncWrites: false },
  a: { flags: 'a', syncWrites: false },
  ax: { flags: 'ax', syncWrites: false },
  xa: { flags: 'ax', syncWrites: false },
  as: { flags: 'a', syncWrites: true },
  sa: { flags: 'a', syncWrites: true },
  'a+': { flags: 'a+', syncWrites: false },
  'as+': { flags: 'a+', syncWrites: true },
  'sa+': { flags: 'a+', syncWrites: true },
};

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_SYNC, O_DSYNC } = constants;
/** Bits that change nothing the disk models (no symlinks, no atimes, no terminals, no blocking). */
const IGNORED_BITS = constants.O_NOFOLLOW | constants.O_NOATIME | constants.O_DIRECTORY | constants.O_NOCTTY | constants.O_NONBLOCK | 0o2000000; // O_CLOEXEC

function numericMode(flags: number): OpenMode {
  const syncWrites = (flags & (O_SYNC | O_DSYNC)) !== 0;
  const access = flags & 3;
  const rest = flags & ~(3 | O_SYNC | O_DSYNC | IGNORED_BITS);
  const creates = O_CREAT | O_TRUNC;
  const table: ReadonlyArray<readonly [number, number, OpenFlags]> = [
    [O_RDONLY, 0, 'r'],
    [O_RDWR, 0, 'r+'],
    [O_WRONLY, creates, 'w'],
    [O_WRONLY, creates | O_EXCL, 'wx'],
    [O_RDWR, creates, 'w+'],
    [O_RDWR, creates | O_EXCL, 'wx+'],
    [O_WRONLY, O_CREAT | O_APPEND, 'a'],
    [O_WRONLY, O_CREAT | O_APPEND | O_EXCL, 'ax'],
    [O_RDWR, O_CREAT | O_APPEND, 'a+'],
  ];
  for (const [mode, bits, name] of table) {
    if (access === mode && rest === bits) return { flags: name, syncWrites };
  }
  throw new UnsupportedCase(`open flags 0o${flags.toString(8)} have no equivalent among r, r+, w, wx, w+, wx+, a, ax, a+`);
}

/** The disk's mode for Node's `flags` argument (undefined: `fallback`). */
export function openMode(flags: unknown, fallback: string): OpenMode {
  if (flags === undefined || flags === null) return openMode(fallback, fallback);
  if (typeof flags === 'number') return numericMode(flags);
  if (typeof flags === 'string') {
    const mode = Object.hasOwn(STRING_FLAGS, flags) ? STRING_FLAGS[flags] : undefined;
    if (mode !== undefined) return mode;
    throw new UnsupportedCase(`open flag ${JSON.stringify(flags)} has no equivalent among r, r+, w, wx, w+, wx+, a, ax, a+`);
  }
  const error = new TypeError(`The "flags" argument must be of type string or number. Received ${typeof flags}`) as TypeError & { code: string };
  error.code = 'ERR_INVALID_ARG_TYPE';
  throw error;
}
