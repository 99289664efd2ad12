import fs, { existsSync, mkdtempSync, rmSync } from 'node:fs';
import fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UNSUPPORTED_CODE } from '../../sim/node/index.js';
import { ROOT, filesOf, fixtureUrl, inRun } from './harness.js';

/**
 * Guards against a false pass: a call outside the simulated root is blocked (never performed)
 * and reported with its path and the caller's stack; a call the facade does not support on a
 * simulated path fails by name; nothing reaches the real disk.
 */

interface Touches {
  writeSync(path: string): void;
  writeAsync(path: string): Promise<void>;
  writeCallback(path: string): Promise<unknown>;
  symlink(target: string, path: string): void;
}

/** Taken before any run: during a run, setImmediate is virtual and ends with the run. */
const realSetImmediate = setImmediate;
const realDir = mkdtempSync(join(tmpdir(), 'crashsim-guard-'));
afterAll(() => rmSync(realDir, { recursive: true, force: true }));

describe('guards', () => {
  it('blocks a write outside the root in every form, reports the path and the caller, and performs nothing', async () => {
    const outside = join(realDir, 'escaped');
    const { result, run } = await inRun(1, async ({ run }) => {
      const touches = await run.loadFresh<Touches>(fixtureUrl('touches.mjs'));
      const errors: unknown[] = [];
      try {
        touches.writeSync(`${outside}-sync`);
      } catch (error) {
        errors.push(error);
      }
      await touches.writeAsync(`${outside}-promise`).catch((error: unknown) => errors.push(error));
      errors.push(await touches.writeCallback(`${outside}-callback`));
      // A lookup outside the root is blocked too; existsSync answers false, as it never throws.
      expect(fs.existsSync(realDir)).toBe(false);
      return errors;
    });
    expect(result).toHaveLength(3);
    for (const error of result) expect(error).toMatchObject({ code: 'EACCES', errno: -13 });
    expect(run.violations.map((violation) => [violation.kind, violation.call, violation.path])).toEqual([
      ['outside-root', 'writeFileSync', `${outside}-sync`],
      ['outside-root', 'promises.writeFile', `${outside}-promise`],
      ['outside-root', 'writeFile', `${outside}-callback`],
      ['outside-root', 'existsSync', realDir],
    ]);
    for (const violation of run.violations.slice(0, 3)) {
      expect(violation.stack).toContain('fixtures/touches.mjs');
      expect(violation.stack).not.toContain('sim/node/');
    }
    for (const suffix of ['-sync', '-promise', '-callback']) expect(existsSync(`${outside}${suffix}`)).toBe(false);
    expect(existsSync(realDir)).toBe(true);
  });

  it('lets module loading read outside the root during a run', async () => {
    const { result, run } = await inRun(1, async ({ run }) => {
      const cjs = await run.loadFresh<{ exercise(root: string): Promise<string> }>(fixtureUrl('cjs-requires.cjs'));
      return cjs.exercise(ROOT);
    });
    expect(result).toBe('bacd');
    expect(run.violations).toEqual([]);
  });

  it('refuses a call it does not support on a simulated path, by name, and records it', async () => {
    const { result, run, disk } = await inRun(1, async ({ run }) => {
      const touches = await run.loadFresh<Touches>(fixtureUrl('touches.mjs'));
      try {
        touches.symlink('target', `${ROOT}/link`);
        return undefined;
      } catch (error) {
        return error;
      }
    });
    expect(result).toMatchObject({ code: UNSUPPORTED_CODE, call: 'symlinkSync', path: `${ROOT}/link` });
    expect(String((result as Error).message)).toContain('fs.symlinkSync is not supported on the simulated disk');
    expect(run.violations).toHaveLength(1);
    expect(run.violations[0]).toMatchObject({ kind: 'unsupported', call: 'symlinkSync' });
    expect(filesOf(disk)).toEqual({});
    expect(existsSync(`${ROOT}/link`)).toBe(false);
  });

  it('refuses an argument it cannot serve in the async forms too: rejected, given to the callback, recorded', async () => {
    const { result, run } = await inRun(1, async () => {
      async function* chunks(): AsyncGenerator<string> {
        yield 'a';
      }
      const rejected = await fsp.writeFile(`${ROOT}/iterable`, chunks()).catch((error: unknown) => error);
      const called = await new Promise((resolve) => fs.readdir(ROOT, { recursive: true }, resolve));
      return { rejected, called };
    });
    expect(result.rejected).toMatchObject({ code: UNSUPPORTED_CODE, call: 'promises.writeFile' });
    expect(result.called).toMatchObject({ code: UNSUPPORTED_CODE, call: 'readdir' });
    expect(run.violations.map((violation) => [violation.kind, violation.call])).toEqual([
      ['unsupported', 'promises.writeFile'],
      ['unsupported', 'readdir'],
    ]);
    expect(run.violations[0]?.stack).toContain('guards.test.ts');
  });

  it('refuses late writes under the root once the run has ended, instead of performing them on the real disk', async () => {
    let late: Promise<unknown> = Promise.resolve();
    const { run } = await inRun(1, async ({ run }) => {
      const touches = await run.loadFresh<Touches>(fixtureUrl('touches.mjs'));
      late = Promise.resolve().then(async () => {
        await new Promise<void>((resolve) => realSetImmediate(resolve));
        return touches.writeAsync(`${ROOT}/late`).catch((error: unknown) => error);
      });
    });
    expect(await late).toMatchObject({ code: 'EACCES' });
    expect(run.violations.map((violation) => violation.kind)).toEqual(['after-run']);
    expect(existsSync(`${ROOT}/late`)).toBe(false);
  });
});
