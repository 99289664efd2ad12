import { promises as fs } from 'node:fs';
import { join } from 'node:path';

/**
 * The few node:fs helpers the adapters share: reading a whole file as the contract wants it, and
 * the two things the fixed variants add around a package: syncing the directory after its rename,
 * and removing the temp files a crash left behind when the store opens.
 */

/** The whole file as UTF-8, or undefined when it does not exist. */
export async function readText(path) {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/** fsync of a directory: makes the names in it (a create, a rename, an unlink) durable. */
export async function syncDirectory(dir) {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Removes every file of `dir` whose name `isTemp` accepts (a temp file a crash cut off before its
 * rename), then syncs the directory so the removals are durable. Safe only while no other process
 * writes in `dir`: the store calls it when it opens, before its first save.
 */
export async function removeTempFiles(dir, isTemp) {
  const names = (await fs.readdir(dir)).filter(isTemp).sort();
  for (const name of names) await fs.unlink(join(dir, name));
  if (names.length > 0) await syncDirectory(dir);
}
