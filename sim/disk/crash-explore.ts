import type { Rng } from '../rng.js';
import type { CrashProfile } from './types.js';
import { buildCrashState, POSIX_RULES } from './crash-build.js';
import type { BuildRules } from './crash-build.js';
import type { DiskState } from './disk-state.js';
import type { DurableView, JournalView } from './crash-point.js';
import { CrashDataMemo } from './crash-memo.js';
import { DistinctStates } from './distinct-states.js';
import { isNameOp } from './nodes.js';
import type { FileNode, Inode, PendingOp } from './nodes.js';
import { KEEP, DROP, listingComplete, outcomesOf, pickOutcome, shapesCount } from './outcomes.js';
import type { OpRules, Outcome } from './outcomes.js';

/**
 * Which post-crash states a profile allows, as "plans": for each pending operation, the outcomes
 * it may have. `posix` is one plan (the cartesian product of per-operation outcomes); ext4-ordered
 * is one plan per journal cut; `process` is the single plan that keeps everything. Random mode
 * draws inside a plan (over every outcome an operation may have), exhaustive mode walks the listed
 * ones: the same plans, so random mode never produces a state outside the profile's rules.
 */
type Plan = ReadonlyArray<readonly Outcome[]>;

/** A plan, with the rules each operation's random draw follows. */
interface RuledPlan {
  readonly plan: Plan;
  readonly rules: readonly OpRules[];
}

const ONLY_KEEP: readonly Outcome[] = [KEEP];
const ONLY_DROP: readonly Outcome[] = [DROP];

/** Walks at most this many combinations per requested state before giving up (truncated). */
const COMBINATIONS_PER_STATE_MAX = 64;
const COMBINATIONS_MIN = 10_000;

const EXT4_RULES: BuildRules = { data: 'ordered', fromCache: false };
const PROCESS_RULES: BuildRules = { data: 'posix', fromCache: true };

export function buildRulesOf(profile: CrashProfile): BuildRules {
  return profile === 'process' ? PROCESS_RULES : profile === 'ext4-ordered' ? EXT4_RULES : POSIX_RULES;
}

function posixPlan(ops: readonly PendingOp[], sectorSizeBytes: number): Plan {
  return ops.map((op) => outcomesOf(op, sectorSizeBytes));
}

/**
 * ext4 data=ordered with delayed allocation: the journal commits name operations in their global
 * order, so a crash keeps the first `cut` of them, and at least those an fsync committed. Data is
 * not flushed by a commit (its blocks are allocated at writeback, so a new file may survive empty),
 * except that a rename over an existing file flushes the moved file's data first (auto_da_alloc).
 * Data tears by the `ordered` rules.
 */
function ext4Plan(ops: readonly PendingOp[], cut: number, sectorSizeBytes: number, journal: JournalView, durablyNamed: ReadonlySet<unknown>): RuledPlan {
  // A file created by a name operation beyond the cut is unreachable in every state of this
  // plan (unless a kept operation names it), so its data's outcomes cannot matter: collapse them
  // to one, or the walk spends its budget on copies of the same state.
  const createdPending = new Set<unknown>();
  const namedByKept = new Set<unknown>();
  const flushedBefore = new Map<FileNode, number>();
  let nameIndex = 0;
  for (const op of ops) {
    if (!isNameOp(op)) continue;
    if (op.kind === 'create' || op.kind === 'mkdir') createdPending.add(op.node);
    if (nameIndex++ >= cut) continue;
    if (op.kind !== 'unlink' && op.kind !== 'rmdir') namedByKept.add(op.node);
    if (op.kind === 'rename' && op.replacesFile && op.node.kind === 'file') flushedBefore.set(op.node, op.seq);
  }
  nameIndex = 0;
  const rules: OpRules[] = [];
  const plan = ops.map((op) => {
    rules.push('ordered');
    if (isNameOp(op)) return nameIndex++ < cut ? ONLY_KEEP : ONLY_DROP;
    if (op.seq < (flushedBefore.get(op.file) ?? -1) || op.seq < journal.flushedBeforeSeq(op.file)) return ONLY_KEEP;
    if (createdPending.has(op.file) && !namedByKept.has(op.file) && !durablyNamed.has(op.file)) return ONLY_DROP;
    // A size change is journalled in a transaction no earlier than its call, and the journal
    // commits in order: with a name operation before it lost, the size cannot have persisted.
    if (nameIndex <= cut) return outcomesOf(op, sectorSizeBytes, 'ordered');
    if (op.kind === 'truncate') return ONLY_DROP;
    rules[rules.length - 1] = 'ordered-inside';
    return outcomesOf(op, sectorSizeBytes, 'ordered-inside');
  });
  return { plan, rules };
}

/** The journal cuts a crash may make: every prefix at least as long as what fsyncs committed. */
function journalCuts(ops: readonly PendingOp[], journal: Pick<JournalView, 'journalCommitSeq'>): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const op of ops) {
    if (!isNameOp(op)) continue;
    max++;
    if (op.seq < journal.journalCommitSeq) min = max;
  }
  return { min, max };
}

function* plansOf(profile: CrashProfile, ops: readonly PendingOp[], sectorSizeBytes: number, journal: JournalView): Generator<Plan> {
  if (profile === 'process') {
    yield ops.map(() => ONLY_KEEP);
  } else if (profile === 'posix') {
    yield posixPlan(ops, sectorSizeBytes);
  } else {
    const cuts = journalCuts(ops, journal);
    const durablyNamed = journal.durablyNamed();
    for (let cut = cuts.min; cut <= cuts.max; cut++) yield ext4Plan(ops, cut, sectorSizeBytes, journal, durablyNamed).plan;
  }
}

