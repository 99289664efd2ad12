import type { FileSystem } from '../../../src/fs/types.js';
import { MvccStore } from '../../../src/mvcc/index.js';
import { encodeRecord, type LogRecord } from '../../../src/mvcc/record-codec.js';
import { MVCC_STORE_OPTIONS, type MvccSystem } from '../../../scenarios/mvcc/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';

/**
 * Mutant: the last commit timestamp is written apart from the data it describes. The data records
 * are appended and synced without it; the timestamp follows in a record of its own that nobody
 * syncs. A crash after a commit is acknowledged can keep the data and lose the timestamp, so
 * lastCommitTs goes back below an acknowledged commit, and the next transaction could reuse a
 * timestamp already given out.
 */
class SeparateCommitTsStore extends MvccStore {
  protected override async writeRecords(records: readonly LogRecord[], durable: boolean): Promise<void> {
    await this.log.append(records.map((record) => encodeRecord({ ...record, lastCommitTs: 0 })));
    if (durable) await this.log.sync();
    const lastCommitTs = Math.max(...records.map((record) => record.lastCommitTs));
    await this.log.append([encodeRecord({ lastCommitTs, writes: [] })]);
  }
}

const factory: SystemFactory<MvccSystem> = (fs: FileSystem, root: string) => SeparateCommitTsStore.open(fs, root, MVCC_STORE_OPTIONS);
export default factory;
