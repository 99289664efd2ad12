import type { OperationRecord } from '../../sim/index.js';
import type { WalOperation, WalResult } from './operations.js';

/**
 * What the history of the `wal` scenario allows the recovered log to lack: an acknowledged entry
 * may be missing only when a truncation that may have run after its append covers it, or when a
 * bit flip may have destroyed it undetectably (`BitflipDamage`).
 */

export type WalRecord = OperationRecord<WalOperation, WalResult>;

/**
 * How much a bit flip damaged the log's files. A flip can destroy an acknowledged entry of the
 * newest segment, and the log cuts it as a torn tail unless an intact frame written after that
 * entry was durable records so (the durable watermark, src/wal/frame-format.ts). Only flips in
 * the newest segment count (see `flipsInNewestSegments`); by how many bits they flipped:
 * - 'one-bit': one frame is damaged. An acknowledged entry may be lost only when no append that
 *   was invoked after its acknowledgement was itself acknowledged and may still be on disk (not
 *   covered by a truncation): such an append's frames would be intact witnesses, and the log must
 *   then refuse to open instead.
 * - 'many-bits': the witnesses may be damaged too; losing acknowledged entries is no violation.
 */
export type BitflipDamage = 'none' | 'one-bit' | 'many-bits';

/**
 * Whether an acknowledged append invoked after `append` was acknowledged may still be on disk: its
 * frames then record a watermark covering `append`'s entries, so damage to those is detectable.
 */
export function witnessed(history: readonly WalRecord[], appends: ReadonlyMap<number, WalRecord>, append: WalRecord): boolean {
  const acknowledgedAt = append.completedAtStep;
  if (acknowledgedAt === null) return false;
  for (const later of appends.values()) {
    // A client runs its operations one after another: its later ones follow the acknowledgement.
    const afterAcknowledgement = later.invokedAtStep > acknowledgedAt || (later.client === append.client && later.id > append.id);
    if (!afterAcknowledgement || later.outcome.kind !== 'ok' || !('first' in later.outcome.value)) continue;
    const { first, last } = later.outcome.value;
    if (last < first) continue;
    // Its last entry is the one most likely to survive any truncation.
    if (!frontTruncationCovering(history, later, last) && !backTruncationCovering(history, later, last)) return true;
  }
  return false;
}

/** Whether an operation might have taken effect after `append` was given its indices. */
function notBefore(record: WalRecord, append: WalRecord): boolean {
  return record.completedAtStep === null || record.completedAtStep > append.invokedAtStep || record.outcome.kind !== 'ok';
}

/** A front truncation (or truncate-all) that may have removed `index` of `append`. */
export function frontTruncationCovering(history: readonly WalRecord[], append: WalRecord, index: number): boolean {
  return history.some((record) => {
    const kind = record.operation.kind;
    if ((kind !== 'truncateFront' && kind !== 'truncateAll') || !notBefore(record, append)) return false;
    // truncateAll removes whatever was appended before it ran: its index is not known in advance.
    if (kind === 'truncateAll' || record.outcome.kind !== 'ok' || !('index' in record.outcome.value)) return true;
    return record.outcome.value.index > index;
  });
}

/** A back truncation that may have removed `index` of `append` (its index may then be reused). */
export function backTruncationCovering(history: readonly WalRecord[], append: WalRecord, index: number): boolean {
  return history.some((record) => {
    if (record.operation.kind !== 'truncateBack' || !notBefore(record, append)) return false;
    if (record.outcome.kind !== 'ok' || !('index' in record.outcome.value)) return true;
    return record.outcome.value.index < index;
  });
}
