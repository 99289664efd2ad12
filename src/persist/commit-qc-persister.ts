import type { FileSystem } from '../fs/types.js';
import { openIndexedWal } from '../wal/indexed-wal.js';
import type { IndexedWal, IndexedWalOptions } from '../wal/indexed-wal.js';
import { commitQcCodec, PersistGapError } from './records.js';
import type { CommitQc } from './records.js';

/**
 * Commit certificates in one IndexedWal, by road index: road r sits at WAL index
 * `firstIndex + (r - firstRoad)`. Writes are idempotent (a road already persisted is ignored) and
 * gap-free (a road past the next one is refused).
 *
 * The write cursor (next road) lives in memory because an emptied WAL cannot tell it: after a
 * restart with an empty WAL it is unknown until `pruneBefore(anchor)` re-establishes it, which
 * the startup sequence does before any write.
 */
export class CommitQcPersister {
  readonly #wal: IndexedWal<CommitQc>;
  #firstRoad: number | undefined;
  #nextRoad: number | undefined;

  protected constructor(wal: IndexedWal<CommitQc>, firstRoad: number | undefined) {
    this.#wal = wal;
    this.#firstRoad = firstRoad;
    this.#nextRoad = firstRoad === undefined ? undefined : firstRoad + wal.count;
  }

  static async open(fs: FileSystem, dir: string, options: IndexedWalOptions = {}): Promise<CommitQcPersister> {
    const wal = await openIndexedWal(fs, dir, commitQcCodec, options);
    const firstRoad = wal.count > 0 ? (await wal.read(wal.firstIndex)).roadIndex : undefined;
    return new this(wal, firstRoad);
  }

  /** The next road index accepted, undefined while unknown. */
  get nextRoad(): number | undefined {
    return this.#nextRoad;
  }

  get count(): number {
    return this.#wal.count;
  }

  /** Persists `qc` durably; a road already persisted is ignored, a gap is refused. */
  async persist(qc: CommitQc): Promise<void> {
    const next = this.#nextRoad;
    if (next !== undefined && qc.roadIndex < next) return;
    if (next !== undefined && qc.roadIndex > next) {
      throw new PersistGapError(`CommitQcPersister.persist: expected road ${next}, got ${qc.roadIndex}; certificates must be contiguous`);
    }
    await this.#wal.append([qc]);
    this.#firstRoad ??= qc.roadIndex;
    this.#nextRoad = qc.roadIndex + 1;
  }

  /**
   * Drops certificates below `roadIndex`. The cursor advances to `roadIndex` even when that
   * empties the WAL, so the next write must be exactly that road (the anchor's certificate).
   */
  async pruneBefore(roadIndex: number): Promise<void> {
    const first = this.#firstRoad;
    if (first === undefined || this.#wal.count === 0) {
      if (this.#nextRoad === undefined || this.#nextRoad < roadIndex) this.#nextRoad = roadIndex;
      return;
    }
    const next = this.#nextRoad ?? first + this.#wal.count;
    if (roadIndex >= next) {
      // The cursor moves first: if truncateAll fails midway, no later write can land at a gap.
      this.#nextRoad = roadIndex;
      await this.#wal.truncateAll();
      this.#firstRoad = undefined;
      return;
    }
    if (roadIndex <= first) return;
    await this.#wal.truncateBefore(this.#wal.firstIndex + (roadIndex - first), (qc) => qc.roadIndex === roadIndex);
    this.#firstRoad = roadIndex;
  }

  /**
   * The WAL index where the first kept certificate will sit once pruned to `roadIndex`: that
   * road's index, or the next index when pruning empties the WAL (the anchor's certificate is
   * re-persisted there). See AnchorReach.
   */
  walIndexAfterPrune(roadIndex: number): number {
    const first = this.#firstRoad;
    if (first === undefined || this.#wal.count === 0) return this.#wal.firstIndex;
    return Math.min(this.#wal.nextIndex, Math.max(this.#wal.firstIndex, this.#wal.firstIndex + (roadIndex - first)));
  }

  /** The road of the oldest kept certificate; undefined when the WAL is empty. */
  get firstRoad(): number | undefined {
    return this.#wal.count === 0 ? undefined : this.#firstRoad;
  }

  /** The WAL index of the oldest kept certificate (the next index when empty). */
  get firstWalIndex(): number {
    return this.#wal.firstIndex;
  }

  /** Every certificate kept, oldest first; fails on a gap. */
  async loadAll(): Promise<CommitQc[]> {
    const qcs = await this.#wal.readAll();
    qcs.forEach((qc, i) => {
      const previous = qcs[i - 1];
      if (previous !== undefined && qc.roadIndex !== previous.roadIndex + 1) {
        throw new PersistGapError(`CommitQcPersister.loadAll: road ${qc.roadIndex} follows road ${previous.roadIndex}`);
      }
    });
    return qcs;
  }

  async close(): Promise<void> {
    await this.#wal.close();
  }
}
