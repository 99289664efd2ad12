import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../scenarios/index.js';
import { runScenario } from '../../../sim/runner/index.js';

/** Crashing the recovery too (RunOptions.crashRecovery): deterministic, recorded, and held by every real store. */

describe('runScenario with crashRecovery', () => {
  it('is off by default and recorded in the resolved options', async () => {
    const [scenario] = SCENARIOS;
    if (scenario === undefined) throw new Error('no scenario');
    expect((await runScenario(scenario, { seed: 1 })).options.crashRecovery).toBe(false);
    expect((await runScenario(scenario, { seed: 1, crashRecovery: true })).options.crashRecovery).toBe(true);
    await expect(runScenario(scenario, { seed: 1, crashRecovery: 'yes' as unknown as boolean })).rejects.toThrow(/crashRecovery must be true or false/);
  });

  it('gives the same trace hash twice, another one than without it, and says where the recovery crashed', async () => {
    for (const scenario of SCENARIOS) {
      for (let seed = 1; seed <= 5; seed++) {
        const first = await runScenario(scenario, { seed, crashRecovery: true });
        const second = await runScenario(scenario, { seed, crashRecovery: true });
        expect(second.traceHash).toBe(first.traceHash);
        expect(first.injectedFaults).toEqual(second.injectedFaults);
        expect(first.injectedFaults.filter((line) => line.startsWith('recovery crashed after step'))).toHaveLength(first.statesChecked);
        expect((await runScenario(scenario, { seed })).traceHash).not.toBe(first.traceHash);
      }
    }
  });

  it('crashes every state of an exhaustive exploration on its own', async () => {
    const [scenario] = SCENARIOS;
    if (scenario === undefined) throw new Error('no scenario');
    const result = await runScenario(scenario, { seed: 3, crashRecovery: true, exploration: 'exhaustive', maxStates: 8 });
    expect(result.violations).toEqual([]);
    const lines = result.injectedFaults.filter((line) => line.includes('recovery crashed after step'));
    expect(lines).toHaveLength(result.statesChecked);
    if (result.statesChecked > 1) expect(lines[0]).toMatch(/^state 0: recovery crashed/);
  });
});