/** A plan restricted to each operation's shapes (see shapesCount): walked before the full plan. */
function shapesOf(plan: Plan, ops: readonly PendingOp[], sectorSizeBytes: number): Plan {
  return plan.map((outcomes, i) => outcomes.slice(0, shapesCount(ops[i] as PendingOp, sectorSizeBytes)));
}

/**
 * Every combination of a plan, lazily, in odometer order (the last operation turns fastest),
 * leaving out those where every operation's index is below its `visited` bound (walked before).
 */
function* combinationsOf(plan: Plan, visited?: readonly number[]): Generator<Outcome[]> {
  const indexes = new Array<number>(plan.length).fill(0);
  for (;;) {
    if (visited === undefined || indexes.some((index, i) => index >= (visited[i] as number))) {
      yield plan.map((outcomes, i) => outcomes[indexes[i] as number] as Outcome);
    }
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
 * state `source` (a live disk's, or a CrashPoint's). `journal` is asked by ext4-ordered only.
 */
export function randomCrashState(
  source: DurableView,
  ops: readonly PendingOp[],
  journal: JournalView,
  profile: CrashProfile,
  rng: Rng,
  sectorSizeBytes: number,
): DiskState {
  let ruled: RuledPlan;
  if (profile === 'process') ruled = { plan: ops.map(() => ONLY_KEEP), rules: [] };
  else if (profile === 'posix') ruled = { plan: posixPlan(ops, sectorSizeBytes), rules: [] };
  else {
    const cuts = journalCuts(ops, journal);
    ruled = ext4Plan(ops, cuts.min + rng.int(cuts.max - cuts.min + 1), sectorSizeBytes, journal, journal.durablyNamed());
  }
  const rules = buildRulesOf(profile);
  const outcomes = ruled.plan.map((choices, i) => {
    if (choices.length === 1) return choices[0] as Outcome;
    return pickOutcome(ops[i] as PendingOp, rng, sectorSizeBytes, ruled.rules[i] ?? rules.data);
  });
  return buildCrashState(source, ops, outcomes, sectorSizeBytes, rules);
}

export interface ExploredStates {
  readonly states: DiskState[];
  readonly truncated: boolean;
}

/**
 * Distinct legal post-crash states (told apart by visible tree, as imageDigest is), at most
 * `maxStates`. Every combination of the operations' shapes (keep, drop, size only, prefix and
 * suffix tears) comes first, then the other listed tears, each phase walking the plans
 * round-robin. `truncated` is true when some legal state may be missing: the walk stopped (at
 * `maxStates`, or after too many combinations repeated states already found), or a write over
 * many sectors listed only some of its tears.
 */
export function exploreCrashStates(disk: DiskState, profile: CrashProfile, sectorSizeBytes: number, maxStates: number): ExploredStates {
  const ops = disk.pendingOps();
  const rules = buildRulesOf(profile);
  const found = new DistinctStates();
  const states = found.states;
  const contents = new CrashDataMemo(disk.durableView, sectorSizeBytes, rules);
  const budget = { left: Math.max(COMBINATIONS_MIN, maxStates * COMBINATIONS_PER_STATE_MAX) };
  const plans = [...plansOf(profile, ops, sectorSizeBytes, disk)];
  const listed = profile === 'process' || ops.every((op) => listingComplete(op, sectorSizeBytes, rules.data));
  const shapes = plans.map((plan) => shapesOf(plan, ops, sectorSizeBytes));
  let named: ReadonlySet<Inode> | undefined;
  const durablyNamed = (): ReadonlySet<Inode> => (named ??= disk.durablyNamed());
  const visit = (outcomes: Outcome[]): void => found.add(buildCrashState(disk.durableView, ops, outcomes, sectorSizeBytes, rules, contents, durablyNamed));
  const shapeWalks = shapes.map((plan) => combinationsOf(plan));
  if (walkRoundRobin(shapeWalks, budget, maxStates, visit, () => states.length)) return { states, truncated: true };
  const restWalks = plans.map((plan, i) => combinationsOf(plan, (shapes[i] as Plan).map((outcomes) => outcomes.length)));
  if (walkRoundRobin(restWalks, budget, maxStates, visit, () => states.length)) return { states, truncated: true };
  return { states, truncated: !listed };
}

/**
 * Walks the plans' combinations, one from each plan in turn: a plan whose combinations all
 * collapse into one state (an ext4 cut that keeps no name, say) must not use up the budget before
 * the other plans get a turn. Returns true when it stopped with combinations left.
 */
function walkRoundRobin(walksOfPlans: readonly Generator<Outcome[]>[], budget: { left: number }, maxStates: number, visit: (outcomes: Outcome[]) => void, found: () => number): boolean {
  let walks = [...walksOfPlans];
  while (walks.length > 0) {
    const stillGoing: Generator<Outcome[]>[] = [];
    for (const walk of walks) {
      const next = walk.next();
      if (next.done === true) continue;
      stillGoing.push(walk);
      if (found() >= maxStates || budget.left <= 0) return true;
      budget.left--;
      visit(next.value);
    }
    walks = stillGoing;
  }
  return false;
}
