import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync, readFileSync } from 'node:fs';
import { findScenario } from '../../scenarios/index.js';
import { NodeFs } from '../../src/fs/node-fs.js';
import { loadImpl } from '../cli/load-impl.js';
import { decodeValue } from '../report/codec.js';
import { describeError } from '../runner/describe-error.js';
import { errorOutcome } from '../runner/history.js';
import type { SystemFactory } from '../scenario.js';
import { GuardedFs } from './guarded-fs.js';
import { type KillJob, type KillLogLine, encodeLogLine } from './kill-protocol.js';
import { SerializedFs } from './serialized-fs.js';

/**
 * The kill-mode child: `node --import tsx kill-child.ts JOB.json`. It runs one workload on the
 * real disk the way the runner runs it on the simulated one (open through the factory, the
 * clients concurrently, then close), logs the history as it goes, and SIGKILLs itself just before
 * the filesystem call whose step number is the case's crash step (or at the end, if the workload
 * takes fewer steps). It never exits normally; a non-zero exit code means the job was bad.
 *
 * Like sim/cli/main.ts it is a composition root, which is why it may know the bundled scenarios.
 */

function fail(message: string): never {
  process.stderr.write(`crashsim kill-mode child: ${message}\n`);
  process.exit(3);
}

function readJob(path: string | undefined): KillJob {
  if (path === undefined) fail('usage: kill-child.ts JOB.json (written by the kill-mode parent)');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as KillJob;
  } catch (error) {
    fail(`cannot read the job ${path}: ${describeError(error)}`);
  }
}

const job = readJob(process.argv[2]);
const log = (line: KillLogLine): void => appendFileSync(job.logPath, encodeLogLine(line));
const die = (step: number, call: string, path: string): void => {
  log({ t: 'kill', step, call, path, diverged: fs.diverged });
  process.kill(process.pid, 'SIGKILL');
};

const scenario = findScenario(job.scenario) ?? fail(`unknown scenario ${JSON.stringify(job.scenario)}`);
const factory: SystemFactory<unknown> = job.implModule === null ? scenario.defaultFactory : await loadImpl(job.implModule);
const decoded: unknown = decodeValue(job.workload);
if (!Array.isArray(decoded) || !decoded.every((program: unknown) => Array.isArray(program))) fail('the job\'s workload must be an array of client programs');
const workload = decoded as readonly (readonly unknown[])[];

const guarded = new GuardedFs(NodeFs, job.diskDir);
// The root exists before the workload's first step, as in the simulator (where creating it
// durably is not part of the workload either); a process crash needs no sync to keep it.
await guarded.mkdir(job.root, { recursive: true });
// Which client is calling, so the serialized disk can let calls through in the simulator's order.
const clientContext = new AsyncLocalStorage<number>();
const schedule: unknown = job.schedule;
if (!Array.isArray(schedule) || !schedule.every((client: unknown) => Number.isInteger(client))) fail('the job\'s schedule must be an array of client numbers');
const fs = new SerializedFs(guarded, {
  firstStep: job.firstStep,
  follow: { clients: schedule as number[], clientOf: () => clientContext.getStore() ?? -1 },
  beforeCall: ({ step, call, path }) => {
    if (step !== job.killAtStep) return 'go';
    die(step, call, path);
    return 'halt';
  },
});

let system: unknown;
let opened = false;
try {
  system = await clientContext.run(-1, () => factory(fs, job.root));
  opened = true;
} catch (error) {
  log({ t: 'open-failed', message: describeError(error) });
}
if (opened) {
  let nextId = 0;
  await Promise.all(
    workload.map((program, client) =>
      clientContext.run(client, async () => {
        for (const operation of program) {
          const id = nextId++;
          log({ t: 'invoke', id, client, step: fs.stepsCompleted, operation });
          try {
            const value = await scenario.apply(system, operation);
            log({ t: 'complete', id, step: fs.stepsCompleted, outcome: { kind: 'ok', value } });
          } catch (error) {
            log({ t: 'complete', id, step: fs.stepsCompleted, outcome: errorOutcome(error) });
          }
        }
      }),
    ),
  );
  try {
    await clientContext.run(-1, () => scenario.close(system));
  } catch {
    // The simulator reports a failing close as a violation of its own; here the crash comes next
    // anyway, and recovery plus the checks judge what is on disk.
  }
}
// The workload finished before the crash step: crash now, after everything, as the simulator does.
die(fs.stepsCompleted, 'end', job.root);
