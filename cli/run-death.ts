import { CLI_COMMAND } from './invocation.js';

/**
 * When a campaign dies mid-run (a worker thread that exits or throws, an error that escapes a run
 * in this thread), the user still gets the seed it was running and the command that runs it
 * alone, never a bare stack trace.
 */

export interface RunningSeed {
  readonly scenario: string;
  readonly seed: number;
}

/** The seed this thread's campaign is running now, if any. */
let current: RunningSeed | null = null;

export function noteRunning(scenario: string, seed: number): void {
  current = { scenario, seed };
}

export function runningNow(): RunningSeed | null {
  return current;
}

export class CampaignDeathError extends Error {
  override readonly name = 'CampaignDeathError';
}

/** One line: who died, on which seed, why, and how to run that seed alone. */
export function describeDeath(who: string, running: RunningSeed | null, why: string): string {
  if (running === null) return `${who} died before starting a run: ${why}`;
  return `${who} died while running ${running.scenario} seed ${running.seed}: ${why}; ` +
    `run it alone with: ${CLI_COMMAND} --scenario ${running.scenario} --seed ${running.seed} --runs 1 --workers 1`;
}
