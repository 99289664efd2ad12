import { NodeFs } from '../../src/fs/node-fs.js';
import { describeError } from '../runner/describe-error.js';
import type { AnyScenario, OperationRecord, SystemFactory, Violation } from '../scenario.js';
import { GuardedFs } from './guarded-fs.js';

/**
 * The real-disk twin of the runner's post-crash judging: reopen the system through the factory on
 * the real files (which recovers), run the scenario's checks, close it. The same failures count
 * as violations as in the simulator (a recovery that throws, a check that throws, a path outside
 * the fence), so the two sides can be compared invariant by invariant.
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
  const violations: Violation[] = [];
  const outside = (): Violation[] =>
    fs.breaches.length === 0 ? [] : [{ invariant: 'path-outside-root', message: `the system tried to touch ${fs.breaches[0]}, outside ${input.diskDir} (refused)` }];
  let recovered: unknown;
  try {
    recovered = await input.factory(fs, input.root);
  } catch (error) {
    violations.push({ invariant: 'recovery', message: `reopening after the crash failed: ${describeError(error)}` });
    return [...violations, ...outside()];
  }
  try {
    violations.push(...(await input.scenario.check({ history: input.history, recovered, fs, root: input.root, crashStep: input.crashStep })));
  } catch (error) {
    violations.push({ invariant: 'check', message: `checking the recovered system failed: ${describeError(error)}` });
  }
  try {
    await input.scenario.close(recovered);
  } catch (error) {
    violations.push({ invariant: 'close', message: `closing the recovered system failed: ${describeError(error)}` });
  }
  return [...violations, ...outside()];
}
