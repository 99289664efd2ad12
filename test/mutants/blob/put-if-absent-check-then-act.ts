import { AlreadyExistsError } from '../../../src/blob/index.js';
import type { BlobStore, PutOptions } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_SCENARIO_OPTIONS } from '../../../scenarios/blob/index.js';

/**
 * Mutant: putIfAbsent as `has` then `put`. Between the check and the (replacing) rename another
 * caller can check too, so two callers both "win", the second silently replacing the first.
 * `put` with `overwrite: false` takes the same path; every other method is the real one.
 */
class CheckThenActBlobStore extends FileBlobStore {
  override async putIfAbsent(key: string, data: Uint8Array): Promise<void> {
    // The bug: the check and the publication are two steps, with awaits in between.
    if (await this.has(key)) throw new AlreadyExistsError(key);
    await super.put(key, data);
  }

  override put(key: string, data: Uint8Array, options?: PutOptions): Promise<void> {
    return options?.overwrite === false ? this.putIfAbsent(key, data) : super.put(key, data, options);
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(CheckThenActBlobStore, fs, root, BLOB_SCENARIO_OPTIONS);
export default factory;
