import type { OpenFlags } from '../../src/fs/types.js';
import type { Access } from './handle.js';

/** What each open flag string means, as Linux's open(2) applies it. */
export interface FlagSemantics extends Access {
  readonly create: boolean;
  readonly exclusive: boolean;
  readonly truncate: boolean;
}

const FLAGS: Readonly<Record<OpenFlags, FlagSemantics>> = {
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

export function flagSemantics(flags: OpenFlags, call: string): FlagSemantics {
  const semantics = Object.hasOwn(FLAGS, flags) ? FLAGS[flags] : undefined;
  if (semantics === undefined) {
    throw new TypeError(`SimFs ${call}: flags must be one of ${Object.keys(FLAGS).join(', ')}, got ${String(flags)}`);
  }
  return semantics;
}
