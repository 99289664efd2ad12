import { changeCase } from '../case.js';
import type { ShrinkPass } from '../pass.js';

/**
 * Fewer clients: drops one whole client program at a time, the last first, keeping at least one.
 * A failure that needs no concurrency ends with a single client.
 */
export const fewerClients: ShrinkPass = {
  name: 'fewer-clients',
  *candidates(start) {
    let best = start;
    for (let client = best.workload.length - 1; client >= 0 && best.workload.length > 1; client--) {
      const kept = yield changeCase(best, { workload: best.workload.filter((_, index) => index !== client) });
      if (kept !== null) best = kept;
    }
  },
};
