import type { FailingCase, ShrinkCase } from './case.js';

/**
 * One way to make a failing case smaller, as a lazy stream of candidates in the spirit of
 * fast-check's shrink streams. `candidates(best)` yields cases smaller than `best`, best guesses
 * first. After each one the driver sends back its verdict through `yield`: the candidate as it
 * failed (the new best: later candidates must derive from it, so a pass resumes where it was
 * instead of starting over), or null when it did not fail the same invariant and was dropped.
 * A pass never runs anything itself, so it can be tested with any verdict function.
 */
export interface ShrinkPass {
  /** Kebab-case, for tests and messages: `fewer-clients`. */
  readonly name: string;
  candidates(best: FailingCase): Generator<ShrinkCase, void, FailingCase | null>;
}

/** Judges one candidate: the failing case it makes, or null when it does not fail the same way. */
export type Judge = (candidate: ShrinkCase) => Promise<FailingCase | null>;
