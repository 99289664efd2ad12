import { describe, expect, it } from 'vitest';
import { walScenario } from '../../scenarios/wal/index.js';
import { eraseScenario, runScenario } from '../../sim/index.js';

describe('wal scenario on SimFs crashes (clients, operations and profile chosen per seed)', () => {
  it('holds every invariant over 150 seeds (posix and ext4-ordered)', async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 150; seed++) {
      const profile = seed % 3 === 0 ? 'ext4-ordered' : 'posix';
      const result = await runScenario(eraseScenario(walScenario), { seed, clientsCount: 1 + (seed % 4), operationsCount: 24, profile });
      if (result.violations.length > 0) failures.push(`seed ${seed} crash@${result.crashStep}/${result.stepsCount}: ${JSON.stringify(result.violations.slice(0, 2))}`);
    }
    expect(failures).toEqual([]);
  });
});
