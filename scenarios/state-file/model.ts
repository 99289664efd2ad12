import type { OperationRecord } from '../../sim/index.js';
import { type ObservationWindow, finishedBefore } from '../support/observation.js';
import { stateFingerprint } from './operations.js';
import type { StateFileOp, StateFileResult } from './operations.js';

/**
 * Which values of the state file a history allows at a point in time: the scenario's reference
 * model, on the time model of support/observation.ts.
 */

type StateFileRecord = OperationRecord<StateFileOp, StateFileResult>;

export type Judgement =
  | { readonly ok: true }
  | { readonly ok: false; readonly invariant: 'no-partial-visibility' | 'acknowledged-durability'; readonly message: string };

interface Save {
  readonly record: StateFileRecord;
  readonly fingerprint: string;
}

export class StateFileModel {
  readonly #saves: Save[] = [];

  constructor(history: readonly StateFileRecord[]) {
    for (const record of history) {
      const op = record.operation;
      if (op.kind === 'save') this.#saves.push({ record, fingerprint: stateFingerprint(op) });
    }
  }

  /** Judges a loaded value: `null` when load() found nothing, else the fingerprint of its JSON. */
  judge(observed: string | null, window: ObservationWindow, what: string): Judgement {
    const considered = this.#saves.filter((s) => s.record.invokedAtStep < window.invokedBefore);
    const acknowledged = considered.filter((s) => s.record.outcome.kind === 'ok' && s.record.completedAtStep !== null && s.record.completedAtStep <= window.settledBy);
    if (observed === null) {
      const lost = acknowledged[0];
      if (lost === undefined) return { ok: true };
      return { ok: false, invariant: 'acknowledged-durability', message: `${what}: load() found no state, but save op${lost.record.id} was acknowledged` };
    }
    const matching = considered.filter((s) => s.fingerprint === observed);
    if (matching.length === 0) {
      return {
        ok: false,
        invariant: 'no-partial-visibility',
        message: `${what}: load() returned a value (${observed}) that no save invoked in time wrote (torn, mixed or foreign)`,
      };
    }
    let supersededBy: Save | undefined;
    for (const candidate of matching) {
      const later = acknowledged.find((s) => s !== candidate && finishedBefore(candidate.record, s.record));
      if (later === undefined) return { ok: true };
      supersededBy = later;
    }
    const by = supersededBy as Save;
    return {
      ok: false,
      invariant: 'acknowledged-durability',
      message: `${what}: load() returned the value of save ${matching.map((s) => `op${s.record.id}`).join('/')}, which acknowledged save op${by.record.id} replaced after it finished`,
    };
  }
}
