import { openStateFile } from '../../src/statefile/index.js';
import type { StateFile } from '../../src/statefile/index.js';
import { FAULT_KINDS, type Scenario, type SystemFactory } from '../../sim/index.js';
import { checkStateFile } from './check.js';
import { type CutMark, checkWithCutMarks, cutMark } from '../support/crash-marks.js';
import { STATE_FILE_MIX, applyStateFileOp, describeStateFileOp, generateStateFileWorkload, isStateFileOp } from './operations.js';
import type { StateFileOp, StateFileResult } from './operations.js';

/**
 * A JSON state file (config, checkpoint, "last processed id") under concurrent saves of distinct
 * values from a few bytes to a few KiB, and loads, crashed anywhere. Invariants: load() never
 * fails on a crash state and never returns a torn, empty or foreign value (no-partial-visibility);
 * after the crash it returns a value some save wrote, or nothing if no save was acknowledged; an
 * acknowledged save survives unless a later or overlapping save replaced it
 * (acknowledged-durability); loads during the workload see an allowed value (stale-read); a
 * save rejects only when an injected fault explains it (unexpected-error).
 *
 * `--impl MODULE` contract: the module's default export is a factory
 * `(fs: FileSystem, root: string) => Promise<StateFile>`, where
 * `StateFile = { save(state: unknown): Promise<void>; load(): Promise<unknown>; close?(): Promise<void> }`.
 * `load()` resolves to undefined when nothing was saved; neither rejects on a healthy disk. The
 * factory is called on an empty `root` directory first, then again on each post-crash disk to
 * recover. The scenario does not look at file names, so leftover temp files are the
 * implementation's business.
 */

export type { LoadedState, StateFileOp, StateFileResult } from './operations.js';

export const openStateFileScenarioStore: SystemFactory<StateFile> = (fs, root) => openStateFile(fs, root);

/** Where the crash fell, as coverage marks (see scenarios/support/crash-marks.ts). */
const STATE_FILE_CUT_MARKS: readonly CutMark<StateFileOp>[] = [
  cutMark('state-file', 'crash-in-save', 'the crash cut a save in flight', (op) => op.kind === 'save'),
];

export const stateFileScenario: Scenario<StateFile, StateFileOp, StateFileResult> = {
  name: 'state-file',
  description: 'concurrent saves (1 B to 5 KiB of JSON) and loads of one JSON state file, crashed anywhere',
  defaultFactory: openStateFileScenarioStore,
  generate: generateStateFileWorkload,
  swarm: { mix: STATE_FILE_MIX, valueSizes: true, faultKinds: FAULT_KINDS },
  apply: applyStateFileOp,
  close: async (store) => {
    await store.close?.();
  },
  check: checkWithCutMarks(checkStateFile, STATE_FILE_CUT_MARKS),
  // Each hit by at least 6% of the runs of a default campaign (seeds 1..200), so a default
  // campaign from any seed misses one only by rare chance (test/campaign/required-marks.test.ts).
  requiredMarks: [
    'scenario.state-file.crash-in-save',
    'statefile.open.temp-swept',
  ],
  describe: describeStateFileOp,
  isOperation: isStateFileOp,
};
