import type { FileSystem } from '../../../src/fs/types.js';
import { StateFileError, openStateFile, type StateFile } from '../../../src/statefile/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';

/**
 * Mutant: save refuses a state whose JSON is over 4000 bytes (a limit meant to keep the sealed
 * file within one 4 KiB page) with STATEFILE_INVALID_STATE, where the contract takes any value
 * JSON can represent. It refuses before touching the disk, so the file keeps the last value that
 * was saved and no save is acknowledged that did not happen: no state check sees it, only the
 * rule that an operation rejects with nothing its contract does not document.
 */
const STATE_JSON_BYTES_MAX = 4000;

const factory: SystemFactory<StateFile> = async (fs: FileSystem, root: string) => {
  const file = await openStateFile(fs, root);
  return {
    async save(state: unknown): Promise<void> {
      const bytes = new TextEncoder().encode(JSON.stringify(state) ?? '').length;
      // The bug: a valid state is refused for its size.
      if (bytes > STATE_JSON_BYTES_MAX) throw new StateFileError('STATEFILE_INVALID_STATE', `StateFile.save: the state's JSON is ${bytes} bytes, over the limit of ${STATE_JSON_BYTES_MAX}`);
      await file.save(state);
    },
    load: () => file.load(),
    close: () => file.close?.() ?? Promise.resolve(),
  };
};
export default factory;
