import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from './args.js';

const TYPESCRIPT_FILE = /\.[cm]?tsx?$/;
const RUNNING_FROM_TYPESCRIPT = import.meta.url.endsWith('.ts');
let typescriptLoader: Promise<void> | null = null;

/**
 * crashsim's own sources run under tsx (or vitest) already, but the installed package is compiled
 * JavaScript: there tsx registers its hooks on the first TypeScript module a user names, and never
 * for JavaScript, which keeps a JavaScript-only campaign free of any transpiler.
 */
function registerTypeScriptLoader(): Promise<void> {
  typescriptLoader ??= import('tsx/esm/api').then(({ register }) => {
    register();
  });
  return typescriptLoader;
}

/**
 * Importing a user's module (`--impl`, `--scenario ./file`), relative to the working directory.
 * A module that cannot load is a usage error that says which flag named it and why.
 */
export async function importUserModule(flag: string, modulePath: string): Promise<Record<string, unknown>> {
  const absolutePath = resolve(process.cwd(), modulePath);
  try {
    if (!RUNNING_FROM_TYPESCRIPT && TYPESCRIPT_FILE.test(absolutePath)) await registerTypeScriptLoader();
    return (await import(pathToFileURL(absolutePath).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const hint = code === 'ERR_UNKNOWN_FILE_EXTENSION'
      ? ' (this Node cannot run TypeScript by itself: compile the module to .js, or run crashsim under tsx, e.g. npx tsx node_modules/crashsim/...)'
      : code === 'ERR_MODULE_NOT_FOUND' ? ' (no such module, or it imports one that is missing)' : '';
    throw new UsageError(`${flag} ${modulePath}: cannot load the module: ${(error as Error).message.split('\n')[0] ?? ''}${hint}`);
  }
}
