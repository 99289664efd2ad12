import type { OperationRecord } from '../../sim/index.js';
import { type ObservationWindow, finishedBefore } from './observation.js';
import { isWrite, valueFingerprint } from './blob-ops.js';
import type { BlobOp, BlobResult, BlobWriteOp } from './blob-ops.js';

/**
 * Which states of one key a history allows at a point in time: the reference model of the blob
 * scenarios, on the time model of observation.ts.
 */

const ALREADY_EXISTS = 'BLOB_ALREADY_EXISTS';

type BlobRecord = OperationRecord<BlobOp, BlobResult>;

/** What a state of the key is judged as. */
export type Judgement =
  | { readonly ok: true }
  | { readonly ok: false; readonly invariant: 'no-partial-visibility' | 'acknowledged-durability' | 'no-resurrection'; readonly message: string };

interface Mutation {
  readonly record: BlobRecord;
  /** The write, or null for a delete. */
  readonly write: BlobWriteOp | null;
}

/**
 * What a read sees of a written value: the whole value's fingerprint for get, a range's for
 * getRange. Several writes may look alike through a view (every empty range does).
 */
export type ValueView = (write: BlobWriteOp) => string;

const WHOLE_VALUE: ValueView = valueFingerprint;

function keyOf(op: BlobOp): string | null {
  return op.kind === 'list' || op.kind === 'listPrefix' ? null : op.key;
}

/** Whether `record` surely finished before `other` started. */

export class KeyModel {
  readonly key: string;
  readonly #mutations: Mutation[] = [];
  /** Writes that answered AlreadyExists: the key held a blob, durably, when they ran. */
  readonly #witnesses: BlobRecord[] = [];

  constructor(key: string, history: readonly BlobRecord[]) {
    this.key = key;
    for (const record of history) {
      const op = record.operation;
      if (keyOf(op) !== key) continue;
      if (isWrite(op)) {
        const refused = record.outcome.kind === 'error' && record.outcome.code === ALREADY_EXISTS;
        if (refused) this.#witnesses.push(record);
        else this.#mutations.push({ record, write: op });
      } else if (op.kind === 'delete') {
        this.#mutations.push({ record, write: null });
      }
    }
  }

  /**
   * Judges the observed state: `null` for absent, else what `view` makes of the value seen (by
   * default the fingerprint of the whole value).
   */
  judge(observed: string | null, window: ObservationWindow, what: string, view: ValueView = WHOLE_VALUE): Judgement {
    const considered = this.#mutations.filter((m) => m.record.invokedAtStep < window.invokedBefore);
    const effective = considered.filter((m) => this.#isEffective(m.record, window));
    if (observed === null) {
      const forcing = this.#presenceForcedBy(considered, effective, window);
      if (forcing === null) return { ok: true };
      return { ok: false, invariant: 'acknowledged-durability', message: `${what}: '${this.key}' is absent, but ${forcing}` };
    }
    const matching = considered.filter((m) => m.write !== null && view(m.write) === observed);
    if (matching.length === 0) {
      return {
        ok: false,
        invariant: 'no-partial-visibility',
        message: `${what}: '${this.key}' holds bytes ${observed} that no write of this key invoked in time put there (torn, mixed or foreign)`,
      };
    }
    let supersededBy: Mutation | undefined;
    for (const candidate of matching) {
      const later = effective.find((w) => w !== candidate && finishedBefore(candidate.record, w.record));
      if (later === undefined) return { ok: true };
      supersededBy = later;
    }
    const by = supersededBy as Mutation;
    const source = matching.map((m) => `op${m.record.id}`).join('/');
    return {
      ok: false,
      invariant: by.write === null ? 'no-resurrection' : 'acknowledged-durability',
      message: `${what}: '${this.key}' holds the value of operation ${source}, which acknowledged operation op${by.record.id} (${by.write === null ? 'delete' : 'write'}) replaced after it finished`,
    };
  }

  /** Whether a present key is allowed at all (for has/list, which do not see the bytes). */
  presenceAllowed(window: ObservationWindow): boolean {
    const considered = this.#mutations.filter((m) => m.record.invokedAtStep < window.invokedBefore);
    const effective = considered.filter((m) => this.#isEffective(m.record, window));
    return considered.some((candidate) => candidate.write !== null && !effective.some((w) => w !== candidate && finishedBefore(candidate.record, w.record)));
  }

  #isEffective(record: BlobRecord, window: ObservationWindow): boolean {
    return record.outcome.kind === 'ok' && record.completedAtStep !== null && record.completedAtStep <= window.settledBy;
  }

  /**
   * Why the key must be present, or null if absence is allowed: an effective write (or an
   * AlreadyExists answer) after which no delete can have run.
   */
  #presenceForcedBy(considered: Mutation[], effective: Mutation[], window: ObservationWindow): string | null {
    const deletes = considered.filter((m) => m.write === null);
    const noDeleteAfter = (record: BlobRecord) => deletes.every((d) => finishedBefore(d.record, record));
    for (const write of effective) {
      if (write.write !== null && noDeleteAfter(write.record)) {
        return `operation op${write.record.id} wrote it, was acknowledged, and no delete can have run after it`;
      }
    }
    for (const witness of this.#witnesses) {
      if (witness.invokedAtStep >= window.invokedBefore || !this.#isSettled(witness, window)) continue;
      if (noDeleteAfter(witness)) return `operation op${witness.id} was told it already exists, and no delete can have run after it`;
    }
    return null;
  }

  #isSettled(record: BlobRecord, window: ObservationWindow): boolean {
    return record.completedAtStep !== null && record.completedAtStep <= window.settledBy;
  }
}
