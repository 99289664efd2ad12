import { reachable } from '../coverage/index.js';
import { PERSIST_MARKS } from './marks.js';
import { join } from '../fs/path.js';
import type { FileSystem } from '../fs/types.js';
import { ensureDirDurable } from '../fs/durable.js';
import { openIndexedWal } from '../wal/indexed-wal.js';
import type { IndexedWal, IndexedWalOptions } from '../wal/indexed-wal.js';
import { LaneCursors } from './lane-cursors.js';
import type { LaneCursor } from './lane-cursors.js';
import { blockCodec, laneDirName, parseLaneDirName, PersistGapError } from './records.js';
import type { Block } from './records.js';

/**
 * Blocks, one IndexedWal per lane under `blocks/<lane in hex>/`, so lanes prune independently.
 *
 * Concurrency: lanes must be created (`createLane`) before concurrent writes start, because that
 * changes the lane map; afterwards each lane may be written by its own task (one writer per lane:
 * an IndexedWal is not safe for concurrent use), and `pruneBefore` truncates lanes in parallel.
 */
class Lane {
  readonly wal: IndexedWal<Block>;
  /**
   * The next block number this lane accepts, or undefined while unknown (an empty WAL after a
   * restart, until pruning re-anchors it). Kept in memory because an empty WAL has no block to
   * read it from: read from the WAL alone, the cursor would be lost each time the lane is emptied.
   */
  nextBlockNumber: number | undefined;
  /** Block number at the WAL's first index, when the WAL is not empty. */
  firstBlockNumber: number | undefined;

  constructor(wal: IndexedWal<Block>, firstBlockNumber: number | undefined) {
    this.wal = wal;
    this.firstBlockNumber = firstBlockNumber;
    this.nextBlockNumber = firstBlockNumber === undefined ? undefined : firstBlockNumber + wal.count;
  }
}

export class BlockPersister {
  readonly #fs: FileSystem;
  readonly #dir: string;
  readonly #options: IndexedWalOptions;
  readonly #lanes = new Map<number, Lane>();
  readonly #cursors: LaneCursors;

  protected constructor(fs: FileSystem, dir: string, options: IndexedWalOptions, cursors: LaneCursors) {
    this.#fs = fs;
    this.#dir = dir;
    this.#options = options;
    this.#cursors = cursors;
  }

  /** Opens every lane found under `dir` (names that are not lane ids are ignored). */
  static async open(fs: FileSystem, dir: string, options: IndexedWalOptions = {}): Promise<BlockPersister> {
    await ensureDirDurable(fs, dir);
    const persister = new this(fs, dir, options, await LaneCursors.open(fs, dir));
    const lanes = (await fs.readdir(dir)).map(parseLaneDirName).filter((lane): lane is number => lane !== undefined);
    // Sorted so that opening order (and so the trace) does not depend on readdir order.
    for (const lane of lanes.sort((a, b) => a - b)) await persister.createLane(lane);
    return persister;
  }

