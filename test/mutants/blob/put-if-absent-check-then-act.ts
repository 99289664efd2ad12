import { AlreadyExistsError } from '../../../src/blob/index.js';
import type { BlobStore } from '../../../src/blob/index.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { openBlobScenarioStore } from '../../../scenarios/blob/index.js';

/**
 * Mutant: putIfAbsent as `has` then `put`. Between the check and the (replacing) rename another
 * caller can check too, so two callers both "win", the second silently replacing the first.
 * Built by composition around the real store: every other method is the real one.
 */
const factory: SystemFactory<BlobStore> = async (fs: FileSystem, root: string) => {
  const store = await openBlobScenarioStore(fs, root);
  const putIfAbsent = async (key: string, data: Uint8Array): Promise<void> => {
    if (await store.has(key)) throw new AlreadyExistsError(key);
    await store.put(key, data);
  };
  return {
    put: (key, data, options) => (options?.overwrite === false ? putIfAbsent(key, data) : store.put(key, data, options)),
    putIfAbsent,
    get: (key) => store.get(key),
    getRange: (key, offset, length) => store.getRange(key, offset, length),
    has: (key) => store.has(key),
    delete: (key) => store.delete(key),
    list: (prefix) => store.list(prefix),
    close: () => store.close(),
  };
};
export default factory;
