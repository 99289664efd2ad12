import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashsimCommand, replayCommand, shellWord } from '../../cli/command.js';
import { Progress } from '../../cli/progress.js';

/** The command printed in replay lines and hints: the one that works where the user is. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('crashsimCommand', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crashsim-command-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is npm run sim -- in crashsim\'s own repository, and below its root', () => {
    expect(crashsimCommand(ROOT)).toBe('npm run sim --');
    expect(crashsimCommand(join(ROOT, 'examples', 'counter-store'))).toBe('npm run sim --');
  });

  it('is npx crashsim in a project that installed it, or with no package.json at all', async () => {
    const project = join(dir, 'project');
    await mkdir(join(project, 'src'), { recursive: true });
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'my-store', scripts: { sim: 'crashsim' } }));
    expect(crashsimCommand(join(project, 'src'))).toBe('npx crashsim');
    const named = join(dir, 'named');
    await mkdir(named);
    // A package named crashsim without the sim script is not the repository.
    await writeFile(join(named, 'package.json'), JSON.stringify({ name: 'crashsim' }));
    expect(crashsimCommand(named)).toBe('npx crashsim');
    expect(crashsimCommand('/')).toBe('npx crashsim');
  });

  it('quotes paths a shell would split', () => {
    expect(shellWord('reports/blob-3.json')).toBe('reports/blob-3.json');
    expect(shellWord('my reports/it\'s.json')).toBe(`'my reports/it'\\''s.json'`);
    expect(replayCommand('reports/blob-3.json')).toBe(`${crashsimCommand()} --replay reports/blob-3.json`);
  });
});

describe('Progress', () => {
  it('shows runs done of the total, elapsed time and an ETA', () => {
    const lines: string[] = [];
    const progress = new Progress({ total: 10, budgetMs: 40_000, write: (text) => lines.push(text) });
    expect(progress.line()).toMatch(/^0\/10 runs \(0%\), 0 s, ETA \d+ s \(the --time budget\)$/);
    progress.ran('blob', 1);
    progress.ran('blob', 2);
    expect(progress.line()).toMatch(/^2\/10 runs \(20%\), \d+ s, ETA \d+ s/);
  });
});
