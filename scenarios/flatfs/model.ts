import type { OperationRecord } from '../../sim/index.js';
import { foldRound, valueOf, type FlatOperation, type FlatResult } from './operations.js';

/**
 * The reference model: what each key may hold after recovery. Every write of a key (a single put
 * or delete, or what one committed batch round leaves) is an effect; an acknowledged effect is
 * durable (the store syncs). So a key may hold the result of any effect that is not definitely
 * followed by an acknowledged one, and its initial absence only if no effect was acknowledged.
 * Overlapping effects have no order: any of them may win (first successful writer wins).
 */

export type FlatRecord = OperationRecord<FlatOperation, FlatResult>;

export interface Effect {
  readonly record: FlatRecord;
  /** Round of a batch operation; 0 for single writes. */
  readonly round: number;
  /** The value left, or null for a delete. */
  readonly value: string | null;
  /** The operation returned ok: the effect happened and is durable. */
  readonly acknowledged: boolean;
}

/** True when `a` certainly took effect before `b` began. */
export function happenedBefore(a: Effect, b: Effect): boolean {
  if (a.record.id === b.record.id) return a.round < b.round;
  // A client runs its operations one after another.
  if (a.record.client === b.record.client) return a.record.id < b.record.id;
  // Step stamps are coarse: equal stamps may hide either order, so only a strict gap counts.
  return a.record.completedAtStep !== null && a.record.completedAtStep < b.record.invokedAtStep;
}

/** Every effect in the history, per key, in invocation order. */
export function effectsByKey(history: readonly FlatRecord[]): Map<string, Effect[]> {
  const byKey = new Map<string, Effect[]>();
  const add = (key: string, effect: Effect): void => {
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [effect]);
    else list.push(effect);
  };
  for (const record of history) {
    const acknowledged = record.outcome.kind === 'ok';
    const operation = record.operation;
    if (operation.kind === 'put') add(operation.key, { record, round: 0, value: valueOf(operation), acknowledged });
    else if (operation.kind === 'delete') add(operation.key, { record, round: 0, value: null, acknowledged });
    else if (operation.kind === 'batch') {
      operation.rounds.forEach((round, index) => {
        if (round.end !== 'commit') return;
        for (const [key, value] of foldRound(round.writes)) add(key, { record, round: index, value, acknowledged });
      });
    }
  }
  return byKey;
}

/** Values a key may hold after recovery (null: absent). */
export function allowedValues(effects: readonly Effect[]): Set<string | null> {
  const acknowledged = effects.filter((effect) => effect.acknowledged);
  const allowed = new Set<string | null>();
  if (acknowledged.length === 0) allowed.add(null);
  for (const effect of effects) {
    if (!acknowledged.some((later) => happenedBefore(effect, later))) allowed.add(effect.value);
  }
  return allowed;
}

/** Every value any put in the history wrote to `key`, acknowledged or not. */
export function writtenValues(history: readonly FlatRecord[]): Map<string, Set<string>> {
  const values = new Map<string, Set<string>>();
  const add = (key: string, value: string): void => {
    const set = values.get(key);
    if (set === undefined) values.set(key, new Set([value]));
    else set.add(value);
  };
  for (const { operation } of history) {
    if (operation.kind === 'put') add(operation.key, valueOf(operation));
    else if (operation.kind === 'batch') {
      for (const round of operation.rounds) for (const write of round.writes) if (write.kind === 'put') add(write.key, valueOf(write));
    }
  }
  return values;
}
