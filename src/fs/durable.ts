import { hasErrorCode } from './errors.js';
import { dirname, join } from './path.js';
import type { FileHandle, FileSystem } from './types.js';

/**
 * The durable-filesystem idioms every store is built from, written once. Each one states what a
 * crash can leave; nothing here is durable unless it says so.
 */

/** Writes all of `bytes` at `position`, looping over short writes as a real disk may return. */
export async function writeAll(handle: Pick<FileHandle, 'write'>, bytes: Uint8Array, position = 0): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    if (bytesWritten <= 0) throw new Error(`writeAll: the filesystem wrote ${bytesWritten} bytes; refusing to loop forever`);
    written += bytesWritten;
  }
}

/** Reads up to `length` bytes at `position`; fewer only at the end of the file. */
export async function readAt(handle: Pick<FileHandle, 'read'>, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}

/** Closes a handle on a path that has already failed; the first error is the one worth reporting. */
export async function closeQuietly(handle: FileHandle): Promise<void> {
  try {
    await handle.close();
  } catch {
    // The operation already failed with a more telling error.
  }
}

/**
 * Makes a directory's entries durable (the names created, renamed or removed in it), the Node
 * way. A failed sync or close rejects: the caller's operation must then fail rather than
 * acknowledge something that may not be on disk.
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

/** The file's contents, or undefined when there is no such file. Other errors propagate. */
export async function readFileIfExists(fs: FileSystem, path: string): Promise<Uint8Array | undefined> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/** Removes a file; true when it existed. Not durable (sync the directory for that). */
export async function unlinkIfExists(fs: FileSystem, path: string): Promise<boolean> {
  try {
    await fs.unlink(path);
    return true;
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return false;
    throw error;
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
    await syncDirectory(fs, dirname(path));
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
    await writeAll(handle, data, 0);
    await handle.sync();
  } catch (error) {
    await closeQuietly(handle);
    throw error;
  }
  await handle.close();
  await fs.rename(tempPath, join(dir, name));
  await syncDirectory(fs, dir);
}
