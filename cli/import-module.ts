import { pathToFileURL } from 'node:url';

/**
 * Imports a module the user names on the command line (`--impl`, a scenario file), by absolute
 * path. A TypeScript module needs a loader under plain Node 20: crashsim's own sources run under
 * tsx (or vitest) already, but the installed package is compiled JavaScript, so there tsx (a
 * dependency) registers its hooks on the first TypeScript module, and never for JavaScript, which
 * keeps the start-up of a JavaScript-only campaign free of any transpiler.
 */

const TYPESCRIPT_FILE = /\.[cm]?tsx?$/;
const RUNNING_FROM_TYPESCRIPT = import.meta.url.endsWith('.ts');

let typescriptLoader: Promise<void> | null = null;

function registerTypeScriptLoader(): Promise<void> {
  typescriptLoader ??= import('tsx/esm/api').then(({ register }) => {
    register();
  });
  return typescriptLoader;
}

export async function importModuleFile(absolutePath: string): Promise<unknown> {
  if (!RUNNING_FROM_TYPESCRIPT && TYPESCRIPT_FILE.test(absolutePath)) await registerTypeScriptLoader();
  return import(pathToFileURL(absolutePath).href);
}
