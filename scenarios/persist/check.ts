import type { Anchor, LoadedState } from '../../src/persist/index.js';
import type { CheckInput, Violation } from '../../sim/index.js';
import { DISK_FAULT_CODES, type ErrorContract, unexpectedErrors } from '../support/unexpected-errors.js';
import { type Acknowledged, type AcknowledgedAnchor, NO_PERSIST_DAMAGE, type PersistDamage, type PersistRecord, acknowledgedIn, persistDamage } from './model.js';
import { PERSIST_LANES, type PersistOperation, type PersistResult, type PersistSystem, blockPayload, describePersistCycle, qcPayload } from './operations.js';

/**
 * The `persist` invariants after restart: startup succeeds with no gaps; the anchor is the last
 * acknowledged one or newer; its certificate is served; every acknowledged block and certificate
 * the anchor still needs is there and unchanged, served in order with no gap anywhere, and
 * nothing below the anchor is served (pruning happened); every lane accepts the block the anchor
 * says comes next. During the run: a re-sent certificate is ignored, a block number is never
 * accepted twice, and no cycle rejects with an error its contract does not document.
 */

/**
 * What a cycle may reject with. The producer hands `Persistence.persist` contiguous blocks of
 * existing lanes and contiguous certificates, so none of the persisters' refusals (PersistGapError,
 * a RangeError for a block of the wrong lane) applies on a healthy disk: a cycle documents no
 * error (the probes' stale block is refused with PersistGapError inside the cycle, which catches
 * it). A failed cycle makes every later one refuse with PersistenceFailedError (fail-stop): only
 * an injected fault explains that. Pruning reads the WALs back, so rot reaching those reads is
 * reported as the log's CorruptLogError.
 */
export const PERSIST_ERROR_CONTRACT: ErrorContract<PersistOperation> = {
  documented: () => [],
  faultCodes: [...DISK_FAULT_CODES, 'PersistenceFailedError'],
  describe: describePersistCycle,
};

export async function checkPersist({ history, recovered, fs, root, injected }: CheckInput<PersistSystem, PersistOperation, PersistResult>): Promise<Violation[]> {
  return [...unexpectedErrors({ history, injected }, PERSIST_ERROR_CONTRACT), ...checkPersistHistory(history, recovered, await persistDamage(fs, injected ?? [], root))];
}

/** The history check on a recovered system; exported for hand-built histories. */
export function checkPersistHistory(history: readonly PersistRecord[], recovered: PersistSystem, damage: PersistDamage = NO_PERSIST_DAMAGE): Violation[] {
  const loaded = recovered.persistence.loaded;
  const acknowledged = acknowledgedIn(history);
  const anchor = loaded.anchor;
  const violations = [...checkProbes(history), ...checkAnchor(loaded, acknowledged, damage), ...checkCertificates(loaded, acknowledged, damage)];
  for (const lane of PERSIST_LANES) violations.push(...checkLane(lane, recovered, acknowledged, damage));
  violations.push(...checkReplayOrder(loaded));
  const nextRoad = recovered.persistence.qcs.nextRoad;
  if (anchor !== undefined && (nextRoad === undefined || nextRoad <= anchor.roadIndex)) {
    violations.push({ invariant: 'cursor-anchored', message: `the certificate WAL accepts road ${String(nextRoad)} next, not past the anchor's ${anchor.roadIndex}` });
  }
  return violations;
}

/** The loaded anchor: the last acknowledged one or newer (or an acknowledged one after damage), and servable. */
function checkAnchor(loaded: LoadedState, acknowledged: Acknowledged, damage: PersistDamage): Violation[] {
  const violations: Violation[] = [];
  const anchor = loaded.anchor;
  const last = acknowledged.lastAnchor;
  if (last !== null && (anchor === undefined || anchor.roadIndex < last.roadIndex) && !damage.anchor) {
    violations.push({ invariant: 'anchor-durability', message: `anchor at road ${String(anchor?.roadIndex)} after restart, but road ${last.roadIndex} was acknowledged` });
  }
  if (last !== null && anchor !== undefined && anchor.roadIndex < last.roadIndex && damage.anchor && !acknowledged.anchors.some((a) => sameAnchor(a, anchor))) {
    violations.push({ invariant: 'anchor-durability', message: `the anchor fell back to road ${anchor.roadIndex}, which is no anchor that was acknowledged` });
  }
  const first = loaded.qcs[0];
  if (anchor !== undefined && (first === undefined || first.roadIndex !== anchor.roadIndex)) {
    violations.push({ invariant: 'anchor-servable', message: `the anchor is at road ${anchor.roadIndex} but the certificates start at ${String(first?.roadIndex)}` });
  }
  // With no anchor everything from road 1 is needed: a front that starts later is a hole (only a
  // fallback past a damaged anchor record could leave one).
  if (anchor === undefined && first !== undefined && first.roadIndex > 1) {
    violations.push({ invariant: 'anchor-servable', message: `no anchor loaded, so every certificate is needed, but they start at road ${first.roadIndex}` });
  }
  return violations;
}

