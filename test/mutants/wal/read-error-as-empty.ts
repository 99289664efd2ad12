import { isFsError } from '../../../src/fs/errors.js';
import { LogRecovery } from '../../../src/wal/recovery.js';
import { FileSegmentLog } from '../../../src/wal/segment-log.js';
import { walFactoryOver } from './mutant-log.js';

/**
 * Mutant: recovery reads whole files through a helper that answers an I/O error with no bytes,
 * as if the file were empty ("nothing there to read"). An unreadable newest segment then looks
 * like a torn, empty tail and is cut: acknowledged entries vanish instead of the open failing.
 * Found only with faults while recovering (`eio-read:phase(recovery)&...`).
 */
class ReadErrorAsEmptyRecovery extends LogRecovery {
  protected override async readWholeFile(path: string): Promise<Uint8Array> {
    try {
      return await super.readWholeFile(path);
    } catch (error) {
      // The bug: an unreadable file is taken for an empty one.
      if (isFsError(error) && error.code === 'EIO') return new Uint8Array(0);
      throw error;
    }
  }
}

class ReadErrorAsEmptyLog extends FileSegmentLog {
  protected override createRecovery(): LogRecovery {
    return new ReadErrorAsEmptyRecovery(this.fs, this.dir, this.frames);
  }
}

export default walFactoryOver(ReadErrorAsEmptyLog);
