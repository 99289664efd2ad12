import fc from 'fast-check';
import { type CrashModelCommand, type CrashModelRunOptions, type CrashModelSetup, crashModelRun } from './crash-model-run.js';

/**
 * `crashsim/fast-check`: crash-testing for fast-check model-based tests. Your commands
 * (`fc.commands`) run on the real system opened on a simulated disk; the disk crashes after a
 * step fast-check draws (so a failure shrinks to fewer commands and an earlier crash); the system
 * is reopened on each post-crash disk and your `checkDurable(model, recovered)` judges it.
 *
 * ```ts
 * await fc.assert(crashProperty(fc.commands([...]), { model, open, checkDurable }));
 * ```
 */

export { CrashModelError, crashModelRun } from './crash-model-run.js';
export type { CrashContext, CrashModelCommand, CrashModelRunOptions, CrashModelRunResult, CrashModelSetup, CrashPhase } from './crash-model-run.js';
export type { CrashExploration } from './crash-rig.js';

/** The default bound of `crashIndex()`: steps past a run's end crash at its end. */
export const CRASH_AT_MAX_DEFAULT = 255;

/**
 * The crash point as a fast-check arbitrary: a step count from 0 to `max` (default 255), which
 * fast-check shrinks toward 0, an earlier crash. A run shorter than the drawn count crashes at its
 * end, so choose `max` around the steps your longest command sequence takes.
 */
export function crashIndex(max: number = CRASH_AT_MAX_DEFAULT): fc.Arbitrary<number> {
  if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`crashIndex: max must be a non-negative integer, got ${String(max)}`);
  return fc.nat({ max });
}

/** crashProperty's options: crashModelRun's, with the crash point drawn by the property. */
export interface CrashPropertyOptions extends Omit<CrashModelRunOptions, 'crashAt'> {
  /** The largest crash point drawn (see crashIndex). Default 255. */
  readonly crashAtMax?: number;
}

/**
 * The property `fc.assert` runs: draws a command sequence from `commands` and a crash point from
 * `crashIndex(crashAtMax)`, then runs crashModelRun. fast-check reports (and shrinks) both.
 */
export function crashProperty<Model extends object, Real>(
  commands: fc.Arbitrary<Iterable<CrashModelCommand<Model, Real>>>,
  setup: CrashModelSetup<Model, Real>,
  options: CrashPropertyOptions = {},
): fc.IAsyncPropertyWithHooks<[Iterable<CrashModelCommand<Model, Real>>, number]> {
  const { crashAtMax, ...runOptions } = options;
  return fc.asyncProperty(commands, crashIndex(crashAtMax), async (drawn, crashAt) => {
    await crashModelRun(setup, drawn, { ...runOptions, crashAt });
  });
}
