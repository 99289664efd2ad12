import { isAbsolute, resolve } from 'node:path';
import { SimFs } from '../disk/index.js';
import { LivenessWatch } from '../runner/liveness.js';
import type { SystemFactory } from '../scenario.js';
import { realExistsSync } from './real-fs.js';
import { executingRunTimers } from './run-timers.js';
import { ImplModuleError, nodeModuleFactory, type NodeSystemContract } from './node-system.js';

/**
 * `--impl MODULE` for a node:fs scenario: the factory for the module, after one trial open on an
 * empty simulated disk, so that a module that does not exist, throws while loading, or has the
 * wrong shape (no open function, or an open that resolves to something else than a System) is
 * bad input, said in one line (ImplModuleError), before any run. An open that fails otherwise,
 * or never settles, is left to the runs, which report it as a violation with a seed.
 */

const TRIAL_ROOT = '/crashsim-trial';
const TRIAL_LIMITS = { stepsMax: 100_000, virtualTimeMsMax: 3_600_000 };

export async function loadNodeModuleImpl<System>(modulePath: string, contract: NodeSystemContract): Promise<SystemFactory<System>> {
  const file = isAbsolute(modulePath) ? modulePath : resolve(modulePath);
  if (!realExistsSync(file)) throw new ImplModuleError(`cannot load the module: no such file ${file}`);
  const factory = nodeModuleFactory<System>(file, contract);
  await trialOpen(factory);
  return factory;
}

async function trialOpen(factory: SystemFactory<unknown>): Promise<void> {
  const disk = new SimFs({ seed: 0 });
  await disk.mkdir(TRIAL_ROOT);
  const watch = new LivenessWatch(TRIAL_LIMITS, executingRunTimers);
  const progress = (): number => disk.trace.count;
  const opened = await watch.settle(factory(disk, TRIAL_ROOT), progress);
  if (opened.kind === 'error' && opened.error instanceof ImplModuleError) throw opened.error;
  if (opened.kind !== 'ok') return;
  const system = opened.value as { close(): Promise<void> };
  await watch.settle(system.close(), progress);
}
