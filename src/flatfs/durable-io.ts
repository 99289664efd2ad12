import { hasErrorCode } from '../fs/errors.js';
import { dirname, join, splitAbsolutePath } from '../fs/path.js';
import type { FileSystem } from '../fs/types.js';
import { syncDirectory, unlinkIfExists } from '../fs/durable.js';

export { syncDirectory, unlinkIfExists };

/**
 * The few filesystem idioms FlatStore is built from, each with its durability stated. Nothing
 * here is durable unless it says so.
 */

/**
 * Creates `path` exclusively ('wx': a name already there is an error, never shared with another
 * writer) and writes all of `data`; with `sync`, the data and size are durable on return (the name
 * is not). On failure the file may remain; callers own its cleanup.
 */
export async function writeNewFile(fs: FileSystem, path: string, data: Uint8Array, sync: boolean): Promise<void> {
  const handle = await fs.open(path, 'wx');
  try {
    let written = 0;
    // A write may be short; loop until everything is out.
    while (written < data.length) {
      const { bytesWritten } = await handle.write(data, written, data.length - written, written);
      if (bytesWritten <= 0) throw new Error(`writeNewFile: a write to ${path} made no progress`);
      written += bytesWritten;
    }
    if (sync) await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Directory nesting `removeTree` follows; FlatStore never nests temp files deeper than 2. */
const REMOVE_DEPTH_MAX = 8;

/**
 * Removes everything below directory `path` (keeping `path`). Not durable; missing is fine.
 * Resolves to how many names `path` held.
 */
export async function emptyDirectory(fs: FileSystem, path: string, depth = 0): Promise<number> {
  if (depth > REMOVE_DEPTH_MAX) {
    throw new Error(`FlatStore: ${path} is nested deeper than ${REMOVE_DEPTH_MAX} levels; remove it by hand`);
  }
  let names: string[];
  try {
    names = await fs.readdir(path);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return 0;
    throw error;
  }
  for (const name of names) {
    const child = join(path, name);
    let isDirectory: boolean;
    try {
      isDirectory = (await fs.stat(child)).isDirectory();
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT')) continue;
      throw error;
    }
    if (isDirectory) {
      await emptyDirectory(fs, child, depth + 1);
      await fs.rmdir(child);
    } else {
      await unlinkIfExists(fs, child);
    }
  }
  return names.length;
}

/** Removes directory `path` and everything in it. Not durable; missing is fine. */
export async function removeTree(fs: FileSystem, path: string): Promise<void> {
  await emptyDirectory(fs, path);
  try {
    await fs.rmdir(path);
  } catch (error) {
    if (!hasErrorCode(error, 'ENOENT')) throw error;
  }
}

/**
 * Creates `path` and its missing parents one level at a time and, with `sync`, syncs the parent
 * of each directory it created so that the whole chain is durable. Component by component
 * because backends disagree on what `mkdir({ recursive })` returns.
 */
export async function makeDirectoryChain(fs: FileSystem, path: string, sync: boolean): Promise<void> {
  let current = '/';
  for (const part of splitAbsolutePath(path, 'mkdir')) {
    current = join(current, part);
    let created = true;
    try {
      await fs.mkdir(current);
    } catch (error) {
      if (!hasErrorCode(error, 'EEXIST')) throw error;
      created = false;
    }
    if (created && sync) await syncDirectory(fs, dirname(current));
  }
}
