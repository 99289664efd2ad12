import { type AnyScenario, eraseScenario } from '../sim/scenario.js';
import { blobPutIfAbsentScenario } from './blob-put-if-absent.js';
import { blobScenario } from './blob.js';
import { flatfsScenario } from './flatfs.js';
import { mvccScenario } from './mvcc.js';
import { persistScenario } from './persist.js';
import { stateFileScenario } from './state-file.js';
import { walScenario } from './wal.js';

/**
 * Every bundled scenario, in the order campaigns run them. `npm run sim` without --scenario runs
 * them all.
 */
export const SCENARIOS: readonly AnyScenario[] = [
  eraseScenario(blobScenario),
  eraseScenario(blobPutIfAbsentScenario),
  eraseScenario(walScenario),
  eraseScenario(persistScenario),
  eraseScenario(flatfsScenario),
  eraseScenario(mvccScenario),
  eraseScenario(stateFileScenario),
];

export function findScenario(name: string): AnyScenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
