/**
 * Coverage marks, in the spirit of Antithesis' sometimes-assertions and TigerBeetle's coverage
 * marks: a store or a scenario names an interesting state it reached ("recovery cut a torn tail",
 * "a rename was rolled back") so that a campaign can say whether it ever reached it. A campaign
 * that held every invariant proves little if it never reached the states where they matter.
 *
 * A mark is declared once, at module level, with a stable label; the code then calls
 * `reachable(mark)` where the state is reached, or `sometimes(condition, mark)` where a condition
 * is expected to be true at least sometimes. Neither changes what the code does: without a
 * collector (production, and every run outside the simulator) each call is one comparison with
 * `undefined`. The simulator installs a collector around each run and counts.
 *
 * Marks are deterministic by construction: they only observe, and the simulator that runs the
 * code is deterministic, so the same seed hits the same marks.
 */

/** A named state a campaign should reach. Declare with `declareMark`. */
export interface CoverageMark {
  /** Stable, dotted, lower case: `<owner>.<what>`, e.g. `wal.recovery.torn-tail`. */
  readonly label: string;
  /** One line: what reaching it means. */
  readonly description: string;
}

/** Receives the labels of the marks hit while it is installed (see installMarkCollector). */
export interface MarkCollector {
  hit(label: string): void;
}

const LABEL = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/;

const declared = new Map<string, CoverageMark>();
let collector: MarkCollector | undefined;

/**
 * Declares a mark (call it once, at module level). Declaring the same label again with the same
 * description returns the first declaration; with another description it throws, since two
 * states would then share one count.
 */
export function declareMark(label: string, description: string): CoverageMark {
  if (!LABEL.test(label)) throw new RangeError(`declareMark: a label is dotted lower-case words such as 'wal.recovery.torn-tail', got ${JSON.stringify(label)}`);
  const existing = declared.get(label);
  if (existing !== undefined) {
    if (existing.description === description) return existing;
    throw new Error(`declareMark: '${label}' is declared twice with different descriptions (${JSON.stringify(existing.description)} and ${JSON.stringify(description)}); give each state its own label`);
  }
  const mark: CoverageMark = Object.freeze({ label, description });
  declared.set(label, mark);
  return mark;
}

/** The state `mark` names was reached. */
export function reachable(mark: CoverageMark): void {
  if (collector !== undefined) collector.hit(mark.label);
}

/** `condition` should be true at least sometimes over a campaign; counts when it is. */
export function sometimes(condition: boolean, mark: CoverageMark): void {
  if (condition && collector !== undefined) collector.hit(mark.label);
}

/** Every mark declared by the modules loaded so far, by label. */
export function declaredMarks(): CoverageMark[] {
  return [...declared.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/**
 * Installs `next` as the collector (undefined: none) and returns the one it replaces, so the
 * caller can put it back. One collector at a time per thread: runs that overlap in one thread
 * would count into whichever is installed.
 */
export function installMarkCollector(next: MarkCollector | undefined): MarkCollector | undefined {
  const previous = collector;
  collector = next;
  return previous;
}
