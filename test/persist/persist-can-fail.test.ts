import { describe, expect, it } from 'vitest';
import { openPersistSystem, persistScenario } from '../../scenarios/persist/index.js';
import type { PersistSystem } from '../../scenarios/persist/index.js';
import type { SystemFactory } from '../../sim/scenario.js';
import { Persistence } from '../../src/persist/persistence.js';
import { Mutex } from '../../src/wal/mutex.js';
import { eraseScenario, runScenario } from '../../sim/index.js';

/** Broken variants of the persist system: the scenario must notice each. */
const unsyncedWals: SystemFactory<PersistSystem> = async (fs, root) => {
  const base = await openPersistSystem(fs, root);
  await base.persistence.close();
  const persistence = await Persistence.open(fs, root, { segmentSizeBytes: 400, syncOnAppend: false });
  return { persistence, producer: base.producer, lock: new Mutex() };
};

describe('persist scenario can fail', () => {
  it('finds WAL appends acknowledged before their sync', async () => {
    let found: string | undefined;
    for (let seed = 1; seed <= 200 && found === undefined; seed++) {
      const result = await runScenario(eraseScenario(persistScenario), { seed, clientsCount: 2, operationsCount: 16 }, { impl: unsyncedWals as SystemFactory<unknown> });
      if (result.violations.length > 0) found = `seed ${seed}: ${JSON.stringify(result.violations[0])}`;
    }
    console.log(found);
    expect(found).toBeDefined();
  });
});
