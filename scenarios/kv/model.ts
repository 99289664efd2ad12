import type { OperationRecord } from '../../sim/index.js';
import type { ObservationWindow } from '../support/observation.js';
import { RegisterModel, type RegisterJudgement, type RegisterWrite } from '../support/register-model.js';
import { fingerprintOf } from '../support/text-values.js';
import type { KvOp, KvResult } from './operations.js';

/**
 * What a history allows each key to hold: one register per key (support/register-model.ts),
 * written by its puts and removed by its deletes.
 */

type KvRecord = OperationRecord<KvOp, KvResult>;

const WORDS = { write: 'put', remove: 'delete', read: 'get' };

export class KvModel {
  readonly #keys = new Map<string, RegisterModel>();

  constructor(history: readonly KvRecord[]) {
    const writesByKey = new Map<string, RegisterWrite[]>();
    for (const record of history) {
      const op = record.operation;
      const writes = writesByKey.get(op.key) ?? [];
      writesByKey.set(op.key, writes);
      if (op.kind === 'put') writes.push({ record, fingerprint: fingerprintOf(op.valueId, op.sizeBytes) });
      else if (op.kind === 'delete') writes.push({ record, fingerprint: null });
    }
    for (const [key, writes] of writesByKey) this.#keys.set(key, new RegisterModel(writes, WORDS));
  }

  /** The keys the history touches, in key order. */
  get keys(): string[] {
    return [...this.#keys.keys()].sort();
  }

  judge(key: string, observed: string | null, window: ObservationWindow, what: string): RegisterJudgement {
    return (this.#keys.get(key) ?? new RegisterModel([], WORDS)).judge(observed, window, what);
  }
}
