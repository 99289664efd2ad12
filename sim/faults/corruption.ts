import { isCorruptionError } from '../../src/fs/errors.js';

/**
 * Whether an error is a store saying "my data is damaged": it carries the corruption brand of the
 * FileSystem contract (`markCorruption`, `CORRUPTION_BRAND` in src/fs/errors.ts), as every
 * bundled store's checksum and corruption errors do. Under bit flips this is the right answer,
 * from a read or from recovery refusing to open: the damage was detected and nothing wrong was
 * served. Any other error is not, whatever its name or message says (a TypeError from parsing
 * garbage, say, or an error that only calls itself corrupt).
 */
export function isCorruptionReport(error: unknown): boolean {
  return isCorruptionError(error);
}
