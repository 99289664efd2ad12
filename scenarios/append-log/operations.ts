import { type OperationMix, type Rng, type WorkloadSize, mixRoll, pickValueSize } from '../../sim/index.js';
import { dealOperations } from '../support/deal.js';
import { fingerprintText, patternText } from '../support/json-values.js';
import { guard, isCount, tagged } from '../support/shape.js';

/**
 * Operations and results of the append-log scenario: appends of short records (distinct strings
 * without newlines) and reads of the whole log. A read records each record as the id of the
 * append that wrote it, or, for a record no append wrote, its fingerprint; never the text.
 */

/** The System of the contract: what a module's `open(root)` resolves to. */
export interface AppendLog {
  /** Appends `record` (a short string without newlines) to the log. */
  append(record: string): Promise<void>;
  /** Every record of the log, in log order. */
  readAll(): Promise<string[]>;
  close?(): Promise<void>;
}

export type AppendLogOp = { readonly kind: 'append'; readonly recordId: number; readonly padLength: number } | { readonly kind: 'readAll' };

/** One record a read returned: the id of the append that wrote it, or `?<fingerprint>` for one no append wrote. */
export type ReadRecord = number | string;

/** A readAll's records (null for an append). */
export type AppendLogResult = readonly ReadRecord[] | null;

/** Pattern lengths of the records: from a few bytes to a few hundred. */
export const PAD_LENGTHS: readonly number[] = [0, 6, 30, 90, 200];

const APPEND_SHARE = 0.7;

/** The record an append writes: its id, then a pattern of its own. */
export function recordText(recordId: number, padLength: number): string {
  return `r${recordId}-${patternText(recordId, 1, padLength)}`;
}

const RECORD_PATTERN = /^r(\d+)-([a-zA-Z0-9]*)$/;

/** What one record read back was: an append's id when it is exactly that append's record. */
export function readRecordOf(record: unknown): ReadRecord {
  if (typeof record !== 'string') return `?not a string but ${record === null ? 'null' : typeof record}`;
  const match = RECORD_PATTERN.exec(record);
  if (match !== null) {
    const id = Number(match[1]);
    if (recordText(id, (match[2] as string).length) === record) return id;
  }
  return `?${fingerprintText(record)}`;
}

/** The bands of the draw below, for swarm's operation mix (sim/swarm). */
export const APPEND_LOG_MIX: OperationMix = [['append', APPEND_SHARE], ['readAll', 1]];

export function generateAppendLogWorkload(rng: Rng, size: WorkloadSize): AppendLogOp[][] {
  return dealOperations(rng, size, (recordId): AppendLogOp => (mixRoll(rng, size, APPEND_LOG_MIX) < APPEND_SHARE ? { kind: 'append', recordId, padLength: pickValueSize(rng, size, PAD_LENGTHS) } : { kind: 'readAll' }));
}

/** The records a readAll resolved to; anything but an array is the implementation's error. */
export function readRecordsOf(records: unknown): ReadRecord[] {
  if (!Array.isArray(records)) throw new TypeError(`readAll() must resolve to an array of strings, got ${records === null ? 'null' : typeof records}`);
  return records.map(readRecordOf);
}

export async function applyAppendLogOp(system: AppendLog, op: AppendLogOp): Promise<AppendLogResult> {
  if (op.kind === 'append') {
    await system.append(recordText(op.recordId, op.padLength));
    return null;
  }
  return readRecordsOf(await system.readAll());
}

export function describeAppendLogOp(op: AppendLogOp): string {
  return op.kind === 'append' ? `append r${op.recordId} (${recordText(op.recordId, op.padLength).length} B)` : 'readAll';
}

/** Whether a value read back from a report is one of this scenario's operations. */
export const isAppendLogOp = guard<AppendLogOp>(tagged({
  append: { recordId: isCount, padLength: isCount },
  readAll: {},
}));
