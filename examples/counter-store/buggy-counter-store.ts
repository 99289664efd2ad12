import type { FileSystem } from '../../src/index.js';
import { type Counter, openCounter } from './counter-store.js';

/**
 * The counter store with one bug: it creates its log without syncing the directory, so a crash
 * can take the file's name, and every acknowledged increment with it. Run it:
 * `npm run sim -- --scenario examples/counter-store/counter.scenario.ts --impl examples/counter-store/buggy-counter-store.ts`
 */
export default function openBuggyCounter(fs: FileSystem, root: string): Promise<Counter> {
  return openCounter(fs, root, { syncDirectoryOnCreate: false });
}
