import type { FileSystem } from '../src/index.js';

/**
 * A JSON state file written the way most code does it: open the file with 'w' (which truncates
 * it in place), write the new JSON, sync, close. It even calls sync. It is still not crash-safe:
 *
 *  - between the truncate and the sync, a crash can leave an empty file, or the new size with
 *    zeros in place of the data, or a mix of old and new sectors: load() then fails to parse;
 *  - the first save creates the file, and nothing syncs the directory, so an acknowledged save
 *    can vanish with its name;
 *  - a load running while a save writes can read the half-written file.
 *
 * Run it: `npm run sim -- --scenario state-file --impl examples/naive-state-file.ts`.
 * The fix is in fixed-state-file.ts.
 */

export interface StateFile {
  save(state: unknown): Promise<void>;
  load(): Promise<unknown>;
}

export default async function openNaiveStateFile(fs: FileSystem, root: string): Promise<StateFile> {
  const path = `${root}/state.json`;
  return {
    async save(state) {
      const bytes = new TextEncoder().encode(JSON.stringify(state));
      const handle = await fs.open(path, 'w');
      try {
        await handle.write(bytes, 0, bytes.length, 0);
        await handle.sync();
      } finally {
        await handle.close();
      }
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
