import { sometimes } from '../coverage/index.js';
import { WAL_MARKS } from './marks.js';

/**
 * Group commit: writers share syncs. A writer that finished writing does not sync while other
 * writers are still queued to write (they will be covered by the same sync), unless a group is
 * already `groupWritesMax` large; while a sync is in flight, writers that finish wait for it and
 * the first of them then starts one sync covering all. The result does not depend on how fast the
 * disk is: N concurrent appenders cost about one sync per burst instead of N.
 *
 * Tickets order writes: a writer takes a ticket after its write completed, and is durable once a
 * flush that STARTED after that point has finished. `flush` must snapshot what it syncs
 * synchronously, before its first await, so the snapshot matches the target ticket.
 *
 * A failed flush is final: every writer not yet durable fails with its error, including writers
 * that join later. A retried fsync can succeed after the kernel dropped the dirty data of the
 * failed one (Linux, "fsyncgate"), so a later successful flush proves nothing about the writes
 * the failed one covered, nor about later writes that sit behind them in the same file.
 */
export class GroupCommit {
  readonly #flush: () => Promise<void>;
  readonly #groupWritesMax: number;
  #issued = 0;
  #durable = 0;
  #writersPending = 0;
  #inFlight: Promise<void> | undefined;
  /** The first flush failure; once set, nothing becomes durable through this group again. */
  #failure: { readonly error: unknown } | undefined;
  /** Wakes deferred writers when a flush starts or the last pending writer is done. */
  #wake: { promise: Promise<void>; resolve: () => void } = signal();
  /** Flushes started, for reports and tests. */
  flushesCount = 0;

  constructor(flush: () => Promise<void>, groupWritesMax = 256) {
    this.#flush = flush;
    this.#groupWritesMax = groupWritesMax;
  }

  /** A writer announces it is about to write (call `endWrite` when done, even on failure). */
  beginWrite(): void {
    this.#writersPending++;
  }

  endWrite(): void {
    this.#writersPending--;
    if (this.#writersPending === 0) this.#signal();
  }

  /** Call right after a write completes; the ticket to wait on. */
  issueTicket(): number {
    return ++this.#issued;
  }

  /**
   * Resolves once every write up to `ticket` (default: every write so far) is durable. With
   * `defer`, waits for queued writers to join the group first (never pass it while holding a
   * lock those writers need).
   */
  async waitDurable(ticket: number = this.#issued, defer = false): Promise<void> {
    while (this.#durable < ticket) {
      if (this.#failure !== undefined) throw this.#failure.error;
      if (this.#inFlight !== undefined) {
        await this.#inFlight;
        continue;
      }
      if (defer && this.#writersPending > 0 && this.#issued - this.#durable < this.#groupWritesMax) {
        await this.#wake.promise;
        continue;
      }
      const target = this.#issued;
      sometimes(target - this.#durable > 1, WAL_MARKS.groupCommitShared);
      this.flushesCount++;
      this.#inFlight = this.#flush()
        .then(
          () => {
            this.#durable = Math.max(this.#durable, target);
          },
          (error: unknown) => {
            this.#failure ??= { error };
            throw error;
          },
        )
        .finally(() => {
          this.#inFlight = undefined;
        });
      this.#signal();
      await this.#inFlight;
    }
  }

  /** True once a flush failed: no write can be made durable through this group any more. */
  get failed(): boolean {
    return this.#failure !== undefined;
  }

  #signal(): void {
    const current = this.#wake;
    this.#wake = signal();
    current.resolve();
  }
}

function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
