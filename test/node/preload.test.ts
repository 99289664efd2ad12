import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The interposition preloaded in a clean Node process (`--import ./sim/node/register.ts`), as a
 * CLI would run code under test: a module imported statically, before any run, is served.
 */

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('preloading the interposition', () => {
  it('serves a module linked before any run, in a clean process, the same way twice for a seed', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--import', './sim/node/register.ts', 'test/node/fixtures/preloaded-run.ts'], {
      cwd: repoRoot,
      timeout: 60_000,
    });
    const runs = JSON.parse(stdout) as Array<{ hash: string; temp: string; attempt: number; calls: number }>;
    expect(runs).toHaveLength(2);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0]?.calls).toBeGreaterThanOrEqual(6);
    // Three renames failed before the directory appeared at 250 ms of virtual time.
    expect(runs[0]?.attempt).toBe(3);
    expect(runs[0]?.temp).toMatch(/^\/crashsim-preloaded\/state\.json\.\d+\.[a-z0-9]+\.[0-9a-f]{6}\.4242\.tmp$/);
  });
});
