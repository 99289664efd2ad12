import type { Rng } from '../rng.js';
import type { CrashProfile } from './types.js';
import { buildCrashState } from './crash-build.js';
import type { DiskState } from './disk-state.js';
import type { DurableView } from './crash-point.js';
import { CrashDataMemo } from './crash-memo.js';
import { DistinctStates } from './distinct-states.js';
import { isNameOp } from './nodes.js';
import type { PendingOp } from './nodes.js';
import { KEEP, DROP, outcomesOf, pickOutcome } from './outcomes.js';
import type { Outcome } from './outcomes.js';

/**
 * Which post-crash states a profile allows, as "plans": for each pending operation, the outcomes
 * it may have. `posix` is one plan (the cartesian product of per-operation outcomes); ext4-ordered
 * is one plan per journal cut; `process` is the single plan that keeps everything. Random mode
 * draws inside a plan, exhaustive mode walks all of them: the same plans, so random mode never
 * produces a state that exhaustive mode does not list.
 */
type Plan = ReadonlyArray<readonly Outcome[]>;

const ONLY_KEEP: readonly Outcome[] = [KEEP];
const ONLY_DROP: readonly Outcome[] = [DROP];

/** Walks at most this many combinations per requested state before giving up (truncated). */
const COMBINATIONS_PER_STATE_MAX = 64;
const COMBINATIONS_MIN = 10_000;

function posixPlan(ops: readonly PendingOp[], sectorSizeBytes: number): Plan {
  return ops.map((op) => outcomesOf(op, sectorSizeBytes));
}

/**
 * ext4 data=ordered: the journal commits name operations in their global order, so a crash keeps
 * the first `cut` of them; data written before the last committed name operation was flushed
 * before that commit and is kept whole; later data behaves as under posix.
 */
function ext4Plan(ops: readonly PendingOp[], cut: number, sectorSizeBytes: number, durablyNamed: ReadonlySet<unknown>): Plan {
  let nameIndex = 0;
  let lastCommittedSeq = -1;
  for (const op of ops) {
    if (!isNameOp(op)) continue;
    if (nameIndex < cut) lastCommittedSeq = op.seq;
    nameIndex++;
  }
  // A file created by a name operation beyond the cut is unreachable in every state of this
  // plan (unless a kept operation names it), so its data's outcomes cannot matter: collapse them
  // to one, or the walk spends its budget on copies of the same state.
  const createdPending = new Set<unknown>();
  const namedByKept = new Set<unknown>();
  nameIndex = 0;
  for (const op of ops) {
    if (!isNameOp(op)) continue;
    if (op.kind === 'create' || op.kind === 'mkdir') createdPending.add(op.node);
    if (nameIndex++ < cut && op.kind !== 'unlink' && op.kind !== 'rmdir') namedByKept.add(op.node);
  }
  nameIndex = 0;
  return ops.map((op) => {
    if (isNameOp(op)) return nameIndex++ < cut ? ONLY_KEEP : ONLY_DROP;
    if (op.seq < lastCommittedSeq) return ONLY_KEEP;
    if (createdPending.has(op.file) && !namedByKept.has(op.file) && !durablyNamed.has(op.file)) return ONLY_DROP;
    return outcomesOf(op, sectorSizeBytes);
  });
}

function nameOpsCount(ops: readonly PendingOp[]): number {
  return ops.reduce((count, op) => count + (isNameOp(op) ? 1 : 0), 0);
}

function* plansOf(profile: CrashProfile, ops: readonly PendingOp[], sectorSizeBytes: number, durablyNamed: ReadonlySet<unknown>): Generator<Plan> {
  if (profile === 'process') {
    yield ops.map(() => ONLY_KEEP);
  } else if (profile === 'posix') {
    yield posixPlan(ops, sectorSizeBytes);
  } else {
    const cuts = nameOpsCount(ops);
    for (let cut = 0; cut <= cuts; cut++) yield ext4Plan(ops, cut, sectorSizeBytes, durablyNamed);
  }
}

/** Every combination of a plan, lazily, in odometer order (the last operation turns fastest). */
function* combinationsOf(plan: Plan): Generator<Outcome[]> {
  const indexes = new Array<number>(plan.length).fill(0);
  for (;;) {
    yield plan.map((outcomes, i) => outcomes[indexes[i] as number] as Outcome);
    let position = plan.length - 1;
    for (; position >= 0; position--) {
      const next = (indexes[position] as number) + 1;
      if (next < (plan[position] as readonly Outcome[]).length) {
        indexes[position] = next;
        break;
      }
      indexes[position] = 0;
    }
    if (position < 0) return;
  }
}

/**
 * One legal post-crash state, drawn from `rng`: the pending operations `ops` over the durable
 * state `source` (a live disk's, or a CrashPoint's). `durablyNamed` is asked for by ext4-ordered only.
 */
export function randomCrashState(
  source: DurableView,
  ops: readonly PendingOp[],
  durablyNamed: () => ReadonlySet<unknown>,
  profile: CrashProfile,
  rng: Rng,
  sectorSizeBytes: number,
): DiskState {
  let plan: Plan;
  if (profile === 'process') plan = ops.map(() => ONLY_KEEP);
  else if (profile === 'posix') plan = posixPlan(ops, sectorSizeBytes);
  else plan = ext4Plan(ops, rng.int(nameOpsCount(ops) + 1), sectorSizeBytes, durablyNamed());
  const outcomes = plan.map((choices) => (choices.length === 1 ? (choices[0] as Outcome) : pickOutcome(choices, rng)));
  return buildCrashState(source, ops, outcomes, sectorSizeBytes);
}

export interface ExploredStates {
  readonly states: DiskState[];
  readonly truncated: boolean;
}

/**
 * Every distinct legal post-crash state (told apart by visible tree, as imageDigest is), at most
 * `maxStates`. `truncated` is true when the walk stopped with combinations left unvisited, either
 * because `maxStates` were found or because too many combinations repeated states already found.
 */
export function exploreCrashStates(disk: DiskState, profile: CrashProfile, sectorSizeBytes: number, maxStates: number): ExploredStates {
  const ops = disk.pendingOps();
  const found = new DistinctStates();
  const states = found.states;
  const contents = new CrashDataMemo(disk.durableView, sectorSizeBytes);
  let budget = Math.max(COMBINATIONS_MIN, maxStates * COMBINATIONS_PER_STATE_MAX);
  // Plans are walked round-robin, one combination each in turn: a plan whose combinations all
  // collapse into one state (an ext4 cut that keeps no name, say) must not use up the budget
  // before the other plans get a turn.
  let walks = [...plansOf(profile, ops, sectorSizeBytes, disk.durablyNamed())].map((plan) => combinationsOf(plan));
  while (walks.length > 0) {
    const stillGoing: Generator<Outcome[]>[] = [];
    for (const walk of walks) {
      const next = walk.next();
      if (next.done === true) continue;
      stillGoing.push(walk);
      if (states.length >= maxStates || budget <= 0) return { states, truncated: true };
      budget--;
      found.add(buildCrashState(disk.durableView, ops, next.value, sectorSizeBytes, contents));
    }
    walks = stillGoing;
  }
  return { states, truncated: false };
}
