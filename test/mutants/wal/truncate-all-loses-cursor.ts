import { walFactoryWith } from './mutant-log.js';

/**
 * Mutant: truncateAll removes every segment but keeps the index counter only in memory (the
 * first-index record is not rewritten). A crash before the next append creates a segment reopens
 * an empty log whose counter went back: indices are reused and acknowledged entries vanish.
 */
export default walFactoryWith({ recordCounterOnTruncateAll: false });
