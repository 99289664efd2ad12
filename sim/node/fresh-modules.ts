import { createRequire, register } from 'node:module';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { realExistsSync, realReadFileSync } from './real-fs.js';

/**
 * Fresh module instances per run, so that module-level state of code under test (counters,
 * queues, caches) never leaks from one run into the next:
 * - ESM: a resolve hook gives every module imported, directly or not, from a module whose URL
 *   carries `?crashsim-fresh=N` the same query: each generation N is a separate module graph,
 *   node_modules included. The entry gets its query from a `crashsim-fresh:` specifier.
 * - CommonJS: the run deletes from require.cache what it loaded (see NodeRun), so the next
 *   run's require() evaluates those files again; ESM imports of CommonJS files go through the
 *   same cache.
 * The hook runs on Node's loader thread, so it keeps no state: everything is in the URLs.
 * A CommonJS entry is required directly (its cache entries are dropped after the run): an ESM
 * import costs a round trip to the loader thread per module, a require() a tenth of that.
 */

const FRESH_SCHEME = 'crashsim-fresh:';
const FRESH_PARAM = 'crashsim-fresh';

const HOOKS_SOURCE = `
const SCHEME = ${JSON.stringify(FRESH_SCHEME)};
const PARAM = ${JSON.stringify(FRESH_PARAM)};
function mark(resolved, generation) {
  if (!resolved.url.startsWith('file:')) return resolved;
  const url = new URL(resolved.url);
  url.searchParams.set(PARAM, generation);
  return { ...resolved, url: url.href };
}
export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith(SCHEME)) {
    const params = new URLSearchParams(specifier.slice(specifier.indexOf('?') + 1));
    const generation = params.get('generation');
    const resolved = await nextResolve(params.get('specifier'), { ...context, parentURL: params.get('parent') });
    return mark(resolved, generation);
  }
  const resolved = await nextResolve(specifier, context);
  const parent = context.parentURL;
  if (parent === undefined || !parent.includes(PARAM + '=')) return resolved;
  return mark(resolved, new URL(parent).searchParams.get(PARAM));
}
`;

export function registerFreshModuleHooks(): void {
  register(`data:text/javascript,${encodeURIComponent(HOOKS_SOURCE)}`);
}

/** The parent URL a relative or absolute path specifier is resolved from (the working directory). */
export function defaultParentUrl(): string {
  return pathToFileURL(`${process.cwd()}/`).href;
}

/** A file path given as a specifier becomes a file URL; anything else (a package, a URL) stays as it is. */
function asSpecifier(specifier: string): string {
  return isAbsolute(specifier) ? pathToFileURL(resolve(specifier)).href : specifier;
}

type NativeImport = (url: string) => Promise<unknown>;
let nativeImport: NativeImport | undefined;

/**
 * `import()` by Node itself. A test runner that transforms this file (vitest) replaces its
 * import() calls by its own loader, which neither runs Node's resolve hooks nor loads the code
 * under test as Node would; a one-line data: module's import() is always Node's.
 */
async function importNatively(url: string): Promise<unknown> {
  if (nativeImport === undefined) {
    const source = 'data:text/javascript,export default (url) => import(url)';
    const loaded = (await import(source)) as { default: NativeImport };
    nativeImport = loaded.default;
  }
  return nativeImport(url);
}

/** The package.json `type` that governs `file` ('commonjs' when there is none). */
function packageTypeOf(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (realExistsSync(manifest)) {
      const parsed: unknown = JSON.parse(realReadFileSync(manifest, 'utf8'));
      const type = typeof parsed === 'object' && parsed !== null ? (parsed as { type?: unknown }).type : undefined;
      return type === 'module' ? 'module' : 'commonjs';
    }
    if (dirname(dir) === dir) return 'commonjs';
  }
}

/** The file `specifier` names when require() can load it as CommonJS from `parentUrl`; undefined otherwise. */
function commonJsFile(specifier: string, parentUrl: string): string | undefined {
  let file: string;
  try {
    file = createRequire(parentUrl).resolve(specifier);
  } catch {
    return undefined;
  }
  const extension = extname(file);
  if (extension === '.cjs' || extension === '.json') return file;
  return extension === '.js' && packageTypeOf(file) === 'commonjs' ? file : undefined;
}

/** What import() gives for a CommonJS module: its exports as named exports, and as `default`. */
function namespaceOf(exports: unknown): Record<string, unknown> {
  const named = typeof exports === 'object' && exports !== null ? (exports as Record<string, unknown>) : {};
  return Object.assign(Object.create(null) as Record<string, unknown>, named, { default: exports });
}

/**
 * Imports `specifier` (resolved from `parentUrl`) and everything it imports as generation
 * `generation`; a CommonJS entry is required (the run drops what it loaded from the cache).
 */
export async function importFresh(specifier: string, parentUrl: string, generation: number): Promise<unknown> {
  const commonJs = commonJsFile(specifier, parentUrl);
  if (commonJs !== undefined) return namespaceOf(createRequire(parentUrl)(commonJs));
  const params = new URLSearchParams({ generation: String(generation), specifier: asSpecifier(specifier), parent: parentUrl });
  return importNatively(`${FRESH_SCHEME}${generation}?${params.toString()}`);
}
