import { loadNodeModuleImpl, nodeModuleFactory } from '../../sim/index.js';
import type { NodeSystemContract, Scenario } from '../../sim/index.js';
import { checkAtomicFile } from './check.js';
import { type CutMark, checkWithCutMarks, cutMark } from '../support/crash-marks.js';
import { ATOMIC_FILE_MIX, FILE_NAMES, applyAtomicFileOp, describeAtomicFileOp, generateAtomicFileWorkload, isAtomicFileOp } from './operations.js';
import type { AtomicFile, AtomicFileOp, AtomicFileResult } from './operations.js';

/**
 * Whole files saved and loaded by plain Node.js code (config, state, cache files), under
 * concurrent saves of distinct JSON texts (a few bytes to a few KiB) to a few names, crashed
 * anywhere. Invariants: after recovery each file holds exactly one value a save of it wrote, never
 * a torn, empty or mixed one (no-partial-visibility), and is absent only if no save of it was
 * acknowledged; an acknowledged save survives unless a later or overlapping save of the same name
 * replaced it, and a replaced value never comes back (acknowledged-durability); loads during the
 * workload see an allowed value (stale-read); the root holds no file but the saved names after
 * recovery (temp-leftover); no save or load rejects on a healthy disk, nor with anything but EIO
 * or ENOSPC under injected faults (unexpected-error); and no call leaves the root
 * (path-outside-root).
 *
 * `--impl MODULE` contract: MODULE is plain Node.js code using node:fs (any form), `.mjs`, `.cjs`,
 * `.js` or `.ts`; its default export is `open(root: string) => Promise<AtomicFile>`, where
 * `AtomicFile = { save(name: string, content: string): Promise<void>; load(name: string): Promise<string | undefined>; close?(): Promise<void> }`.
 * `name` is a plain file name (`a.json`, `b.json`, `c.json`); `save` replaces the whole file
 * `<root>/<name>`; `load` resolves to its whole content, or undefined when it does not exist.
 * Neither documents an error: on a healthy disk both resolve.
 * open(root) is called on an empty `root`, then again after every crash, each time in a freshly
 * started simulated process (the module and its dependencies loaded afresh).
 */

export type { AtomicFile, AtomicFileOp, AtomicFileResult } from './operations.js';

/** What a module's `open(root)` must resolve to: a System with save and load. */
export const ATOMIC_FILE_CONTRACT: NodeSystemContract = { methods: ['save', 'load'] };

/** Where the crash fell, as coverage marks (see scenarios/support/crash-marks.ts). */
const ATOMIC_FILE_CUT_MARKS: readonly CutMark<AtomicFileOp>[] = [
  cutMark('atomic-file', 'crash-in-save', 'the crash cut a save in flight', (op) => op.kind === 'save'),
];

export const atomicFileScenario: Scenario<AtomicFile, AtomicFileOp, AtomicFileResult> = {
  name: 'atomic-file',
  description: 'node:fs code saving and loading whole files (concurrent saves of 2 B to 5 KiB), crashed anywhere',
  // Spelled from two folders up so that it names the same file from the package's bundle
  // (dist/bundle/esm/, see build/bundle.mjs) as from this folder.
  defaultFactory: nodeModuleFactory<AtomicFile>(new URL('../../scenarios/atomic-file/reference.cjs', import.meta.url), ATOMIC_FILE_CONTRACT),
  implFromModule: (modulePath) => loadNodeModuleImpl<AtomicFile>(modulePath, ATOMIC_FILE_CONTRACT),
  generate: generateAtomicFileWorkload,
  // Not bitflip: the contract fixes every byte of a file and allows no file beside it, so no
  // implementation can hold a checksum, and a flipped file is served.
  swarm: { mix: ATOMIC_FILE_MIX, keysCountMax: FILE_NAMES.length, valueSizes: true, faultKinds: ['eio-sync', 'eio-read', 'enospc'] },
  apply: applyAtomicFileOp,
  close: async (system) => {
    await system.close?.();
  },
  check: checkWithCutMarks(checkAtomicFile, ATOMIC_FILE_CUT_MARKS),
  // Each hit by at least 6% of the runs of a default campaign (seeds 1..200), so a default
  // campaign from any seed misses one only by rare chance (test/campaign/required-marks.test.ts).
  requiredMarks: [
    'scenario.atomic-file.crash-in-save',
  ],
  describe: describeAtomicFileOp,
  isOperation: isAtomicFileOp,
};
