/**
 * Per-key serialization of writes with "first successful writer wins": while an operation on a
 * key is in flight, later operations on that key wait for it; if it succeeds they are dropped
 * (they report success without touching the disk), if it fails the next one runs.
 *
 * This is right for content-addressed data (two writers of one key write the same bytes, so
 * doing the work twice only costs I/O) and it is what callers of overlapping operations can
 * expect in general: overlapping operations have no order, so any one of them may be the result.
 * A dropped operation is only acknowledged once the winner is durable, because the winner settles
 * its ticket after its own syncs.
 */

/** Held by the one operation allowed to act on a key; settle it exactly once. */
export interface KeyTicket {
  readonly key: string;
  /** Releases the key: `true` drops the waiters, `false` lets the next one run. */
  settle(succeeded: boolean): void;
}

export class KeyOps {
  readonly #inFlight = new Map<string, Promise<boolean>>();

  /**
   * Waits until `key` is free and takes it, or resolves null when an operation that overlapped
   * this call succeeded on it (this one is then dropped).
   */
  async acquire(key: string): Promise<KeyTicket | null> {
    for (;;) {
      const current = this.#inFlight.get(key);
      if (current === undefined) break;
      if (await current) return null;
    }
    let resolveOutcome: (succeeded: boolean) => void = () => {};
    const outcome = new Promise<boolean>((resolve) => {
      resolveOutcome = resolve;
    });
    this.#inFlight.set(key, outcome);
    let settled = false;
    return {
      key,
      settle: (succeeded: boolean) => {
        if (settled) return;
        settled = true;
        // Free the key before waking the waiters, so that after a failure one of them finds it free.
        if (this.#inFlight.get(key) === outcome) this.#inFlight.delete(key);
        resolveOutcome(succeeded);
      },
    };
  }

  /** Runs `operation` holding `key`; resolves false (without running it) when it was dropped. */
  async run(key: string, operation: () => Promise<void>): Promise<boolean> {
    const ticket = await this.acquire(key);
    if (ticket === null) return false;
    try {
      await operation();
      ticket.settle(true);
      return true;
    } catch (error) {
      ticket.settle(false);
      throw error;
    }
  }

  /** Keys with an operation in flight (for tests and close). */
  get inFlightCount(): number {
    return this.#inFlight.size;
  }
}
