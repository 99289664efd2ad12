import { installBuiltinForwarders } from './builtin-forwarders.js';
import { registerFreshModuleHooks } from './fresh-modules.js';
import { interposeFs } from './install-fs.js';
import { interposeRandomness } from './install-process.js';

/**
 * Installs the interposition layer, once per process: the functions of `fs`, `fs/promises` and
 * crypto's random functions are replaced on the builtin module objects, the timers a simulated
 * process fakes get forwarders, ESM named exports are synced to all of them once
 * (builtin-forwarders.ts), and the fresh-module resolve hook is registered.
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
  installBuiltinForwarders();
  registerFreshModuleHooks();
}

export function isInterpositionInstalled(): boolean {
  return holder[INSTALLED] === true;
}
