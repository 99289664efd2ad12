import { readFileSync } from 'node:fs';
import { findScenario } from '../scenarios/index.js';
import { KillJobError, runKillJob } from '../sim/confirm/kill-run.js';
import type { KillJob } from '../sim/confirm/kill-protocol.js';
import { type AnyScenario, describeError } from '../sim/index.js';
import { UsageError } from './args.js';
import { loadImpl } from './load-impl.js';
import { loadScenarioModule } from './load-scenario.js';

/**
 * The kill-mode child: `node kill-child.js JOB.json` from the installed package, or
 * `node --import tsx kill-child.ts JOB.json` in crashsim's repository, started by real-disk
 * confirmation (sim/confirm/kill-mode.ts). A composition root like main.ts: it finds the job's
 * scenario among the bundled ones or loads its module, loads the implementation, and hands both to runKillJob, which
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

/** The job's scenario: its module when the job names one (a user's scenario), else a bundled one. */
async function scenarioOf(job: KillJob): Promise<AnyScenario> {
  // Jobs written before the field existed have no scenarioModule: those scenarios are bundled.
  const modulePath = job.scenarioModule ?? null;
  if (modulePath === null) return findScenario(job.scenario) ?? fail(`unknown scenario ${JSON.stringify(job.scenario)}`);
  const loaded = await loadScenarioModule(modulePath, 'the job\'s scenario module');
  if (loaded.name !== job.scenario) fail(`the job's scenario module ${modulePath} defines ${JSON.stringify(loaded.name)}, not ${JSON.stringify(job.scenario)}`);
  return loaded;
}

const job = readJob(process.argv[2]);
try {
  const scenario = await scenarioOf(job);
  const factory = job.implModule === null ? scenario.defaultFactory : await loadImpl(job.implModule, scenario);
  await runKillJob(job, scenario, factory);
} catch (error) {
  fail(error instanceof KillJobError || error instanceof UsageError ? error.message : describeError(error));
}
