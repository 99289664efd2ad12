import { afterEach, describe, expect, it } from 'vitest';
import { join } from '../../src/fs/path.js';
import { AnchorStore, BlockPersister, CommitQcPersister, FULL_REACH, Persistence, PersistGapError } from '../../src/persist/index.js';
import type { AnchorReach, Block, CommitQc } from '../../src/persist/index.js';
import { BACKENDS } from '../wal/backends.js';

const block = (lane: number, number: number): Block => ({ lane, number, payload: new Uint8Array([lane, number]) });
const qc = (roadIndex: number): CommitQc => ({ roadIndex, payload: new Uint8Array([roadIndex]) });

for (const backend of BACKENDS) {
  describe(`persisters on ${backend.name}`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    afterEach(() => cleanup());

    it('BlockPersister: contiguous lanes, pruning, truncate-all with a durable re-anchored cursor, gap refusal', async () => {
      const made = await backend.make();
      cleanup = made.cleanup;
      const dir = join(made.root, 'blocks');
      const blocks = await BlockPersister.open(made.fs, dir);
      await expect(blocks.persistBlocks(1, [block(1, 1)])).rejects.toThrow(/createLane/);
      await blocks.createLane(1);
      await blocks.createLane(2);
      await Promise.all([blocks.persistBlocks(1, [block(1, 1), block(1, 2), block(1, 3)]), blocks.persistBlocks(2, [block(2, 1)])]);
      await expect(blocks.persistBlocks(1, [block(1, 5)])).rejects.toBeInstanceOf(PersistGapError);
      await blocks.pruneBefore(new Map([[1, 2], [2, 7]]));
      expect(blocks.nextBlockNumber(2)).toBe(7);
      await expect(blocks.persistBlocks(2, [block(2, 2)])).rejects.toBeInstanceOf(PersistGapError);
      await blocks.close();
      const reopened = await BlockPersister.open(made.fs, dir);
      const loaded = await reopened.loadAll();
      expect(loaded.get(1)?.map((b) => b.number)).toEqual([2, 3]);
      expect(loaded.get(2)).toEqual([]);
      // The emptied lane's cursor survives the restart in its cursor record (LaneCursors).
      expect(reopened.nextBlockNumber(2)).toBe(7);
      expect(reopened.emptyLaneCursor(2)).toBe(7);
      await reopened.pruneBefore(new Map([[2, 7]]));
      expect(reopened.nextBlockNumber(2)).toBe(7);
      await reopened.close();
    });

    it('CommitQcPersister: duplicates ignored, gaps refused, pruning past the end advances the cursor', async () => {
      const made = await backend.make();
      cleanup = made.cleanup;
      const qcs = await CommitQcPersister.open(made.fs, join(made.root, 'qcs'));
      await qcs.persist(qc(1));
      await qcs.persist(qc(2));
      await qcs.persist(qc(2));
      await expect(qcs.persist(qc(4))).rejects.toBeInstanceOf(PersistGapError);
      await qcs.pruneBefore(6);
      expect([qcs.count, qcs.nextRoad]).toEqual([0, 6]);
      await expect(qcs.persist(qc(7))).rejects.toBeInstanceOf(PersistGapError);
      await qcs.persist(qc(6));
      expect((await qcs.loadAll()).map((q) => q.roadIndex)).toEqual([6]);
      await qcs.close();
    });

    it('AnchorStore alternates two slots, keeps the newest valid record, falls back past an invalid one', async () => {
      const made = await backend.make();
      cleanup = made.cleanup;
      const dir = join(made.root, 'anchor');
      const store = await AnchorStore.open(made.fs, dir);
      expect(store.anchor).toBeUndefined();
      expect(store.reach).toEqual(FULL_REACH);
      const reach = (road: number): AnchorReach => ({ qcIndex: road, laneIndexes: new Map([[1, road * 2]]) });
      for (let road = 1; road <= 3; road++) await store.write({ roadIndex: road, qc: qc(road), laneFirsts: new Map([[1, road]]) }, reach(road));
      expect((await made.fs.readdir(dir)).sort()).toEqual(['anchor-a', 'anchor-b']);
      const reopened = await AnchorStore.open(made.fs, dir);
      expect([reopened.anchor?.roadIndex, reopened.invalidSlots]).toEqual([3, []]);
      expect(reopened.reach).toEqual(reach(3));
      // Sequence 3 sits in anchor-b; damaging the OLDER slot (anchor-a, road 2) changes nothing.
      const older = await made.fs.readFile(join(dir, 'anchor-a'));
      older[10] = (older[10] as number) ^ 0x04;
      await made.fs.writeFile(join(dir, 'anchor-a'), older);
      const olderDamaged = await AnchorStore.open(made.fs, dir);
      expect([olderDamaged.anchor?.roadIndex, olderDamaged.invalidSlots]).toEqual([3, ['anchor-a']]);
      // The next write reuses the damaged slot.
      await olderDamaged.write({ roadIndex: 4, qc: qc(4), laneFirsts: new Map([[1, 4]]) }, reach(4));
      expect((await AnchorStore.open(made.fs, dir)).anchor?.roadIndex).toBe(4);
      // A damaged NEWER record (road 4 in anchor-a) cannot be told from a torn write: road 3 loads.
      const newer = await made.fs.readFile(join(dir, 'anchor-a'));
      newer[12] = (newer[12] as number) ^ 0x40;
      await made.fs.writeFile(join(dir, 'anchor-a'), newer);
      const fellBack = await AnchorStore.open(made.fs, dir);
      expect([fellBack.anchor?.roadIndex, fellBack.invalidSlots]).toEqual([3, ['anchor-a']]);
      expect(fellBack.reach).toEqual(reach(3));
    });

    it('Persistence: startup prunes to the anchor and re-persists its certificate', async () => {
      const made = await backend.make();
      cleanup = made.cleanup;
      const root = join(made.root, 'p');
      const p = await Persistence.open(made.fs, root);
      await p.persist({ blocks: [block(1, 1), block(1, 2)], qcs: [qc(1), qc(2)] });
      await p.persist({ anchor: { roadIndex: 5, qc: qc(5), laneFirsts: new Map([[1, 9]]) }, blocks: [], qcs: [] });
      await p.close();
      const again = await Persistence.open(made.fs, root);
      expect(again.loaded.qcs.map((q) => q.roadIndex)).toEqual([5]);
      expect(again.loaded.blocks.get(1)).toEqual([]);
      expect(again.blocks.nextBlockNumber(1)).toBe(9);
      await again.close();
    });
  });
}
