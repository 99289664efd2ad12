/**
 * Bounded concurrency: at most `limit` holders at a time, served first come, first served (so
 * the order of work follows the order of calls, which keeps simulated runs reproducible).
 */
export class Gate {
  readonly limit: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Gate: limit must be a positive integer, got ${String(limit)}`);
    this.limit = limit;
  }

  /** Resolves to a release function once a slot is free; call it exactly once. */
  async acquire(): Promise<() => void> {
    if (this.#active < this.limit) {
      this.#active++;
    } else {
      // The releaser hands its slot over directly, so #active never drops below the waiters' due.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next === undefined) this.#active--;
      else next();
    };
  }

  get activeCount(): number {
    return this.#active;
  }
}

/**
 * Runs `work` on every item with at most `limit` at a time; waits for all of them, then rejects
 * with the first error (by item order) if any failed. Never leaves work running behind a rejection.
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const gate = new Gate(limit);
  const results = await Promise.allSettled(
    items.map(async (item) => {
      const release = await gate.acquire();
      try {
        await work(item);
      } finally {
        release();
      }
    }),
  );
  for (const result of results) {
    if (result.status === 'rejected') throw result.reason;
  }
}
