import { hasErrorCode } from '../fs/errors.js';
import { dirname, join } from '../fs/path.js';
import type { FileSystem } from '../fs/types.js';

/**
 * The few durable-filesystem idioms the log and the persisters share. Each one states which
 * crash states it leaves possible.
 */

/** Makes the entries of `dir` durable (creations, removals and renames inside it). */
export async function syncDir(fs: FileSystem, dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates `dir` and any missing parents, each made durable by syncing its parent, so a crash after
 * this resolves cannot lose the directory (a new directory is durable only once its parent is
 * synced).
 */
export async function ensureDirDurable(fs: FileSystem, dir: string): Promise<void> {
  const missing: string[] = [];
  let current = dir;
  while (!(await directoryExists(fs, current))) {
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const path of missing.reverse()) {
    try {
      await fs.mkdir(path);
    } catch (error) {
      if (!hasErrorCode(error, 'EEXIST')) throw error;
    }
    await syncDir(fs, dirname(path));
  }
}

async function directoryExists(fs: FileSystem, path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory();
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return false;
    throw error;
  }
}

/**
 * Replaces `dir/name` with `data` atomically and durably: write a temp file, sync it, rename it
 * over the target, sync the directory. A crash leaves either the old file or the new one (and
 * maybe the temp file, which the owner sweeps at open), never a torn mix.
 */
export async function writeFileAtomic(fs: FileSystem, dir: string, name: string, data: Uint8Array, tempSuffix: string): Promise<void> {
  const tempPath = join(dir, `${name}${tempSuffix}`);
  const handle = await fs.open(tempPath, 'w');
  try {
    await writeFully(handle, data, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tempPath, join(dir, name));
  await syncDir(fs, dir);
}

/** Writes all of `data` at `position`, looping over short writes. */
export async function writeFully(
  handle: { write(buffer: Uint8Array, offset?: number, length?: number, position?: number | null): Promise<{ bytesWritten: number }> },
  data: Uint8Array,
  position: number,
): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    if (bytesWritten <= 0) throw new Error(`short write: wrote ${done} of ${data.length} bytes`);
    done += bytesWritten;
  }
}

/** Reads exactly `length` bytes at `position`, or fewer when the file ends first. */
export async function readAt(
  handle: { read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }> },
  position: number,
  length: number,
): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

/** Removes `path`; a missing file is not an error (removal is idempotent for recovery). */
export async function unlinkIfExists(fs: FileSystem, path: string): Promise<boolean> {
  try {
    await fs.unlink(path);
    return true;
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return false;
    throw error;
  }
}
