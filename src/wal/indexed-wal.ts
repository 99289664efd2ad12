import type { FileSystem } from '../fs/types.js';
import type { Codec } from './codec.js';
import { openSegmentLog } from './segment-log.js';
import type { OpenSegmentLog, SegmentLog, SegmentLogOptions } from './segment-log-types.js';

/** Options of `openIndexedWal`. */
export interface IndexedWalOptions extends SegmentLogOptions {
  /** The log implementation; `openSegmentLog` by default (tests and mutants pass others). */
  openLog?: OpenSegmentLog;
}

/**
 * A typed write-ahead log: values of type T at consecutive indices, over a SegmentLog.
 *
 * NOT safe for concurrent use: callers serialize their calls (one lane, one caller). It keeps no
 * index bookkeeping of its own: the log's first and last index are the truth, so nothing here can
 * drift from what is on disk.
 */
export class IndexedWal<T> {
  readonly #log: SegmentLog;
  readonly #codec: Codec<T>;

  constructor(log: SegmentLog, codec: Codec<T>) {
    this.#log = log;
    this.#codec = codec;
  }

  /** Index of the oldest value kept; equals nextIndex when empty. */
  get firstIndex(): number {
    return this.#log.firstIndex;
  }

  /** Index the next appended value gets. Never decreases, even across truncateAll. */
  get nextIndex(): number {
    return this.#log.lastIndex + 1;
  }

  /** Number of values kept. */
  get count(): number {
    return this.nextIndex - this.firstIndex;
  }

  /** The underlying log (for reads of single entries and statistics). */
  get log(): SegmentLog {
    return this.#log;
  }

  /** Appends values at nextIndex...; durable when it resolves (unless syncOnAppend is false). */
  async append(values: readonly T[]): Promise<{ first: number; last: number }> {
    return this.#log.append(values.map((value) => this.#codec.encode(value)));
  }

  /** The value at `index`. */
  async read(index: number): Promise<T> {
    return this.#codec.decode(await this.#log.read(index));
  }

  /**
   * Every value kept, oldest first. Fails rather than return a short replay: the number of values
   * read must equal `count`, or entries went missing between open and now.
   */
  async readAll(): Promise<T[]> {
    const first = this.firstIndex;
    const expected = this.count;
    const values: T[] = [];
    for (let index = first; index < first + expected; index++) values.push(await this.read(index));
    if (values.length !== expected || this.firstIndex !== first || this.count !== expected) {
      throw new Error(
        `IndexedWal.readAll: read ${values.length} values from index ${first} but the log holds ${this.count} from ${this.firstIndex}; ` +
          'the log changed during replay or lost entries: reopen it and replay again',
      );
    }
    return values;
  }

  /**
   * Removes every value below `index`. `verify` is called with the value at `index` and must
   * return true, or nothing is removed: callers map their own numbering (block numbers, road
   * indices) onto WAL indices, and this catches a wrong mapping before it destroys data.
   */
  async truncateBefore(index: number, verify: (value: T) => boolean): Promise<void> {
    if (!Number.isSafeInteger(index) || index < this.firstIndex || index >= this.nextIndex) {
      throw new RangeError(`IndexedWal.truncateBefore: index ${String(index)} is outside the kept range [${this.firstIndex}, ${this.nextIndex - 1}]`);
    }
    const value = await this.read(index);
    if (!verify(value)) {
      throw new Error(`IndexedWal.truncateBefore: the value at index ${index} failed verification; refusing to truncate (the caller's index mapping is wrong)`);
    }
    await this.#log.truncateFront(index);
  }

  /** Removes every value, keeping the counter: nextIndex is unchanged. Durable when it resolves. */
  async truncateAll(): Promise<void> {
    await this.#log.truncateAll();
  }

  async sync(): Promise<void> {
    await this.#log.sync();
  }

  async close(): Promise<void> {
    await this.#log.close();
  }
}

/** Opens (creating or recovering) an IndexedWal in `dir`. */
export async function openIndexedWal<T>(fs: FileSystem, dir: string, codec: Codec<T>, options: IndexedWalOptions = {}): Promise<IndexedWal<T>> {
  const { openLog = openSegmentLog, ...logOptions } = options;
  return new IndexedWal(await openLog(fs, dir, logOptions), codec);
}
