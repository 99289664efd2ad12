import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The npm packages examples/npm/ puts through the `atomic-file` scenario: each with its adapter
 * (the package's own API, unmodified, behind the scenario's `open(root)` contract) and its fixed
 * variant. verdicts.ts and test/npm/ both read this list.
 */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The crash models every package is judged under. */
export const NPM_PROFILES = ['posix', 'ext4-ordered', 'process'] as const;
export type NpmProfile = (typeof NPM_PROFILES)[number];

export interface NpmSubject {
  /** The package, as npm names it. */
  readonly name: string;
  /** The package that does the writing when it is a dependency of `name` (lowdb writes through steno). */
  readonly writer?: string;
  /** Repo-relative path of the adapter module (`--impl`). */
  readonly adapter: string;
  /** Repo-relative path of the fixed variant. */
  readonly fixed: string;
  /** What the package does to replace a file, as read in its source. */
  readonly calls: string;
}

export const NPM_SUBJECTS: readonly NpmSubject[] = [
  {
    name: 'write-file-atomic',
    adapter: 'examples/npm/write-file-atomic.mjs',
    fixed: 'examples/npm/write-file-atomic-fixed.mjs',
    calls: 'open temp `w`, write, fsync, close, rename; no directory fsync',
  },
  {
    name: 'lowdb',
    writer: 'steno',
    adapter: 'examples/npm/lowdb.mjs',
    fixed: 'examples/npm/lowdb-fixed.mjs',
    calls: 'writeFile temp (no fsync), rename; no directory fsync',
  },
  {
    name: 'atomically',
    adapter: 'examples/npm/atomically.mjs',
    fixed: 'examples/npm/atomically-fixed.mjs',
    calls: 'open temp `w`, write, fsync, close, rename; no directory fsync',
  },
  {
    name: 'fast-write-atomic',
    adapter: 'examples/npm/fast-write-atomic.mjs',
    fixed: 'examples/npm/fast-write-atomic-fixed.mjs',
    calls: 'open temp `w`, write, fsync, close, rename; no directory fsync',
  },
];

/**
 * The committed shrunk case of `subject` under `profile` in reports/regressions/ (made by
 * `npx tsx test/regressions/generate.ts npm-`, replayed by the regression tests).
 */
export function regressionFileOf(subject: NpmSubject, profile: NpmProfile): string {
  return `npm-${subject.name}${profile === 'posix' ? '' : `-${profile}`}.json`;
}

/** The installed version of a package (what package-lock.json pins). */
export async function installedVersion(name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string') throw new Error(`node_modules/${name}/package.json has no version; run npm ci`);
  return manifest.version;
}

/** `lowdb 7.0.1 (steno 4.0.2)`: the package and, where another one writes, that one too. */
export async function describeVersion(subject: NpmSubject): Promise<string> {
  const own = await installedVersion(subject.name);
  return subject.writer === undefined ? own : `${own} (${subject.writer} ${await installedVersion(subject.writer)})`;
}
