import { FaultPlan, and, faultRule, onIndex, opKind, parseFaultSpec, pathIs } from '../faults/index.js';
import type { FaultRule } from '../faults/index.js';
import { runScenario, type RunResult } from '../runner/run-scenario.js';
import type { AnyScenario, InjectedFault, SystemFactory } from '../scenario.js';

/**
 * Shrinking: turn a failing run into the smallest case we can find that still fails the SAME
 * invariant. A random run judges one post-crash state drawn from (seed, crash step); once the
 * workload changes, that draw lands on a different state, so a candidate judged by one draw
 * would often pass by luck. Candidates are therefore judged on every legal post-crash state (up
 * to EXPLORE_STATES_MAX): a candidate fails if any state fails. The minimal case keeps that
 * exhaustive exploration, so replaying it finds the failing state again. Candidates, tried greedily and repeated until nothing shrinks: fewer clients, fewer
 * operations (chunks, then single operations, delta-debugging style), an earlier crash point,
 * fewer injected fault rules (none at all when the failure needs none), rarer faults (each
 * remaining `randomly(p)` halved while the case still fails), exact faults (a random workload
 * rule replaced by rules that fail exactly the calls it failed), and finally the
 * gentlest crash model that still fails (`process` keeps every unsynced operation, so a failure
 * there needs no lost write at all). Bounded in attempts and by a
 * caller-supplied stop signal (a time budget read from the caller's clock).
 */

export interface ShrinkOptions {
  /** Runs to try at most. Default 400. */
  attemptsMax?: number;
  /** Asked before each attempt; true stops shrinking (e.g. a wall-clock budget). */
  shouldStop?: () => boolean;
  impl?: SystemFactory<unknown>;
}

export interface ShrinkResult {
  /** The smallest failing run found (the original if nothing smaller failed). */
  readonly minimal: RunResult;
  readonly attempts: number;
  /** True when shrinking stopped on its budget rather than at a fixpoint. */
  readonly budgetExhausted: boolean;
  /** How far it got, in words, for the report. */
  readonly summary: string;
}

type Workload = readonly (readonly unknown[])[];

/** How many times one rule's probabilities may be halved (a 16th of the original at most). */
const PROBABILITY_HALVINGS_MAX = 4;

/** States judged per candidate (exhaustive exploration's bound while shrinking). */
const EXPLORE_STATES_MAX = 64;

function operationsIn(workload: Workload): number {
  return workload.reduce((sum, program) => sum + program.length, 0);
}

