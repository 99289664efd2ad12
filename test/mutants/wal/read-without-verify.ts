import { Persistence } from '../../../src/persist/index.js';
import { Mutex } from '../../../src/support/index.js';
import { FileSegmentLog } from '../../../src/wal/segment-log.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { PERSIST_LANES, PERSIST_SEGMENT_SIZE_BYTES, type PersistSystem } from '../../../scenarios/persist/index.js';
import { openLogAs } from './mutant-log.js';

/**
 * Mutant: `read` trusts what recovery's scan verified and returns a frame without checking its
 * checksum again. Bytes that rot after the log opened are then served as entries. Crashes and
 * bit flips at the crash cannot show it (recovery's scan reads every frame first); only rot
 * between the scan and a read does (`rot:phase(recovery)&opKind(read)&...`: the persisters read
 * their first entries and replay every lane through `read` when they open).
 */
class ReadWithoutVerifyLog extends FileSegmentLog {
  protected override intactOnRead(): boolean {
    return true;
  }
}

/** The persist scenario's system over logs that do not verify reads. */
const openPersistWithoutReadVerify: SystemFactory<PersistSystem> = async (fs, root) => {
  const persistence = await Persistence.open(fs, root, { segmentSizeBytes: PERSIST_SEGMENT_SIZE_BYTES, openLog: openLogAs(ReadWithoutVerifyLog) });
  return { persistence, producer: { nextBlock: new Map(PERSIST_LANES.map((lane) => [lane, 1])), nextRoad: 1, anchor: undefined }, lock: new Mutex() };
};

export default openPersistWithoutReadVerify;
