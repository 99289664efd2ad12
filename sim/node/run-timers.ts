import type { VirtualTimers } from '../runner/liveness.js';
import { activeRun } from './active-run.js';
import { NodeRun } from './node-run.js';

/**
 * The liveness watch's view of the NodeRun executing now (sim/runner/liveness.ts): a phase of a
 * run whose code under test waits on a virtual timer is not stalled, since the run's own loop fires
 * the timer once everything waits; a phase the watch gives up on aborts the run, so its fake clock
 * and globals are put back before the runner goes on. With no NodeRun executing (code written
 * against the FileSystem interface), the process never moves by itself and nothing is aborted.
 */

function executingRun(): NodeRun | undefined {
  const run = activeRun();
  return run instanceof NodeRun && run.executing ? run : undefined;
}

export const executingRunTimers: VirtualTimers = {
  elapsedMs: () => executingRun()?.virtualElapsedMs ?? 0,
  canProgress: () => executingRun()?.hasPendingWork ?? false,
  abandon: (reason) => executingRun()?.abort(reason),
};
