import { OPEN_FLAGS, openFlagSemantics } from '../../src/fs/open-flags.js';
import type { OpenFlagSemantics } from '../../src/fs/open-flags.js';
import type { OpenFlags } from '../../src/fs/types.js';

/** What `flags` means (the contract's table, src/fs/open-flags), or a TypeError naming the call. */
export function flagSemantics(flags: OpenFlags, call: string): OpenFlagSemantics {
  const semantics = openFlagSemantics(flags);
  if (semantics === undefined) {
    throw new TypeError(`SimFs ${call}: flags must be one of ${Object.keys(OPEN_FLAGS).join(', ')}, got ${String(flags)}`);
  }
  return semantics;
}