/** The certificates: unaltered, and every acknowledged one the anchor needs still there. */
function checkCertificates(loaded: LoadedState, acknowledged: Acknowledged, damage: PersistDamage): Violation[] {
  const violations: Violation[] = [];
  const anchorRoad = loaded.anchor?.roadIndex ?? 1;
  for (const qc of loaded.qcs) {
    if (!sameBytes(qc.payload, qcPayload(qc.roadIndex))) violations.push({ invariant: 'no-phantom', message: `certificate ${qc.roadIndex} has altered content` });
  }
  const lastAckedRoad = acknowledged.lastRoad;
  const lastLoadedRoad = loaded.qcs.at(-1)?.roadIndex ?? anchorRoad - 1;
  if (lastAckedRoad >= anchorRoad && lastLoadedRoad < lastAckedRoad && !damage.qcs) {
    violations.push({ invariant: 'acknowledged-durability', message: `certificates up to road ${lastAckedRoad} were acknowledged, only up to ${lastLoadedRoad} survived` });
  }
  return violations;
}

/** A lane: unaltered blocks, every acknowledged one the anchor needs, a cursor past the anchor. */
function checkLane(lane: number, recovered: PersistSystem, acknowledged: Acknowledged, damage: PersistDamage): Violation[] {
  const violations: Violation[] = [];
  const loaded = recovered.persistence.loaded;
  const anchor = loaded.anchor;
  const needed = anchor?.laneFirsts.get(lane) ?? 1;
  const blocks = loaded.blocks.get(lane) ?? [];
  for (const block of blocks) {
    if (!sameBytes(block.payload, blockPayload(lane, block.number))) violations.push({ invariant: 'no-phantom', message: `block ${lane}/${block.number} has altered content` });
  }
  const lastAcked = acknowledged.lastBlock(lane);
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
  const firstLoaded = blocks[0]?.number;
  if (anchor !== undefined && firstLoaded !== undefined && firstLoaded < needed) {
    violations.push({ invariant: 'pruned-to-anchor', message: `lane ${lane} still serves block ${firstLoaded}, below the anchor's first needed block ${needed}: startup prunes to the anchor` });
  }
  const next = recovered.persistence.blocks.nextBlockNumber(lane);
  if (anchor !== undefined && next !== undefined && next < needed) {
    violations.push({ invariant: 'cursor-anchored', message: `lane ${lane} accepts block ${next} next, below the anchor's first needed block ${needed}` });
  }
  return violations;
}

/**
 * Replay has no gap anywhere, not only at the ends: every lane's blocks and the certificates are
 * served in order, each the one after the previous.
 */
function checkReplayOrder(loaded: LoadedState): Violation[] {
  const violations: Violation[] = [];
  const firstBreak = (numbers: readonly number[]): number => numbers.findIndex((n, i) => i > 0 && n !== (numbers[i - 1] as number) + 1);
  for (const lane of PERSIST_LANES) {
    const blocks = loaded.blocks.get(lane) ?? [];
    const foreign = blocks.find((block) => block.lane !== lane);
    if (foreign !== undefined) violations.push({ invariant: 'replay-contiguous', message: `lane ${lane} served block ${foreign.lane}/${foreign.number} of another lane` });
    const at = firstBreak(blocks.map((block) => block.number));
    if (at > 0) {
      violations.push({ invariant: 'replay-contiguous', message: `lane ${lane} served block ${blocks[at]?.number} right after block ${blocks[at - 1]?.number}: a gap inside the replay` });
    }
  }
  const at = firstBreak(loaded.qcs.map((qc) => qc.roadIndex));
  if (at > 0) {
    violations.push({ invariant: 'replay-contiguous', message: `certificate ${loaded.qcs[at]?.roadIndex} was served right after ${loaded.qcs[at - 1]?.roadIndex}: a gap inside the replay` });
  }
  return violations;
}

/** What the probes after each acknowledged cycle saw (PersistProbes). */
function checkProbes(history: readonly PersistRecord[]): Violation[] {
  const violations: Violation[] = [];
  for (const record of history) {
    if (record.outcome.kind !== 'ok') continue;
    const probes = record.outcome.value.probes;
    for (const [lane, number] of probes.staleAccepted) {
      violations.push({ invariant: 'block-number-never-reused', message: `op${record.id}: lane ${lane} accepted block ${number} again, a number it already had` });
    }
    if (probes.resendError !== null) {
      violations.push({ invariant: 'duplicate-idempotent', message: `op${record.id}: re-sending certificate ${probes.resentRoad} failed (${probes.resendError}); a duplicate must be ignored` });
    } else if (probes.qcsCountAfter !== probes.qcsCountBefore) {
      violations.push({ invariant: 'duplicate-idempotent', message: `op${record.id}: re-sending certificate ${probes.resentRoad} changed the WAL from ${probes.qcsCountBefore} to ${probes.qcsCountAfter} entries` });
    }
  }
  return violations;
}

function sameAnchor(a: AcknowledgedAnchor, b: Anchor): boolean {
  return a.roadIndex === b.roadIndex && a.laneFirsts.length === b.laneFirsts.size && a.laneFirsts.every(([lane, first]) => b.laneFirsts.get(lane) === first);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
