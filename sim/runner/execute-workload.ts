import { SimFs } from '../disk/index.js';
import type { StepInfo } from '../disk/types.js';
import { FaultInjector } from '../faults/injector.js';
import type { FaultPlan } from '../faults/plan.js';
import type { RngStreams } from '../rng.js';
import { Scheduler } from '../scheduler.js';
import { hostViolationsOf, type AnyScenario, type SystemFactory, type Violation } from '../scenario.js';
import { Trace } from '../trace.js';
import { CaptureBuilder, TIMELINE_STEPS, type CrashCapture } from './crash-capture.js';
import type { CrashStrategy } from './crash-strategy.js';
import { describeError } from './describe-error.js';
import { driveClients } from './drive-clients.js';
import { HistoryRecorder } from './history.js';
import type { LivenessWatch, PhaseOutcome } from './liveness.js';
import type { ResolvedRunOptions } from './options.js';
import { RootGuard } from './root-guard.js';

/**
 * Executing a run's workload: a fresh simulated disk, the system opened through the factory, the
 * clients run concurrently under the scheduler, the system closed, and the crash taken where the
 * strategy chose. Every phase is awaited through the liveness watch, so a system that never
 * settles ends the workload with a `liveness` violation instead of hanging the run.
 */

export interface WorkloadInput {
  readonly scenario: AnyScenario;
  readonly factory: SystemFactory<unknown>;
  readonly workload: readonly (readonly unknown[])[];
  readonly options: ResolvedRunOptions;
  readonly streams: RngStreams;
  readonly faultPlan: FaultPlan;
  readonly crash: CrashStrategy;
  readonly liveness: LivenessWatch;
  /** Keep the timeline's calls and the pending operations (a report is coming). */
  readonly detailed: boolean;
  readonly keepStates: boolean;
  readonly recordSchedule: boolean;
  /** Calls the trace keeps when detailed (RunInputs.traceRecordsCountMax). */
  readonly traceRecordsCountMax?: number;
}

export interface WorkloadRun {
  readonly baseStep: number;
  readonly endStep: number;
  readonly traceHash: string;
  readonly capture: CrashCapture | null;
  readonly history: HistoryRecorder<unknown, unknown>;
  readonly guard: RootGuard;
  /** Violations of the workload itself: opening or closing failed, a phase never settled. */
  readonly workloadViolations: readonly Violation[];
  /** With `recordSchedule`: the client of each workload step (see Scheduler.schedule). */
  readonly schedule: readonly number[];
}

/** The disk, scheduler and bookkeeping of one workload execution. */
interface Rig {
  readonly disk: SimFs;
  readonly trace: Trace;
  readonly scheduler: Scheduler;
  readonly injector: FaultInjector | undefined;
  readonly guard: RootGuard;
  readonly builder: CaptureBuilder;
  arm(): void;
  disarm(): void;
}

export async function executeWorkload(input: WorkloadInput): Promise<WorkloadRun> {
  const rig = buildRig(input);
  let violations: Violation[];
  let baseStep: number;
  const history = new HistoryRecorder<unknown, unknown>();
  try {
    await createRootDurably(rig.disk, input.options.root);
    baseStep = rig.trace.count;
    rig.arm();
    violations = await runPhases(input, rig, history);
  } finally {
    rig.scheduler.end();
  }
  const endStep = rig.trace.count;
  input.crash.finish(endStep, rig.builder);
  rig.disarm();
  return {
    baseStep,
    endStep,
    traceHash: rig.trace.hash(),
    capture: rig.builder.capture,
    history,
    guard: rig.guard,
    workloadViolations: violations,
    schedule: input.recordSchedule ? rig.scheduler.schedule : [],
  };
}

/**
 * How a timeline names the caller of a step: `c0` for client 0, `system` for the system's own
 * calls outside any client (opening and closing it), `setup` for the runner creating the root.
 */
function callerName(client: number | undefined, setup: boolean): string {
  if (setup) return 'setup';
  if (client === undefined) return '?';
  return client < 0 ? 'system' : `c${client}`;
}

