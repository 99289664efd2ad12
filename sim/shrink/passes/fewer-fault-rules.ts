import { FaultPlan } from '../../faults/plan.js';
import { changeCase } from '../case.js';
import type { ShrinkPass } from '../pass.js';

/**
 * Fewer fault rules: no faults at all when the failure needs none; otherwise one rule less at a
 * time, the last first, keeping at least one.
 */
export const fewerFaultRules: ShrinkPass = {
  name: 'fewer-fault-rules',
  *candidates(start) {
    if (start.faults.isEmpty) return;
    if ((yield changeCase(start, { faults: new FaultPlan() })) !== null) return;
    let best = start;
    for (let index = best.faults.rules.length - 1; index >= 0 && best.faults.rules.length > 1; index--) {
      const fewer = new FaultPlan(best.faults.rules.filter((_, i) => i !== index));
      const kept = yield changeCase(best, { faults: fewer });
      if (kept !== null) best = kept;
    }
  },
};
