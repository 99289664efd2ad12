import type { FileSystem } from '../src/index.js';

/**
 * The naive state file (naive-state-file.ts), fixed. Each save:
 *
 *  1. writes the JSON to a new temp file in the same directory (a unique name per save, so two
 *     concurrent saves never write into one file), and syncs it: the data is on disk before any
 *     name points at it;
 *  2. renames it over state.json: atomic, so readers and crashes see the old file or the new one,
 *     never a truncated or mixed one;
 *  3. syncs the directory: only now is the rename itself durable, so only now is the save
 *     acknowledged.
 *
 * Opening removes temp files a crash left behind.
 *
 * Run it: `npm run sim -- --scenario state-file --impl examples/fixed-state-file.ts`.
 */

export interface StateFile {
  save(state: unknown): Promise<void>;
  load(): Promise<unknown>;
}

const TEMP_PREFIX = '.state.json.tmp-';

export default async function openFixedStateFile(fs: FileSystem, root: string): Promise<StateFile> {
  const path = `${root}/state.json`;
  for (const name of await fs.readdir(root)) {
    if (name.startsWith(TEMP_PREFIX)) await fs.unlink(`${root}/${name}`);
  }
  let saves = 0;

  async function syncDirectory(): Promise<void> {
    const dir = await fs.open(root, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  return {
    async save(state) {
      const bytes = new TextEncoder().encode(JSON.stringify(state));
      const tempPath = `${root}/${TEMP_PREFIX}${saves++}`;
      const handle = await fs.open(tempPath, 'wx');
      try {
        let written = 0;
        while (written < bytes.length) {
          written += (await handle.write(bytes, written, bytes.length - written, written)).bytesWritten;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(tempPath, path);
      await syncDirectory();
    },
    async load() {
      try {
        return JSON.parse(new TextDecoder().decode(await fs.readFile(path)));
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
