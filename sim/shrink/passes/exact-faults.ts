import { FaultPlan, faultRule } from '../../faults/plan.js';
import type { FaultRule } from '../../faults/plan.js';
import { and, onIndex, opKind, pathIs } from '../../faults/predicate.js';
import type { InjectedFault } from '../../scenario.js';
import { changeCase } from '../case.js';
import type { ShrinkPass } from '../pass.js';

/**
 * Exact faults: a random workload rule replaced by rules that fail exactly the calls it failed in
 * the best case, one at a time. The case then reads as "this sync of this file failed" instead of
 * "each sync failed with probability p".
 */
export const exactFaults: ShrinkPass = {
  name: 'exact-faults',
  *candidates(start) {
    let best = start;
    for (let index = 0; index < best.faults.rules.length; index++) {
      const rules = best.faults.rules;
      const pinned = pinnedRules(rules[index] as FaultRule, rules, best.callFaults);
      if (pinned === null) continue;
      const kept = yield changeCase(best, { faults: new FaultPlan([...rules.slice(0, index), ...pinned, ...rules.slice(index + 1)]) });
      if (kept === null) continue;
      best = kept;
      index += pinned.length - 1;
    }
  },
};

/**
 * `rule` as one exact rule per fault it injected (`opKind(call)&pathIs(path)&onIndex(n)`), or
 * null when it cannot be pinned: bit flips (their bits are drawn anyway), rules that may fire
 * while recovering (each state draws its own), rules that are not random (nothing to pin), and
 * rules sharing their kind with another (a fault does not say which rule injected it).
 */
export function pinnedRules(rule: FaultRule, rules: readonly FaultRule[], injected: readonly InjectedFault[]): FaultRule[] | null {
  // Rot is asked only about reads of files at rest, so a call's ordinal (counted over every read)
  // would not pin it: it keeps its randomly(p), which the other passes make rarer.
  if (rule.kind === 'bitflip' || rule.kind === 'rot' || rule.when.namesPhase || !rule.when.isRandom) return null;
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
