import { syncBuiltinESMExports } from 'node:module';
import { registerFreshModuleHooks } from './fresh-modules.js';
import { interposeFs } from './install-fs.js';
import { interposeRandomness } from './install-process.js';

/**
 * Installs the interposition layer, once per process: the functions of `fs`, `fs/promises` and
 * crypto's random functions are replaced on the builtin module objects, ESM named exports are
 * synced to them (`syncBuiltinESMExports`), and the fresh-module resolve hook is registered.
 *
 * Call it before the code under test is imported (preload it: `node --import tsx --import
 * crashsim/sim/node/register ...`): a module that keeps an fs function at load time
 * (`const open = promisify(fs.open)`) keeps whatever is there then. With no run active, every
 * interposed function calls the real one with the caller's arguments untouched.
 */

const INSTALLED: unique symbol = Symbol.for('crashsim.node.interposition-installed');
const holder = globalThis as typeof globalThis & { [INSTALLED]?: true };

export function installInterposition(): void {
  if (holder[INSTALLED] === true) return;
  holder[INSTALLED] = true;
  interposeFs();
  interposeRandomness();
  syncBuiltinESMExports();
  registerFreshModuleHooks();
}

export function isInterpositionInstalled(): boolean {
  return holder[INSTALLED] === true;
}
