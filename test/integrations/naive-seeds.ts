import naiveStateFile from '../../examples/naive-state-file.js';
import { stateFileScenario } from '../../scenarios/state-file/index.js';
import { eraseScenario, runScenario } from '../../sim/index.js';

/**
 * Seeds of the state-file scenario on which the naive state file (examples/) passes and fails,
 * found by running them, so that the tests of CRASHSIM_SEED do not hard-code the simulator's
 * choices.
 */
export interface NaiveSeeds {
  /** The first seed on which the naive state file holds. */
  readonly passing: number;
  /** The first seed after 1 on which it fails. */
  readonly failingAfterFirst: number;
}

const SEEDS_SEARCHED_MAX = 100;

export async function findNaiveSeeds(): Promise<NaiveSeeds> {
  let passing: number | null = null;
  let failingAfterFirst: number | null = null;
  for (let seed = 1; seed <= SEEDS_SEARCHED_MAX && (passing === null || failingAfterFirst === null); seed++) {
    const result = await runScenario(eraseScenario(stateFileScenario), { seed }, { impl: naiveStateFile });
    if (result.violations.length === 0) passing ??= seed;
    else if (seed > 1) failingAfterFirst ??= seed;
  }
  if (passing === null || failingAfterFirst === null) throw new Error(`no passing and failing seeds of the naive state file within ${SEEDS_SEARCHED_MAX}`);
  return { passing, failingAfterFirst };
}
