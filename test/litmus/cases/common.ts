import type { ProfileExpectation } from '../harness.js';
import type { SourceKey } from '../sources.js';

/** Shorthands for expectations that several litmus tests share. */

/** A process crash (kill -9) keeps everything the process did: the page cache belongs to the kernel. */
export function processKeeps(...states: string[]): ProfileExpectation {
  return { states, sources: ['killProcess'], summary: 'everything survives' };
}

export function allow(states: readonly string[], sources: readonly SourceKey[], summary: string, note?: string): ProfileExpectation {
  return note === undefined ? { states, sources, summary } : { states, sources, summary, note };
}
