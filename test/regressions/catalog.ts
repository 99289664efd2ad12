import { readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NPM_PROFILES, NPM_SUBJECTS, regressionFileOf } from '../../examples/npm/packages.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { stateFileScenario } from '../../scenarios/state-file/index.js';
import type { CrashProfile } from '../../sim/disk/types.js';
import { type AnyScenario, type SystemFactory, eraseScenario } from '../../sim/scenario.js';

/**
 * What reports/regressions/ is made of: every known mutant (one registry per store under
 * test/mutants/), the naive state file of examples/ and the npm packages of examples/npm/, each
 * with the scenario that must catch it and the module `--impl` loads.
 */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const REGRESSIONS_DIR = join(REPO_ROOT, 'reports/regressions');
export const INDEX_FILE = 'index.json';
export const INDEX_FORMAT = 'crashsim-regressions';

export interface RegressionSubject {
  /** The saved case's file name in reports/regressions/. */
  readonly file: string;
  /** The mutant's registry: blob, flatfs, mvcc, persist, state-file, wal, atomic-file, append-log, kv, examples, or npm. */
  readonly registry: string;
  /** The mutant's name in its registry. */
  readonly mutant: string;
  readonly scenario: AnyScenario;
  readonly factory: SystemFactory<unknown>;
  /** Repo-relative path of the module whose default export is `factory`. */
  readonly module: string;
  /** The `--faults` spec the bug needs to show, or null when crashes suffice. */
  readonly faults: string | null;
  /** The crash model its runs use (default posix). */
  readonly profile?: CrashProfile;
}

/** One entry of reports/regressions/index.json. */
export interface RegressionEntry {
  readonly file: string;
  readonly scenario: string;
  readonly registry: string;
  readonly mutant: string;
  readonly module: string;
  /** The invariant the saved case fails: replays must fail it again. */
  readonly invariant: string;
  readonly seed: number;
  /** The `--faults` spec of the saved runs (also in their options), or null. */
  readonly faults: string | null;
}

export interface RegressionIndex {
  readonly format: typeof INDEX_FORMAT;
  readonly version: 1;
  readonly cases: readonly RegressionEntry[];
}

/** Every scenario a saved case may name; the state-file scenario even before it is registered. */
export function knownScenarios(): AnyScenario[] {
  const all = [...SCENARIOS, eraseScenario(stateFileScenario)];
  return all.filter((scenario, index) => all.findIndex((s) => s.name === scenario.name) === index);
}

export function scenarioNamed(name: string): AnyScenario {
  const found = knownScenarios().find((s) => s.name === name);
  if (found === undefined) throw new Error(`no scenario named ${JSON.stringify(name)}; known: ${knownScenarios().map((s) => s.name).join(', ')}`);
  return found;
}

/**
 * The factory `--impl module` makes, as the CLI does: for a node:fs scenario (atomic-file...) the
 * scenario runs the module, whose default export is open(root); otherwise the module's default
 * export is the factory.
 */
export async function loadFactory(module: string, scenario?: AnyScenario): Promise<SystemFactory<unknown>> {
  if (scenario?.implFromModule !== undefined) return scenario.implFromModule(join(REPO_ROOT, module));
  const loaded = (await import(pathToFileURL(join(REPO_ROOT, module)).href)) as { default?: unknown };
  if (typeof loaded.default !== 'function') throw new Error(`${module}: its default export is not a factory (fs, root) => Promise<System>`);
  return loaded.default as SystemFactory<unknown>;
}

interface RegistryMutant {
  readonly name: string;
  readonly scenario: string | AnyScenario;
  readonly factory: SystemFactory<unknown>;
  readonly faults?: string;
  /** The module `--impl` loads, from the repository root, when it is not a .ts file default-exporting `factory` (a node:fs module). */
  readonly module?: string;
}

interface Registry {
  readonly name: string;
  readonly load: () => Promise<readonly RegistryMutant[]>;
}

