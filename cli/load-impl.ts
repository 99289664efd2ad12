import { resolve } from 'node:path';
import { ImplModuleError, type AnyScenario, type SystemFactory } from '../sim/index.js';
import { UsageError } from './args.js';
import { importUserModule } from './load-module.js';

/**
 * Loads a user's implementation for `--impl`. For most scenarios the module's default export is a
 * factory with the scenario's signature `(fs, root) => Promise<System>`. A scenario that runs
 * plain node:fs code (`implFromModule`: atomic-file, append-log, kv) reads the module itself: its
 * default export is `open(root)`, run on the simulated disk through interposition.
 */
export async function loadImpl(modulePath: string, scenario?: AnyScenario): Promise<SystemFactory<unknown>> {
  if (scenario?.implFromModule !== undefined) return nodeModuleImpl(modulePath, scenario.implFromModule);
  const loaded = await importUserModule('--impl', modulePath);
  const factory = loaded['default'];
  if (typeof factory !== 'function') {
    throw new UsageError(`--impl ${modulePath}: the module's default export must be a factory function (fs, root) => Promise<System>, got ${typeof factory}`);
  }
  return factory as SystemFactory<unknown>;
}

async function nodeModuleImpl(modulePath: string, implFromModule: (path: string) => Promise<SystemFactory<unknown>>): Promise<SystemFactory<unknown>> {
  try {
    return await implFromModule(resolve(process.cwd(), modulePath));
  } catch (error) {
    if (error instanceof ImplModuleError) throw new UsageError(`--impl ${modulePath}: ${error.message}`);
    throw error;
  }
}
