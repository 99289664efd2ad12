import type { AsyncCommand } from 'fast-check';
import { CRASH_PROFILES, LivenessWatch, describeError, type CrashProfile, type PhaseOutcome, type SimFs, type SystemFactory } from '../sim/index.js';
import { type CapturedCrash, type CrashExploration, CrashRig } from './crash-rig.js';

/**
 * Model-based testing with a crash: fast-check's `asyncModelRun`, with the real system on a
 * simulated disk that crashes after the step fast-check drew (so fast-check shrinks the crash
 * point along with the commands), then the system reopened on each post-crash disk and the
 * model's durable view checked against what recovery finds.
 */

/** A fast-check command over the model and the real system (`fc.commands` draws them). */
export type CrashModelCommand<Model extends object, Real> = AsyncCommand<Model, Real, boolean>;

export interface CrashModelSetup<Model extends object, Real> {
  /** A fresh model of an empty system. */
  readonly model: () => Model;
  /**
   * Opens the real system on `fs` at `root`: on an empty, durable `root` first, then again on
   * each post-crash disk, which is the recovery under test (a crashsim SystemFactory).
   */
  readonly open: SystemFactory<Real>;
  /** Releases a recovered system after its check. Default: nothing. */
  readonly close?: (real: Real) => Promise<void>;
  /**
   * Checks the recovered system against the model (throw, or use `expect`, to fail). `model` holds
   * the commands that completed before the crash; the command the crash cut (`crash.cut`) may or
   * may not have taken effect: `crash.modelIfCutCompleted()` is the model had it completed.
   */
  readonly checkDurable: (model: Model, recovered: Real, crash: CrashContext<Model>) => void | Promise<void>;
}

export interface CrashModelRunOptions {
  /**
   * Filesystem steps the run takes, counted from the first call of `open` on the empty root,
   * before the crash: 0 crashes before the system's first call. Past the run's end, the crash
   * happens at its end (after the last command). Draw it with `crashIndex()`.
   */
  readonly crashAt: number;
  /** Crash model: `posix` (default), `ext4-ordered` or `process`. */
  readonly profile?: CrashProfile;
  /** `exhaustive` (default): every legal post-crash state, up to maxStates; `random`: one, drawn from `seed`. */
  readonly exploration?: CrashExploration;
  /** Bound of exhaustive exploration. Default 64. */
  readonly maxStates?: number;
  /** Seed of the disk (readdir order, garbage bytes) and of a random post-crash state. Default 0. */
  readonly seed?: number;
  /** Where the system lives on the simulated disk. Default `/data`. */
  readonly root?: string;
  /** Sector size of the simulated disk, the unit of torn writes. Default 512. */
  readonly sectorSizeBytes?: number;
  /** Steps a disk may take (the run's, each recovery's) before the run stalls as a livelock. Default 100,000. */
  readonly stepsMax?: number;
}

/** Where the crash fell. */
export type CrashPhase = 'open' | 'command' | 'end';

/** What checkDurable is told about the crash. */
export interface CrashContext<Model> {
  /** Steps taken (counted as `crashAt` is) before the crash. */
  readonly crashStep: number;
  /** In the first open, inside a command, or after the last command. */
  readonly during: CrashPhase;
  /** The command in flight at the crash (its `toString()`), or null. */
  readonly cut: string | null;
  /** The model as if the cut command had completed (a replay without a crash); `model` when none was cut. */
  modelIfCutCompleted(): Promise<Model>;
  /** The post-crash disk (after recovery ran on it), for checks the system cannot answer. */
  readonly fs: SimFs;
  readonly root: string;
  /** Which post-crash state, from 0, of `statesCount`. */
  readonly state: number;
  readonly statesCount: number;
}

export interface CrashModelRunResult {
  readonly crashStep: number;
  readonly during: CrashPhase;
  readonly cut: string | null;
  /** Commands that ran (check passed) before the crash, the cut one included. */
  readonly commandsRun: number;
  /** Post-crash states reopened and checked. */
  readonly statesChecked: number;
}

/** A run that failed for a reason of the crash or the recovery (not a command's own assertion). */
export class CrashModelError extends Error {
  override readonly name = 'CrashModelError';
  /** The failing run (null when it failed before the crash, e.g. replaying diverged). */
  readonly run: CrashModelRunResult | null;

  // `{ cause }` spelled out rather than lib's ErrorOptions, so the published types also check
  // in projects whose lib is older than ES2022.
  constructor(message: string, run: CrashModelRunResult | null = null, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.run = run;
  }
}

interface ResolvedOptions {
  readonly crashAt: number;
  readonly profile: CrashProfile;
  readonly exploration: CrashExploration;
  readonly maxStates: number;
  readonly seed: number;
  readonly root: string;
  readonly sectorSizeBytes: number;
  readonly stepsMax: number;
}

