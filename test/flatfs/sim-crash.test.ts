import { describe, expect, it } from 'vitest';
import { join } from '../../src/fs/path.js';
import { createFlatStore, openFlatStore } from '../../src/flatfs/index.js';
import { SimFs } from '../../sim/disk/index.js';
import type { CrashProfile } from '../../sim/disk/index.js';

/**
 * FlatStore on the simulated disk, crashed before every step of a workload: whatever state the
 * crash leaves, every key holds a complete value or nothing, what was acknowledged is there, and
 * reopening leaves no temp file behind.
 */

const ROOT = '/data/flat';
const decode = (bytes: Uint8Array | undefined): string | null => (bytes === undefined ? null : new TextDecoder().decode(bytes));
/** Values spanning several 512-byte sectors, so an unsynced write can be torn. */
const valueFor = (tag: string): string => `${tag}|${`${tag}.`.repeat(120)}`;

interface Milestones {
  /** Step count when each named operation was acknowledged. */
  readonly ackedAt: Map<string, number>;
  readonly totalSteps: number;
}

type Workload = (disk: SimFs, ack: (name: string) => void) => Promise<void>;

/** Runs `workload` on a fresh disk, cloning the crash state(s) just before step `crashAt`. */
async function runWithCrash(workload: Workload, crashAt: number, crashStates: (disk: SimFs) => SimFs[]): Promise<{ milestones: Milestones; states: SimFs[] }> {
  let states: SimFs[] = [];
  const holder: { disk?: SimFs } = {};
  const disk = new SimFs({
    onStep: (step) => {
      if (step.seq === crashAt && holder.disk !== undefined) states = crashStates(holder.disk);
    },
  });
  holder.disk = disk;
  const ackedAt = new Map<string, number>();
  await workload(disk, (name) => ackedAt.set(name, disk.trace.count));
  if (states.length === 0) states = crashStates(disk); // crash after the end
  return { milestones: { ackedAt, totalSteps: disk.trace.count }, states };
}

async function leftovers(disk: SimFs): Promise<string[]> {
  return disk.readdir(join(ROOT, '.temp'));
}

const KEYS = ['AAXY1', 'BBXY2', 'CCQR3', 'DDQR4', 'EEMN5'];

/** Old values put one by one, then one batch: new values (one key twice), a delete, commit. */
const batchWorkload: Workload = async (disk, ack) => {
  const store = await createFlatStore(disk, ROOT);
  for (const key of KEYS.slice(0, 3)) await store.put(key, valueFor(`old-${key}`));
  ack('old');
  const batch = store.batch();
  await batch.put('BBXY2', valueFor('new-BBXY2'));
  await batch.put('DDQR4', valueFor('new-DDQR4'));
  await batch.put('BBXY2', valueFor('dup-BBXY2')); // ignored: first writer wins
  await batch.delete('CCQR3');
  await batch.put('EEMN5', valueFor('new-EEMN5'));
  await batch.commit();
  ack('batch');
};

async function checkBatchState(state: SimFs, crashAt: number, milestones: Milestones): Promise<void> {
  const store = await createFlatStore(state, ROOT);
  const where = `crash before step ${crashAt}`;
  expect(await leftovers(state), where).toEqual([]);
  const oldAcked = (milestones.ackedAt.get('old') ?? Infinity) <= crashAt;
  const batchAcked = (milestones.ackedAt.get('batch') ?? Infinity) <= crashAt;
  const seen = new Map<string, string | null>();
  for (const key of KEYS) seen.set(key, decode(await store.get(key)));
  const allowed: Record<string, (string | null)[]> = {
    AAXY1: oldAcked ? [valueFor('old-AAXY1')] : [null, valueFor('old-AAXY1')],
    BBXY2: batchAcked ? [valueFor('new-BBXY2')] : oldAcked ? [valueFor('old-BBXY2'), valueFor('new-BBXY2')] : [null, valueFor('old-BBXY2'), valueFor('new-BBXY2')],
    CCQR3: batchAcked ? [null] : oldAcked ? [valueFor('old-CCQR3'), null] : [null, valueFor('old-CCQR3')],
    DDQR4: batchAcked ? [valueFor('new-DDQR4')] : [null, valueFor('new-DDQR4')],
    EEMN5: batchAcked ? [valueFor('new-EEMN5')] : [null, valueFor('new-EEMN5')],
  };
  for (const key of KEYS) {
    expect(allowed[key], `${where}: ${key} = ${String(seen.get(key)?.slice(0, 20))}`).toContain(seen.get(key));
  }
  const present = KEYS.filter((key) => seen.get(key) !== null);
  expect(await store.query(), where).toEqual(present);
}

