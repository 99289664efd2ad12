import { FAULT_KINDS, loadNodeModuleImpl, nodeModuleFactory } from '../../sim/index.js';
import type { NodeSystemContract, Scenario } from '../../sim/index.js';
import { checkAppendLog } from './check.js';
import { type CutMark, checkWithCutMarks, cutMark } from '../support/crash-marks.js';
import { APPEND_LOG_MIX, applyAppendLogOp, describeAppendLogOp, generateAppendLogWorkload, isAppendLogOp } from './operations.js';
import type { AppendLog, AppendLogOp, AppendLogResult } from './operations.js';

/**
 * An append-only log kept by plain Node.js code (an event log, a journal, a queue file), under
 * concurrent appends of short records and reads of the whole log, crashed anywhere. Invariants:
 * after recovery readAll() returns every acknowledged record (acknowledged-durability), no torn or
 * foreign record (no-torn-record), and a prefix of what was appended, in an order real time
 * allows: concurrent appends may interleave, but a record never comes before one whose append
 * finished before its own began, nor after a gap where such a record is missing (log-prefix);
 * reads during the workload see the same (stale-read for a missing acknowledged record); no append
 * or readAll rejects on a healthy disk, nor with anything but EIO or ENOSPC under injected faults
 * (unexpected-error); and no call leaves the root (path-outside-root).
 *
 * `--impl MODULE` contract: MODULE is plain Node.js code using node:fs (any form), `.mjs`, `.cjs`,
 * `.js` or `.ts`; its default export is `open(root: string) => Promise<AppendLog>`, where
 * `AppendLog = { append(record: string): Promise<void>; readAll(): Promise<string[]>; close?(): Promise<void> }`.
 * Records are short strings without newlines (letters, digits and `-`). Neither method documents
 * an error: on a healthy disk both resolve (readAll of an empty log to []). open(root) is called on
 * an empty `root`, then again after every crash, each time in a freshly started simulated
 * process (the module and its dependencies loaded afresh).
 */

export type { AppendLog, AppendLogOp, AppendLogResult } from './operations.js';

/** What a module's `open(root)` must resolve to: a System with append and readAll. */
export const APPEND_LOG_CONTRACT: NodeSystemContract = { methods: ['append', 'readAll'] };

/** Where the crash fell, as coverage marks (see scenarios/support/crash-marks.ts). */
const APPEND_LOG_CUT_MARKS: readonly CutMark<AppendLogOp>[] = [
  cutMark('append-log', 'crash-in-append', 'the crash cut an append in flight', (op) => op.kind === 'append'),
];

export const appendLogScenario: Scenario<AppendLog, AppendLogOp, AppendLogResult> = {
  name: 'append-log',
  description: 'node:fs code appending short records to a log and reading it back, crashed anywhere',
  // Spelled from two folders up so that it names the same file from the package's bundle
  // (dist/bundle/esm/, see build/bundle.mjs) as from this folder.
  defaultFactory: nodeModuleFactory<AppendLog>(new URL('../../scenarios/append-log/reference.cjs', import.meta.url), APPEND_LOG_CONTRACT),
  implFromModule: (modulePath) => loadNodeModuleImpl<AppendLog>(modulePath, APPEND_LOG_CONTRACT),
  generate: generateAppendLogWorkload,
  swarm: { mix: APPEND_LOG_MIX, valueSizes: true, faultKinds: FAULT_KINDS },
  apply: applyAppendLogOp,
  close: async (system) => {
    await system.close?.();
  },
  check: checkWithCutMarks(checkAppendLog, APPEND_LOG_CUT_MARKS),
  // Each hit by at least 6% of the runs of a default campaign (seeds 1..200), so a default
  // campaign from any seed misses one only by rare chance (test/campaign/required-marks.test.ts).
  requiredMarks: [
    'scenario.append-log.crash-in-append',
  ],
  describe: describeAppendLogOp,
  isOperation: isAppendLogOp,
};
