import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { nodeModuleFactory } from '../../sim/index.js';
import type { NodeSystemContract, SystemFactory } from '../../sim/index.js';

/**
 * Mutants of the node:fs scenarios (atomic-file, append-log, kv): each a copy of the scenario's
 * bundled reference.cjs with one bug, a plain node:fs module that `--impl` loads as it is. Their
 * factory is the one `--impl` makes of the module (nodeModuleFactory with the scenario's
 * contract), so a mutant runs in a freshly started simulated process like any user's module.
 */
export interface NodeFsMutant {
  /** The module's file name, without `.cjs`. */
  readonly name: string;
  /** The one bug it has. */
  readonly bug: string;
  readonly scenario: 'atomic-file' | 'append-log' | 'kv';
  /** The module's path from the repository root (what `--impl` takes, what a saved case names). */
  readonly module: string;
  readonly factory: SystemFactory<unknown>;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function nodeFsMutant(scenario: NodeFsMutant['scenario'], contract: NodeSystemContract, name: string, bug: string): NodeFsMutant {
  const file = fileURLToPath(new URL(`./${scenario}/${name}.cjs`, import.meta.url));
  return { name, bug, scenario, module: relative(REPO_ROOT, file), factory: nodeModuleFactory(file, contract) };
}
