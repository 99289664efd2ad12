import { join } from '../fs/path.js';
import type { FileSystem } from '../fs/types.js';
import { ensureDirDurable } from '../fs/durable.js';
import type { IndexedWalOptions } from '../wal/indexed-wal.js';
import { Mutex } from '../wal/mutex.js';
import { AnchorStore } from './anchor-store.js';
import type { Anchor } from './anchor-store.js';
import { BlockPersister } from './block-persister.js';
import { CommitQcPersister } from './commit-qc-persister.js';
import type { Block, CommitQc } from './records.js';

/** What one persist cycle writes: maybe a new anchor, then new blocks and certificates. */
export interface PersistBatch {
  readonly anchor?: Anchor;
  readonly blocks: readonly Block[];
  readonly qcs: readonly CommitQc[];
}

/** What startup loaded, after pruning to the anchor. */
export interface LoadedState {
  readonly anchor: Anchor | undefined;
  readonly qcs: readonly CommitQc[];
  readonly blocks: ReadonlyMap<number, readonly Block[]>;
}

/**
 * The consensus engine's persistence: the anchor, the block lanes and the certificate WAL, with
 * the startup sequence and the persist cycle in the order that keeps every crash state
 * consistent:
 * - startup: load the anchor; prune both WALs to it (which re-anchors cursors lost with an
 *   emptied WAL); re-persist the anchor's certificate (a no-op unless a crash came right after a
 *   truncate-all); then load everything, failing on any gap;
 * - cycle: anchor first (durable), then prune, then write the lanes and the certificates
 *   concurrently (lanes created beforehand, one task per lane).
 * Cycles are serialized: the persisters below are not safe for concurrent use.
 */
export class Persistence {
  readonly #anchors: AnchorStore;
  readonly #blocks: BlockPersister;
  readonly #qcs: CommitQcPersister;
  readonly #lock = new Mutex();
  readonly loaded: LoadedState;

  private constructor(anchors: AnchorStore, blocks: BlockPersister, qcs: CommitQcPersister, loaded: LoadedState) {
    this.#anchors = anchors;
    this.#blocks = blocks;
    this.#qcs = qcs;
    this.loaded = loaded;
  }

  static async open(fs: FileSystem, root: string, options: IndexedWalOptions = {}): Promise<Persistence> {
    await ensureDirDurable(fs, root);
    const anchors = await AnchorStore.open(fs, join(root, 'anchor'));
    const blocks = await BlockPersister.open(fs, join(root, 'blocks'), options);
    const qcs = await CommitQcPersister.open(fs, join(root, 'commitqcs'), options);
    try {
      const anchor = anchors.anchor;
      if (anchor !== undefined) {
        await qcs.pruneBefore(anchor.roadIndex);
        await blocks.pruneBefore(anchor.laneFirsts);
        await qcs.persist(anchor.qc);
      }
      const loaded: LoadedState = { anchor, qcs: await qcs.loadAll(), blocks: await blocks.loadAll() };
      return new Persistence(anchors, blocks, qcs, loaded);
    } catch (error) {
      await Promise.allSettled([blocks.close(), qcs.close()]);
      throw error;
    }
  }

  get anchor(): Anchor | undefined {
    return this.#anchors.anchor;
  }

  get blocks(): BlockPersister {
    return this.#blocks;
  }

  get qcs(): CommitQcPersister {
    return this.#qcs;
  }

  /** One persist cycle; durable when it resolves. Concurrent calls run one after another. */
  persist(batch: PersistBatch): Promise<void> {
    return this.#lock.run(async () => {
      if (batch.anchor !== undefined) {
        await this.#anchors.write(batch.anchor);
        await this.#qcs.pruneBefore(batch.anchor.roadIndex);
        // An emptied certificate WAL must start again at the anchor's certificate.
        await this.#qcs.persist(batch.anchor.qc);
        await this.#blocks.pruneBefore(batch.anchor.laneFirsts);
      }
      const anchor = this.#anchors.anchor;
      const byLane = new Map<number, Block[]>();
      for (const block of batch.blocks) {
        // Blocks the anchor no longer needs are not written: their lane may already be past them.
        if (block.number < (anchor?.laneFirsts.get(block.lane) ?? 0)) continue;
        const lane = byLane.get(block.lane) ?? [];
        lane.push(block);
        byLane.set(block.lane, lane);
      }
      // Lanes are created before the concurrent writes: creating one changes the shared lane map.
      for (const lane of byLane.keys()) await this.#blocks.createLane(lane);
      const writeQcs = async (): Promise<void> => {
        for (const qc of batch.qcs) await this.#qcs.persist(qc);
      };
      const tasks = [writeQcs(), ...[...byLane].map(([lane, blocks]) => this.#blocks.persistBlocks(lane, blocks))];
      const results = await Promise.allSettled(tasks);
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
    });
  }

  async close(): Promise<void> {
    await this.#lock.run(async () => {
      const results = await Promise.allSettled([this.#blocks.close(), this.#qcs.close()]);
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
    });
  }
}
