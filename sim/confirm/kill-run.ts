import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync } from 'node:fs';
import { NodeFs } from '../../src/fs/node-fs.js';
import { decodeValue } from '../report/codec.js';
import { describeError } from '../runner/describe-error.js';
import { driveClients } from '../runner/drive-clients.js';
import type { AnyScenario, SystemFactory } from '../scenario.js';
import { GuardedFs } from './guarded-fs.js';
import { type KillJob, type KillLogLine, encodeLogLine } from './kill-protocol.js';
import { SerializedFs } from './serialized-fs.js';

/**
 * What the kill-mode child process does (its entry point, in the CLI folder, finds the scenario
 * and the implementation and calls this): run one workload on the real disk the way the runner
 * runs it on the simulated one (open through the factory, the clients concurrently through the
 * same driver, then close), log the history as it goes, and SIGKILL itself just before the
 * filesystem call whose step number is the case's crash step (or at the end, if the workload takes
 * fewer steps). It never returns normally.
 */

export class KillJobError extends Error {
  override readonly name = 'KillJobError';
}

export async function runKillJob(job: KillJob, scenario: AnyScenario, factory: SystemFactory<unknown>): Promise<never> {
  const log = (line: KillLogLine): void => appendFileSync(job.logPath, encodeLogLine(line));
  const workload = workloadOf(job);
  const schedule = scheduleOf(job);
  const guarded = new GuardedFs(NodeFs, job.diskDir);
  // The root exists before the workload's first step, as in the simulator (where creating it
  // durably is not part of the workload either); a process crash needs no sync to keep it.
  await guarded.mkdir(job.root, { recursive: true });
  // Which client is calling, so the serialized disk can let calls through in the simulator's order.
  const clientContext = new AsyncLocalStorage<number>();
  const die = (step: number, call: string, path: string): void => {
    log({ t: 'kill', step, call, path, diverged: fs.diverged });
    process.kill(process.pid, 'SIGKILL');
  };
  const fs: SerializedFs = new SerializedFs(guarded, {
    firstStep: job.firstStep,
    follow: { clients: schedule, clientOf: () => clientContext.getStore() ?? -1 },
    beforeCall: ({ step, call, path }) => {
      if (step !== job.killAtStep) return 'go';
      die(step, call, path);
      return 'halt';
    },
  });
  await runOnRealDisk(scenario, factory, workload, job.root, {
    fs,
    asClient: (client, body) => clientContext.run(client, body),
    log,
  });
  // The workload finished before the crash step: crash now, after everything, as the simulator does.
  die(fs.stepsCompleted, 'end', job.root);
  throw new KillJobError('the process survived its own SIGKILL');
}

interface RealRig {
  readonly fs: SerializedFs;
  asClient<T>(client: number, body: () => Promise<T>): Promise<T>;
  log(line: KillLogLine): void;
}

async function runOnRealDisk(scenario: AnyScenario, factory: SystemFactory<unknown>, workload: readonly (readonly unknown[])[], root: string, rig: RealRig): Promise<void> {
  let system: unknown;
  try {
    system = await rig.asClient(-1, () => factory(rig.fs, root));
  } catch (error) {
    rig.log({ t: 'open-failed', message: describeError(error) });
    return;
  }
  let nextId = 0;
  await driveClients(scenario, system, workload, {
    asClient: (client, body) => rig.asClient(client, body),
    invoke: (client, operation) => {
      const id = nextId++;
      rig.log({ t: 'invoke', id, client, step: rig.fs.stepsCompleted, operation });
      return id;
    },
    complete: (id, outcome) => rig.log({ t: 'complete', id, step: rig.fs.stepsCompleted, outcome }),
  });
  try {
    await rig.asClient(-1, () => scenario.close(system));
  } catch {
    // The simulator reports a failing close as a violation of its own; here the crash comes next
    // anyway, and recovery plus the checks judge what is on disk.
  }
}

function workloadOf(job: KillJob): readonly (readonly unknown[])[] {
  const decoded: unknown = decodeValue(job.workload);
  if (!Array.isArray(decoded) || !decoded.every((program: unknown) => Array.isArray(program))) {
    throw new KillJobError('the job\'s workload must be an array of client programs');
  }
  return decoded as readonly (readonly unknown[])[];
}

function scheduleOf(job: KillJob): number[] {
  const schedule: unknown = job.schedule;
  if (!Array.isArray(schedule) || !schedule.every((client: unknown) => Number.isInteger(client))) {
    throw new KillJobError('the job\'s schedule must be an array of client numbers');
  }
  return schedule as number[];
}
