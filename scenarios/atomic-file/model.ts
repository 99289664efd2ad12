import type { OperationRecord } from '../../sim/index.js';
import type { ObservationWindow } from '../support/observation.js';
import { RegisterModel, type RegisterJudgement, type RegisterWrite } from '../support/register-model.js';
import { fingerprintOf } from '../support/text-values.js';
import type { AtomicFileOp, AtomicFileResult } from './operations.js';

/**
 * What a history allows each file to hold: one register per name (support/register-model.ts),
 * written by the saves of that name, never removed. A file is absent only while no save of it
 * was acknowledged.
 */

type AtomicFileRecord = OperationRecord<AtomicFileOp, AtomicFileResult>;

const WORDS = { write: 'save', remove: 'removal', read: 'load' };

export class AtomicFileModel {
  readonly #files = new Map<string, RegisterModel>();

  constructor(history: readonly AtomicFileRecord[]) {
    const writesByName = new Map<string, RegisterWrite[]>();
    for (const record of history) {
      const op = record.operation;
      const writes = writesByName.get(op.name) ?? [];
      writesByName.set(op.name, writes);
      if (op.kind === 'save') writes.push({ record, fingerprint: fingerprintOf(op.valueId, op.sizeBytes) });
    }
    for (const [name, writes] of writesByName) this.#files.set(name, new RegisterModel(writes, WORDS));
  }

  /** The names the history saves or loads, in name order. */
  get names(): string[] {
    return [...this.#files.keys()].sort();
  }

  judge(name: string, observed: string | null, window: ObservationWindow, what: string): RegisterJudgement {
    return (this.#files.get(name) ?? new RegisterModel([], WORDS)).judge(observed, window, what);
  }
}
