import { ATOMIC_FILE_CONTRACT } from '../../../scenarios/atomic-file/index.js';
import { type NodeFsMutant, nodeFsMutant } from '../node-fs-mutant.js';

/** Deliberately broken atomic-file modules (node:fs code), each with the scenario that must catch it. */
export const ATOMIC_FILE_MUTANTS: readonly NodeFsMutant[] = [
  nodeFsMutant('atomic-file', ATOMIC_FILE_CONTRACT, 'save-links-over-existing', 'save publishes with link(), so a save over a saved file rejects with EEXIST (caught by unexpected-error)'),
];
