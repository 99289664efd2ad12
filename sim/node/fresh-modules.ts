import { createRequire, register } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FreshCommonJsGraph, isFreshCommonJsFile } from './fresh-commonjs.js';

/**
 * Fresh module instances per run, so that module-level state of code under test (counters,
 * queues, caches) never leaks from one run into the next:
 * - ESM: a resolve hook gives every module imported, directly or not, from a module whose URL
 *   carries `?crashsim-fresh=N` the same query: each generation N is a separate module graph,
 *   node_modules included. The entry gets its query from a `crashsim-fresh:` specifier.
 * - CommonJS: an entry that is a CommonJS file is evaluated by FreshCommonJsGraph, a graph per
 *   generation (compiled once, evaluated afresh). ESM imports of CommonJS files go through
 *   require.cache, from which the run deletes what it loaded (see NodeRun), so the next run's
 *   import evaluates them again.
 * The hook runs on Node's loader thread, so it keeps no state: everything is in the URLs.
 * A CommonJS entry is evaluated directly: an ESM import costs a round trip to the loader thread
 * per module, and Node's require() reads, compiles and resolves every file again once its cache
 * entry is gone.
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

/** The file `specifier` names when the fresh CommonJS loader can evaluate it; undefined otherwise. */
function commonJsFile(specifier: string, parentUrl: string): string | undefined {
  const key = `${parentUrl}\0${specifier}`;
  if (entryFiles.has(key)) return entryFiles.get(key);
  let file: string | undefined;
  try {
    file = createRequire(parentUrl).resolve(specifier);
  } catch {
    file = undefined;
  }
  const commonJs = file !== undefined && isFreshCommonJsFile(file) ? file : undefined;
  entryFiles.set(key, commonJs);
  return commonJs;
}

/** Entries resolved so far (`${parentUrl}\0${specifier}`): the files on disk do not move during a process. */
const entryFiles = new Map<string, string | undefined>();

/** The CommonJS graphs of the latest generations (a generation may load more than one entry). */
const graphs = new Map<number, FreshCommonJsGraph>();
const GRAPHS_KEPT = 4;

function graphOf(generation: number): FreshCommonJsGraph {
  let graph = graphs.get(generation);
  if (graph === undefined) {
    graph = new FreshCommonJsGraph();
    graphs.set(generation, graph);
    for (const old of graphs.keys()) {
      if (graphs.size <= GRAPHS_KEPT) break;
      graphs.delete(old);
    }
  }
  return graph;
}

/** What import() gives for a CommonJS module: its exports as named exports, and as `default`. */
function namespaceOf(exports: unknown): Record<string, unknown> {
  const named = typeof exports === 'object' && exports !== null ? (exports as Record<string, unknown>) : {};
  return Object.assign(Object.create(null) as Record<string, unknown>, named, { default: exports });
}

/**
 * Imports `specifier` (resolved from `parentUrl`) and everything it imports as generation
 * `generation`; a CommonJS entry and what it requires are evaluated by the generation's FreshCommonJsGraph.
 */
export async function importFresh(specifier: string, parentUrl: string, generation: number): Promise<unknown> {
  const commonJs = commonJsFile(specifier, parentUrl);
  if (commonJs !== undefined) return namespaceOf(graphOf(generation).load(commonJs, null));
  const params = new URLSearchParams({ generation: String(generation), specifier: asSpecifier(specifier), parent: parentUrl });
  return importNatively(`${FRESH_SCHEME}${generation}?${params.toString()}`);
}