function resolveOptions(options: CrashModelRunOptions): ResolvedOptions {
  const integer = (name: string, value: number | undefined, fallback: number, min: number): number => {
    const chosen = value ?? fallback;
    if (!Number.isSafeInteger(chosen) || chosen < min) throw new RangeError(`crashModelRun: ${name} must be an integer of at least ${min}, got ${String(chosen)}`);
    return chosen;
  };
  const profile = options.profile ?? 'posix';
  if (!CRASH_PROFILES.includes(profile)) throw new RangeError(`crashModelRun: profile must be one of ${CRASH_PROFILES.join(', ')}, got ${String(profile)}`);
  const exploration = options.exploration ?? 'exhaustive';
  if (exploration !== 'exhaustive' && exploration !== 'random') throw new RangeError(`crashModelRun: exploration must be exhaustive or random, got ${String(exploration)}`);
  const root = options.root ?? '/data';
  if (!root.startsWith('/') || root === '/' || root.includes('\0')) throw new RangeError(`crashModelRun: root must be an absolute path other than /, got ${JSON.stringify(root)}`);
  return {
    crashAt: integer('crashAt', options.crashAt, 0, 0),
    profile,
    exploration,
    maxStates: integer('maxStates', options.maxStates, 64, 1),
    seed: integer('seed', options.seed, 0, 0),
    root,
    sectorSizeBytes: integer('sectorSizeBytes', options.sectorSizeBytes, 512, 1),
    stepsMax: integer('stepsMax', options.stepsMax, 100_000, 1),
  };
}

/** The run up to the crash: what it left, the model of the completed commands, the cut command. */
interface CrashedRun<Model> {
  readonly crash: CapturedCrash;
  readonly model: Model;
  readonly during: CrashPhase;
  /** Index of the cut command in the list, or null. */
  readonly cutIndex: number | null;
  readonly commandsRun: number;
}

/** One run: the shared pieces every phase needs. */
interface RunParts<Model extends object, Real> {
  readonly setup: CrashModelSetup<Model, Real>;
  readonly commands: readonly CrashModelCommand<Model, Real>[];
  readonly options: ResolvedOptions;
  readonly liveness: LivenessWatch;
}

/**
 * Runs `commands` on the real system (opened on a simulated disk) and on the model, crashes the
 * disk after `crashAt` steps, then reopens the system on every post-crash state and runs
 * `checkDurable`. Rejects with the command's own error when a command fails before the crash, and
 * with a CrashModelError (saying where the crash fell, what was not durable and what the crash
 * did) when reopening or checkDurable fails.
 */
export async function crashModelRun<Model extends object, Real>(
  setup: CrashModelSetup<Model, Real>,
  commands: Iterable<CrashModelCommand<Model, Real>>,
  options: CrashModelRunOptions,
): Promise<CrashModelRunResult> {
  const resolved = resolveOptions(options);
  const parts: RunParts<Model, Real> = {
    setup,
    commands: [...commands],
    options: resolved,
    liveness: new LivenessWatch({ stepsMax: resolved.stepsMax, virtualTimeMsMax: 0 }),
  };
  const run = await runUntilCrash(parts);
  const cut = run.cutIndex === null ? null : String(parts.commands[run.cutIndex]);
  let completed: Promise<Model> | null = null;
  const modelIfCutCompleted = (): Promise<Model> => {
    const cutIndex = run.cutIndex;
    if (cutIndex === null) return Promise.resolve(run.model);
    completed ??= replayModel(parts, cutIndex + 1);
    return completed;
  };
  for (const [state, fs] of run.crash.states.entries()) {
    const context: CrashContext<Model> = { crashStep: run.crash.step, during: run.during, cut, modelIfCutCompleted, fs, root: resolved.root, state, statesCount: run.crash.states.length };
    await judgeState(parts, run, context);
  }
  return { crashStep: run.crash.step, during: run.during, cut, commandsRun: run.commandsRun, statesChecked: run.crash.states.length };
}

async function runUntilCrash<Model extends object, Real>(parts: RunParts<Model, Real>): Promise<CrashedRun<Model>> {
  const { setup, commands, options, liveness } = parts;
  const rig = await CrashRig.create({ ...options, overStepLimit: (steps, where) => liveness.overStepLimit(steps, where) });
  let model = setup.model();
  const opened = await liveness.settle(Promise.resolve().then(() => setup.open(rig.disk, options.root)), rig.progress);
  if (rig.crash !== null) return { crash: rig.crash, model, during: 'open', cutIndex: null, commandsRun: 0 };
  const real = valueOf(opened, 'opening the system on an empty root');
  let commandsRun = 0;
  for (const [index, command] of commands.entries()) {
    if (!(await command.check(model))) continue;
    commandsRun++;
    const ran = await liveness.settle(Promise.resolve().then(() => command.run(model, real)), rig.progress);
    if (rig.crash !== null) {
      // A command that resolved on a dead disk (it swallowed the crash's errors) may have updated
      // the model: the model of the commands before it is then rebuilt without a crash.
      if (ran.kind === 'ok') model = await replayModel(parts, index);
      return { crash: rig.crash, model, during: 'command', cutIndex: index, commandsRun };
    }
    valueOf(ran, `command ${String(command)}`);
  }
  return { crash: rig.crashNow(), model, during: 'end', cutIndex: null, commandsRun };
}

