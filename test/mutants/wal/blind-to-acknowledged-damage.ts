import { LogRecovery } from '../../../src/wal/recovery.js';
import { FileSegmentLog } from '../../../src/wal/segment-log.js';
import { walFactoryOver } from './mutant-log.js';

/**
 * Mutant: the frames still record the durable watermark, but recovery never looks for a later
 * frame that vouches for a bad one, so a bit flip in an acknowledged frame of the newest segment
 * is cut like a torn tail and acknowledged entries vanish silently. Only bit flips reveal it.
 */
class BlindRecovery extends LogRecovery {
  protected override assertTornTail(): void {
    // The bug: every bad frame in the newest segment is taken for a torn tail.
  }
}

class BlindToAcknowledgedDamageLog extends FileSegmentLog {
  protected override createRecovery(): LogRecovery {
    return new BlindRecovery(this.fs, this.dir, this.frames);
  }
}

/** Flips in segments only: a flipped first-index record would make every run refuse to open. */
export const BLIND_TO_ACKNOWLEDGED_DAMAGE_FAULTS = 'bitflip:pathMatch(.seg)&randomly(0.3)';

export default walFactoryOver(BlindToAcknowledgedDamageLog);
