import Module, { createRequire, isBuiltin } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { compileFunction } from 'node:vm';
import { realExistsSync, realReadFileSync } from './real-fs.js';

/**
 * CommonJS code under test, evaluated afresh for each generation (a run's module graph) but
 * compiled once per process. A module's state lives in the closures its wrapper function creates
 * when it is called, so calling the compiled wrapper again with a new `module` object gives a
 * new instance of the module, as a fresh `require` after emptying `require.cache` would, without
 * reading, compiling and resolving the files again on every run.
 *
 * What each module sees is Node's: the five wrapper arguments, `this` as `module.exports`, a
 * `module` that is a `Module` (with `paths`, `parent`, `children`, `loaded`), and a `require` with
 * `resolve`, `cache`, `main` and `extensions`. Builtins (`fs` included, interposed) come from
 * Node's own require. Anything but a `.js`/`.cjs` CommonJS file or a `.json` file (an addon, an
 * ES module, a file another loader hook compiles), and a file that uses `import()`, is handed to
 * Node's require: the run drops the cache entries it made when it ends, though an ES module
 * required this way stays Node's, shared by the runs of the process.
 */

type Wrapper = (this: unknown, exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

interface ModuleInternals {
  paths: string[];
  loaded: boolean;
  parent: Module | null | undefined;
}

const WRAPPER_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];
const nodeModulePaths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths;

/**
 * Compiled wrappers and JSON texts by file: the code on disk does not change during a process.
 * null for a file this loader leaves to Node's require (see DYNAMIC_IMPORT).
 */
const compiled = new Map<string, Wrapper | null>();
const jsonTexts = new Map<string, string>();
/** `require(request)` from a file, resolved: `${from}\0${request}` -> the file, for every generation. */
const resolutions = new Map<string, string>();
/** The package.json `type` by directory ('commonjs' where none says otherwise). */
const packageTypes = new Map<string, string>();

function packageTypeOf(directory: string): string {
  const known = packageTypes.get(directory);
  if (known !== undefined) return known;
  const manifest = join(directory, 'package.json');
  let type: string;
  if (realExistsSync(manifest)) {
    const parsed: unknown = JSON.parse(realReadFileSync(manifest, 'utf8'));
    type = typeof parsed === 'object' && parsed !== null && (parsed as { type?: unknown }).type === 'module' ? 'module' : 'commonjs';
  } else {
    type = dirname(directory) === directory ? 'commonjs' : packageTypeOf(dirname(directory));
  }
  packageTypes.set(directory, type);
  return type;
}

/** True for a file this loader evaluates itself: a CommonJS script or JSON. */
export function isFreshCommonJsFile(file: string): boolean {
  const extension = extname(file);
  if (extension === '.cjs' || extension === '.json') return true;
  return extension === '.js' && packageTypeOf(dirname(file)) === 'commonjs';
}

/** Node's own require from each file, for builtins and for what this loader hands over. */
const nodeRequires = new Map<string, NodeJS.Require>();

function nodeRequireOf(file: string): NodeJS.Require {
  let nodeRequire = nodeRequires.get(file);
  if (nodeRequire === undefined) {
    nodeRequire = createRequire(file);
    nodeRequires.set(file, nodeRequire);
  }
  return nodeRequire;
}

/**
 * Builtins by the name required: the same object for every module of every generation (the
 * interposed ones are patched in place), and Node's require of a builtin goes through every
 * loader hook of the process (tsx's among them) on each call.
 */
const builtins = new Map<string, unknown>();

function builtinOf(request: string, nodeRequire: NodeJS.Require): unknown {
  if (builtins.has(request)) return builtins.get(request);
  const exports: unknown = nodeRequire(request);
  builtins.set(request, exports);
  return exports;
}

/** Module._nodeModulePaths by directory: each module gets a copy of its own, as from Node. */
const modulePathsByDirectory = new Map<string, readonly string[]>();

function modulePathsOf(directory: string): string[] {
  let paths = modulePathsByDirectory.get(directory);
  if (paths === undefined) {
    paths = nodeModulePaths(directory);
    modulePathsByDirectory.set(directory, paths);
  }
  return [...paths];
}

function resolveFrom(from: string, request: string): string {
  const key = `${from}\0${request}`;
  let file = resolutions.get(key);
  if (file === undefined) {
    file = nodeRequireOf(from).resolve(request);
    resolutions.set(key, file);
  }
  return file;
}

/**
 * `import()` in a function compiled by `vm` works only with an experimental option (a warning on
 * the user's terminal) or flag, so a file that may use it is left to Node's require, which the run
 * makes fresh by dropping its cache entries. A mention in a comment or string only costs speed.
 */
const DYNAMIC_IMPORT = /\bimport\s*\(/;

function wrapperOf(file: string): Wrapper | null {
  let wrapper = compiled.get(file);
  if (wrapper === undefined) {
    let source = realReadFileSync(file, 'utf8');
    // A hashbang is valid only at the start of a script; in a function body it is not.
    if (source.startsWith('#!')) source = `//${source.slice(2)}`;
    wrapper = DYNAMIC_IMPORT.test(source) ? null : (compileFunction(source, WRAPPER_PARAMETERS, { filename: file }) as unknown as Wrapper);
    compiled.set(file, wrapper);
  }
  return wrapper;
}

/** One generation's module graph: each file evaluated at most once, cycles as Node handles them. */
export class FreshCommonJsGraph {
  readonly #modules = new Map<string, Module>();

  /** The exports of `file` in this generation, evaluating it (and what it requires) if it is not yet. */
  load(file: string, parent: Module | null): unknown {
    const loaded = this.#modules.get(file);
    if (loaded !== undefined) return loaded.exports;
    const wrapper = extname(file) === '.json' ? undefined : wrapperOf(file);
    if (wrapper === null) return nodeRequireOf(file)(file);
    const module = new Module(file, parent ?? undefined);
    const internals = module as unknown as ModuleInternals;
    module.filename = file;
    internals.paths = modulePathsOf(dirname(file));
    this.#modules.set(file, module);
    if (parent !== null) parent.children.push(module);
    try {
      if (wrapper === undefined) this.#evaluateJson(file, module);
      else wrapper.call(module.exports, module.exports, this.#requireOf(module), module, file, dirname(file));
    } catch (error) {
      this.#modules.delete(file);
      throw error;
    }
    internals.loaded = true;
    return module.exports;
  }

  #evaluateJson(file: string, module: Module): void {
    let text = jsonTexts.get(file);
    if (text === undefined) {
      text = realReadFileSync(file, 'utf8');
      jsonTexts.set(file, text);
    }
    module.exports = JSON.parse(text) as unknown;
  }

  #requireOf(module: Module): NodeJS.Require {
    const file = module.filename;
    const nodeRequire = nodeRequireOf(file);
    const freshRequire = ((request: string): unknown => {
      // Node's require gives the builtins, and the errors for what is no module name.
      if (typeof request !== 'string' || request === '') return nodeRequire(request);
      if (isBuiltin(request)) return builtinOf(request, nodeRequire);
      const resolved = resolveFrom(file, request);
      return isFreshCommonJsFile(resolved) ? this.load(resolved, module) : nodeRequire(resolved);
    }) as NodeJS.Require;
    freshRequire.resolve = nodeRequire.resolve;
    freshRequire.cache = nodeRequire.cache;
    freshRequire.main = nodeRequire.main;
    freshRequire.extensions = nodeRequire.extensions;
    module.require = freshRequire as Module['require'];
    return freshRequire;
  }
}
