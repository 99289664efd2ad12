/**
 * How a store says "my data is damaged": an error whose `code` or `name` mentions corruption or
 * a checksum (BLOB_CHECKSUM_MISMATCH, CorruptLogError, MVCC_CORRUPT...). Under bit flips this is
 * the right answer, from a read or from recovery refusing to open: the damage was detected and
 * nothing wrong was served. Any other error (a TypeError from parsing garbage, say) is not.
 */
const CORRUPTION = /corrupt|checksum/i;

export function isCorruptionReport(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name } = error as { code?: unknown; name?: unknown };
  return (typeof code === 'string' && CORRUPTION.test(code)) || (typeof name === 'string' && CORRUPTION.test(name));
}
