import { describe, expect, it } from 'vitest';
import { SimFs } from '../../sim/disk/index.js';
import type { DiskFaults, FaultPoint, InjectedCode } from '../../sim/disk/types.js';
import { createFlatStore, openFlatStore } from '../../src/flatfs/index.js';

/** Once armed, fails the first sync of `path` with EIO; SimFs applies the Linux semantics. */
class FailFirstSyncOf implements DiskFaults {
  armed = false;
  #failed = false;
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  inject(point: FaultPoint): InjectedCode | undefined {
    if (!this.armed || this.#failed || point.call !== 'sync' || point.path !== this.#path) return undefined;
    this.#failed = true;
    return 'EIO';
  }
}

describe('FlatStore after a failed directory sync', () => {
  it('a retried put syncs the root again for the shard directory it created, so every crash keeps the key', async () => {
    const faults = new FailFirstSyncOf('/data');
    const fs = new SimFs({ faults });
    const store = await createFlatStore(fs, '/data', { shard: 'next-to-last/2', sync: true });
    faults.armed = true;
    // The put creates shard directory XY, and the root sync that makes its name durable fails.
    await expect(store.put('AAXY1', 'first')).rejects.toMatchObject({ code: 'EIO' });
    // The retry finds XY existing: it must not take that for durable.
    await store.put('AAXY1', 'second');
    const { states } = fs.crashStates({ profile: 'posix', maxStates: 512 });
    expect(states.length).toBeGreaterThan(0);
    for (const state of states) {
      const after = await openFlatStore(state, '/data', { shard: 'next-to-last/2', sync: true });
      expect(new TextDecoder().decode(await after.get('AAXY1'))).toBe('second');
      await after.close();
    }
    await store.close();
  });
});