  /** The lanes known, ascending. */
  get lanes(): number[] {
    return [...this.#lanes.keys()].sort((a, b) => a - b);
  }

  /** Creates (or opens) the lane's WAL. Call before concurrent writes start. */
  async createLane(lane: number): Promise<void> {
    if (this.#lanes.has(lane)) return;
    const dir = join(this.#dir, laneDirName(lane));
    await ensureDirDurable(this.#fs, dir);
    const wal = await openIndexedWal(this.#fs, dir, blockCodec, this.#options);
    const first = wal.count > 0 ? (await wal.read(wal.firstIndex)).number : undefined;
    const state = new Lane(wal, first);
    // An empty lane's next number survives a restart only in its cursor record (LaneCursors).
    const cursor = this.#cursors.get(lane);
    if (state.nextBlockNumber === undefined && typeof cursor === 'number') state.nextBlockNumber = cursor;
    this.#lanes.set(lane, state);
  }

  /** The next block number `lane` accepts (undefined: unknown until pruned or first written). */
  nextBlockNumber(lane: number): number | undefined {
    return this.#lanes.get(lane)?.nextBlockNumber;
  }

  /**
   * Appends blocks of ONE lane, which must exist, with strictly contiguous numbers following the
   * lane's last. Durable when it resolves. Safe to run concurrently for different lanes.
   */
  async persistBlocks(lane: number, blocks: readonly Block[]): Promise<void> {
    const state = this.#laneOrThrow(lane, 'persistBlocks');
    let expected = state.nextBlockNumber ?? blocks[0]?.number;
    for (const block of blocks) {
      if (block.lane !== lane) throw new RangeError(`BlockPersister.persistBlocks: block of lane ${block.lane} given for lane ${lane}`);
      if (block.number !== expected) {
        throw new PersistGapError(`BlockPersister.persistBlocks: lane ${lane} expects block ${String(expected)}, got ${block.number}; blocks must be contiguous`);
      }
      expected = block.number + 1;
    }
    if (blocks.length === 0) return;
    await state.wal.append(blocks);
    state.firstBlockNumber ??= (blocks[0] as Block).number;
    state.nextBlockNumber = expected;
  }

  /**
   * Per lane, drops blocks below `laneFirsts[lane]`, lanes in parallel. When the first needed
   * block is past everything persisted, the lane is emptied and its cursor re-anchored there, so
   * it accepts exactly that block next.
   */
  async pruneBefore(laneFirsts: ReadonlyMap<number, number>): Promise<void> {
    const tasks: Promise<void>[] = [];
    for (const lane of this.lanes) {
      const first = laneFirsts.get(lane);
      if (first !== undefined) tasks.push(this.#pruneLane(this.#laneOrThrow(lane, 'pruneBefore'), first));
    }
    const results = await Promise.allSettled(tasks);
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    await this.#recordEmptyLaneCursors(laneFirsts);
  }

  /**
   * For every lane holding no block (or not created yet) that `laneFirsts` moves forward, durably
   * records where it now starts (see LaneCursors): a lane with blocks, or a WAL moved past index
   * 1, shows that by itself; an empty one needs the record, or a fallback to an older anchor
   * could not tell that blocks it needs were acknowledged without being written.
   */
  async #recordEmptyLaneCursors(laneFirsts: ReadonlyMap<number, number>): Promise<void> {
    for (const [lane, first] of [...laneFirsts].sort((a, b) => a[0] - b[0])) {
      const state = this.#lanes.get(lane);
      if (state !== undefined && state.wal.count > 0) continue;
      const known = this.#cursors.get(lane);
      // Numbering starts at 1: nothing below it can have been skipped. A damaged record is rewritten.
      if (known !== 'invalid' && first <= (known ?? 1)) continue;
      await this.#cursors.raise(lane, first);
    }
  }

  /**
   * The recorded cursor of a lane that holds no block (LaneCursors); undefined when the lane holds
   * blocks or has no record.
   */
  emptyLaneCursor(lane: number): LaneCursor | undefined {
    const state = this.#lanes.get(lane);
    return state !== undefined && state.wal.count > 0 ? undefined : this.#cursors.get(lane);
  }

  /** Lanes with a cursor record, ascending (some may have no WAL). */
  get cursorLanes(): number[] {
    return this.#cursors.lanes;
  }

  async #pruneLane(lane: Lane, first: number): Promise<void> {
    if (lane.firstBlockNumber === undefined || lane.wal.count === 0) {
      // Empty: only the cursor can move (forward, or set when unknown after a restart).
      if (lane.nextBlockNumber === undefined || lane.nextBlockNumber < first) lane.nextBlockNumber = first;
      return;
    }
    const next = lane.nextBlockNumber ?? lane.firstBlockNumber + lane.wal.count;
    if (first >= next) {
      reachable(PERSIST_MARKS.laneEmptied);
      await lane.wal.truncateAll();
      lane.firstBlockNumber = undefined;
      lane.nextBlockNumber = this.cursorAfterTruncateAll(first);
      return;
    }
    if (first <= lane.firstBlockNumber) return;
    reachable(PERSIST_MARKS.laneTruncated);
    lane.firstBlockNumber = await this.truncateLaneBefore(lane.wal, lane.wal.firstIndex + (first - lane.firstBlockNumber), first);
  }

  /**
   * The cursor of a lane emptied by pruning to `first`: exactly `first`, so that a block numbered
   * below it (already pruned, or never needed) is refused rather than reused.
   */
  protected cursorAfterTruncateAll(first: number): number | undefined {
    return first;
  }

  /**
   * Drops the lane's blocks below WAL `index`, where block `first` must sit; returns the number of
   * the lane's first kept block.
   */
  protected async truncateLaneBefore(wal: IndexedWal<Block>, index: number, first: number): Promise<number> {
    await wal.truncateBefore(index, (block) => block.number === first);
    return first;
  }

  /**
   * The WAL index where the lane's first kept entry will sit once pruned to `first`: that block's
   * index, or the lane's next index when pruning empties it (the WAL keeps its counter). 1 for a
   * lane not created yet. Recorded with an anchor (AnchorReach) so startup can tell whether a lane
   * still reaches back to what an anchor needs.
   */
  walIndexAfterPrune(lane: number, first: number): number {
    const state = this.#lanes.get(lane);
    if (state === undefined) return 1;
    const wal = state.wal;
    if (state.firstBlockNumber === undefined || wal.count === 0) return wal.firstIndex;
    return Math.min(wal.nextIndex, Math.max(wal.firstIndex, wal.firstIndex + (first - state.firstBlockNumber)));
  }

  /** The number of the lane's oldest kept block; undefined when the lane is empty or missing. */
  firstBlockNumber(lane: number): number | undefined {
    const state = this.#lanes.get(lane);
    return state === undefined || state.wal.count === 0 ? undefined : state.firstBlockNumber;
  }

  /** The WAL index of the lane's oldest kept block (its next index when empty); undefined for no lane. */
  firstWalIndex(lane: number): number | undefined {
    return this.#lanes.get(lane)?.wal.firstIndex;
  }

  /** Every lane's blocks, oldest first; fails on a gap rather than hand out a holed history. */
  async loadAll(): Promise<Map<number, Block[]>> {
    const all = new Map<number, Block[]>();
    for (const lane of this.lanes) all.set(lane, await this.replayLane(lane, this.#laneOrThrow(lane, 'loadAll').wal));
    return all;
  }

  /** One lane's blocks, oldest first; fails on a gap or a block of another lane. */
  protected async replayLane(lane: number, wal: IndexedWal<Block>): Promise<Block[]> {
    const blocks = await wal.readAll();
    blocks.forEach((block, i) => {
      const previous = blocks[i - 1];
      if (block.lane !== lane || (previous !== undefined && block.number !== previous.number + 1)) {
        throw new PersistGapError(`BlockPersister.loadAll: lane ${lane} has block ${block.lane}/${block.number} after ${String(previous?.number)}`);
      }
    });
    return blocks;
  }

  /** Closes every lane, even when one fails. */
  async close(): Promise<void> {
    const results = await Promise.allSettled([...this.#lanes.values()].map((lane) => lane.wal.close()));
    this.#lanes.clear();
    const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected').map((result) => result.reason as unknown);
    if (failures.length > 0) throw new AggregateError(failures, `BlockPersister.close: ${failures.length} lane(s) failed to close`);
  }

  #laneOrThrow(lane: number, method: string): Lane {
    const state = this.#lanes.get(lane);
    if (state === undefined) throw new RangeError(`BlockPersister.${method}: lane ${lane} does not exist; call createLane before writing`);
    return state;
  }
}
