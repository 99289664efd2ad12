import { join } from '../../src/fs/index.js';
import { damagesData, isCorruptionReport } from '../../sim/index.js';
import type { CheckInput, Violation } from '../../sim/index.js';
import { DISK_FAULT_CODES, type ErrorContract, unexpectedErrors } from '../support/unexpected-errors.js';
import { flipsInNewestSegments } from '../support/wal-damage.js';
import { type BitflipDamage, type WalRecord, backTruncationCovering, frontTruncationCovering, witnessed } from './model.js';
import { WAL_DIR, type WalEntry, type WalOperation, type WalResult, type WalSystem, describeWalOperation, entryKey } from './operations.js';
import { checkTruncations } from './truncations.js';

/**
 * The `wal` invariants: replay is contiguous and succeeds; every acknowledged append is present
 * and unchanged at the indices it was given, unless a truncation that might have run after it
 * removed it; acknowledged truncations stay done and the index counter never goes back; nothing
 * phantom; no entry at a wrong index or twice; no error the log does not document; no temp file
 * left behind.
 */

/**
 * What the log may reject with. The scenario asks only for truncations inside the range it saw
 * when it called, but another client's truncation queued first can move that range, so a
 * truncation may find its index out of range (a RangeError). A failed write or sync makes the log
 * refuse every later call (LogFailedError): only an injected fault explains that.
 */
export const WAL_ERROR_CONTRACT: ErrorContract<WalOperation> = {
  documented: (operation) => (operation.kind === 'truncateFront' || operation.kind === 'truncateBack' ? ['RangeError'] : []),
  faultCodes: [...DISK_FAULT_CODES, 'LogFailedError'],
  describe: describeWalOperation,
};

export async function checkWal({ history, recovered, fs, root, injected }: CheckInput<WalSystem, WalOperation, WalResult>): Promise<Violation[]> {
  const violations: Violation[] = unexpectedErrors({ history, injected }, WAL_ERROR_CONTRACT);
  // Bit flips (--faults bitflip) destroy entries: the log must refuse them (a corruption error)
  // or drop them, never replay altered ones; it may drop acknowledged ones only where it cannot
  // tell the damage from a torn tail (see `BitflipDamage`).
  const flips = (injected ?? []).filter((fault) => damagesData(fault) && fault.path.startsWith(`${join(root, WAL_DIR)}/`));
  const flipped = flips.length > 0;
  let values: WalEntry[];
  try {
    values = await recovered.readAll();
  } catch (error) {
    if (flipped && isCorruptionReport(error)) return [];
    return [{ invariant: 'contiguous-replay', message: `replay failed: ${error instanceof Error ? error.message : String(error)}` }];
  }
  const newest = await flipsInNewestSegments(fs, flips, join(root, WAL_DIR));
  const bits = newest.reduce((count, fault) => count + flippedBitsCount(fault.detail), 0);
  const damage: BitflipDamage = bits === 0 ? 'none' : bits === 1 ? 'one-bit' : 'many-bits';
  violations.push(...checkWalHistory(history, recovered.firstIndex, values, damage, recovered.nextIndex));
  const leftovers = (await fs.readdir(join(root, WAL_DIR))).filter((name) => name.endsWith('.tmp'));
  if (leftovers.length > 0) violations.push({ invariant: 'no-leaks', message: `temp files left after recovery: ${leftovers.join(', ')}` });
  return violations;
}

/** How many bits a bitflip fault's detail (`flipped bits 3, 17 (byte ...)`) reports. */
export function flippedBitsCount(detail: string): number {
  const listed = /flipped bits? ([\d, ]+)/.exec(detail)?.[1];
  // Unparseable: assume the worst case for the check (several frames damaged).
  return listed === undefined ? Number.POSITIVE_INFINITY : listed.split(',').filter((bit) => bit.trim() !== '').length;
}

/**
 * The history check, separate from the scenario so that hand-built histories can test it.
 * `first` is the recovered first index and `values` the replay from there; `next` the recovered
 * nextIndex (by default what the replay implies).
 */
export function checkWalHistory(
  history: readonly WalRecord[],
  first: number,
  values: readonly WalEntry[],
  damage: BitflipDamage = 'none',
  next: number = first + values.length,
): Violation[] {
  const appends = new Map<number, WalRecord>();
  for (const record of history) if (record.operation.kind === 'append') appends.set(record.operation.opId, record);
  return [
    ...checkReplayedEntries(appends, first, values),
    ...checkAcknowledgedAppends(history, appends, first, values, damage),
    ...checkTruncations(history, first, values, damage, next),
  ];
}

/** What is at each index: known entries, at the index their append was given, once each. */
function checkReplayedEntries(appends: ReadonlyMap<number, WalRecord>, first: number, values: readonly WalEntry[]): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  values.forEach((value, position) => {
    const index = first + position;
    const record = appends.get(value.opId);
    const operation = record?.operation;
    if (record === undefined || operation?.kind !== 'append' || value.part >= operation.paddings.length || operation.paddings[value.part] !== value.paddingBytes) {
      violations.push({ invariant: 'no-phantom', message: `index ${index} holds ${entryKey(value)}, which no append wrote` });
      return;
    }
    const key = entryKey(value);
    if (seen.has(key)) violations.push({ invariant: 'no-duplicate', message: `${key} is replayed twice (again at index ${index})` });
    seen.add(key);
    const outcome = record.outcome;
    if (outcome.kind === 'ok' && 'first' in outcome.value && outcome.value.first + value.part !== index) {
      violations.push({
        invariant: 'index-stable',
        message: `${key} was acknowledged at index ${outcome.value.first + value.part} but is replayed at index ${index}`,
      });
    }
  });
  return violations;
}

/** Acknowledged appends: each entry present and unchanged unless a truncation may have removed it. */
function checkAcknowledgedAppends(
  history: readonly WalRecord[],
  appends: ReadonlyMap<number, WalRecord>,
  first: number,
  values: readonly WalEntry[],
  damage: BitflipDamage,
): Violation[] {
  const violations: Violation[] = [];
  const last = first + values.length - 1;
  for (const record of appends.values()) {
    if (record.outcome.kind !== 'ok' || !('first' in record.outcome.value)) continue;
    const acknowledged = record.outcome.value;
    for (let index = acknowledged.first; index <= acknowledged.last; index++) {
      const key = `v${record.operation.kind === 'append' ? record.operation.opId : -1}.${index - acknowledged.first}`;
      const found = index >= first && index <= last ? values[index - first] : undefined;
      if (found !== undefined && entryKey(found) === key) continue;
      const excuse = index < first ? frontTruncationCovering(history, record, index) : backTruncationCovering(history, record, index);
      if (excuse || damage === 'many-bits' || (damage === 'one-bit' && !witnessed(history, appends, record))) continue;
      const held = last < first ? `no entry at all, from first index ${first}` : `indices ${first}..${last}`;
      const where = found === undefined ? `missing; the replay holds ${held}` : `replaced by ${entryKey(found)}`;
      violations.push({ invariant: 'acknowledged-durability', message: `${key}, acknowledged at index ${index} by ${describeRecord(record)}, is ${where}` });
    }
  }
  return violations;
}

function describeRecord(record: WalRecord): string {
  return `op${record.id} (${describeWalOperation(record.operation)}, client ${record.client})`;
}
