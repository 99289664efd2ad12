import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeValue } from '../report/codec.js';
import type { AnyScenario, OperationRecord, SystemFactory } from '../scenario.js';
import { type KillJob, parseKillLog } from './kill-protocol.js';
import { recoverAndCheck, toSimulatedPaths } from './recover-and-check.js';
import { ConfirmError, type SimulatedReplay } from './replay.js';
import { withTempDir } from './temp-dir.js';
import { type KillModeReport, verdict } from './types.js';

/**
 * Kill mode: the workload runs for real, in a child process, on NodeFs in a fresh temp directory,
 * and the child SIGKILLs itself just before the filesystem call at the case's crash step. The
 * parent then recovers the system on what the kernel kept and checks it with the history the
 * child logged. A process crash keeps everything the process wrote (the page cache survives), so
 * this is the `process` crash profile on a real kernel: bugs that need a power loss (a missing
 * fsync) are expected NOT to be confirmed here; bugs in recovery or in ordering visible to a
 * process crash are.
 */

export const KILL_TIMEOUT_MS_DEFAULT = 30_000;
const STDERR_BYTES_MAX = 16 * 1024;

export interface KillModeInput {
  readonly scenario: AnyScenario;
  /** The implementation, loaded in this process for recovery. */
  readonly factory: SystemFactory<unknown>;
  /** The same implementation's module path (absolute), which the child loads; null for the bundled one. */
  readonly implModule: string | null;
  /** The scenario's module path (absolute), which the child loads; null when it finds the scenario by name. */
  readonly scenarioModule: string | null;
  /** The child's entry module (absolute path): it reads the job and calls runKillJob. */
  readonly childEntry: string;
  readonly replay: SimulatedReplay;
  readonly crashStep: number;
  readonly expected: readonly string[];
  /** The child is killed (and the mode fails) after this long. Default 30 s. */
  readonly timeoutMs?: number;
  readonly tempParent?: string;
}


/**
 * How node starts the child entry: compiled JavaScript (the installed package) runs as is; a
 * TypeScript entry (crashsim's own sources) runs under tsx's loader, named by absolute URL so
 * the child starts from any working directory.
 */
function childArgs(childEntry: string, jobPath: string): string[] {
  if (!/\.[cm]?ts$/.test(childEntry)) return [childEntry, jobPath];
  let loader: string;
  try {
    loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  } catch {
    throw new ConfirmError(`kill mode needs the tsx package to run the TypeScript child entry ${childEntry}; run npm install`);
  }
  return ['--import', loader, childEntry, jobPath];
}

export async function confirmKill(input: KillModeInput): Promise<KillModeReport> {
  const { replay } = input;
  const root = replay.result.options.root;
  return withTempDir(input.tempParent, async (dir) => {
    const diskDir = join(dir, 'disk');
    await mkdir(diskDir);
    const job: KillJob = {
      scenario: input.scenario.name,
      scenarioModule: input.scenarioModule,
      implModule: input.implModule,
      workload: encodeValue(replay.workload),
      diskDir,
      root: join(diskDir, root),
      firstStep: replay.firstStep,
      killAtStep: input.crashStep,
      logPath: join(dir, 'history.jsonl'),
      schedule: replay.result.schedule,
    };
    const jobPath = join(dir, 'job.json');
    await writeFile(jobPath, JSON.stringify(job));
    await writeFile(job.logPath, '');
    const exit = await runChild(input.childEntry, jobPath, input.timeoutMs ?? KILL_TIMEOUT_MS_DEFAULT);
    const log = parseKillLog(await readFile(job.logPath, 'utf8'), job.logPath);
    if (log.kill === null) {
      const why = exit.timedOut
        ? `did not reach step ${input.crashStep} within ${input.timeoutMs ?? KILL_TIMEOUT_MS_DEFAULT} ms (a hang, or a workload too slow for the timeout)`
        : `ended (${exit.signal ?? `exit code ${String(exit.code)}`}) without killing itself`;
      throw new ConfirmError(`kill mode: the child ${why}${exit.stderr === '' ? '' : `; its stderr:\n${exit.stderr}`}`);
    }
    const found = await recoverAndCheck({
      scenario: input.scenario,
      factory: input.factory,
      diskDir,
      root: job.root,
      history: log.history,
      crashStep: log.kill.step,
    });
    // As in the simulator, a system that cannot open on an empty disk is a violation of its own,
    // and the disk it leaves is still recovered and checked.
    const opening = log.openFailure === null ? [] : [{ invariant: 'open', message: `opening the system on an empty real disk failed: ${toSimulatedPaths(log.openFailure, diskDir)}` }];
    const violations = [...opening, ...found].map((v) => ({ ...v, state: 0 }));
    return {
      mode: 'kill',
      expected: input.expected,
      ...verdict(input.expected, violations),
      violations,
      killedAt: { step: log.kill.step, call: log.kill.call, path: toSimulatedPaths(log.kill.path, diskDir) },
      history: log.history,
      followedSimulation: log.kill.followedSchedule && sameShape(log.history, replay.result.history),
    };
  });
}

interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stderr: string;
}

/**
 * Runs the child to its death. The time limit is spawn's own `timeout` (a real timer: this is
 * not a simulated path, and a real child can hang).
 */
function runChild(childEntry: string, jobPath: string, timeoutMs: number): Promise<ChildExit> {
  const args = childArgs(childEntry, jobPath);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < STDERR_BYTES_MAX) stderr += chunk.slice(0, STDERR_BYTES_MAX - stderr.length);
    });
    // spawn's timeout kills without saying so; a kill we did not ask for is how it shows.
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL' && child.killed) timedOut = true;
    });
    child.on('error', (error) => reject(new ConfirmError(`kill mode: cannot start the child (${process.execPath}): ${error.message}`)));
    child.on('close', (code, signal) => resolve({ code, signal, timedOut, stderr: stderr.trim() }));
  });
}

/**
 * The operations and how each ended. Step stamps are left out: a simulated call that goes at once
 * completes before the next client even starts, a real one completes later, so clients may be
 * invoked a step apart while every call goes in the same order.
 */
function shapeOf(history: readonly OperationRecord<unknown, unknown>[]): string {
  return JSON.stringify(history.map((r) => [r.id, r.client, r.outcome.kind]));
}

function sameShape(real: readonly OperationRecord<unknown, unknown>[], simulated: readonly OperationRecord<unknown, unknown>[]): boolean {
  return shapeOf(real) === shapeOf(simulated);
}
