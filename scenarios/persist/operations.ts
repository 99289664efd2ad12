import type { Anchor, Block, CommitQc, Persistence } from '../../src/persist/index.js';
import type { Mutex } from '../../src/support/index.js';
import type { Rng, WorkloadSize } from '../../sim/index.js';
import { arrayOf, guard, isCount, isNonNegative, nullable, record, tagged } from '../support/shape.js';

/**
 * The operations of the `persist` scenario: persist cycles of a deterministic producer (the
 * consensus engine's side), so the check can recompute every payload.
 */

export const PERSIST_LANES: readonly number[] = [0x0a, 0x1b, 0x2c];

/** A producer: the consensus engine's side, deterministic so the check can recompute payloads. */
export interface PersistSystem {
  readonly persistence: Persistence;
  /** Next block number produced per lane, next road produced, current anchor. */
  readonly producer: { nextBlock: Map<number, number>; nextRoad: number; anchor: Anchor | undefined };
  readonly lock: Mutex;
}

export interface PersistOperation {
  readonly kind: 'cycle';
  /** New blocks per lane (index into PERSIST_LANES). */
  readonly blocksPerLane: readonly number[];
  readonly qcsCount: number;
  /** When set, the anchor advances: fractions of the distance to the newest road / block. */
  readonly anchor: { readonly road: number; readonly lanes: readonly number[] } | null;
}

export interface PersistResult {
  readonly anchor: { readonly roadIndex: number; readonly laneFirsts: readonly [number, number][] } | null;
  /** Last block number produced per lane after the cycle (0: none). */
  readonly lastBlocks: readonly [number, number][];
  readonly lastRoad: number;
  /**
   * What THIS cycle wrote: per lane its last block (0: none), and its last certificate's road
   * (0: none). The producer keeps numbering past a cycle that failed (an injected fault), so the
   * producer's counters above overstate what acknowledged cycles made durable: acknowledged
   * durability is judged on these.
   */
  readonly wroteBlocks: readonly [number, number][];
  readonly wroteRoad: number;
  /** What the probes after the cycle saw (see probeAfterCycle). */
  readonly probes: PersistProbes;
}

/**
 * After each acknowledged cycle, the producer re-sends its newest certificate and offers each
 * existing lane its newest produced block again, directly to the persisters, as a restarted or
 * confused engine would. Both are below the persisters' cursors: the certificate must be ignored
 * (idempotent: no error, nothing appended), the block refused (a block number is never reused,
 * not even after an anchor emptied the lane).
 */
export interface PersistProbes {
  /** The re-sent certificate's road (0: none re-sent). */
  readonly resentRoad: number;
  /** The error re-sending it threw, or null. */
  readonly resendError: string | null;
  /** Certificates the WAL held before and after the re-send. */
  readonly qcsCountBefore: number;
  readonly qcsCountAfter: number;
  /** Lane and number of every re-offered block the lane accepted. */
  readonly staleAccepted: readonly [number, number][];
}

export function blockPayload(lane: number, number: number): Uint8Array {
  return new TextEncoder().encode(`block ${lane}/${number} ${'#'.repeat((lane * 7 + number * 13) % 90)}`);
}

export function qcPayload(roadIndex: number): Uint8Array {
  return new TextEncoder().encode(`qc ${roadIndex} ${'*'.repeat((roadIndex * 11) % 70)}`);
}

export function generatePersistWorkload(rng: Rng, size: WorkloadSize): PersistOperation[][] {
  const programs: PersistOperation[][] = Array.from({ length: size.clientsCount }, () => []);
  for (let i = 0; i < size.operationsCount; i++) {
    const operation: PersistOperation = {
      kind: 'cycle',
      blocksPerLane: PERSIST_LANES.map(() => (rng.chance(0.6) ? rng.int(4) : 0)),
      qcsCount: rng.int(3),
      anchor: rng.chance(0.4) ? { road: rng.float(), lanes: PERSIST_LANES.map(() => rng.float() * 1.3) } : null,
    };
    (programs[rng.int(size.clientsCount)] as PersistOperation[]).push(operation);
  }
  return programs;
}

