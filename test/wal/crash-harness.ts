import { SimFs } from '../../sim/disk/index.js';
import type { CrashProfile } from '../../sim/disk/types.js';
import { Rng } from '../../sim/rng.js';
import type { OperationOutcome, OperationRecord, Scenario, Violation } from '../../sim/scenario.js';
import type { FileSystem } from '../../src/fs/types.js';

/**
 * A small crash loop for unit tests, independent of sim/runner: run a scenario's workload on a
 * SimFs (clients as concurrent async loops), take a post-crash clone before step `crashStep`
 * together with the history as it stood, reopen the system on the clone, and check.
 */
export interface CrashRunOptions {
  readonly seed: number;
  readonly clientsCount: number;
  readonly operationsCount: number;
  readonly profile?: CrashProfile;
}

export interface CrashRunResult {
  readonly violations: Violation[];
  readonly stepsCount: number;
  readonly crashStep: number;
}

type MutableRecord<O, R> = { -readonly [K in keyof OperationRecord<O, R>]: OperationRecord<O, R>[K] };

export async function crashRun<S, O, R>(
  scenario: Scenario<S, O, R>,
  options: CrashRunOptions,
  factory = scenario.defaultFactory,
): Promise<CrashRunResult> {
  const root = '/data';
  const rng = new Rng(`wal-test:${options.seed}`);
  const workload = scenario.generate(rng.fork('workload'), { clientsCount: options.clientsCount, operationsCount: options.operationsCount });
  // First pass counts the steps, second crashes at a uniformly drawn one (same run: deterministic).
  const dry = await execute(scenario, factory, workload, root, undefined, options);
  const crashStep = rng.fork('crash').int(dry.steps + 1);
  const run = await execute(scenario, factory, workload, root, crashStep, options);
  if (run.clone === undefined) throw new Error('crash harness: no crash captured');
  const violations: Violation[] = [];
  let recovered: S;
  try {
    recovered = await factory(run.clone.disk, root);
  } catch (error) {
    return { violations: [{ invariant: 'recovery', message: String(error) }], stepsCount: dry.steps, crashStep };
  }
  violations.push(...(await scenario.check({ history: run.clone.history, recovered, fs: run.clone.disk, root, crashStep })));
  await scenario.close(recovered);
  return { violations, stepsCount: dry.steps, crashStep };
}

interface Execution<O, R> {
  steps: number;
  clone: { disk: FileSystem; history: OperationRecord<O, R>[] } | undefined;
}

async function execute<S, O, R>(
  scenario: Scenario<S, O, R>,
  factory: (fs: FileSystem, root: string) => Promise<S>,
  workload: O[][],
  root: string,
  crashStep: number | undefined,
  options: CrashRunOptions,
): Promise<Execution<O, R>> {
  const history: MutableRecord<O, R>[] = [];
  const result: Execution<O, R> = { steps: 0, clone: undefined };
  let base = 0;
  let armed = false;
  const scheduleRng = new Rng(`wal-test-schedule:${options.seed}`);
  const disk: SimFs = new SimFs({
    seed: options.seed,
    readdirOrder: 'shuffled',
    onStep: async (step) => {
      if (!armed) return;
      if (crashStep !== undefined && step.seq - base === crashStep && result.clone === undefined) capture(step.seq);
      // Random interleaving: yield a few microtask turns so other clients can run.
      for (let i = scheduleRng.int(4); i > 0; i--) await Promise.resolve();
    },
  });
  const capture = (seq: number): void => {
    const snapshot = history.map((record) =>
      record.completedAtStep !== null && record.completedAtStep <= seq ? { ...record } : { ...record, completedAtStep: null, outcome: { kind: 'cut' } as const },
    );
    result.clone = { disk: disk.crashClone({ seed: options.seed, profile: options.profile ?? 'posix' }), history: snapshot };
  };
  await disk.mkdir(root);
  const rootParent = await disk.open('/', 'r');
  await rootParent.sync(); // the root is given durable, as the runner does
  await rootParent.close();
  const system = await factory(disk, root);
  base = disk.trace.count;
  armed = true;
  await Promise.all(
    workload.map(async (program, client) => {
      for (const operation of program) {
        const record: MutableRecord<O, R> = {
          id: history.length,
          client,
          operation,
          invokedAtStep: disk.trace.count,
          completedAtStep: null,
          outcome: { kind: 'cut' },
        };
        history.push(record);
        let outcome: OperationOutcome<R>;
        try {
          outcome = { kind: 'ok', value: await scenario.apply(system, operation) };
        } catch (error) {
          outcome = { kind: 'error', code: String((error as { code?: unknown }).code ?? (error as Error).name), message: String(error) };
        }
        record.completedAtStep = disk.trace.count;
        record.outcome = outcome;
      }
    }),
  );
  await scenario.close(system);
  result.steps = disk.trace.count - base;
  if (crashStep !== undefined && result.clone === undefined) capture(disk.trace.count);
  armed = false;
  return result;
}
