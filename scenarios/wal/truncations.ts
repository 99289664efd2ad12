import type { Violation } from '../../sim/index.js';
import { finishedBefore } from '../support/observation.js';
import { backTruncationCovering, type BitflipDamage, type WalRecord } from './model.js';
import { describeWalOperation, entryKey, type WalEntry } from './operations.js';

/**
 * Acknowledged truncations are durable, and the index counter never goes back:
 * - after an acknowledged truncateFront(i) or truncateAll (which left the first index at i), the
 *   recovered first index is at least i: nothing below it comes back;
 * - after an acknowledged truncateBack(i), no entry of an append that finished before it was
 *   invoked is replayed above i (those indices may be reused, but never by the removed entries);
 * - nextIndex is past the last index of every acknowledged append that no truncateBack may have
 *   removed, and past every acknowledged front truncation.
 * Bit flips may cut acknowledged entries as a torn tail (see BitflipDamage), which lowers nextIndex
 * legitimately; they never bring removed entries back.
 */
export function checkTruncations(history: readonly WalRecord[], first: number, values: readonly WalEntry[], damage: BitflipDamage, next: number): Violation[] {
  const violations: Violation[] = [];
  const positions = new Map(values.map((value, position) => [entryKey(value), first + position]));
  for (const record of history) {
    const { operation, outcome } = record;
    if (outcome.kind !== 'ok' || !('index' in outcome.value)) continue;
    const index = outcome.value.index;
    if ((operation.kind === 'truncateFront' || operation.kind === 'truncateAll') && first < index) {
      violations.push({
        invariant: 'truncation-durable',
        message: `${describeRecord(record)} was acknowledged with the first index at ${index}, but the recovered log starts at ${first}: removed entries came back`,
      });
    }
    if (operation.kind === 'truncateBack') violations.push(...resurrectedAbove(history, record, index, positions));
  }
  if (damage === 'none') violations.push(...counterWentBack(history, next));
  return violations;
}

/** Entries a truncateBack to `index` removed (appended before it was invoked) found above `index`. */
function resurrectedAbove(history: readonly WalRecord[], truncation: WalRecord, index: number, positions: ReadonlyMap<string, number>): Violation[] {
  const violations: Violation[] = [];
  for (const append of history) {
    const { operation, outcome } = append;
    if (operation.kind !== 'append' || outcome.kind !== 'ok' || !('first' in outcome.value) || !finishedBefore(append, truncation)) continue;
    for (let part = 0; part < operation.paddings.length; part++) {
      const key = entryKey({ opId: operation.opId, part, paddingBytes: 0 });
      const at = positions.get(key);
      if (at === undefined || outcome.value.first + part <= index) continue;
      violations.push({
        invariant: 'truncation-durable',
        message: `${key} (appended at index ${outcome.value.first + part} by op${append.id}) is replayed at index ${at}, but ${describeRecord(truncation)} removed every entry above ${index} and was acknowledged`,
      });
    }
  }
  return violations;
}

/** nextIndex below what acknowledged operations put it past, with no truncateBack to explain it. */
function counterWentBack(history: readonly WalRecord[], next: number): Violation[] {
  let highest: { index: number; record: WalRecord } | undefined;
  for (const record of history) {
    const { operation, outcome } = record;
    if (outcome.kind !== 'ok') continue;
    let floor: number | undefined;
    if (operation.kind === 'append' && 'first' in outcome.value && outcome.value.last >= outcome.value.first) {
      if (!backTruncationCovering(history, record, outcome.value.last)) floor = outcome.value.last + 1;
    } else if ((operation.kind === 'truncateFront' || operation.kind === 'truncateAll') && 'index' in outcome.value) {
      floor = outcome.value.index;
    }
    if (floor !== undefined && (highest === undefined || floor > highest.index)) highest = { index: floor, record };
  }
  if (highest === undefined || next >= highest.index) return [];
  return [{
    invariant: 'index-monotonic',
    message: `the recovered nextIndex is ${next}, but ${describeRecord(highest.record)} was acknowledged with it at ${highest.index} at least, and no truncateBack can have lowered it`,
  }];
}

function describeRecord(record: WalRecord): string {
  return `op${record.id} (${describeWalOperation(record.operation)}, client ${record.client})`;
}
