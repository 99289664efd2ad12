import { SCENARIOS } from '../scenarios/index.js';
import { runScenario } from '../sim/runner/index.js';
import type { AnyScenario } from '../sim/scenario.js';
import { contender, sideBySide } from './harness.js';
import type { BenchSection, Json } from './harness.js';

/**
 * Crash-checked runs per second for every registered scenario: each run is a whole workload with
 * concurrency, a crash, a reopen on the post-crash disk and the invariant checks. Scenarios are
 * measured side by side in rounds, each over consecutive seeds (a range of seeds, not one
 * repeated). The target for `blob`: 3,000 runs/s (30 operations per run, the default).
 */

/** Counters one scenario accumulates across rounds (only timed runs count). */
interface ScenarioTally {
  readonly scenario: AnyScenario;
  nextSeed: number;
  runs: number;
  steps: number;
  states: number;
  failures: number;
  firstFailingSeed: number | null;
  counting: boolean;
}

/** The target for the `blob` scenario, in crash-checked runs per second. */
export const BLOB_RUNS_PER_SECOND_TARGET = 3000;

export const scenariosSection: BenchSection = {
  name: 'scenarios',
  description: `Crash-checked runs per second per registered scenario (${SCENARIOS.map((s) => s.name).join(', ')}), default options, consecutive seeds from 1.`,
  async run(context): Promise<Json> {
    const { budget } = context;
    const tallies = SCENARIOS.map((scenario): ScenarioTally => ({ scenario, nextSeed: 1, runs: 0, steps: 0, states: 0, failures: 0, firstFailingSeed: null, counting: false }));
    const contenders = tallies.map((tally) =>
      contender<ScenarioTally>({
        name: tally.scenario.name,
        setup: async () => tally,
        async iterate(state) {
          const seed = state.nextSeed++;
          const result = await runScenario(state.scenario, { seed });
          // Warm-up runs are not timed; the tallies count from the first timed round only.
          if (state.counting) {
            state.runs++;
            state.steps += result.stepsCount;
            state.states += result.statesChecked;
          }
          if (result.violations.length > 0) {
            state.failures++;
            state.firstFailingSeed ??= seed;
          }
          return 1;
        },
        measuring(state) {
          state.counting = true;
        },
      }),
    );
    const rates = await sideBySide(contenders, { rounds: budget.rounds, msPerRound: 700 * budget.timeScale, warmupMs: 300 * budget.timeScale });
    const rows = tallies.map((tally) => {
      const rate = rates.find((r) => r.name === tally.scenario.name);
      return {
        scenario: tally.scenario.name,
        runsPerSecond: rate?.medianPerSecond ?? Number.NaN,
        runsPerSecondByRound: rate?.perSecondByRound ?? [],
        runs: tally.runs,
        seeds: `1..${tally.nextSeed - 1}`,
        meanStepsPerRun: tally.runs > 0 ? tally.steps / tally.runs : Number.NaN,
        meanStatesPerRun: tally.runs > 0 ? tally.states / tally.runs : Number.NaN,
        failures: tally.failures,
        firstFailingSeed: tally.firstFailingSeed,
      };
    });
    context.table(
      'scenarios: crash-checked runs per second (median of rounds), 30 operations per run',
      ['scenario', 'runs/s', 'runs timed', 'seeds run', 'steps/run', 'failures'],
      rows.map((r) => [r.scenario, r.runsPerSecond, r.runs, r.seeds, r.meanStepsPerRun, r.failures === 0 ? '0' : `${r.failures} (first seed ${String(r.firstFailingSeed)})`]),
    );
    for (const r of rows) {
      if (r.firstFailingSeed !== null) {
        context.note(`${r.scenario}: a violation at seed ${r.firstFailingSeed}; replay it with: npm run sim -- --scenario ${r.scenario} --seed ${r.firstFailingSeed} --runs 1`);
      }
    }
    const blob = rows.find((r) => r.scenario === 'blob');
    if (blob !== undefined) {
      const met = blob.runsPerSecond >= BLOB_RUNS_PER_SECOND_TARGET;
      context.note(`blob: ${blob.runsPerSecond.toFixed(0)} runs/s on one core (target ${BLOB_RUNS_PER_SECOND_TARGET}: ${met ? 'met' : `NOT met, ${(BLOB_RUNS_PER_SECOND_TARGET / blob.runsPerSecond).toFixed(1)}x short`})`);
    }
    return { scenarios: rows, blobTarget: BLOB_RUNS_PER_SECOND_TARGET };
  },
};
