import { hasErrorCode } from '../fs/errors.js';
import type { FileSystem } from '../fs/types.js';

/** The blob store's own small wrappers; the shared durable idioms live in src/fs/durable.ts. */

/** Removes a temp file after a failure; a missing file is fine and other errors are secondary. */
export async function unlinkQuietly(fs: FileSystem, path: string): Promise<void> {
  try {
    await fs.unlink(path);
  } catch {
    // Best effort: the open-time sweep removes whatever a failure leaves behind.
  }
}

/** True for errors meaning "nothing is there" (a missing file or a missing parent directory). */
export function isMissing(error: unknown): boolean {
  return hasErrorCode(error, 'ENOENT') || hasErrorCode(error, 'ENOTDIR');
}
