import { describe, expect, it } from 'vitest';
import { stateFileScenario } from '../../scenarios/state-file/index.js';
import { SimFs } from '../../sim/disk/index.js';
import { runScenario } from '../../sim/runner/index.js';
import { eraseScenario } from '../../sim/scenario.js';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { isStateFileError, openStateFile } from '../../src/statefile/index.js';

/** The bundled state file (src/statefile): its API on a plain disk, then crash campaigns. */

async function freshRoot(): Promise<{ fs: ReturnType<typeof createMemFs>; root: string }> {
  const fs = createMemFs();
  await fs.mkdir('/data', { recursive: true });
  return { fs, root: '/data' };
}

describe('openStateFile', () => {
  it('loads undefined before any save, then the last value saved', async () => {
    const { fs, root } = await freshRoot();
    const file = await openStateFile(fs, root);
    expect(await file.load()).toBeUndefined();
    await file.save({ a: 1, b: [true, null, 'x'] });
    await file.save(42);
    expect(await file.load()).toBe(42);
    const reopened = await openStateFile(fs, root);
    expect(await reopened.load()).toBe(42);
  });

  it('creates a missing root directory', async () => {
    const fs = createMemFs();
    const file = await openStateFile(fs, '/a/b/c');
    await file.save('hello');
    expect(await fs.readdir('/a/b/c')).toEqual(['state.json']);
  });

  it('refuses states that JSON cannot hold, saying what to pass instead', async () => {
    const { fs, root } = await freshRoot();
    const file = await openStateFile(fs, root);
    await expect(file.save(undefined)).rejects.toThrow(/use null/);
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    await expect(file.save(cyclic)).rejects.toSatisfy((e: unknown) => isStateFileError(e, 'STATEFILE_INVALID_STATE'));
    expect(await fs.readdir(root)).toEqual([]);
  });

  it('reports a corrupt file as STATEFILE_CORRUPT instead of a bare SyntaxError', async () => {
    const { fs, root } = await freshRoot();
    await fs.writeFile(`${root}/state.json`, '{"half":');
    const file = await openStateFile(fs, root);
    await expect(file.load()).rejects.toSatisfy((e: unknown) => isStateFileError(e, 'STATEFILE_CORRUPT'));
  });

  it('keeps the file one JSON document, and refuses a damaged one instead of loading it', async () => {
    const { fs, root } = await freshRoot();
    const file = await openStateFile(fs, root);
    await file.save({ name: 'abc' });
    const text = new TextDecoder().decode(await fs.readFile(`${root}/state.json`));
    expect(JSON.parse(text)).toMatchObject({ state: { name: 'abc' } });
    // One flipped bit in the state ("abc" -> "abb") still parses: only the checksum catches it.
    await fs.writeFile(`${root}/state.json`, text.replace('"abc"', '"abb"'));
    await expect(file.load()).rejects.toSatisfy((e: unknown) => isStateFileError(e, 'STATEFILE_CORRUPT'));
  });

  it('sweeps temp files a crash left behind, and only those', async () => {
    const { fs, root } = await freshRoot();
    await fs.writeFile(`${root}/.state.json.tmp-0`, 'leftover');
    await fs.writeFile(`${root}/other.txt`, 'not ours');
    await openStateFile(fs, root);
    expect((await fs.readdir(root)).sort()).toEqual(['other.txt']);
  });

  it('rejects a file name that would collide with its temp files', async () => {
    const { fs, root } = await freshRoot();
    await expect(openStateFile(fs, root, { fileName: '.hidden' })).rejects.toThrow(/must be a plain name/);
  });

  it('a save acknowledged before a crash survives every legal crash state', async () => {
    const disk = new SimFs({ seed: 7 });
    // openStateFile creates /data durably (it syncs / after the mkdir).
    const file = await openStateFile(disk, '/data');
    await file.save({ v: 1 });
    const { states } = disk.crashStates({ profile: 'posix', maxStates: 64 });
    for (const state of states) expect(await (await openStateFile(state, '/data')).load()).toEqual({ v: 1 });
  });
});

describe('state-file scenario with the bundled store', () => {
  const scenario = eraseScenario(stateFileScenario);

  it('holds on 300 seeds (random crash states)', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const result = await runScenario(scenario, { seed });
      expect(result.violations, `seed ${seed}`).toEqual([]);
    }
  });

  it('holds on 40 seeds with every legal crash state at the crash point', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const result = await runScenario(scenario, { seed, exploration: 'exhaustive', maxStates: 32 });
      expect(result.violations, `seed ${seed}`).toEqual([]);
    }
  });
});
