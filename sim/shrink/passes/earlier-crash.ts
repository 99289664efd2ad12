import { changeCase } from '../case.js';
import type { ShrinkPass } from '../pass.js';

/**
 * An earlier crash point: jumps back by half the distance to the earliest point, then by halves
 * of that down to single steps, each jump repeated while the case still fails. Never before the
 * setup steps: the store's root does not exist yet there.
 */
export const earlierCrash: ShrinkPass = {
  name: 'earlier-crash',
  *candidates(start) {
    let best = start;
    for (let back = Math.max(1, Math.floor((best.crashStep - best.setupSteps) / 2)); back >= 1; back = Math.floor(back / 2)) {
      while (best.crashStep - back >= best.setupSteps) {
        const kept = yield changeCase(best, { crashStep: best.crashStep - back });
        if (kept === null) break;
        best = kept;
      }
    }
  },
};
