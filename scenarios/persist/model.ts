import { join } from '../../src/fs/index.js';
import type { FileSystem } from '../../src/fs/index.js';
import { ANCHOR_DIR_NAME, BLOCKS_DIR_NAME, COMMIT_QCS_DIR_NAME, laneDirName } from '../../src/persist/index.js';
import type { InjectedFault, OperationRecord } from '../../sim/index.js';
import { damagesData } from '../../sim/index.js';
import { flipsInNewestSegments } from '../support/wal-damage.js';
import { PERSIST_LANES, type PersistOperation, type PersistResult } from './operations.js';

/**
 * What the history of the `persist` scenario promises the restarted system: what acknowledged
 * cycles made durable, and which of those promises a bit flip may have excused.
 */

export type PersistRecord = OperationRecord<PersistOperation, PersistResult>;

export type AcknowledgedAnchor = NonNullable<PersistResult['anchor']>;

/** What the acknowledged cycles of a history wrote. */
export interface Acknowledged {
  /** Every anchor an acknowledged cycle wrote, in history order. */
  readonly anchors: readonly AcknowledgedAnchor[];
  /** The newest of them (the last one on equal roads), or null. */
  readonly lastAnchor: AcknowledgedAnchor | null;
  /** The newest certificate's road (0: none). */
  readonly lastRoad: number;
  /** The newest block of `lane` (0: none). */
  lastBlock(lane: number): number;
}

/**
 * A cycle acknowledges what it wrote; what a failed cycle wrote may or may not be there, and
 * without faults (no failed cycles) this equals the producer's counters at the last ack.
 */
export function acknowledgedIn(history: readonly PersistRecord[]): Acknowledged {
  const acked = history.filter((record) => record.outcome.kind === 'ok').map((record) => (record.outcome as { value: PersistResult }).value);
  const anchors = acked.map((result) => result.anchor).filter((anchor) => anchor !== null);
  return {
    anchors,
    lastAnchor: anchors.reduce<AcknowledgedAnchor | null>((best, a) => (best === null || a.roadIndex >= best.roadIndex ? a : best), null),
    lastRoad: Math.max(0, ...acked.map((result) => result.wroteRoad)),
    lastBlock: (lane) => Math.max(0, ...acked.map((result) => result.wroteBlocks.find(([l]) => l === lane)?.[1] ?? 0)),
  };
}

/**
 * Which WALs a bit flip (--faults bitflip) damaged in the newest segment, in the post-crash
 * state. A WAL cannot always tell a flipped bit in the synced part of its newest segment from a
 * torn unsynced tail (only when a later frame vouches for the damaged one, see
 * src/wal/recovery.ts), so it may cut entries there: losing acknowledged entries of such a WAL is
 * then no violation. Serving an altered entry or a gap still is, and so is losing entries after a
 * flip elsewhere (a sealed segment, the first-index record: the WAL must refuse to open).
 *
 * A damaged anchor slot (`anchor`) cannot be told from a torn write, so loading may fall back to
 * the previous anchor record (src/persist/anchor-store.ts): the anchor going back is then allowed,
 * but only with everything the LOADED anchor needs still there (every other check is judged
 * against the loaded anchor); when pruning already removed some of it, startup must refuse with a
 * corruption error, which the runner accepts as detection.
 */
export interface PersistDamage {
  readonly lanes: ReadonlySet<number>;
  readonly qcs: boolean;
  readonly anchor: boolean;
}

export const NO_PERSIST_DAMAGE: PersistDamage = { lanes: new Set(), qcs: false, anchor: false };

export async function persistDamage(fs: FileSystem, injected: readonly InjectedFault[], root: string): Promise<PersistDamage> {
  const flipped = injected.filter((fault) => damagesData(fault)).map((fault) => fault.path);
  // Only a flip in a log's newest segment can cost it acknowledged entries without a refusal.
  const lanes = new Set<number>();
  for (const lane of PERSIST_LANES) {
    if ((await flipsInNewestSegments(fs, injected, join(root, BLOCKS_DIR_NAME, laneDirName(lane)))).length > 0) lanes.add(lane);
  }
  return {
    lanes,
    qcs: (await flipsInNewestSegments(fs, injected, join(root, COMMIT_QCS_DIR_NAME))).length > 0,
    anchor: flipped.some((path) => path.startsWith(`${join(root, ANCHOR_DIR_NAME)}/`)),
  };
}
