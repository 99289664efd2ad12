import { NodeFs } from '../../src/fs/node-fs.js';
import { reopenAndCheck } from '../runner/reopen-and-check.js';
import type { AnyScenario, OperationRecord, SystemFactory, Violation } from '../scenario.js';
import { GuardedFs } from './guarded-fs.js';

/**
 * The runner's post-crash judging (reopen-and-check.ts) on real files: reopen the system through
 * the factory (which recovers), run the scenario's checks, close it, and add the real disk's own
 * fence (a path outside the temp directory), so the two sides compare invariant by invariant.
 */

export interface RealCheckInput {
  readonly scenario: AnyScenario;
  readonly factory: SystemFactory<unknown>;
  /** The directory standing for the simulated `/`; nothing outside it may be touched. */
  readonly diskDir: string;
  /** The system's root as a real path (`<diskDir><simulated root>`). */
  readonly root: string;
  readonly history: readonly OperationRecord<unknown, unknown>[];
  readonly crashStep: number;
}

export async function recoverAndCheck(input: RealCheckInput): Promise<Violation[]> {
  const found = await judge(input);
  // The temp directory is gone by the time anyone reads these: show paths as the simulated disk
  // names them (`/data/...`), which is also how the simulator's own report names them.
  return found.map((v) => ({ ...v, message: toSimulatedPaths(v.message, input.diskDir) }));
}

/** Replaces every `<diskDir>/x` in `text` by `/x`. */
export function toSimulatedPaths(text: string, diskDir: string): string {
  return text.split(`${diskDir}/`).join('/');
}

async function judge(input: RealCheckInput): Promise<Violation[]> {
  const fs = new GuardedFs(NodeFs, input.diskDir);
  // A real disk's callbacks arrive at any time, so a stall cannot be told from slowness here.
  const { violations } = await reopenAndCheck({
    scenario: input.scenario,
    factory: input.factory,
    fs,
    root: input.root,
    history: input.history,
    crashStep: input.crashStep,
    liveness: null,
    progress: () => 0,
  });
  const outside: Violation[] = fs.breaches.length === 0 ? [] : [{ invariant: 'path-outside-root', message: `the system tried to touch ${fs.breaches[0]}, outside ${input.diskDir} (refused)` }];
  return [...violations, ...outside];
}
