import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS, stateFileScenario } from '../../scenarios/index.js';
import { SimFs, eraseScenario, runScenario } from '../../sim/index.js';
import { type PackedTarball, REPO_ROOT, type ScratchProject, installScratchProject, lockedVersion, packTarball } from './scratch-project.js';

/**
 * crashsim as a user installs it: `npm pack` (which builds dist/), the tarball installed into a
 * fresh project outside the repository, and there a plain node ESM script, a CommonJS script,
 * `tsc --strict` under node16 and bundler resolution, `npx crashsim` (campaigns in worker threads,
 * a TypeScript --impl, real-disk confirmation with no TypeScript loader installed) and a vitest
 * test through crashsim/vitest.
 */

const FIXTURES = join(REPO_ROOT, 'test', 'package', 'fixtures');
const PACKAGE_JSON = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  readonly exports: Record<string, string | Record<string, string>>;
  readonly bin: Record<string, string>;
};
/**
 * crashsim/vitest and crashsim/fast-check are built from integrations/; the checks of those
 * entries run once their modules are in the repository.
 */
const HAS_INTEGRATIONS = existsSync(join(REPO_ROOT, 'integrations', 'vitest.ts')) && existsSync(join(REPO_ROOT, 'integrations', 'fast-check.ts'));

/** Every file an entry of the exports map or the bin names, without the leading `./`. */
function exportTargets(): string[] {
  const targets = Object.values(PACKAGE_JSON.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
  return [...new Set([...targets, ...Object.values(PACKAGE_JSON.bin)])].map((path) => path.replace(/^\.\//, ''));
}

let tarball: PackedTarball;
let project: ScratchProject;

beforeAll(() => {
  tarball = packTarball();
  const packages = [`typescript@${lockedVersion('typescript')}`, `@types/node@${lockedVersion('@types/node')}`];
  if (HAS_INTEGRATIONS) packages.push(`vitest@${lockedVersion('vitest')}`, `fast-check@${lockedVersion('fast-check')}`);
  project = installScratchProject(tarball.path, packages);
  const fixtures = ['use-package.mjs', 'require-package.cjs', 'check-types.ts', 'check-integrations.ts', 'tsconfig.json', 'tsconfig.integrations.json', 'naive-state-file.ts', 'naive-state-file.js'];
  for (const name of fixtures) {
    copyFileSync(join(FIXTURES, name), join(project.dir, name));
  }
}, 240_000);

afterAll(() => {
  project?.remove();
  tarball?.remove();
});

describe('the tarball', () => {
  it('holds dist/, the README and package.json, and no TypeScript sources or tests', () => {
    const outside = tarball.files.filter((path) => !path.startsWith('dist/') && path !== 'README.md' && path !== 'package.json');
    expect(outside).toEqual([]);
    expect(tarball.files.filter((path) => /\.(ts|mts|cts)$/.test(path) && !/\.d\.(ts|mts|cts)$/.test(path))).toEqual([]);
    expect(tarball.files.filter((path) => /(^|\/)test\//.test(path) || /\.test\./.test(path))).toEqual([]);
  });

  it('holds every file the exports map and the bin name', () => {
    const pending = HAS_INTEGRATIONS ? [] : ['dist/integrations/'];
    const missing = exportTargets().filter((path) => !tarball.files.includes(path) && !pending.some((prefix) => path.startsWith(prefix)));
    expect(missing).toEqual([]);
  });
});

describe('a project that installed the tarball', () => {
  it('runs a plain node ESM script on crashsim, crashsim/sim and crashsim/scenarios, with the trace hash of the sources', async () => {
    const { code, out, err } = project.run('node', ['use-package.mjs']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const printed = JSON.parse(out) as Record<string, unknown>;
    const fromSources = await runScenario(eraseScenario(stateFileScenario), { seed: 1 });
    const disk = new SimFs();
    await disk.mkdir('/app');
    await disk.writeFile('/app/config.json', new TextEncoder().encode('{"version":1}'));
    expect(printed).toEqual({
      scenarios: SCENARIOS.map((scenario) => scenario.name),
      found: 'blob',
      crashStates: disk.crashStates().states.length,
      traceHash: fromSources.traceHash,
      violations: 0,
      memFs: 'object',
      isFsError: false,
    });
  });

  it('preloads the Node interposition with node --import crashsim/sim/node/register', () => {
    const script = "import { isInterpositionInstalled } from 'crashsim/sim'; console.log(isInterpositionInstalled());";
    const preloaded = project.run('node', ['--import', 'crashsim/sim/node/register', '--input-type=module', '-e', script]);
    expect(preloaded.err).toBe('');
    expect(preloaded.out).toBe('true\n');
    expect(project.run('node', ['--input-type=module', '-e', script]).out).toBe('false\n');
  });

  it('tells a CommonJS require() to use import(), in one line, and import() from CommonJS works', () => {
    const { code, out } = project.run('node', ['require-package.cjs']);
    expect(code).toBe(0);
    const printed = JSON.parse(out) as { refused: { code: string; message: string } | null; simFs: string };
    expect(printed.refused?.code).toBe('ERR_CRASHSIM_ESM_ONLY');
    expect(printed.refused?.message).toMatch(/^crashsim is an ES module package .*await import\('crashsim\/sim'\)/);
    expect(printed.refused?.message).not.toContain('\n');
    expect(printed.simFs).toBe('function');
  });

  it.each([
    ['node16', ['--module', 'node16', '--moduleResolution', 'node16']],
    ['bundler', ['--module', 'esnext', '--moduleResolution', 'bundler']],
    ['node16 with lib ES2020', ['--module', 'node16', '--moduleResolution', 'node16', '--target', 'ES2020', '--lib', 'ES2020']],
  ])('type-checks files using the public types with tsc --strict under %s', (_name, flags) => {
    const config = HAS_INTEGRATIONS ? 'tsconfig.integrations.json' : 'tsconfig.json';
    const { code, out, err } = project.run('npx', ['--no-install', 'tsc', '-p', config, ...flags]);
    expect(`${out}${err}`).toBe('');
    expect(code).toBe(0);
  });

  it('runs npx crashsim --help, naming npx crashsim in the usage', () => {
    const { code, out } = project.crashsim(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: npx crashsim \[options\]/);
    expect(out).toMatch(/state-file/);
  });

  it('runs a campaign in two worker threads and a TypeScript --impl, printing a replay line that works here', () => {
    const held = project.crashsim(['--scenario', 'blob,state-file', '--runs', '6', '--workers', '2']);
    expect(held.code).toBe(0);
    expect(held.out).toMatch(/every invariant held/);
    const broken = project.crashsim(['--scenario', 'state-file', '--impl', 'naive-state-file.ts', '--runs', '4', '--workers', '2', '--no-shrink', '--reports', 'reports']);
    expect(broken.code).toBe(1);
    const replay = /replay: +(npx crashsim --replay reports\/state-file-\d+\.json( --impl naive-state-file\.ts)?)\n/.exec(broken.err)?.[1];
    expect(replay, broken.err).toBeDefined();
    // The printed line, run as printed, replays the violation.
    const [command = '', ...args] = (replay ?? '').split(' ');
    const replayed = project.run(command, args);
    expect(replayed.code, `${replayed.out}${replayed.err}`).toBe(1);
  });

  it('needs no TypeScript loader for JavaScript: worker threads, --impl and the kill-mode child run with tsx gone', () => {
    project.without('tsx', () => {
      // --json: the summary on stdout, and no progress lines on stderr (a slow machine gets them).
      const held = project.crashsim(['--scenario', 'blob', '--runs', '4', '--workers', '2', '--json']);
      expect(held.err).toBe('');
      expect(held.code).toBe(0);
      expect(JSON.parse(held.out)).toMatchObject({ runs: 4, failures: 0, workers: 2 });
      const broken = project.crashsim(['--scenario', 'state-file', '--impl', 'naive-state-file.js', '--runs', '4', '--workers', '1', '--no-shrink', '--reports', 'reports-js']);
      expect(broken.code).toBe(1);
      const report = /replay: +npx crashsim --replay (\S+)/.exec(broken.err)?.[1];
      expect(report).toBeDefined();
      const confirmed = project.crashsim(['--replay', report ?? '', '--impl', 'naive-state-file.js', '--backend', 'real', '--confirm-mode', 'kill']);
      expect(confirmed.err).not.toMatch(/could not run|tsx|ERR_/);
      expect(confirmed.out).toMatch(/^kill mode: (confirmed|not confirmed)/m);
    });
  });

  it.runIf(HAS_INTEGRATIONS)('runs a vitest test through crashsim/vitest: one that holds passes, one of a broken store fails with the replay command', () => {
    copyFileSync(join(FIXTURES, 'crash-held.vitest.ts'), join(project.dir, 'crash-held.test.ts'));
    copyFileSync(join(FIXTURES, 'crash-broken.vitest.ts'), join(project.dir, 'crash-broken.test.ts'));
    const held = project.run('npx', ['--no-install', 'vitest', 'run', 'crash-held.test.ts']);
    expect(held.code, `${held.out}${held.err}`).toBe(0);
    const broken = project.run('npx', ['--no-install', 'vitest', 'run', 'crash-broken.test.ts']);
    expect(broken.code).toBe(1);
    expect(`${broken.out}${broken.err}`).toMatch(/npx crashsim --replay \S+\.json/);
  });
});
