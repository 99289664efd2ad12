import type { BlobStore } from '../src/blob/index.js';
import type { Rng } from '../sim/rng.js';
import type { CheckInput, Scenario, Violation, WorkloadSize } from '../sim/scenario.js';
import { BLOB_SCENARIO_PARTS } from './blob.js';
import { VALUE_SIZES_BYTES, fingerprint, isWrite, valueFingerprint } from './support/blob-ops.js';
import type { BlobOp, BlobResult } from './support/blob-ops.js';
import { checkRecoveredStore, checkWorkloadReads, modelsFor } from './support/blob-checks.js';
import { dealOperations } from './support/deal.js';

/**
 * Many concurrent putIfAbsent calls per key (distinct values), with a few reads, crashed
 * anywhere. Invariants: at most one winner per key in the whole history; an acknowledged winner
 * is what get returns after recovery; an AlreadyExists answer means some winner's blob is
 * durable; never a partial winner (every visible value is one complete candidate); plus the
 * shared blob invariants (checksum agrees, list agrees, no temp leaks).
 */

export const PUT_IF_ABSENT_KEYS: readonly string[] = ['one', 'two'];

function generate(rng: Rng, size: WorkloadSize): BlobOp[][] {
  return dealOperations(rng, size, (valueId): BlobOp => {
    const key = rng.pick(PUT_IF_ABSENT_KEYS);
    const roll = rng.float();
    if (roll < 0.75) return { kind: 'putIfAbsent', key, valueId, sizeBytes: rng.pick(VALUE_SIZES_BYTES) };
    if (roll < 0.9) return { kind: 'get', key };
    return { kind: 'has', key };
  });
}

async function check(input: CheckInput<BlobStore, BlobOp, BlobResult>): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const key of PUT_IF_ABSENT_KEYS) {
    const winners = input.history.filter((r) => r.operation.kind === 'putIfAbsent' && r.operation.key === key && r.outcome.kind === 'ok');
    if (winners.length > 1) {
      violations.push({
        invariant: 'single-winner',
        message: `putIfAbsent('${key}') succeeded ${winners.length} times (operations ${winners.map((w) => `#${w.id}`).join(', ')}); exactly one may win`,
      });
    }
  }
  violations.push(...(await checkOneValueEverSeen(input)));
  const models = modelsFor(PUT_IF_ABSENT_KEYS, input.history);
  violations.push(...checkWorkloadReads(input.history, models), ...(await checkRecoveredStore(input, models)));
  return violations;
}

/**
 * Without deletes only one link can ever succeed per key, so every read of a key (during the
 * workload and after recovery) sees the same bytes, and those of the acknowledged winner if any.
 * The shared model alone would also accept a cut candidate that overlapped the winner.
 */
async function checkOneValueEverSeen(input: CheckInput<BlobStore, BlobOp, BlobResult>): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const key of PUT_IF_ABSENT_KEYS) {
    const seen = new Map<string, string>(); // fingerprint -> where it was seen
    const winner = input.history.find((r) => r.operation.kind === 'putIfAbsent' && r.operation.key === key && r.outcome.kind === 'ok');
    if (winner !== undefined && isWrite(winner.operation)) seen.set(valueFingerprint(winner.operation), `the value of winner #${winner.id}`);
    for (const r of input.history) {
      if (r.operation.kind === 'get' && r.operation.key === key && r.outcome.kind === 'ok' && typeof r.outcome.value === 'string') {
        if (!seen.has(r.outcome.value)) seen.set(r.outcome.value, `what get #${r.id} read`);
      }
    }
    const recovered = await input.recovered.get(key).then(fingerprint, () => null);
    if (recovered !== null && !seen.has(recovered)) seen.set(recovered, 'what get read after recovery');
    if (seen.size > 1) {
      violations.push({
        invariant: 'single-winner',
        message: `'${key}' was seen with ${seen.size} different values (${[...seen.values()].join('; ')}); putIfAbsent lets exactly one win`,
      });
    }
  }
  return violations;
}

export const blobPutIfAbsentScenario: Scenario<BlobStore, BlobOp, BlobResult> = {
  ...BLOB_SCENARIO_PARTS,
  name: 'blob-put-if-absent',
  description: 'many concurrent putIfAbsent calls per key on a blob store, crashed anywhere: one winner, never partial',
  generate,
  check,
};
