import type { OperationRecord } from '../../sim/index.js';
import type { MvccOperation, MvccResult } from './operations.js';

/**
 * The reference model of the `mvcc` scenario: every version the history may have written, and
 * what a read at a timestamp may legally return given which of them are certainly there and
 * which only possibly are.
 */

export type MvccRecord = OperationRecord<MvccOperation, MvccResult>;

/** A version some operation of the history wrote (or may have written). */
export interface ModelVersion {
  readonly key: string;
  readonly ts: number;
  /** null: a tombstone. */
  readonly value: string | null;
  readonly expireAt: number | undefined;
  readonly record: MvccRecord;
}

/** Errors that prove a write call changed nothing (it was refused before reaching the log). */
const NOTHING_WRITTEN_CODES = new Set(['MVCC_WRITE_CONFLICT', 'MVCC_INVALID_ARGUMENT', 'MVCC_CLOSED', 'MVCC_READ_TS_COMPACTED']);

/** Whether a write call certainly took effect, certainly did not, or may have. */
export function writeStatus(record: MvccRecord): 'ok' | 'none' | 'unknown' {
  if (record.outcome.kind === 'ok') return 'ok';
  if (record.outcome.kind === 'error' && NOTHING_WRITTEN_CODES.has(record.outcome.code)) return 'none';
  return 'unknown';
}

/** Every version the history may have written, per key, ascending by timestamp. */
export function versionsByKey(history: readonly MvccRecord[]): Map<string, ModelVersion[]> {
  const byKey = new Map<string, ModelVersion[]>();
  const add = (version: ModelVersion): void => {
    const list = byKey.get(version.key) ?? [];
    list.push(version);
    byKey.set(version.key, list);
  };
  for (const record of history) {
    const operation = record.operation;
    if (operation.kind !== 'txn' && operation.kind !== 'write') continue;
    const ts = operation.ticket.ts;
    if (ts === null || writeStatus(record) === 'none') continue;
    const writes = operation.kind === 'txn' ? operation.writes : [operation.write];
    for (const write of writes) {
      add({ key: write.key, ts, value: write.value, expireAt: write.ttl === null ? undefined : ts + write.ttl, record });
    }
  }
  for (const list of byKey.values()) list.sort((a, b) => a.ts - b.ts);
  return byKey;
}

/** What a read at `ts` shows of a version: its value, or null (tombstone, expired, no version). */
export function shownAt(version: ModelVersion | undefined, ts: number): string | null {
  if (version === undefined || version.value === null) return null;
  if (version.expireAt !== undefined && ts >= version.expireAt) return null;
  return version.value;
}

/** Which versions a read can rely on: `certain` ones are there, `possible` ones may be. */
export interface Knowledge {
  certain(version: ModelVersion): boolean;
  possible(version: ModelVersion): boolean;
}

/**
 * The results a read of a key at `ts` may return: what the newest certain version at or below
 * `ts` shows, or what any possible version newer than it (and at or below `ts`) shows.
 */
export function allowedResults(versions: readonly ModelVersion[], ts: number, knowledge: Knowledge): Set<string | null> {
  let newestCertain: ModelVersion | undefined;
  for (const version of versions) if (version.ts <= ts && knowledge.certain(version)) newestCertain = version;
  const allowed = new Set<string | null>([shownAt(newestCertain, ts)]);
  for (const version of versions) {
    if (version.ts > ts || (newestCertain !== undefined && version.ts <= newestCertain.ts)) continue;
    if (knowledge.possible(version)) allowed.add(shownAt(version, ts));
  }
  return allowed;
}

/**
 * What a read during the workload may see: versions whose write completed before the read was
 * invoked are certain; writes that may have run before the read ended are possible.
 */
export function liveKnowledge(read: MvccRecord): Knowledge {
  return {
    certain: (version) => version.record.outcome.kind === 'ok' && (version.record.completedAtStep ?? Infinity) < read.invokedAtStep,
    possible: (version) => read.completedAtStep === null || version.record.invokedAtStep <= read.completedAtStep,
  };
}

/**
 * What survives the crash: acknowledged transactions are certain (they are durable when
 * acknowledged); an acknowledged non-transactional write is certain once a sync invoked after it
 * completed succeeded; everything else that may have been written is possible.
 *
 * With `logDamaged` (a bit flip hit the store's log) nothing is certain: the log cannot tell a
 * flipped bit in its newest segment from a torn tail and cuts there (src/wal/recovery.ts), so
 * acknowledged records may be lost. Every value read must still be one some write wrote.
 */
export function recoveredKnowledge(history: readonly MvccRecord[], logDamaged = false): Knowledge {
  const syncsInvokedAt = history
    .filter((record) => record.operation.kind === 'sync' && record.outcome.kind === 'ok')
    .map((record) => record.invokedAtStep);
  const lastSyncInvokedAt = Math.max(-1, ...syncsInvokedAt);
  return {
    certain: (version) => {
      if (logDamaged) return false;
      const record = version.record;
      if (record.outcome.kind !== 'ok') return false;
      if (record.operation.kind === 'txn') return true;
      return record.completedAtStep !== null && record.completedAtStep < lastSyncInvokedAt;
    },
    possible: () => true,
  };
}

/** Renders a read result for messages. */
export function show(value: string | null): string {
  return value === null ? 'nothing' : JSON.stringify(value);
}
