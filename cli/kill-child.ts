import { readFileSync } from 'node:fs';
import { findScenario } from '../scenarios/index.js';
import { KillJobError, runKillJob } from '../sim/confirm/kill-run.js';
import type { KillJob } from '../sim/confirm/kill-protocol.js';
import { describeError } from '../sim/index.js';
import { loadImpl } from './load-impl.js';

/**
 * The kill-mode child: `node kill-child.js JOB.json` from the installed package, or
 * `node --import tsx kill-child.ts JOB.json` in crashsim's repository, started by real-disk
 * confirmation (sim/confirm/kill-mode.ts). A composition root like main.ts: it finds the job's
 * scenario among the bundled ones, loads the implementation, and hands both to runKillJob, which
 * kills this process at the case's crash step. A non-zero exit code means the job was bad.
 */

function fail(message: string): never {
  process.stderr.write(`crashsim kill-mode child: ${message}\n`);
  process.exit(3);
}

function readJob(path: string | undefined): KillJob {
  if (path === undefined) fail('usage: kill-child JOB.json (written by the kill-mode parent)');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as KillJob;
  } catch (error) {
    fail(`cannot read the job ${path}: ${describeError(error)}`);
  }
}

const job = readJob(process.argv[2]);
const scenario = findScenario(job.scenario) ?? fail(`unknown scenario ${JSON.stringify(job.scenario)}`);
try {
  const factory = job.implModule === null ? scenario.defaultFactory : await loadImpl(job.implModule);
  await runKillJob(job, scenario, factory);
} catch (error) {
  fail(error instanceof KillJobError ? error.message : describeError(error));
}
