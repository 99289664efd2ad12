import { join } from '../src/fs/path.js';
import type { FileSystem } from '../src/fs/types.js';
import { laneDirName } from '../src/persist/records.js';
import { Persistence } from '../src/persist/persistence.js';
import type { Anchor } from '../src/persist/anchor-store.js';
import type { Block, CommitQc } from '../src/persist/records.js';
import { Mutex } from '../src/wal/mutex.js';
import type { InjectedFault, OperationRecord, Scenario, SystemFactory, Violation } from '../sim/scenario.js';
import type { Rng } from '../sim/rng.js';
import { flipsInNewestSegments } from './wal.js';

/**
 * Consensus persistence: lanes of blocks and a chain of commit certificates advance while a prune
 * anchor moves forward (sometimes past everything a lane persisted), crashed anywhere. After
 * restart: startup succeeds with no gaps; the anchor is the last acknowledged one or newer; its
 * certificate is served; every acknowledged block and certificate the anchor still needs is there
 * and unchanged; every lane accepts the block the anchor says comes next.
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
}

export function blockPayload(lane: number, number: number): Uint8Array {
  return new TextEncoder().encode(`block ${lane}/${number} ${'#'.repeat((lane * 7 + number * 13) % 90)}`);
}

export function qcPayload(roadIndex: number): Uint8Array {
  return new TextEncoder().encode(`qc ${roadIndex} ${'*'.repeat((roadIndex * 11) % 70)}`);
}

const SEGMENT_SIZE_BYTES = 400;

export const openPersistSystem: SystemFactory<PersistSystem> = async (fs: FileSystem, root: string) => {
  const persistence = await Persistence.open(fs, root, { segmentSizeBytes: SEGMENT_SIZE_BYTES });
  return { persistence, producer: { nextBlock: new Map(PERSIST_LANES.map((lane) => [lane, 1])), nextRoad: 1, anchor: undefined }, lock: new Mutex() };
};

function generate(rng: Rng, size: { clientsCount: number; operationsCount: number }): PersistOperation[][] {
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
async function apply(system: PersistSystem, operation: PersistOperation): Promise<PersistResult> {
  return system.lock.run(async () => {
    const producer = system.producer;
    const blocks: Block[] = [];
    PERSIST_LANES.forEach((lane, i) => {
      for (let k = 0; k < (operation.blocksPerLane[i] ?? 0); k++) {
        const number = producer.nextBlock.get(lane) ?? 1;
        blocks.push({ lane, number, payload: blockPayload(lane, number) });
        producer.nextBlock.set(lane, number + 1);
      }
    });
    const qcs: CommitQc[] = [];
    for (let k = 0; k < operation.qcsCount; k++) {
      qcs.push({ roadIndex: producer.nextRoad, payload: qcPayload(producer.nextRoad) });
      producer.nextRoad++;
    }
    let anchor: Anchor | undefined;
    const newestRoad = producer.nextRoad - 1;
    if (operation.anchor !== null && newestRoad >= 1) {
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
      anchor = { roadIndex, qc: { roadIndex, payload: qcPayload(roadIndex) }, laneFirsts };
      producer.anchor = anchor;
    }
    await system.persistence.persist(anchor === undefined ? { blocks, qcs } : { anchor, blocks, qcs });
    return {
      anchor: anchor === undefined ? null : { roadIndex: anchor.roadIndex, laneFirsts: [...anchor.laneFirsts] },
      lastBlocks: PERSIST_LANES.map((lane) => [lane, (producer.nextBlock.get(lane) ?? 1) - 1]),
      lastRoad: producer.nextRoad - 1,
      wroteBlocks: PERSIST_LANES.map((lane) => [lane, Math.max(0, ...blocks.filter((block) => block.lane === lane).map((block) => block.number))]),
      wroteRoad: Math.max(0, ...qcs.map((qc) => qc.roadIndex)),
    };
  });
}

type PersistRecord = OperationRecord<PersistOperation, PersistResult>;

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
 * but only with everything the LOADED anchor needs still there (every other check below is judged
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
  const flipped = injected.filter((fault) => fault.fault === 'bitflip').map((fault) => fault.path);
  // Only a flip in a log's newest segment can cost it acknowledged entries without a refusal.
  const lanes = new Set<number>();
  for (const lane of PERSIST_LANES) {
    if ((await flipsInNewestSegments(fs, injected, join(root, 'blocks', laneDirName(lane)))).length > 0) lanes.add(lane);
  }
  return {
    lanes,
    qcs: (await flipsInNewestSegments(fs, injected, join(root, 'commitqcs'))).length > 0,
    anchor: flipped.some((path) => path.startsWith(`${join(root, 'anchor')}/`)),
  };
}

/** The history check on a recovered system; exported for hand-built histories. */
export function checkPersistHistory(history: readonly PersistRecord[], recovered: PersistSystem, damage: PersistDamage = NO_PERSIST_DAMAGE): Violation[] {
  const violations: Violation[] = [];
  const loaded = recovered.persistence.loaded;
  const acked = history.filter((record) => record.outcome.kind === 'ok').map((record) => (record.outcome as { value: PersistResult }).value);
  const ackedAnchors = acked.map((result) => result.anchor).filter((anchor) => anchor !== null);
  const lastAckedAnchor = ackedAnchors.reduce<PersistResult['anchor']>((best, a) => (best === null || a.roadIndex >= best.roadIndex ? a : best), null);
  const anchor = loaded.anchor;

  if (lastAckedAnchor !== null && (anchor === undefined || anchor.roadIndex < lastAckedAnchor.roadIndex) && !damage.anchor) {
    violations.push({ invariant: 'anchor-durability', message: `anchor at road ${String(anchor?.roadIndex)} after restart, but road ${lastAckedAnchor.roadIndex} was acknowledged` });
  }
  if (lastAckedAnchor !== null && anchor !== undefined && anchor.roadIndex < lastAckedAnchor.roadIndex && damage.anchor && !ackedAnchors.some((a) => sameAnchor(a, anchor))) {
    violations.push({ invariant: 'anchor-durability', message: `the anchor fell back to road ${anchor.roadIndex}, which is no anchor that was acknowledged` });
  }
  const anchorRoad = anchor?.roadIndex ?? 1;
  const first = loaded.qcs[0];
  if (anchor !== undefined && (first === undefined || first.roadIndex !== anchor.roadIndex)) {
    violations.push({ invariant: 'anchor-servable', message: `the anchor is at road ${anchor.roadIndex} but the certificates start at ${String(first?.roadIndex)}` });
  }
  // With no anchor everything from road 1 is needed: a front that starts later is a hole (only a
  // fallback past a damaged anchor record could leave one).
  if (anchor === undefined && first !== undefined && first.roadIndex > 1) {
    violations.push({ invariant: 'anchor-servable', message: `no anchor loaded, so every certificate is needed, but they start at road ${first.roadIndex}` });
  }
  for (const qc of loaded.qcs) {
    if (!sameBytes(qc.payload, qcPayload(qc.roadIndex))) violations.push({ invariant: 'no-phantom', message: `certificate ${qc.roadIndex} has altered content` });
  }
  // A cycle acknowledges what it wrote; what a failed cycle wrote may or may not be there, and
  // without faults (no failed cycles) this equals the producer's counters at the last ack.
  const lastAckedRoad = Math.max(0, ...acked.map((result) => result.wroteRoad));
  const lastLoadedRoad = loaded.qcs.at(-1)?.roadIndex ?? anchorRoad - 1;
  if (lastAckedRoad >= anchorRoad && lastLoadedRoad < lastAckedRoad && !damage.qcs) {
    violations.push({ invariant: 'acknowledged-durability', message: `certificates up to road ${lastAckedRoad} were acknowledged, only up to ${lastLoadedRoad} survived` });
  }

  for (const lane of PERSIST_LANES) {
    const needed = anchor?.laneFirsts.get(lane) ?? 1;
    const blocks = loaded.blocks.get(lane) ?? [];
    for (const block of blocks) {
      if (!sameBytes(block.payload, blockPayload(lane, block.number))) violations.push({ invariant: 'no-phantom', message: `block ${lane}/${block.number} has altered content` });
    }
    const lastAcked = Math.max(0, ...acked.map((result) => result.wroteBlocks.find(([l]) => l === lane)?.[1] ?? 0));
    if (lastAcked >= needed && !damage.lanes.has(lane)) {
      const firstLoaded = blocks[0]?.number;
      const lastLoaded = blocks.at(-1)?.number;
      if (firstLoaded === undefined || lastLoaded === undefined || firstLoaded > needed || lastLoaded < lastAcked) {
        violations.push({
          invariant: 'acknowledged-durability',
          message: `lane ${lane}: blocks [${needed}, ${lastAcked}] are needed and acknowledged, loaded [${String(firstLoaded)}, ${String(lastLoaded)}]`,
        });
      }
    }
    const next = recovered.persistence.blocks.nextBlockNumber(lane);
    if (anchor !== undefined && next !== undefined && next < needed) {
      violations.push({ invariant: 'cursor-anchored', message: `lane ${lane} accepts block ${next} next, below the anchor's first needed block ${needed}` });
    }
  }
  const nextRoad = recovered.persistence.qcs.nextRoad;
  if (anchor !== undefined && (nextRoad === undefined || nextRoad <= anchor.roadIndex)) {
    violations.push({ invariant: 'cursor-anchored', message: `the certificate WAL accepts road ${String(nextRoad)} next, not past the anchor's ${anchor.roadIndex}` });
  }
  return violations;
}

function sameAnchor(a: NonNullable<PersistResult['anchor']>, b: Anchor): boolean {
  return a.roadIndex === b.roadIndex && a.laneFirsts.length === b.laneFirsts.size && a.laneFirsts.every(([lane, first]) => b.laneFirsts.get(lane) === first);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export const persistScenario: Scenario<PersistSystem, PersistOperation, PersistResult> = {
  name: 'persist',
  description: 'block lanes + commit certificates + two-file anchor: moving anchor, crash anywhere, restart without gaps',
  defaultFactory: openPersistSystem,
  generate,
  apply,
  close: (system) => system.persistence.close(),
  check: async ({ history, recovered, fs, root, injected }) => checkPersistHistory(history, recovered, await persistDamage(fs, injected ?? [], root)),
  describe: (operation) =>
    `cycle blocks=${operation.blocksPerLane.join('/')} qcs=${operation.qcsCount}${operation.anchor === null ? '' : ' +anchor'}`,
};