function buildRig(input: WorkloadInput): Rig {
  const { options, streams, faultPlan, crash, liveness } = input;
  const trace = new Trace({ keepRecords: input.detailed, recordsCountMax: input.traceRecordsCountMax ?? TIMELINE_STEPS * 4 });
  // A crash point is considered when a step is released: the state then is "after trace.count steps".
  // A detailed run records who took each step, so that its timeline can name the caller of
  // every call (recording changes no interleaving: see Scheduler.runAsClient).
  const scheduler = new Scheduler(streams.stream('scheduler'), {
    strategy: options.scheduler,
    beforeRelease: () => crash.consider(trace.count, builder),
    recordSchedule: input.recordSchedule || input.detailed,
  });
  const guard = new RootGuard(options.root);
  // A fresh injector per execution: reruns of one run must draw the same faults.
  const injector = faultPlan.hasCallFaults ? new FaultInjector(faultPlan, streams.stream('faults')) : undefined;
  let armed = false;
  let baseStep = 0;
  // The first workload step: the schedule's entry 0 (steps before it create the root).
  let workloadStart = Number.MAX_SAFE_INTEGER;
  const onStep = (step: StepInfo): Promise<void> | undefined => {
    if (!armed) return undefined;
    guard.inspect(step);
    if (liveness.overStepLimit(trace.count - baseStep, 'the workload')) return NEVER;
    return scheduler.hook(step);
  };
  const disk = new SimFs({
    trace,
    onStep,
    seed: options.seed,
    readdirOrder: 'shuffled',
    sectorSizeBytes: options.sectorSizeBytes,
    ...(injector === undefined ? {} : { faults: injector }),
  });
  const builder = new CaptureBuilder({
    disk,
    trace,
    options,
    streams,
    faultPlan,
    injector,
    detailed: input.detailed,
    keepStates: input.keepStates,
    recoveryOverLimit: (steps) => liveness.overStepLimit(steps, 'the recovery'),
    callerOf: (seq) => callerName(seq < workloadStart ? undefined : scheduler.schedule[seq - workloadStart], seq < workloadStart),
  });
  const setActive = (active: boolean): void => {
    armed = active;
    baseStep = trace.count;
    if (active) workloadStart = baseStep;
    if (injector !== undefined) injector.active = active;
  };
  return { disk, trace, scheduler, injector, guard, builder, arm: () => setActive(true), disarm: () => setActive(false) };
}

/** Opens the system, runs the clients, closes it; returns what went wrong on the way. */
async function runPhases(input: WorkloadInput, rig: Rig, history: HistoryRecorder<unknown, unknown>): Promise<Violation[]> {
  const { scenario, factory, options, liveness } = input;
  const { scheduler, trace } = rig;
  const progress = (): number => trace.count;
  const violations: Violation[] = [];
  // A store that reports an injected fault while opening or closing does what it must.
  const excused = (): boolean => rig.injector !== undefined && rig.injector.injected.length > 0;
  const opened = await liveness.settle(scheduler.runAsClient(-1, () => factory(rig.disk, options.root)), progress);
  if (opened.kind !== 'ok') {
    const violation = phaseViolation(opened, 'open', 'opening the system on an empty disk', excused());
    if (violation !== null) violations.push(violation);
    return violations;
  }
  const system = opened.value;
  const clients = driveClients(scenario, system, input.workload, {
    asClient: (client, body) => scheduler.runAsClient(client, body),
    clientStarted: () => scheduler.clientStarted(),
    clientFinished: () => scheduler.clientFinished(),
    invoke: (client, operation) => history.invoke(client, operation, trace.count),
    complete: (id, outcome) => history.complete(id, trace.count, outcome),
  });
  const ran = await liveness.settle(clients, progress);
  if (ran.kind === 'stalled') {
    violations.push(stallViolation(`the workload's operations (${describeStuck(history, scenario)})`, ran.reason));
    violations.push(...hostViolationsOf(system));
    return violations;
  }
  const closed = await liveness.settle(scheduler.runAsClient(-1, () => scenario.close(system)), progress);
  const violation = phaseViolation(closed, 'close', 'closing the system after its workload', excused());
  if (violation !== null) violations.push(violation);
  violations.push(...hostViolationsOf(system));
  return violations;
}

/** The violation a phase's outcome is, if any; an error is excused when faults explain it. */
export function phaseViolation(outcome: PhaseOutcome<unknown>, invariant: string, doing: string, excused: boolean): Violation | null {
  if (outcome.kind === 'ok') return null;
  if (outcome.kind === 'stalled') return stallViolation(doing, outcome.reason);
  if (excused) return null;
  return { invariant, message: `${doing} failed: ${describeError(outcome.error)}` };
}

export function stallViolation(doing: string, reason: string): Violation {
  return { invariant: 'liveness', message: `${doing} never settled: ${reason}` };
}

/** The operations in flight when the workload stalled, for the message. */
function describeStuck(history: HistoryRecorder<unknown, unknown>, scenario: AnyScenario): string {
  const stuck = history.all().filter((record) => record.completedAtStep === null);
  const shown = stuck.slice(0, 3).map((record) => `client ${record.client}: ${scenario.describe(record.operation)}`);
  return `${shown.join('; ')}${stuck.length > 3 ? `; and ${stuck.length - 3} more` : ''} still pending`;
}

const NEVER: Promise<void> = new Promise<void>(() => undefined);

/** The root is given, not created by the system: make it exist durably before the workload. */
async function createRootDurably(disk: SimFs, root: string): Promise<void> {
  await disk.mkdir(root, { recursive: true });
  const parts = root.split('/').filter((part) => part !== '');
  for (let depth = parts.length - 1; depth >= 0; depth--) {
    const dir = `/${parts.slice(0, depth).join('/')}`;
    const handle = await disk.open(dir, 'r');
    await handle.sync();
    await handle.close();
  }
}
