import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SCENARIOS } from '../scenarios/index.js';
import { SimFs, runScenario, type AnyScenario, type CrashProfile, type RunOptions, type RunResult } from '../sim/index.js';
import { fillPendingHeavyDisk } from './exhaustive.js';
import { contender, sideBySide } from './harness.js';
import type { BenchSection, Contender, Json } from './harness.js';

/**
 * This tree against another checkout of crashsim (`CRASHSIM_BENCH_BASELINE=/path/to/checkout`,
 * e.g. a `git worktree` of the commit before a change), side by side in the same rounds of one
 * process: crash-checked runs per second per scenario (random crashes), crash states checked per
 * second per scenario in exhaustive mode, and `crashStates()` per profile on the exhaustive
 * section's disk. Both trees run the same seeds, so the ratio is the change's own cost or gain
 * on a noisy, shared machine. Skipped, saying so, when no baseline is given.
 */

const BASELINE_ENV = 'CRASHSIM_BENCH_BASELINE';

interface Tree {
  readonly label: string;
  readonly scenarios: readonly AnyScenario[];
  readonly runScenario: (scenario: AnyScenario, options: RunOptions) => Promise<RunResult>;
  readonly newDisk: () => SimFs;
}

interface ScenarioState {
  readonly tree: Tree;
  readonly scenario: AnyScenario;
  nextSeed: number;
}

async function loadBaseline(dir: string): Promise<Tree> {
  const url = (path: string): string => pathToFileURL(resolve(dir, path)).href;
  const sim = (await import(url('sim/index.ts'))) as { runScenario: Tree['runScenario']; SimFs: new () => SimFs };
  const scenarios = (await import(url('scenarios/index.ts'))) as { SCENARIOS: readonly AnyScenario[] };
  return { label: 'baseline', scenarios: scenarios.SCENARIOS, runScenario: sim.runScenario, newDisk: () => new sim.SimFs() };
}

/** As the exhaustive section runs scenarios. */
const EXHAUSTIVE_MAX_STATES = 64;
const PROFILES: readonly CrashProfile[] = ['posix', 'ext4-ordered', 'process'];

/** Random crashes count runs; exhaustive exploration counts the crash states checked. */
function scenarioContender(tree: Tree, scenario: AnyScenario, exhaustive: boolean): Contender<unknown> {
  return contender<ScenarioState>({
    name: `${scenario.name}${exhaustive ? ' exhaustive' : ''}/${tree.label}`,
    setup: async () => ({ tree, scenario, nextSeed: 1 }),
    async iterate(state) {
      const seed = state.nextSeed++;
      if (!exhaustive) {
        await state.tree.runScenario(state.scenario, { seed });
        return 1;
      }
      return (await state.tree.runScenario(state.scenario, { seed, exploration: 'exhaustive', maxStates: EXHAUSTIVE_MAX_STATES })).statesChecked;
    },
  });
}

function crashStatesContender(tree: Tree, disk: SimFs, profile: CrashProfile): Contender<unknown> {
  return contender<SimFs>({
    name: `crashStates ${profile}/${tree.label}`,
    setup: async () => disk,
    async iterate(state) {
      return state.crashStates({ profile, maxStates: 256 }).states.length;
    },
  });
}

export const againstBaselineSection: BenchSection = {
  name: 'baseline',
  description: `This tree against another checkout (${BASELINE_ENV}=DIR), side by side: runs/s per scenario, exhaustive states/s per scenario, crashStates() states/s per profile.`,
  async run(context): Promise<Json> {
    const dir = process.env[BASELINE_ENV];
    if (dir === undefined || dir === '') {
      context.note(`skipped: set ${BASELINE_ENV} to another checkout of crashsim (e.g. a git worktree of the commit before a change) to compare with it`);
      return { skipped: `${BASELINE_ENV} not set` };
    }
    const here: Tree = { label: 'this tree', scenarios: SCENARIOS, runScenario, newDisk: () => new SimFs() };
    const baseline = await loadBaseline(dir);
    const shared = here.scenarios.filter((s) => baseline.scenarios.some((b) => b.name === s.name));
    const contenders: Contender<unknown>[] = [];
    for (const exhaustive of [false, true]) {
      for (const scenario of shared) {
        const old = baseline.scenarios.find((b) => b.name === scenario.name) as AnyScenario;
        contenders.push(scenarioContender(here, scenario, exhaustive), scenarioContender(baseline, old, exhaustive));
      }
    }
    for (const tree of [here, baseline]) {
      const disk = (await fillPendingHeavyDisk(tree.newDisk())).disk;
      for (const profile of PROFILES) contenders.push(crashStatesContender(tree, disk, profile));
    }
    const rates = await sideBySide(contenders, { rounds: context.budget.rounds, msPerRound: 600 * context.budget.timeScale, warmupMs: 300 * context.budget.timeScale });
    const rateOf = (name: string): number => rates.find((r) => r.name === name)?.medianPerSecond ?? Number.NaN;
    const names = [...shared.map((s) => s.name), ...shared.map((s) => `${s.name} exhaustive`), ...PROFILES.map((profile) => `crashStates ${profile}`)];
    const rows = names.map((name) => {
      const now = rateOf(`${name}/this tree`);
      const before = rateOf(`${name}/baseline`);
      return { name, now, before, ratio: now / before };
    });
    context.table(
      `baseline: this tree against ${dir} (median of rounds; runs/s, exhaustive and crashStates in states/s)`,
      ['what', 'this tree', 'baseline', 'ratio'],
      rows.map((r) => [r.name, r.now, r.before, `${r.ratio.toFixed(2)}x`]),
    );
    return { baseline: dir, rows };
  },
};
