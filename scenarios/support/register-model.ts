import type { OperationRecord } from '../../sim/index.js';
import { type ObservationWindow, finishedBefore } from './observation.js';

/**
 * The reference model of one register (a whole file, one key of a key-value store): which values a
 * read may return at a point in time, on the time model of observation.ts. A register starts
 * absent; each write stores a value or removes it (a delete), atomically somewhere between its
 * invocation and its completion. A read may return what any write it could have seen stored,
 * unless an acknowledged write surely came after that write (finished before the other began),
 * or absence when nothing acknowledged was stored, or a removal could be the last.
 */

/** One write of the register: the fingerprint of the value stored, or null for a removal. */
export interface RegisterWrite {
  readonly record: OperationRecord<unknown, unknown>;
  readonly fingerprint: string | null;
}

export type RegisterInvariant = 'no-partial-visibility' | 'acknowledged-durability' | 'no-resurrection';

export type RegisterJudgement = { readonly ok: true } | { readonly ok: false; readonly invariant: RegisterInvariant; readonly message: string };

/** How messages name the operations: `save`/`load` of a file, `put`/`delete`/`get` of a key. */
export interface RegisterWords {
  readonly write: string;
  readonly remove: string;
  readonly read: string;
}

const OK: RegisterJudgement = { ok: true };

/** A fingerprint (`<length>:<hash>`) in words: how long the value was, or that it was empty. */
function describeObserved(fingerprint: string): string {
  const match = /^(\d+):([0-9a-f]+)$/.exec(fingerprint);
  if (match === null) return `a value ${fingerprint}`;
  if (match[1] === '0') return 'an empty value';
  return `a value of ${match[1]} character${match[1] === '1' ? '' : 's'} (fingerprint ${match[2]})`;
}

export class RegisterModel {
  readonly #writes: readonly RegisterWrite[];
  readonly #words: RegisterWords;

  constructor(writes: readonly RegisterWrite[], words: RegisterWords) {
    this.#writes = writes;
    this.#words = words;
  }

  /** Judges a read that returned `observed` (a fingerprint, or null for absent) in `window`. */
  judge(observed: string | null, window: ObservationWindow, what: string): RegisterJudgement {
    const considered = this.#writes.filter((w) => w.record.invokedAtStep < window.invokedBefore);
    const acknowledged = considered.filter((w) => w.record.outcome.kind === 'ok' && w.record.completedAtStep !== null && w.record.completedAtStep <= window.settledBy);
    const candidates = considered.filter((w) => w.fingerprint === observed);
    if (observed === null && acknowledged.length === 0) return OK;
    if (observed !== null && candidates.length === 0) {
      return { ok: false, invariant: 'no-partial-visibility', message: `${what}: ${this.#words.read} returned ${describeObserved(observed)} that no ${this.#words.write} invoked in time wrote (torn, mixed or foreign)` };
    }
    let newer: RegisterWrite[] = [];
    for (const candidate of candidates) {
      newer = acknowledged.filter((w) => w !== candidate && finishedBefore(candidate.record, w.record));
      if (newer.length === 0) return OK;
    }
    if (observed === null) {
      const lost = acknowledged.find((w) => w.fingerprint !== null) ?? (acknowledged[0] as RegisterWrite);
      return { ok: false, invariant: 'acknowledged-durability', message: `${what}: ${this.#words.read} found nothing, but ${this.#name(lost)} was acknowledged${candidates.length > 0 ? ' after every removal' : ''}` };
    }
    const ids = candidates.map((w) => `#${w.record.id}`).join('/');
    const newerValue = newer.find((w) => w.fingerprint !== null);
    if (newerValue !== undefined) {
      return { ok: false, invariant: 'acknowledged-durability', message: `${what}: ${this.#words.read} returned the value of ${this.#words.write} ${ids}, which acknowledged ${this.#name(newerValue)} replaced after it finished` };
    }
    return { ok: false, invariant: 'no-resurrection', message: `${what}: ${this.#words.read} returned the value of ${this.#words.write} ${ids}, which acknowledged ${this.#name(newer[0] as RegisterWrite)} removed after it finished` };
  }

  #name(write: RegisterWrite): string {
    return `${write.fingerprint === null ? this.#words.remove : this.#words.write} #${write.record.id}`;
  }
}
