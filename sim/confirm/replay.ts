import { SimFs } from '../disk/index.js';
import { decodeValue } from '../report/codec.js';
import type { ReportedCase } from '../report/report.js';
import { runScenario, type RunResult } from '../runner/run-scenario.js';
import type { AnyScenario, SystemFactory } from '../scenario.js';

/**
 * Replays a reported case in the simulator, keeping its post-crash disks and the client of every
 * step (the schedule kill mode's real run follows), and measures where the workload's steps
 * start (the runner creates the root durably first, and those calls are steps too): kill mode
 * needs that number to stop the real run at the same step.
 */

export interface SimulatedReplay {
  readonly result: RunResult;
  /** The simulator's step count when the factory was first called, i.e. once the root exists. */
  readonly firstStep: number;
  readonly workload: readonly (readonly unknown[])[];
}

export class ConfirmError extends Error {
  override readonly name = 'ConfirmError';
  readonly code = 'ECONFIRM';
}

export function decodeWorkload(reported: ReportedCase): unknown[][] {
  const workload = decodeValue(reported.workload);
  if (!Array.isArray(workload) || !workload.every((program) => Array.isArray(program))) {
    throw new ConfirmError('the case\'s workload must be an array of client programs; the report is corrupt');
  }
  return workload as unknown[][];
}

export async function replayCase(scenario: AnyScenario, reported: ReportedCase, factory: SystemFactory<unknown>): Promise<SimulatedReplay> {
  const workload = decodeWorkload(reported);
  const probe: { firstStep: number | null } = { firstStep: null };
  // The factory is called on the workload's disk before any workload step, so the disk's trace
  // count at that moment is exactly where the workload's steps start.
  const probing: SystemFactory<unknown> = (fs, root) => {
    if (probe.firstStep === null && fs instanceof SimFs) probe.firstStep = fs.trace.count;
    return factory(fs, root);
  };
  const result = await runScenario(scenario, { ...reported.options, crashStep: reported.crashStep }, { workload, impl: probing, keepStates: true, recordSchedule: true });
  if (probe.firstStep === null) {
    throw new ConfirmError('replaying the case did not open the system on a simulated disk, so the step where the workload starts is unknown; this is a crashsim bug');
  }
  return { result, firstStep: probe.firstStep, workload };
}
