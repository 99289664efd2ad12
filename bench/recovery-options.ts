import { findScenario } from '../scenarios/index.js';
import { runScenario } from '../sim/runner/index.js';
import type { RunOptions } from '../sim/runner/index.js';
import { contender, sideBySide } from './harness.js';
import type { BenchSection, Json } from './harness.js';

/**
 * What the recovery options cost: crash-checked runs per second of a scenario with its default
 * options, with faults while recovering, and with the recovery crashed too (which runs each
 * recovery three times: once to count its steps, once interrupted, once judged). Side by side,
 * consecutive seeds from 1.
 */

const SCENARIO_NAMES = ['blob', 'wal'] as const;

const VARIANTS: readonly { readonly name: string; readonly options: Omit<RunOptions, 'seed'> }[] = [
  { name: 'default', options: {} },
  { name: 'eio-read:phase(recovery)&randomly(0.2)', options: { faults: 'eio-read:phase(recovery)&randomly(0.2)' } },
  { name: '--crash-recovery', options: { crashRecovery: true } },
];

interface Tally {
  nextSeed: number;
  runs: number;
  failures: number;
  counting: boolean;
}

export const recoveryOptionsSection: BenchSection = {
  name: 'recovery-options',
  description: `Crash-checked runs per second of ${SCENARIO_NAMES.join(' and ')}: default, faults while recovering, the recovery crashed too.`,
  async run(context): Promise<Json> {
    const rows: { scenario: string; variant: string; runsPerSecond: number; runs: number; failures: number }[] = [];
    for (const scenarioName of SCENARIO_NAMES) {
      const scenario = findScenario(scenarioName);
      if (scenario === undefined) throw new Error(`no scenario ${scenarioName}`);
      const tallies = VARIANTS.map((): Tally => ({ nextSeed: 1, runs: 0, failures: 0, counting: false }));
      const contenders = VARIANTS.map((variant, index) =>
        contender<Tally>({
          name: variant.name,
          setup: async () => tallies[index] as Tally,
          async iterate(tally) {
            const result = await runScenario(scenario, { ...variant.options, seed: tally.nextSeed++ });
            if (tally.counting) tally.runs++;
            if (result.violations.length > 0) tally.failures++;
            return 1;
          },
          measuring(tally) {
            tally.counting = true;
          },
        }),
      );
      const rates = await sideBySide(contenders, { rounds: context.budget.rounds, msPerRound: 500 * context.budget.timeScale, warmupMs: 200 * context.budget.timeScale });
      VARIANTS.forEach((variant, index) => {
        const tally = tallies[index] as Tally;
        rows.push({ scenario: scenarioName, variant: variant.name, runsPerSecond: rates[index]?.medianPerSecond ?? Number.NaN, runs: tally.runs, failures: tally.failures });
      });
    }
    context.table(
      'recovery-options: crash-checked runs per second (median of rounds)',
      ['scenario', 'variant', 'runs/s', 'vs default', 'runs timed', 'failures'],
      rows.map((row) => {
        const base = rows.find((r) => r.scenario === row.scenario && r.variant === 'default')?.runsPerSecond ?? Number.NaN;
        return [row.scenario, row.variant, row.runsPerSecond, `${(row.runsPerSecond / base).toFixed(2)}x`, row.runs, row.failures];
      }),
    );
    return { rows };
  },
};
