import { reachable } from '../coverage/index.js';
import { PERSIST_MARKS } from './marks.js';
import { join } from '../fs/path.js';
import type { FileSystem } from '../fs/types.js';
import { ensureDirDurable } from '../fs/durable.js';
import type { IndexedWalOptions } from '../wal/indexed-wal.js';
import { Mutex } from '../wal/mutex.js';
import { AnchorStore } from './anchor-store.js';
import type { Anchor, AnchorReach } from './anchor-store.js';
import { BlockPersister } from './block-persister.js';
import { CommitQcPersister } from './commit-qc-persister.js';
import { PersistCorruptError } from './records.js';
import type { Block, CommitQc } from './records.js';

/** The directories under a Persistence root: the anchor slots, the block lanes, the certificate WAL. */
export const ANCHOR_DIR_NAME = 'anchor';
export const BLOCKS_DIR_NAME = 'blocks';
export const COMMIT_QCS_DIR_NAME = 'commitqcs';

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
 * - startup: load the anchor; check that every WAL still reaches back to what it needs (an older
 *   anchor loaded because the newer record was damaged may need pruned entries: then
 *   PersistCorruptError, never a state with holes); prune both WALs to it (which re-anchors cursors lost with an
 *   emptied WAL); re-persist the anchor's certificate (a no-op unless a crash came right after a
 *   truncate-all); then load everything, failing on any gap;
 * - cycle: anchor first (durable), then prune (recording the cursor of every empty lane the
 *   anchor moves), then write the lanes and the certificates concurrently (lanes created
 *   beforehand, one task per lane).
 * Cycles are serialized: the persisters below are not safe for concurrent use.
 *
 * Fail-stop: after a cycle fails, every later cycle fails too (PersistenceFailedError), until the
 * process restarts and opens the directory again. A failed cycle may have stopped between its
 * steps (the anchor durable, the lanes not yet re-anchored to it), and a failed fsync may have
 * dropped data that reads still show (Linux "fsyncgate"), so the in-memory cursors can no longer
 * be trusted to match the disk: a later cycle could write a block after a hole, or acknowledge
 * what sits behind lost data. Only a startup from what is really on disk re-establishes them.
 * (Reopening within the same process is not enough after a failed fsync: the page cache still
 * shows the lost data.)
 */
export class Persistence {
  readonly #anchors: AnchorStore;
  readonly #blocks: BlockPersister;
  readonly #qcs: CommitQcPersister;
  readonly #lock = new Mutex();
  readonly loaded: LoadedState;
  /** The error of the first failed cycle; once set, no cycle runs again. */
  #failure: PersistenceFailedError | undefined;

  protected constructor(anchors: AnchorStore, blocks: BlockPersister, qcs: CommitQcPersister, loaded: LoadedState) {
    this.#anchors = anchors;
    this.#blocks = blocks;
    this.#qcs = qcs;
    this.loaded = loaded;
  }

