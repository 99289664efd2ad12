import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, filesOf, fixtureUrl, importNatively, inRun } from './harness.js';

/**
 * Functions code under test kept at load time, before any run: `promisify(fs.open)` in CommonJS,
 * `promisify` of a named ESM import. Both fixtures are loaded here, at the top of the file, before
 * this file starts a run: only an interposition installed before the import reaches them.
 */

const capturedCjs = await importNatively<{ save(path: string, text: string): Promise<{ fd: number; bytesWritten: number }> }>(fixtureUrl('captures-open.cjs'));
const capturedEsm = await importNatively<{ save(path: string, text: string): Promise<number> }>(fixtureUrl('captures-open.mjs'));

describe('functions kept at load time', () => {
  it('reaches a CommonJS module that kept promisify(fs.open) and friends, run after run', async () => {
    for (const seed of [1, 2]) {
      const { result, disk } = await inRun(seed, async () => capturedCjs.save(`${ROOT}/kept`, 'kept at load'));
      expect(result.bytesWritten).toBe(12);
      expect(result.fd).toBeGreaterThanOrEqual(2 ** 30);
      expect(filesOf(disk)).toEqual({ [`${ROOT}/kept`]: 'kept at load', [`${ROOT}/kept.copy`]: 'kept at load' });
      expect(disk.trace.records().map((record) => record.call)).toContain('handle.sync');
    }
    expect(existsSync(`${ROOT}/kept`)).toBe(false);
  });

  it('reaches an ESM module that kept promisify of a named import, bound when it was linked', async () => {
    const { result, disk } = await inRun(1, async () => capturedEsm.save(`${ROOT}/linked`, 'linked'));
    expect(result).toBeGreaterThanOrEqual(2 ** 30);
    expect(filesOf(disk)).toEqual({ [`${ROOT}/linked`]: 'linked' });
  });
});
