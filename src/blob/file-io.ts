import { hasErrorCode } from '../fs/errors.js';
import type { FileHandle, FileSystem } from '../fs/types.js';

/** Small, careful wrappers over the FileSystem contract that the blob store repeats. */

/** Writes all of `bytes` at `position`, looping over short writes as a real disk may return. */
export async function writeAll(handle: FileHandle, bytes: Uint8Array, position = 0): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    if (bytesWritten <= 0) throw new Error(`writeAll: the filesystem wrote ${bytesWritten} bytes; refusing to loop forever`);
    written += bytesWritten;
  }
}

/** Reads up to `length` bytes at `position`; fewer only at end of file. */
export async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}

/**
 * Makes a directory's entries durable, the Node way. A failed sync or close rejects: the caller's
 * operation must then fail rather than acknowledge something that may not be on disk.
 */
export async function syncDirectory(fs: FileSystem, dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    await closeQuietly(handle);
    throw error;
  }
  await handle.close();
}

/** Closes a handle on a path that has already failed; the first error is the one worth reporting. */
export async function closeQuietly(handle: FileHandle): Promise<void> {
  try {
    await handle.close();
  } catch {
    // The operation already failed with a more telling error.
  }
}

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