  static async open(fs: FileSystem, root: string, options: IndexedWalOptions = {}): Promise<Persistence> {
    await ensureDirDurable(fs, root);
    const anchors = await AnchorStore.open(fs, join(root, ANCHOR_DIR_NAME));
    const blocks = await this.openBlockPersister(fs, join(root, BLOCKS_DIR_NAME), options);
    const qcs = await this.openCommitQcPersister(fs, join(root, COMMIT_QCS_DIR_NAME), options);
    try {
      const anchor = anchors.anchor;
      // Before pruning: the WALs must still reach back to what the loaded anchor needs.
      checkReach(anchors, blocks, qcs);
      if (anchor !== undefined) {
        reachable(PERSIST_MARKS.reopenedWithAnchor);
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

  /** Opens the block lanes under `dir` (a step of open). */
  protected static openBlockPersister(fs: FileSystem, dir: string, options: IndexedWalOptions): Promise<BlockPersister> {
    return BlockPersister.open(fs, dir, options);
  }

  /** Opens the certificate WAL in `dir` (a step of open). */
  protected static openCommitQcPersister(fs: FileSystem, dir: string, options: IndexedWalOptions): Promise<CommitQcPersister> {
    return CommitQcPersister.open(fs, dir, options);
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
      if (this.#failure !== undefined) throw this.#failure;
      try {
        await this.#runCycle(batch);
      } catch (error) {
        this.#failure = new PersistenceFailedError(error);
        throw error;
      }
    });
  }

  async #runCycle(batch: PersistBatch): Promise<void> {
    if (batch.anchor !== undefined) {
      await this.#anchors.write(batch.anchor, this.#reachOf(batch.anchor));
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
  }

  /** Where `anchor`'s needs will sit in the WALs once they are pruned to it (see AnchorReach). */
  #reachOf(anchor: Anchor): AnchorReach {
    const laneIndexes = new Map<number, number>();
    // Lanes the anchor does not mention keep what they have: their reach is their current front.
    for (const lane of this.#blocks.lanes) laneIndexes.set(lane, this.#blocks.firstWalIndex(lane) ?? 1);
    for (const [lane, first] of anchor.laneFirsts) laneIndexes.set(lane, this.#blocks.walIndexAfterPrune(lane, first));
    return { qcIndex: this.#qcs.walIndexAfterPrune(anchor.roadIndex), laneIndexes };
  }

  async close(): Promise<void> {
    await this.#lock.run(async () => {
      const results = await Promise.allSettled([this.#blocks.close(), this.#qcs.close()]);
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
    });
  }
}

/**
 * Gap detection against the anchor: every WAL's first index must be at or below the index of the
 * first entry the loaded anchor needs (AnchorReach). Pruning only ever follows a durable anchor
 * write, so this holds after any crash; it fails when the newer anchor record was damaged after
 * its pruning ran and loading fell back to the older record (see AnchorStore), and then startup
 * refuses.
 *
 * When an anchor slot held an invalid record (a fallback may have happened), the numbers are
 * checked too: every non-empty WAL must start at or below the number the loaded anchor needs.
 * Indices alone miss one case: an anchor written before a lane's (or the certificate WAL's) first
 * write lets it start past 1 at index 1 (blocks below the anchor are never written), which is
 * right under that anchor and a hole under an older one. With no anchor at all, numbering is
 * taken to start at 1. Not applied otherwise: an anchor may legitimately need less than an
 * earlier one already pruned.
 *
 * A lane that holds no block shows neither: its WAL index never moved, yet an anchor may have
 * moved it past blocks that were acknowledged without being written (below the anchor, so not
 * needed then). Its cursor record (LaneCursors, written after each anchor that moves it) says
 * how far; after a fallback, a cursor past what the loaded anchor needs, or a damaged one, is a
 * hole too.
 */
function checkReach(anchors: AnchorStore, blocks: BlockPersister, qcs: CommitQcPersister): void {
  const reach = anchors.reach;
  const which = anchors.anchor === undefined ? 'no anchor (so everything is needed)' : `the anchor at road ${anchors.anchor.roadIndex}`;
  const damaged = anchors.invalidSlots.length > 0 ? ` (anchor slot(s) ${anchors.invalidSlots.join(', ')} hold a damaged or torn record, so an older anchor was loaded)` : '';
  const missing: string[] = [];
  const anchor = anchors.anchor;
  const fallback = anchors.invalidSlots.length > 0;
  if (qcs.firstWalIndex > reach.qcIndex) missing.push(`the certificate WAL starts at index ${qcs.firstWalIndex}, past index ${reach.qcIndex}`);
  const firstRoad = qcs.firstRoad;
  const neededRoad = anchor?.roadIndex ?? 1;
  if (fallback && firstRoad !== undefined && firstRoad > neededRoad) missing.push(`the certificates start at road ${firstRoad}, past road ${neededRoad}`);
  for (const lane of blocks.lanes) {
    const first = blocks.firstWalIndex(lane) ?? 1;
    const needed = reach.laneIndexes.get(lane) ?? 1;
    if (first > needed) missing.push(`lane ${lane} starts at WAL index ${first}, past index ${needed}`);
    const firstBlock = blocks.firstBlockNumber(lane);
    const neededBlock = anchor?.laneFirsts.get(lane) ?? 1;
    if (fallback && firstBlock !== undefined && firstBlock > neededBlock) missing.push(`lane ${lane} starts at block ${firstBlock}, past block ${neededBlock}`);
  }
  if (fallback) {
    // A lane holding no block shows how far anchors moved it only in its cursor record.
    for (const lane of blocks.cursorLanes) {
      const cursor = blocks.emptyLaneCursor(lane);
      const neededBlock = anchor?.laneFirsts.get(lane) ?? 1;
      if (cursor === 'invalid') missing.push(`lane ${lane} holds no block and its cursor record is damaged, so nothing shows it still reaches block ${neededBlock}`);
      else if (cursor !== undefined && cursor > neededBlock) missing.push(`lane ${lane} holds no block and was moved to block ${cursor}, past block ${neededBlock}`);
    }
  }
  if (missing.length > 0) {
    throw new PersistCorruptError(
      `Persistence.open: ${which} needs entries that were already pruned${damaged}: ${missing.join('; ')}. ` +
        'Serving this state would leave holes; restore the directory from a replica or backup.',
    );
  }
}

/**
 * An earlier persist cycle failed, so this Persistence refuses every later one: what is on disk
 * may no longer match what it holds in memory. Restart and open the directory again: startup
 * recovers from what is really on disk.
 */
export class PersistenceFailedError extends Error {
  override readonly name = 'PersistenceFailedError';

  constructor(cause: unknown) {
    super(
      `Persistence is unusable after a failed persist cycle (${cause instanceof Error ? cause.message : String(cause)}); ` +
        'restart the process and open the directory again to recover from what is on disk',
      { cause },
    );
  }
}
