import { describe, expect, it } from 'vitest';
import { persistScenario } from '../../scenarios/persist/index.js';
import { eraseScenario, runScenario } from '../../sim/index.js';

describe('persist scenario on SimFs crashes (clients, operations and profile chosen per seed)', () => {
  it('holds every invariant over 120 seeds', async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 120; seed++) {
      const profile = seed % 3 === 0 ? 'ext4-ordered' : 'posix';
      const result = await runScenario(eraseScenario(persistScenario), { seed, clientsCount: 1 + (seed % 3), operationsCount: 16, profile });
      if (result.violations.length > 0) failures.push(`seed ${seed} crash@${result.crashStep}/${result.stepsCount}: ${JSON.stringify(result.violations.slice(0, 2))}`);
    }
    expect(failures).toEqual([]);
  });
});
