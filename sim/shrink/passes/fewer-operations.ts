import { changeCase } from '../case.js';
import type { FailingCase } from '../case.js';
import type { ShrinkPass } from '../pass.js';

/**
 * Fewer operations, delta-debugging style: for each client, removes chunks of its program, from
 * half the program down to single operations. A chunk size is swept again while a sweep removed
 * anything, then halved; after a removal the sweep goes on at the same position (the operations
 * after the removed chunk moved there).
 */
export const fewerOperations: ShrinkPass = {
  name: 'fewer-operations',
  *candidates(start) {
    let best = start;
    for (let client = 0; client < best.workload.length; client++) {
      let chunk = Math.max(1, Math.floor(programOf(best, client).length / 2));
      while (chunk >= 1) {
        let removedAny = false;
        for (let at = 0; at < programOf(best, client).length; ) {
          const kept = yield changeCase(best, { workload: withoutChunk(best, client, at, chunk) });
          if (kept === null) {
            at += chunk;
          } else {
            best = kept;
            removedAny = true;
          }
        }
        if (!removedAny) chunk = Math.floor(chunk / 2);
      }
    }
  },
};

function programOf(best: FailingCase, client: number): readonly unknown[] {
  return best.workload[client] ?? [];
}

/** The workload with `chunk` operations of `client` removed from index `at`. */
function withoutChunk(best: FailingCase, client: number, at: number, chunk: number): (readonly unknown[])[] {
  return best.workload.map((program, index) => (index === client ? [...program.slice(0, at), ...program.slice(at + chunk)] : program));
}