/** Builds the cycle's batch from the producer state (under the system's lock) and persists it. */
export async function applyPersistCycle(system: PersistSystem, operation: PersistOperation): Promise<PersistResult> {
  return system.lock.run(async () => {
    const producer = system.producer;
    const blocks = produceBlocks(producer, operation);
    const qcs: CommitQc[] = [];
    for (let k = 0; k < operation.qcsCount; k++) {
      qcs.push({ roadIndex: producer.nextRoad, payload: qcPayload(producer.nextRoad) });
      producer.nextRoad++;
    }
    const anchor = advanceAnchor(producer, operation);
    await system.persistence.persist(anchor === undefined ? { blocks, qcs } : { anchor, blocks, qcs });
    const probes = await probeAfterCycle(system);
    return {
      anchor: anchor === undefined ? null : { roadIndex: anchor.roadIndex, laneFirsts: [...anchor.laneFirsts] },
      lastBlocks: PERSIST_LANES.map((lane) => [lane, (producer.nextBlock.get(lane) ?? 1) - 1]),
      lastRoad: producer.nextRoad - 1,
      wroteBlocks: PERSIST_LANES.map((lane) => [lane, Math.max(0, ...blocks.filter((block) => block.lane === lane).map((block) => block.number))]),
      wroteRoad: Math.max(0, ...qcs.map((qc) => qc.roadIndex)),
      probes,
    };
  });
}

/** The probes of PersistProbes; on the bundled store they touch no file. */
async function probeAfterCycle(system: PersistSystem): Promise<PersistProbes> {
  const { persistence, producer } = system;
  const resentRoad = producer.nextRoad - 1;
  const qcsCountBefore = persistence.qcs.count;
  let resendError: string | null = null;
  if (resentRoad >= 1) {
    try {
      await persistence.qcs.persist({ roadIndex: resentRoad, payload: qcPayload(resentRoad) });
    } catch (error) {
      resendError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
  const staleAccepted: [number, number][] = [];
  for (const lane of PERSIST_LANES) {
    const stale = (producer.nextBlock.get(lane) ?? 1) - 1;
    if (stale < 1 || !persistence.blocks.lanes.includes(lane)) continue;
    try {
      await persistence.blocks.persistBlocks(lane, [{ lane, number: stale, payload: blockPayload(lane, stale) }]);
      staleAccepted.push([lane, stale]);
    } catch (error) {
      // By name, not class: an --impl module may bring its own copy of the store.
      if (!(error instanceof Error && error.name === 'PersistGapError')) throw error;
    }
  }
  return { resentRoad: Math.max(0, resentRoad), resendError, qcsCountBefore, qcsCountAfter: persistence.qcs.count, staleAccepted };
}

function produceBlocks(producer: PersistSystem['producer'], operation: PersistOperation): Block[] {
  const blocks: Block[] = [];
  PERSIST_LANES.forEach((lane, i) => {
    for (let k = 0; k < (operation.blocksPerLane[i] ?? 0); k++) {
      const number = producer.nextBlock.get(lane) ?? 1;
      blocks.push({ lane, number, payload: blockPayload(lane, number) });
      producer.nextBlock.set(lane, number + 1);
    }
  });
  return blocks;
}

/** The cycle's new anchor, when it moves one (recorded as the producer's current anchor). */
function advanceAnchor(producer: PersistSystem['producer'], operation: PersistOperation): Anchor | undefined {
  const newestRoad = producer.nextRoad - 1;
  if (operation.anchor === null || newestRoad < 1) return undefined;
  const current = producer.anchor;
  const fromRoad = current?.roadIndex ?? 1;
  const roadIndex = fromRoad + Math.floor(operation.anchor.road * (newestRoad - fromRoad + 1));
  const laneFirsts = new Map<number, number>();
  PERSIST_LANES.forEach((lane, i) => {
    const from = current?.laneFirsts.get(lane) ?? 1;
    // May pass everything produced: the lane is then emptied and re-anchored.
    const next = producer.nextBlock.get(lane) ?? 1;
    laneFirsts.set(lane, Math.max(from, Math.floor(from + (operation.anchor?.lanes[i] ?? 0) * (next - from + 1))));
  });
  const anchor: Anchor = { roadIndex, qc: { roadIndex, payload: qcPayload(roadIndex) }, laneFirsts };
  producer.anchor = anchor;
  return anchor;
}

export function describePersistCycle(operation: PersistOperation): string {
  return `cycle blocks=${operation.blocksPerLane.join('/')} qcs=${operation.qcsCount}${operation.anchor === null ? '' : ' +anchor'}`;
}

/** Whether a value is a PersistOperation (a replayed report's workload is checked with it). */
export const isPersistOperation = guard<PersistOperation>(tagged({
  cycle: { blocksPerLane: arrayOf(isCount), qcsCount: isCount, anchor: nullable(record({ road: isNonNegative, lanes: arrayOf(isNonNegative) })) },
}));
