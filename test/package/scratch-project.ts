import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * crashsim as a user gets it: `npm pack` in this repository (its prepack script builds dist/),
 * the tarball installed with npm into a fresh project in the system's temp directory, outside
 * the repository, and commands run there. Shared by the pack-and-install test and the start-up
 * bench, which both judge the installed package, never the source tree.
 */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface CommandResult {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/**
 * The environment a user's shell would give: without the npm_* variables `npm test` exports
 * (they name this repository as the project, and npm would install into it) and without
 * vitest's own variables.
 */
export function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|INIT_CWD$|NODE_OPTIONS$|NODE_ENV$|TEST$)/i.test(name)) continue;
    env[name] = value;
  }
  return env;
}

export function runCommand(command: string, args: readonly string[], cwd: string, timeoutMs = 180_000): CommandResult {
  const result = spawnSync(command, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) could not run: ${result.error.message}`);
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function runOrThrow(command: string, args: readonly string[], cwd: string): CommandResult {
  const result = runCommand(command, args, cwd);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${String(result.code)}:\n${result.err}\n${result.out}`);
  return result;
}

/** The version of `name` this repository's lockfile pins (installing the same one hits npm's cache). */
export function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`package-lock.json pins no version of ${name}`);
  return version;
}

export interface PackedTarball {
  readonly path: string;
  /** Paths inside the package, as npm pack lists them. */
  readonly files: readonly string[];
  remove(): void;
}

/** Runs `npm pack` (which builds dist/ first) into a temp directory. */
export function packTarball(): PackedTarball {
  const dir = mkdtempSync(join(tmpdir(), 'crashsim-pack-'));
  const { out } = runOrThrow(NPM, ['pack', '--json', '--pack-destination', dir], REPO_ROOT);
  const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  if (packed === undefined) throw new Error(`npm pack printed no package: ${out}`);
  return {
    path: join(dir, packed.filename),
    files: packed.files.map((file) => file.path),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export class ScratchProject {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Where a file of the installed crashsim package is. */
  installed(path: string): string {
    return join(this.dir, 'node_modules', 'crashsim', path);
  }

  write(path: string, text: string): void {
    writeFileSync(join(this.dir, path), text);
  }

  run(command: string, args: readonly string[], timeoutMs?: number): CommandResult {
    return runCommand(command, args, this.dir, timeoutMs);
  }

  /** `npx crashsim ...`, through the bin npm linked. */
  crashsim(args: readonly string[], timeoutMs?: number): CommandResult {
    return this.run('npx', ['--no-install', 'crashsim', ...args], timeoutMs);
  }

  /** Runs `body` with a dependency moved out of node_modules, so that nothing can load it. */
  without<T>(dependency: string, body: () => T): T {
    const path = join(this.dir, 'node_modules', dependency);
    const hidden = join(this.dir, `hidden-${dependency.replace('/', '+')}`);
    renameSync(path, hidden);
    try {
      return body();
    } finally {
      renameSync(hidden, path);
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A new ESM project in the temp directory with the tarball and `packages` installed; npm's cache
 * serves what it holds (`--prefer-offline`), the registry the rest.
 */
export function installScratchProject(tarball: string, packages: readonly string[]): ScratchProject {
  const dir = mkdtempSync(join(tmpdir(), 'crashsim-user-'));
  if (dir.startsWith(`${REPO_ROOT}/`)) throw new Error(`the scratch project ${dir} must be outside the repository ${REPO_ROOT}`);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'crashsim-user', private: true, type: 'module' }, null, 2)}\n`);
  runOrThrow(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, ...packages], dir);
  return new ScratchProject(dir);
}
