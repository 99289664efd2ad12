import { APPEND_LOG_CONTRACT } from '../../../scenarios/append-log/index.js';
import { type NodeFsMutant, nodeFsMutant } from '../node-fs-mutant.js';

/** Deliberately broken append-log modules (node:fs code), each with the scenario that must catch it. */
export const APPEND_LOG_MUTANTS: readonly NodeFsMutant[] = [
  nodeFsMutant('append-log', APPEND_LOG_CONTRACT, 'record-length-limit', 'an append refuses a line over 128 bytes with a RangeError (caught by unexpected-error)'),
];
