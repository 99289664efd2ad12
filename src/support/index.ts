/**
 * Small building blocks the stores share, exported for the code that drives them (scenarios,
 * tests, benchmarks). Not part of the package API (src/index.ts).
 */
export { BoundedMemo } from './bounded-memo.js';
/** A FIFO async lock; it lives with the log, which orders appends with it. */
export { Mutex } from '../wal/mutex.js';
