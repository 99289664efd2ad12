import { installMarkCollector, type MarkCollector } from '../../src/coverage/index.js';

/**
 * Collecting the coverage marks (src/coverage) one run hits. The runner installs a tally for the
 * whole run, workload, crash, recovery and check alike, and puts back whatever was installed
 * before (a run inside a run, as the shrinker makes, counts into its own tally).
 */
export class MarkTally implements MarkCollector {
  readonly #hits = new Map<string, number>();

  hit(label: string): void {
    this.#hits.set(label, (this.#hits.get(label) ?? 0) + 1);
  }

  /** Hits per label, labels in sorted order (so the object prints the same on every run). */
  toRecord(): Record<string, number> {
    const record: Record<string, number> = {};
    for (const label of [...this.#hits.keys()].sort()) record[label] = this.#hits.get(label) as number;
    return record;
  }
}

/** Runs `body` with a fresh tally installed; resolves to its result and the marks it hit. */
export async function collectingMarks<T>(body: () => Promise<T>): Promise<{ readonly value: T; readonly marks: Record<string, number> }> {
  const tally = new MarkTally();
  const previous = installMarkCollector(tally);
  try {
    const value = await body();
    return { value, marks: tally.toRecord() };
  } finally {
    installMarkCollector(previous);
  }
}
