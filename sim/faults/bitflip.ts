import type { SimFs } from '../disk/index.js';
import type { Rng } from '../rng.js';
import type { InjectedFault } from '../scenario.js';
import type { FaultPlan } from './plan.js';

/**
 * Bit flips in durable data at a crash: the medium returns damaged sectors after power comes
 * back. Each file of the post-crash disk (in path order, so the choice is deterministic) is shown
 * to the plan's bitflip rules as a `crash` subject; the first rule that fires flips its number of
 * distinct, randomly chosen bits in the file. Empty files have nothing to flip. A file with
 * several names (hard links) is one file: it is offered once, and a flip is reported under every
 * name, since every name now reads damaged data.
 */

/** Distinct bit offsets in [0, bitsTotal), `count` of them (fewer if the file is smaller), in ascending order. */
export function chooseBits(rng: Rng, count: number, bitsTotal: number): number[] {
  const chosen = new Set<number>();
  const wanted = Math.min(count, bitsTotal);
  // Bounded like every loop: collisions are rare (few bits in many), the cap only guards tiny files.
  for (let attempts = 0; chosen.size < wanted && attempts < wanted * 64; attempts++) chosen.add(rng.int(bitsTotal));
  return [...chosen].sort((a, b) => a - b);
}

/**
 * Applies the plan's bit flips to `disk` (a post-crash disk nobody has touched yet) and returns
 * what it did. `rng` must be derived from the crash (step and state), never shared with the
 * workload's faults, so that reruns of a run flip the same bits.
 */
export function applyBitflips(disk: SimFs, plan: FaultPlan, rng: Rng, crashStep: number): InjectedFault[] {
  if (!plan.hasBitflips) return [];
  const rules = plan.compile(rng, ['bitflip']);
  const flipped: InjectedFault[] = [];
  for (const file of disk.visibleFiles()) {
    const path = file.paths[0];
    if (file.sizeBytes === 0 || path === undefined) continue;
    const subject = { call: 'crash', path, growthBytes: 0, usedBytes: () => 0 };
    const live = rules.find((candidate) => candidate.test(subject));
    if (live === undefined) continue;
    const bits = chooseBits(rng, live.rule.bits, file.sizeBytes * 8);
    disk.flipBits(path, bits);
    const detail = `flipped bit${bits.length === 1 ? '' : 's'} ${bits.join(', ')} (byte ${bits.map((b) => b >> 3).join(', ')})`;
    for (const name of file.paths) {
      flipped.push({ fault: 'bitflip', step: crashStep, call: 'crash', path: name, detail: name === path ? detail : `${detail}, through its other name ${path}` });
    }
  }
  return flipped;
}