/** The model after the first `count` commands, run on a fresh disk that never crashes. */
async function replayModel<Model extends object, Real>(parts: RunParts<Model, Real>, count: number): Promise<Model> {
  const { setup, commands, options, liveness } = parts;
  const rig = await CrashRig.create({ ...options, crashAt: null, overStepLimit: (steps, where) => liveness.overStepLimit(steps, where) });
  const model = setup.model();
  const opened = await liveness.settle(Promise.resolve().then(() => setup.open(rig.disk, options.root)), rig.progress);
  const real = valueOf(opened, 'replaying without a crash: opening the system');
  for (const command of commands.slice(0, count)) {
    if (!(await command.check(model))) continue;
    const ran = await liveness.settle(Promise.resolve().then(() => command.run(model, real)), rig.progress);
    if (ran.kind !== 'ok') throw new CrashModelError(`crashModelRun: replaying the commands without a crash, ${String(command)} ${describeOutcome(ran)}; the system or the commands are not deterministic`);
  }
  return model;
}

/** Reopens the system on one post-crash disk and runs checkDurable on it. */
async function judgeState<Model extends object, Real>(parts: RunParts<Model, Real>, run: CrashedRun<Model>, context: CrashContext<Model>): Promise<void> {
  const { setup, liveness } = parts;
  const progress = (): number => context.fs.trace.count;
  const reopened = await liveness.settle(Promise.resolve().then(() => setup.open(context.fs, context.root)), progress);
  if (reopened.kind !== 'ok') throw crashError(parts, run, context, `reopening the system on the post-crash disk ${describeOutcome(reopened)}`, reopened);
  const recovered = reopened.value;
  const checked = await liveness.settle(Promise.resolve().then(() => setup.checkDurable(run.model, recovered, context)), progress);
  if (checked.kind !== 'ok') throw crashError(parts, run, context, `checkDurable ${describeOutcome(checked)}`, checked);
  const close = setup.close;
  if (close === undefined) return;
  const closed = await liveness.settle(Promise.resolve().then(() => close(recovered)), progress);
  if (closed.kind !== 'ok') throw crashError(parts, run, context, `closing the recovered system ${describeOutcome(closed)}`, closed);
}

function valueOf<T>(outcome: PhaseOutcome<T>, what: string): T {
  if (outcome.kind === 'ok') return outcome.value;
  if (outcome.kind === 'error') throw outcome.error;
  throw new CrashModelError(`crashModelRun: ${what} never settled: ${outcome.reason}`);
}

function describeOutcome(outcome: PhaseOutcome<unknown>): string {
  if (outcome.kind === 'ok') return 'succeeded';
  if (outcome.kind === 'stalled') return `never settled: ${outcome.reason}`;
  return `failed: ${outcome.error instanceof Error ? outcome.error.message : describeError(outcome.error)}`;
}

/** The failure, with where the crash fell, what was not durable and what the crash did. */
function crashError<Model extends object, Real>(parts: RunParts<Model, Real>, run: CrashedRun<Model>, context: CrashContext<Model>, what: string, outcome: PhaseOutcome<unknown>): CrashModelError {
  const { crash } = run;
  const where = context.cut === null ? (context.during === 'open' ? 'while opening the system' : 'after the last command') : `during ${context.cut}`;
  const states = `${crash.states.length}${crash.truncated ? '+' : ''}`;
  const lines = [
    `crashModelRun: ${what}`,
    `  crash after step s${crash.setupSteps + crash.step - 1} (crashAt ${parts.options.crashAt}; steps s0..s${crash.setupSteps - 1} made the root), ${where}; profile ${parts.options.profile}, post-crash state ${context.state + 1} of ${states}`,
    '  last calls before the crash:',
    ...crash.lastCalls.map((line) => `    ${line}`),
    `    --- crash after step s${crash.setupSteps + crash.step - 1} ---`,
    '  not durable at the crash:',
    ...(crash.pending.length === 0 ? ['    (nothing)'] : crash.pending.map((line) => `    ${line}`)),
  ];
  if (context.fs.crashStory.length > 0) lines.push('  what the crash did:', ...context.fs.crashStory.map((line) => `    ${line}`));
  const failed: CrashModelRunResult = { crashStep: crash.step, during: run.during, cut: context.cut, commandsRun: run.commandsRun, statesChecked: context.state + 1 };
  return new CrashModelError(lines.join('\n'), failed, outcome.kind === 'error' ? { cause: outcome.error } : undefined);
}
