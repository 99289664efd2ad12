import type { DiskFaults, FaultPoint, InjectedCode, RotPoint } from '../disk/types.js';
import { chooseBits } from './bitflip.js';
import type { Rng } from '../rng.js';
import type { InjectedFault } from '../scenario.js';
import { CALLS_OF_KIND } from './plan.js';
import type { FaultKind, FaultPlan, LiveRule } from './plan.js';
import type { FaultPhase } from './predicate.js';

/**
 * Runs a plan's call faults (eio-sync, eio-read, enospc) and its rot on a SimFs: given as its
 * `faults` option, it is asked before every faultable call and answers with the error to fail it
 * with, and before a read of a file at rest, with the bits that rotted.
 * SimFs applies the Linux semantics (a failed file sync drops the dirty data; a failed write
 * changes nothing); this class only decides and keeps the log of what it injected.
 *
 * Rules are asked in plan order and the first that fires wins: a later rule's predicate does not
 * see the call (its onIndex does not count it). Until `active` is set, nothing is injected and no
 * predicate runs, so setting up a disk draws nothing from the stream.
 */

type CallFaultKind = Exclude<FaultKind, 'bitflip' | 'rot'>;

const CODE_OF: Readonly<Record<CallFaultKind, InjectedCode>> = {
  'eio-sync': 'EIO',
  'eio-read': 'EIO',
  enospc: 'ENOSPC',
};

/** The calls enospc is asked about only when they add bytes (see inject). */
const GROWING_CALLS: ReadonlySet<string> = new Set(CALLS_OF_KIND.enospc);

export class FaultInjector implements DiskFaults {
  /** Off until the caller arms it (the runner does after creating the store's root). */
  active = false;
  readonly #rules: LiveRule[];
  readonly #rotRules: LiveRule[];
  readonly #rng: Rng;
  /** Marks what a recovery's injector logs (InjectedFault.phase). */
  readonly #phaseMark: { readonly phase?: 'recovery' };
  readonly #log: InjectedFault[] = [];
  /** Calls asked about so far, per call and path (InjectedFault.ordinal). */
  readonly #asked = new Map<string, number>();

  /**
   * `rng` should be the run's `faults` stream (for recovery, a stream of the crash point and
   * state), fresh for each execution of the run.
   */
  constructor(plan: FaultPlan, rng: Rng, phase: FaultPhase = 'workload') {
    this.#rules = plan.compile(rng, ['eio-sync', 'eio-read', 'enospc'], phase);
    this.#rotRules = plan.compile(rng, ['rot'], phase);
    this.#rng = rng;
    this.#phaseMark = phase === 'recovery' ? { phase } : {};
  }

  /**
   * Rot (see DiskFaults.rot): the first rot rule that fires on this read flips its number of
   * distinct bits among the bytes the read returns. Asked before `inject` about the same call,
   * so it shares that call's ordinal.
   */
  rot(point: RotPoint): readonly number[] {
    if (!this.active || this.#rotRules.length === 0) return [];
    const live = this.#rotRules.find((candidate) => candidate.calls.has(point.call) && candidate.test(point));
    if (live === undefined) return [];
    const { offsetBytes, lengthBytes } = point.range;
    const bits = chooseBits(this.#rng, live.rule.bits, lengthBytes * 8).map((bit) => offsetBytes * 8 + bit);
    const detail = `flipped bit${bits.length === 1 ? '' : 's'} ${bits.join(', ')} (byte ${bits.map((b) => b >> 3).join(', ')}) before the read returned them`;
    const ordinal = this.#asked.get(`${point.call}\0${point.path}`) ?? 0;
    this.#log.push({ fault: 'rot', step: point.seq, call: point.call, path: point.path, detail, ordinal, ...this.#phaseMark });
    return bits;
  }

  inject(point: FaultPoint): InjectedCode | undefined {
    if (!this.active) return undefined;
    // Counted as a rule of its kind sees calls: a write that adds nothing never reaches enospc.
    const key = `${point.call}\0${point.path}`;
    const ordinal = this.#asked.get(key) ?? 0;
    if (!GROWING_CALLS.has(point.call) || point.growthBytes > 0) this.#asked.set(key, ordinal + 1);
    for (const live of this.#rules) {
      if (!live.calls.has(point.call)) continue;
      if (live.rule.kind === 'enospc' && point.growthBytes === 0) continue;
      if (!live.test(point)) continue;
      const kind = live.rule.kind as CallFaultKind;
      const code = CODE_OF[kind];
      const detail = kind === 'eio-sync' ? `${code}; the file's dirty data is dropped, not written` : kind === 'enospc' ? `${code} (+${point.growthBytes} B)` : code;
      this.#log.push({ fault: kind, step: point.seq, call: point.call, path: point.path, detail, ordinal, ...this.#phaseMark });
      return code;
    }
    return undefined;
  }

  /** Every fault injected so far, in step order. */
  get injected(): readonly InjectedFault[] {
    return this.#log;
  }
}

/**
 * One line per fault, for timelines and reports: `s12 eio-sync sync /data/ab/.tmp-x-0: EIO...`.
 * `stepPrefix` names the numbering of `fault.step`: `s` for the workload's steps (the default),
 * `r` for the steps of a recovery (a post-crash disk numbers its steps from 0 again).
 */
export function describeInjectedFault(fault: InjectedFault, stepPrefix = 's'): string {
  return `${stepPrefix}${fault.step} ${fault.fault} ${fault.call} ${fault.path}: ${fault.detail}`;
}
