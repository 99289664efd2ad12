import { isAbsolute } from 'node:path';
import type { ReportedCase } from '../report/report.js';
import type { AnyScenario, SystemFactory } from '../scenario.js';
import { confirmImage } from './image-mode.js';
import { confirmKill } from './kill-mode.js';
import { ConfirmError, replayCase } from './replay.js';
import { CONFIRM_MODES, type ConfirmMode, type ModeReport } from './types.js';

/**
 * Real-disk confirmation (`--backend real`, DESIGN.md section 6): does a case the simulator found
 * fail the same way on a real disk? The case is replayed in the simulator first (its post-crash
 * states feed image mode; its history and step numbering guide kill mode), then each mode runs in
 * its own fresh temp directory, which is always removed.
 */

export { ConfirmError } from './replay.js';
export { CONFIRM_MODES } from './types.js';
export type { ConfirmMode, ImageModeReport, KillModeReport, ModeReport, RealViolation } from './types.js';
export type { KillPoint } from './kill-protocol.js';
export { GuardedFs, OutsideTempDirError } from './guarded-fs.js';
export { SerializedFs } from './serialized-fs.js';
export type { SerializedCall, SerializedFsOptions } from './serialized-fs.js';
export { KILL_TIMEOUT_MS_DEFAULT } from './kill-mode.js';
export { TEMP_DIR_PREFIX } from './temp-dir.js';
export { KillJobError, runKillJob } from './kill-run.js';
export type { KillJob } from './kill-protocol.js';

/** An implementation other than the scenario's bundled one (`--impl`, a mutant). */
export interface ConfirmImpl {
  readonly factory: SystemFactory<unknown>;
  /**
   * The absolute path of the module whose default export is `factory`. Kill mode needs it (its
   * child process loads the implementation itself); image mode does not.
   */
  readonly modulePath: string | null;
}

export interface ConfirmCaseOptions {
  readonly scenario: AnyScenario;
  /** The case to confirm: a report's `original` or `minimized`. */
  readonly case: ReportedCase;
  /** Default: both, image first. */
  readonly modes?: readonly ConfirmMode[];
  /** Default: the scenario's bundled factory. */
  readonly impl?: ConfirmImpl;
  /**
   * Kill mode's child entry module (absolute path), which reads the job, finds the scenario and
   * the implementation, and calls runKillJob; required for kill mode. The CLI has one
   * (cli/kill-child.ts); a program with scenarios of its own gives its own.
   */
  readonly killChild?: string;
  /** Kill mode's time limit for the child. Default KILL_TIMEOUT_MS_DEFAULT (30 s). */
  readonly killTimeoutMs?: number;
  /** Where temp directories are made. Default: the OS temp directory. */
  readonly tempParent?: string;
}

export interface ConfirmResult {
  readonly scenario: string;
  readonly seed: number;
  readonly crashStep: number;
  /** The simulated replay's trace hash, and whether it equals the case's (else the code changed). */
  readonly traceHash: string;
  readonly sameTraceHash: boolean;
  /** The invariants the case broke (from the report; from the replay if the report lists none). */
  readonly expected: readonly string[];
  readonly modes: readonly ModeReport[];
  /** True when any mode confirmed the violation. */
  readonly confirmed: boolean;
}

function distinct(names: readonly string[]): string[] {
  return names.filter((name, index) => names.indexOf(name) === index);
}

export async function confirmCase(options: ConfirmCaseOptions): Promise<ConfirmResult> {
  const modes = distinct(options.modes ?? CONFIRM_MODES) as ConfirmMode[];
  for (const mode of modes) {
    if (!CONFIRM_MODES.includes(mode)) throw new ConfirmError(`confirmCase: modes must be among ${CONFIRM_MODES.join(', ')}, got ${JSON.stringify(mode)}`);
  }
  if (modes.length === 0) throw new ConfirmError('confirmCase: give at least one mode (image, kill)');
  const { scenario, case: reported } = options;
  const impl = options.impl ?? null;
  if (modes.includes('kill') && impl !== null && (impl.modulePath === null || !isAbsolute(impl.modulePath))) {
    throw new ConfirmError('confirmCase: kill mode runs the workload in a child process, which loads the implementation itself: give impl.modulePath as an absolute path');
  }
  if (modes.includes('kill') && scenario.implFromModule !== undefined) {
    throw new ConfirmError(`confirmCase: kill mode counts the steps of the workload through crashsim's FileSystem to kill it at the crash step; ${scenario.name} runs node:fs code, whose calls it cannot count on the real disk: use image mode`);
  }
  if (modes.includes('kill') && (options.killChild === undefined || !isAbsolute(options.killChild))) {
    throw new ConfirmError('confirmCase: kill mode runs the workload in a child process: give killChild, the absolute path of its entry module');
  }
  const factory = impl?.factory ?? scenario.defaultFactory;
  const replay = await replayCase(scenario, reported, factory);
  const expected = distinct((reported.violations.length > 0 ? reported.violations : replay.result.violations).map((v) => v.invariant));
  const reports: ModeReport[] = [];
  for (const mode of modes) {
    const common = { scenario, factory, replay, expected, ...(options.tempParent === undefined ? {} : { tempParent: options.tempParent }) };
    if (mode === 'image') {
      reports.push(await confirmImage(common));
    } else {
      reports.push(await confirmKill({
        ...common,
        implModule: impl?.modulePath ?? null,
        childEntry: options.killChild ?? '',
        // The replay's crash step: the case's, unless it lay past the end (then the end).
        crashStep: replay.result.crashStep,
        ...(options.killTimeoutMs === undefined ? {} : { timeoutMs: options.killTimeoutMs }),
      }));
    }
  }
  return {
    scenario: scenario.name,
    seed: reported.options.seed,
    crashStep: reported.crashStep,
    traceHash: replay.result.traceHash,
    sameTraceHash: replay.result.traceHash === reported.traceHash,
    expected,
    modes: reports,
    confirmed: reports.some((report) => report.confirmed),
  };
}
