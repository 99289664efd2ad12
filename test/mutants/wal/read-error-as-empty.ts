import type { FileSystem } from '../../../src/fs/types.js';
import { isFsError } from '../../../src/fs/errors.js';
import { join } from '../../../src/fs/path.js';
import { openIndexedWal } from '../../../src/wal/indexed-wal.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { WAL_SEGMENT_SIZE_BYTES } from '../../../scenarios/wal/index.js';
import type { WalSystem } from '../../../scenarios/wal/index.js';
import { walEntryCodec } from '../../../scenarios/wal/index.js';

/**
 * Mutant: the log reads whole files through a helper that answers an I/O error with no bytes, as
 * if the file were empty ("nothing there to read"). At recovery an unreadable newest segment then
 * looks like a torn, empty tail and is cut: acknowledged entries vanish instead of the open
 * failing. Found only with faults while recovering (`eio-read:phase(recovery)&...`).
 */
function readErrorsAsEmpty(fs: FileSystem): FileSystem {
  return new Proxy(fs, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'readFile' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return async (path: string): Promise<Uint8Array> => {
        try {
          return await target.readFile(path);
        } catch (error) {
          if (isFsError(error) && error.code === 'EIO') return new Uint8Array(0);
          throw error;
        }
      };
    },
  });
}

const readErrorAsEmpty: SystemFactory<WalSystem> = (fs, root) =>
  openIndexedWal(readErrorsAsEmpty(fs), join(root, 'wal'), walEntryCodec, { segmentSizeBytes: WAL_SEGMENT_SIZE_BYTES });

export default readErrorAsEmpty;
