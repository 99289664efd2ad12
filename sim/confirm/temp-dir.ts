import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Fresh temp directories for real-disk confirmation, always removed afterwards, whatever happens
 * inside. The directory's path is resolved (realpath) so that the lexical fence of GuardedFs
 * compares like with like on systems where the temp directory is reached through a symlink.
 */

export const TEMP_DIR_PREFIX = 'crashsim-confirm-';

export async function withTempDir<T>(parent: string | undefined, body: (dir: string) => Promise<T>): Promise<T> {
  const created = await mkdtemp(join(parent ?? tmpdir(), TEMP_DIR_PREFIX));
  try {
    return await body(await realpath(created));
  } finally {
    await rm(created, { recursive: true, force: true });
  }
}
