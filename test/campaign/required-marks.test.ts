import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNS } from '../../cli/args.js';
import { declaredMarks } from '../../src/coverage/index.js';
import { missingMarks, runCampaign } from '../../sim/index.js';
import { SCENARIOS } from '../../scenarios/index.js';

/**
 * CI enforces each scenario's required coverage marks: the default campaign of every bundled
 * scenario (the CLI's defaults: seed 1, DEFAULT_RUNS runs, no flags, with swarm and with --no-swarm) must reach every state its
 * scenario requires, or its invariants were never tested there.
 */
describe('required coverage marks', () => {
  it('every required mark is a declared one (a typo would be a mark nobody can hit)', () => {
    const declared = new Set(declaredMarks().map((mark) => mark.label));
    const unknown = SCENARIOS.flatMap((scenario) => (scenario.requiredMarks ?? []).filter((label) => !declared.has(label)).map((label) => `${scenario.name}: ${label}`));
    expect(unknown).toEqual([]);
  });

  // Both are default campaigns: swarm is on unless --no-swarm, and either must reach the marks.
  const cases = SCENARIOS.filter((scenario) => (scenario.requiredMarks ?? []).length > 0).flatMap((scenario) => [
    [scenario.name, 'swarm', scenario] as const,
    [scenario.name, 'no swarm', scenario] as const,
  ]);
  it.each(cases)(
    'the default campaign of %s (%s) hits every mark it requires',
    async (_name, swarm, scenario) => {
      const summary = await runCampaign({ seed: 1, scenarios: [scenario], runsPerScenario: DEFAULT_RUNS, run: { swarm: swarm === 'swarm' } });
      const [only] = summary.scenarios;
      expect(only?.runs).toBe(DEFAULT_RUNS);
      expect(only?.failures).toBe(0);
      expect(only === undefined ? ['no summary'] : missingMarks(only)).toEqual([]);
    },
  );
});
