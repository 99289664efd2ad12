import { KV_CONTRACT } from '../../../scenarios/kv/index.js';
import { type NodeFsMutant, nodeFsMutant } from '../node-fs-mutant.js';

/** Deliberately broken kv modules (node:fs code), each with the scenario that must catch it. */
export const KV_MUTANTS: readonly NodeFsMutant[] = [
  nodeFsMutant('kv', KV_CONTRACT, 'delete-missing-rejects', 'a delete of a key without a value rejects with ENOENT (caught by unexpected-error)'),
];