/** Registries are imported one by one, so a store whose mutants are missing or broken only skips itself. */
const REGISTRIES: readonly Registry[] = [
  { name: 'blob', load: async () => (await import('../mutants/blob/index.js')).BLOB_MUTANTS },
  { name: 'flatfs', load: async () => (await import('../mutants/flatfs/index.js')).FLATFS_MUTANTS },
  { name: 'wal', load: async () => (await import('../mutants/wal/index.js')).WAL_MUTANTS },
  { name: 'mvcc', load: async () => (await import('../mutants/mvcc/index.js')).MVCC_MUTANTS },
  { name: 'persist', load: async () => (await import('../mutants/persist/index.js')).PERSIST_MUTANTS },
  { name: 'state-file', load: async () => (await import('../mutants/state-file/index.js')).STATE_FILE_MUTANTS },
  { name: 'atomic-file', load: async () => (await import('../mutants/atomic-file/index.js')).ATOMIC_FILE_MUTANTS },
  { name: 'append-log', load: async () => (await import('../mutants/append-log/index.js')).APPEND_LOG_MUTANTS },
  { name: 'kv', load: async () => (await import('../mutants/kv/index.js')).KV_MUTANTS },
];

/** The module file in `dir` whose default export is `factory` (registries import them by name). */
async function moduleOf(dir: string, factory: unknown): Promise<string | null> {
  const names = (await readdir(join(REPO_ROOT, dir))).filter((n) => n.endsWith('.ts') && n !== 'index.ts' && !n.endsWith('.test.ts')).sort();
  for (const name of names) {
    const loaded = (await import(pathToFileURL(join(REPO_ROOT, dir, name)).href)) as { default?: unknown };
    if (loaded.default === factory) return `${dir}/${name}`;
  }
  return null;
}

export interface Catalog {
  readonly subjects: RegressionSubject[];
  /** Registries or mutants that could not be used, and why. */
  readonly skipped: string[];
}

export async function loadCatalog(): Promise<Catalog> {
  const subjects: RegressionSubject[] = [];
  const skipped: string[] = [];
  for (const registry of REGISTRIES) {
    let mutants: readonly RegistryMutant[];
    try {
      mutants = await registry.load();
    } catch (error) {
      skipped.push(`${registry.name}: the registry did not load (${(error as Error).message})`);
      continue;
    }
    for (const mutant of mutants) {
      const short = mutant.name.replace(/^.*\//, '');
      const scenario = typeof mutant.scenario === 'string' ? scenarioNamed(mutant.scenario) : mutant.scenario;
      const module = mutant.module ?? (await moduleOf(`test/mutants/${registry.name}`, mutant.factory));
      if (module === null) {
        skipped.push(`${registry.name}/${mutant.name}: no module in test/mutants/${registry.name} default-exports its factory`);
        continue;
      }
      subjects.push({ file: `${registry.name}-${short}.json`, registry: registry.name, mutant: mutant.name, scenario, factory: mutant.factory, module, faults: mutant.faults ?? null });
    }
  }
  const naive = 'examples/naive-state-file.ts';
  subjects.push({
    file: 'examples-naive-state-file.json',
    registry: 'examples',
    mutant: 'naive-state-file',
    scenario: eraseScenario(stateFileScenario),
    factory: await loadFactory(naive),
    module: naive,
    faults: null,
  });
  subjects.push(...(await npmSubjects()));
  return { subjects, skipped };
}

/** The npm packages of examples/npm/, each run unmodified through atomic-file by its adapter, under each crash model. */
async function npmSubjects(): Promise<RegressionSubject[]> {
  const scenario = scenarioNamed('atomic-file');
  const subjects: RegressionSubject[] = [];
  for (const subject of NPM_SUBJECTS) {
    const factory = await loadFactory(subject.adapter, scenario);
    for (const profile of NPM_PROFILES) {
      subjects.push({ file: regressionFileOf(subject, profile), registry: 'npm', mutant: subject.name, scenario, factory, module: subject.adapter, faults: null, profile });
    }
  }
  return subjects;
}

export function repoRelative(path: string): string {
  return relative(REPO_ROOT, path);
}