export async function shrinkFailure(scenario: AnyScenario, original: RunResult, options: ShrinkOptions = {}): Promise<ShrinkResult> {
  const invariant = original.violations[0]?.invariant;
  if (invariant === undefined) throw new Error('shrinkFailure: the run did not fail; there is nothing to shrink');
  const attemptsMax = options.attemptsMax ?? 400;
  // Exhaustive judging, unless the original already was.
  const judging = { exploration: 'exhaustive' as const, maxStates: Math.max(original.options.maxStates, EXPLORE_STATES_MAX) };
  let attempts = 0;
  let budgetExhausted = false;
  let best = original;

  const outOfBudget = (): boolean => {
    if (attempts >= attemptsMax || options.shouldStop?.() === true) budgetExhausted = true;
    return budgetExhausted;
  };
  /** Runs a candidate; keeps it when it fails the same invariant. */
  const attempt = async (workload: Workload, crashStep: number, profile = best.options.profile, faults = best.options.faults): Promise<boolean> => {
    if (outOfBudget()) return false;
    attempts++;
    const result = await runScenario(
      scenario,
      { ...best.options, ...judging, profile, faults, clientsCount: Math.max(1, workload.length), crashStep },
      { workload, ...(options.impl === undefined ? {} : { impl: options.impl }) },
    );
    if (!result.violations.some((v) => v.invariant === invariant)) return false;
    best = result;
    return true;
  };

  let progress = true;
  while (progress && !outOfBudget()) {
    progress = false;
    // Fewer clients.
    for (let client = best.workload.length - 1; client >= 0 && best.workload.length > 1; client--) {
      const candidate = best.workload.filter((_, index) => index !== client);
      if (await attempt(candidate, best.crashStep)) progress = true;
    }
    // Fewer operations: remove chunks, halving the chunk size down to single operations.
    for (let client = 0; client < best.workload.length; client++) {
      let chunk = Math.max(1, Math.floor((best.workload[client]?.length ?? 0) / 2));
      while (chunk >= 1 && !outOfBudget()) {
        let removedAny = false;
        for (let start = 0; start < (best.workload[client]?.length ?? 0); ) {
          const program = best.workload[client] ?? [];
          const candidate = best.workload.map((p, index) => (index === client ? [...program.slice(0, start), ...program.slice(start + chunk)] : p));
          if (await attempt(candidate, best.crashStep)) {
            removedAny = true;
            progress = true;
          } else {
            start += chunk;
          }
          if (outOfBudget()) break;
        }
        if (!removedAny) chunk = Math.floor(chunk / 2);
      }
    }
    // An earlier crash point: jump back by halves, then step by step.
    // (Never before the setup steps: the root does not exist yet there.)
    for (let back = Math.max(1, Math.floor((best.crashStep - best.setupSteps) / 2)); back >= 1 && !outOfBudget(); back = Math.floor(back / 2)) {
      while (best.crashStep - back >= best.setupSteps && (await attempt(best.workload, best.crashStep - back))) progress = true;
    }
  }
  // Fewer faults: none at all, else one rule less at a time.
  if (best.options.faults !== '' && !(await attempt(best.workload, best.crashStep, best.options.profile, ''))) {
    let rules = parseFaultSpec(best.options.faults).rules;
    for (let index = rules.length - 1; index >= 0 && rules.length > 1; index--) {
      const fewer = rules.filter((_, i) => i !== index);
      if (await attempt(best.workload, best.crashStep, best.options.profile, new FaultPlan(fewer).toString())) rules = fewer;
    }
  }
  // Rarer faults: halve each remaining random rule's probabilities while the case still fails,
  // so the minimal case injects no more faults than it needs.
  if (best.options.faults !== '') {
    let rules = parseFaultSpec(best.options.faults).rules;
    for (let index = 0; index < rules.length; index++) {
      for (let halving = 0; halving < PROBABILITY_HALVINGS_MAX && rules[index]?.when.isRandom === true && !outOfBudget(); halving++) {
        const rarer = rules.map((rule, i) => (i === index ? faultRule(rule.kind, rule.when.withProbabilities((p) => p / 2), rule.bits) : rule));
        if (!(await attempt(best.workload, best.crashStep, best.options.profile, new FaultPlan(rarer).toString()))) break;
        rules = rarer;
      }
    }
  }
  // Exact faults: a random rule of the workload replaced by rules that fail exactly the calls it
  // failed in the smallest case so far, when that still fails. The case then reads as "this
  // sync of this file failed" instead of "each sync failed with probability p".
  if (best.options.faults !== '') {
    let rules = parseFaultSpec(best.options.faults).rules;
    for (let index = 0; index < rules.length && !outOfBudget(); index++) {
      const rule = rules[index] as FaultRule;
      const pinned = pinnedRules(rule, rules, best.callFaults);
      if (pinned === null) continue;
      const candidate = [...rules.slice(0, index), ...pinned, ...rules.slice(index + 1)];
      if (await attempt(best.workload, best.crashStep, best.options.profile, new FaultPlan(candidate).toString())) {
        rules = candidate;
        index += pinned.length - 1;
      }
    }
  }
  // The gentlest crash model that still fails: fewer surviving-or-lost choices to explain.
  for (const profile of ['process', 'ext4-ordered'] as const) {
    if (best.options.profile === profile || outOfBudget()) continue;
    if (profile === 'ext4-ordered' && best.options.profile === 'process') continue;
    if (await attempt(best.workload, best.crashStep, profile)) break;
  }

  const describeCase = (run: RunResult): string =>
    `${run.workload.length} clients / ${operationsIn(run.workload)} operations / crash after step ${run.crashStep} (${run.options.profile}` +
    `${run.options.faults === '' ? '' : `, faults ${run.options.faults}`})`;
  const summary =
    `shrunk from ${describeCase(original)} to ${describeCase(best)} in ${attempts} attempts` +
    (budgetExhausted ? ', stopped by its budget (a smaller case may exist)' : ', at a fixpoint');
  return { minimal: best, attempts, budgetExhausted, summary };
}

/**
 * `rule` as one exact rule per fault it injected (`opKind(call)&pathIs(path)&onIndex(n)`), or
 * null when it cannot be pinned: bit flips (their bits are drawn anyway), rules that may fire
 * while recovering (each state draws its own), rules that are not random (nothing to pin), and
 * rules sharing their kind with another (a fault does not say which rule injected it).
 */
function pinnedRules(rule: FaultRule, rules: readonly FaultRule[], injected: readonly InjectedFault[]): FaultRule[] | null {
  if (rule.kind === 'bitflip' || rule.when.namesPhase || !rule.when.isRandom) return null;
  if (rules.filter((other) => other.kind === rule.kind).length > 1) return null;
  const faults = injected.filter((fault) => fault.fault === rule.kind && fault.ordinal !== undefined);
  if (faults.length === 0) return null;
  const pinnedBefore = new Map<string, number>();
  return faults.map((fault) => {
    // An earlier pinned rule on the same call and path takes its call away from the later ones.
    const key = `${fault.call}\0${fault.path}`;
    const before = pinnedBefore.get(key) ?? 0;
    pinnedBefore.set(key, before + 1);
    return faultRule(rule.kind, and(opKind(fault.call), pathIs(fault.path), onIndex((fault.ordinal as number) - before)));
  });
}
