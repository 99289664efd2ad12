import { FaultPlan, faultRule } from '../../faults/plan.js';
import type { FaultRule } from '../../faults/plan.js';
import { changeCase } from '../case.js';
import type { ShrinkPass } from '../pass.js';

/** How many times one rule's probabilities may be halved (a 16th of the original at most). */
export const PROBABILITY_HALVINGS_MAX = 4;

/**
 * Rarer faults: halves every `randomly(p)` of one rule at a time while the case still fails, so
 * the minimal case injects no more faults than it needs. Each rule is halved at most
 * `halvingsMax` times over the whole shrink: the pass remembers, per rule value it made, how
 * many halvings that value is from the original (a fresh pass starts from none).
 */
export function rarerFaults(halvingsMax: number = PROBABILITY_HALVINGS_MAX): ShrinkPass {
  const halvingsOf = new WeakMap<FaultRule, number>();
  return {
    name: 'rarer-faults',
    *candidates(start) {
      let best = start;
      for (let index = 0; index < best.faults.rules.length; index++) {
        for (;;) {
          const rule = best.faults.rules[index] as FaultRule;
          const halvings = halvingsOf.get(rule) ?? 0;
          if (!rule.when.isRandom || halvings >= halvingsMax) break;
          const rarer = faultRule(rule.kind, rule.when.withProbabilities((p) => p / 2), rule.bits);
          halvingsOf.set(rarer, halvings + 1);
          const kept = yield changeCase(best, { faults: new FaultPlan(best.faults.rules.map((r, i) => (i === index ? rarer : r))) });
          if (kept === null) break;
          best = kept;
        }
      }
    },
  };
}
