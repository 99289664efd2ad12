import { type AnyScenario, eraseScenario } from '../sim/index.js';
import { appendLogScenario } from './append-log/index.js';
import { atomicFileScenario } from './atomic-file/index.js';
import { blobFsyncDataScenario } from './blob-fsync-data/index.js';
import { blobFsyncNoneScenario } from './blob-fsync-none/index.js';
import { blobPutIfAbsentScenario } from './blob-put-if-absent/index.js';
import { blobScenario } from './blob/index.js';
import { flatfsScenario } from './flatfs/index.js';
import { kvScenario } from './kv/index.js';
import { mvccScenario } from './mvcc/index.js';
import { persistScenario } from './persist/index.js';
import { stateFileScenario } from './state-file/index.js';
import { walScenario } from './wal/index.js';

/**
 * Every bundled scenario, in the order campaigns run them. `npm run sim` without --scenario runs
 * them all. Each lives in its own folder with the same files: index.ts (the Scenario),
 * operations.ts (operations, generate, apply, describe), model.ts (what the history allows) and
 * check.ts (the invariants); helpers shared by several scenarios live in support/.
 */
export const SCENARIOS: readonly AnyScenario[] = [
  eraseScenario(blobScenario),
  eraseScenario(blobPutIfAbsentScenario),
  eraseScenario(blobFsyncDataScenario),
  eraseScenario(blobFsyncNoneScenario),
  eraseScenario(walScenario),
  eraseScenario(persistScenario),
  eraseScenario(flatfsScenario),
  eraseScenario(mvccScenario),
  eraseScenario(stateFileScenario),
  // The node:fs scenarios: plain Node.js code run unmodified in a simulated process (sim/node).
  eraseScenario(atomicFileScenario),
  eraseScenario(appendLogScenario),
  eraseScenario(kvScenario),
];

export function findScenario(name: string): AnyScenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}

// Each scenario, typed, for a test that runs one against an implementation of its own
// (crashsim/vitest, runScenario), and the System types those implementations return.
export { blobScenario, blobPutIfAbsentScenario, blobFsyncDataScenario, blobFsyncNoneScenario, walScenario, persistScenario, flatfsScenario, mvccScenario, stateFileScenario };
export type { BlobOp, BlobResult } from './blob/index.js';
export type { FlatOperation, FlatResult } from './flatfs/index.js';
export type { MvccOperation, MvccResult, MvccSystem } from './mvcc/index.js';
export type { PersistOperation, PersistResult, PersistSystem } from './persist/index.js';
export type { LoadedState, StateFileOp, StateFileResult } from './state-file/index.js';
export type { WalEntry, WalOperation, WalResult, WalSystem } from './wal/index.js';