describe('FlatStore on SimFs, crashed before every step', () => {
  const profiles: CrashProfile[] = ['posix', 'ext4-ordered', 'process'];
  it.each(profiles)('a batch commits all-or-prefix per key, never partial (%s, several crash draws)', async (profile) => {
    const { milestones } = await runWithCrash(batchWorkload, -1, () => []);
    expect(milestones.totalSteps).toBeGreaterThan(50);
    for (let crashAt = 0; crashAt <= milestones.totalSteps; crashAt++) {
      for (let seed = 0; seed < 3; seed++) {
        const { states, milestones: again } = await runWithCrash(batchWorkload, crashAt, (disk) => [disk.crashClone({ profile, seed: crashAt * 7 + seed })]);
        expect(again.totalSteps).toBe(milestones.totalSteps); // deterministic
        for (const state of states) await checkBatchState(state, crashAt, again);
      }
    }
  });

  it('holds in every legal post-crash state at every step (exhaustive, bounded)', async () => {
    const { milestones } = await runWithCrash(batchWorkload, -1, () => []);
    let checked = 0;
    for (let crashAt = 0; crashAt <= milestones.totalSteps; crashAt += 3) {
      const { states } = await runWithCrash(batchWorkload, crashAt, (disk) => disk.crashStates({ profile: 'posix', maxStates: 32 }).states);
      for (const state of states) await checkBatchState(state, crashAt, milestones);
      checked += states.length;
    }
    expect(checked).toBeGreaterThan(milestones.totalSteps);
  });

  it('concurrent single puts and deletes of shared keys leave a complete, acknowledged value', async () => {
    const workload: Workload = async (disk, ack) => {
      const store = await createFlatStore(disk, ROOT);
      await store.put('AAXY1', valueFor('base'));
      ack('base');
      await Promise.all([
        store.put('AAXY1', valueFor('p1')).then(() => ack('p1')),
        store.put('AAXY1', valueFor('p2')).then(() => ack('p2')),
        store.put('BBXY2', valueFor('q1')).then(() => ack('q1')),
        store.delete('BBXY2').then(() => ack('d1')),
      ]);
    };
    const { milestones } = await runWithCrash(workload, -1, () => []);
    for (let crashAt = 0; crashAt <= milestones.totalSteps; crashAt++) {
      const { states, milestones: m } = await runWithCrash(workload, crashAt, (disk) => [disk.crashClone({ profile: 'posix', seed: crashAt })]);
      const acked = (name: string): boolean => (m.ackedAt.get(name) ?? Infinity) <= crashAt;
      const store = await openFlatStore(states[0] as SimFs, ROOT).catch(() => null);
      if (store === null) {
        // Only before SHARDING was durable: nothing may have been acknowledged.
        expect(acked('base')).toBe(false);
        continue;
      }
      expect(await leftovers(states[0] as SimFs)).toEqual([]);
      const a = decode(await store.get('AAXY1'));
      const b = decode(await store.get('BBXY2'));
      const aAllowed = acked('p1') || acked('p2') ? [valueFor('p1'), valueFor('p2')] : acked('base') ? [valueFor('base'), valueFor('p1'), valueFor('p2')] : [null, valueFor('base')];
      expect(aAllowed, `crash before ${crashAt}`).toContain(a);
      const bAllowed = acked('q1') || acked('d1') ? [valueFor('q1'), null] : [null, valueFor('q1')];
      expect(bAllowed, `crash before ${crashAt}`).toContain(b);
    }
  });
});

describe('syncs per committed batch of 100 keys on SimFs', () => {
  it('one per file, one per touched shard directory, one root sync for new shards', async () => {
    const disk = new SimFs();
    const store = await createFlatStore(disk, ROOT);
    const keys = Array.from({ length: 100 }, (_, i) => `K${String(i * 7).padStart(4, '0')}`);
    const shards = new Set(keys.map((key) => key.slice(-3, -1)));
    const countSyncs = (from: number): number =>
      disk.trace.records().filter((record) => record.seq >= from && (record.call === 'handle.sync' || record.call === 'handle.datasync')).length;
    let from = disk.trace.count;
    const batch = store.batch();
    for (const key of keys) await batch.put(key, valueFor(key));
    await batch.commit();
    expect(countSyncs(from)).toBe(100 + shards.size + 1);
    from = disk.trace.count;
    for (const key of keys) await batch.put(key, valueFor(`again-${key}`));
    await batch.commit();
    expect(countSyncs(from)).toBe(100 + shards.size);
  });
});
