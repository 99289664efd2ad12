import { describe, expect, it } from 'vitest';
import { persistScenario } from '../../scenarios/persist/index.js';
import { crashRun } from '../wal/crash-harness.js';

describe('persist scenario on SimFs crashes (own harness)', () => {
  it('holds every invariant over 120 seeds', async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 120; seed++) {
      const profile = seed % 3 === 0 ? 'ext4-ordered' : 'posix';
      const result = await crashRun(persistScenario, { seed, clientsCount: 1 + (seed % 3), operationsCount: 16, profile });
      if (result.violations.length > 0) failures.push(`seed ${seed} crash@${result.crashStep}/${result.stepsCount}: ${JSON.stringify(result.violations.slice(0, 2))}`);
    }
    expect(failures).toEqual([]);
  });
});
