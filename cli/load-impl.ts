import { resolve } from 'node:path';
import type { SystemFactory } from '../sim/scenario.js';
import { UsageError } from './args.js';
import { importModuleFile } from './import-module.js';

/**
 * Loads a user's implementation for `--impl`: a module whose default export is a factory with the
 * scenario's factory signature `(fs, root) => Promise<System>`.
 */
export async function loadImpl(modulePath: string): Promise<SystemFactory<unknown>> {
  let loaded: unknown;
  try {
    loaded = await importModuleFile(resolve(process.cwd(), modulePath));
  } catch (error) {
    throw new UsageError(`--impl ${modulePath}: cannot load the module: ${(error as Error).message}`);
  }
  const factory = (loaded as { default?: unknown }).default;
  if (typeof factory !== 'function') {
    throw new UsageError(`--impl ${modulePath}: the module's default export must be a factory function (fs, root) => Promise<System>, got ${typeof factory}`);
  }
  return factory as SystemFactory<unknown>;
}
