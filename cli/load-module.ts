import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from './args.js';

/**
 * Importing a user's module (`--impl`, `--scenario ./file`), relative to the working directory.
 * A module that cannot load is a usage error that says which flag named it and why.
 */
export async function importUserModule(flag: string, modulePath: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(resolve(process.cwd(), modulePath)).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const hint = code === 'ERR_UNKNOWN_FILE_EXTENSION'
      ? ' (this Node cannot run TypeScript by itself: compile the module to .js, or run crashsim under tsx, e.g. npx tsx node_modules/crashsim/...)'
      : code === 'ERR_MODULE_NOT_FOUND' ? ' (no such module, or it imports one that is missing)' : '';
    throw new UsageError(`${flag} ${modulePath}: cannot load the module: ${(error as Error).message.split('\n')[0] ?? ''}${hint}`);
  }
}
