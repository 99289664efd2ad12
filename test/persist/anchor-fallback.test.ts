import { describe, expect, it } from 'vitest';
import { SimFs } from '../../sim/disk/index.js';
import { isCorruptionReport } from '../../sim/faults/corruption.js';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { join } from '../../src/fs/path.js';
import type { FileSystem } from '../../src/fs/types.js';
import { Persistence } from '../../src/persist/index.js';
import type { Anchor, Block, CommitQc } from '../../src/persist/index.js';

/**
 * The two-slot anchor's fallback (src/persist/anchor-store.ts): a torn newer slot falls back to
 * the older anchor, which is right because pruning never started; a damaged newer slot whose
 * pruning already ran is refused as corruption; a damaged older slot changes nothing.
 */
const ROOT = '/data/p';
const ANCHOR_DIR = join(ROOT, 'anchor');
const block = (lane: number, number: number): Block => ({ lane, number, payload: new Uint8Array([lane, number, 7]) });
const qc = (roadIndex: number): CommitQc => ({ roadIndex, payload: new Uint8Array([roadIndex, 9]) });
const anchorAt = (road: number, first: number): Anchor => ({ roadIndex: road, qc: qc(road), laneFirsts: new Map([[1, first]]) });
const blocks = (from: number, to: number): Block[] => Array.from({ length: to - from + 1 }, (_, i) => block(1, from + i));
const qcs = (from: number, to: number): CommitQc[] => Array.from({ length: to - from + 1 }, (_, i) => qc(from + i));

/**
 * Two anchors (sequence 1 in slot anchor-b, sequence 2 in anchor-a), data past both: the next
 * anchor (sequence 3) rewrites anchor-b in place. With `anchors: 1` only the first is written.
 */
async function history(fs: FileSystem, anchors: 1 | 2 = 2): Promise<Persistence> {
  const p = await Persistence.open(fs, ROOT, { segmentSizeBytes: 200 });
  await p.persist({ blocks: blocks(1, 6), qcs: qcs(1, 6) });
  await p.persist({ anchor: anchorAt(1, 2), blocks: [], qcs: [] });
  if (anchors === 2) await p.persist({ anchor: anchorAt(2, 3), blocks: blocks(7, 8), qcs: qcs(7, 8) });
  return p;
}

async function flipByte(fs: FileSystem, path: string, at: number): Promise<void> {
  const bytes = await fs.readFile(path);
  bytes[at] = (bytes[at] as number) ^ 0x10;
  await fs.writeFile(path, bytes);
}

async function anchorSlots(fs: FileSystem): Promise<string[]> {
  return (await fs.readdir(ANCHOR_DIR)).sort();
}

describe('two-slot anchor: fallback only where it is safe', () => {
  it('a crash anywhere in the newer anchor write (every crash state) falls back to the older anchor with all it needs', async () => {
    const states: SimFs[] = [];
    let writing = false;
    let fs: SimFs;
    // eslint-disable-next-line prefer-const
    fs = new SimFs({
      onStep: (step) => {
        if (writing && step.path.startsWith(ANCHOR_DIR)) states.push(...fs.crashStates({ maxStates: 64 }).states);
      },
    });
    await fs.mkdir('/data');
    const rootDir = await fs.open('/', 'r');
    await rootDir.sync();
    await rootDir.close();
    const p = await history(fs);
    writing = true;
    // Sequence 3 rewrites anchor-b in place; its cycle then prunes past everything of anchor 2.
    await p.persist({ anchor: anchorAt(10, 12), blocks: [], qcs: [] });
    writing = false;
    await p.close();
    expect(states.length).toBeGreaterThan(0);
    let fellBack = 0;
    for (const state of states) {
      const reopened = await Persistence.open(state, ROOT, { segmentSizeBytes: 200 });
      const { anchor, qcs: loadedQcs, blocks: loadedBlocks } = reopened.loaded;
      expect([2, 10]).toContain(anchor?.roadIndex);
      if (anchor?.roadIndex === 2) {
        fellBack++;
        // Everything anchor 2 needs is there: certificates 2..8, blocks 3..8.
        expect(loadedQcs.map((q) => q.roadIndex)).toEqual([2, 3, 4, 5, 6, 7, 8]);
        expect(loadedBlocks.get(1)?.map((b) => b.number)).toEqual([3, 4, 5, 6, 7, 8]);
      } else {
        expect(loadedQcs.map((q) => q.roadIndex)).toEqual([10]);
        expect(reopened.blocks.nextBlockNumber(1)).toBe(12);
      }
      await reopened.close();
    }
    expect(fellBack).toBeGreaterThan(0);
  });

  it('a damaged newer slot after its pruning ran is refused as corruption, never served', async () => {
    const fs = createMemFs();
    await fs.mkdir('/data');
    const p = await history(fs);
    await p.persist({ anchor: anchorAt(5, 6), blocks: [], qcs: [] }); // sequence 3, anchor-b
    await p.close();
    await flipByte(fs, join(ANCHOR_DIR, 'anchor-b'), 14);
    const error = await Persistence.open(fs, ROOT).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(isCorruptionReport(error)).toBe(true);
    expect(String(error)).toMatch(/already pruned/);
  });

  it('a damaged newer slot after pruning that emptied the WALs (truncate-all) is refused too', async () => {
    const fs = createMemFs();
    await fs.mkdir('/data');
    const p = await history(fs);
    await p.persist({ anchor: anchorAt(20, 30), blocks: [], qcs: [] });
    await p.close();
    await flipByte(fs, join(ANCHOR_DIR, 'anchor-b'), 14);
    await expect(Persistence.open(fs, ROOT)).rejects.toSatisfy(isCorruptionReport);
  });

  it('a damaged newer slot whose anchor pruned nothing the older one needs falls back correctly', async () => {
    const fs = createMemFs();
    await fs.mkdir('/data');
    const p = await history(fs);
    // Same needs as anchor 2: its pruning removes nothing.
    await p.persist({ anchor: anchorAt(2, 3), blocks: blocks(9, 9), qcs: [] });
    await p.close();
    await flipByte(fs, join(ANCHOR_DIR, 'anchor-b'), 14);
    const reopened = await Persistence.open(fs, ROOT);
    expect(reopened.loaded.anchor?.roadIndex).toBe(2);
    expect(reopened.loaded.blocks.get(1)?.map((b) => b.number)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    await reopened.close();
  });

  it('a damaged older slot is harmless: the newer anchor and all its data load', async () => {
    const fs = createMemFs();
    await fs.mkdir('/data');
    const p = await history(fs);
    await p.persist({ anchor: anchorAt(5, 6), blocks: [], qcs: [] }); // sequence 3 in anchor-b
    await p.close();
    expect(await anchorSlots(fs)).toEqual(['anchor-a', 'anchor-b']);
    await flipByte(fs, join(ANCHOR_DIR, 'anchor-a'), 14);
    const reopened = await Persistence.open(fs, ROOT);
    expect(reopened.loaded.anchor?.roadIndex).toBe(5);
    expect(reopened.loaded.qcs.map((q) => q.roadIndex)).toEqual([5, 6, 7, 8]);
    expect(reopened.loaded.blocks.get(1)?.map((b) => b.number)).toEqual([6, 7, 8]);
    // The next anchor reuses the damaged slot and is loaded after a restart.
    await reopened.persist({ anchor: anchorAt(6, 7), blocks: [], qcs: [] });
    await reopened.close();
    const again = await Persistence.open(fs, ROOT);
    expect(again.loaded.anchor?.roadIndex).toBe(6);
    await again.close();
  });

  it('every slot damaged is refused, never treated as no anchor yet', async () => {
    const fs = createMemFs();
    await fs.mkdir('/data');
    const p = await history(fs, 1);
    await p.close();
    // Only one anchor was ever written: a flipped bit in it must not read as "no anchor".
    expect(await anchorSlots(fs)).toEqual(['anchor-b']);
    await flipByte(fs, join(ANCHOR_DIR, 'anchor-b'), 14);
    await expect(Persistence.open(fs, ROOT)).rejects.toSatisfy(isCorruptionReport);
  });
});

describe('two-slot anchor: lanes that never held a block', () => {
  // Lane 5 never gets a block written: anchor 1 needs it from block 1, anchor 2 from block 4,
  // so anchor 2's cycle acknowledges blocks 1..3 of lane 5 without writing them.
  const EMPTY_LANE = 5;
  const withLane5 = (road: number, first: number): Anchor => ({ roadIndex: road, qc: qc(road), laneFirsts: new Map([[1, 1], [EMPTY_LANE, first]]) });
  const skipped = [1, 2, 3].map((number) => block(EMPTY_LANE, number));

  async function skipEmptyLane(fs: FileSystem): Promise<void> {
    const p = await Persistence.open(fs, ROOT, { segmentSizeBytes: 200 });
    await p.persist({ anchor: withLane5(1, 1), blocks: blocks(1, 2), qcs: qcs(1, 2) }); // sequence 1, anchor-b
    await p.persist({ anchor: withLane5(2, 4), blocks: skipped, qcs: qcs(3, 3) }); // sequence 2, anchor-a
    await p.close();
  }

  it('a damaged newer slot that moved an empty lane is refused: the older anchor needs blocks acknowledged but never written', async () => {
    const fs = createMemFs();
    await fs.mkdir('/data');
    await skipEmptyLane(fs);
    await flipByte(fs, join(ANCHOR_DIR, 'anchor-a'), 14);
    const error = await Persistence.open(fs, ROOT).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCorruptionReport(error)).toBe(true);
    expect(String(error)).toMatch(/lane 5 holds no block and was moved to block 4, past block 1/);
  });

  it('after a fallback, a damaged cursor record is refused too: nothing shows where the lane stood', async () => {
    const fs = createMemFs();
    await fs.mkdir('/data');
    await skipEmptyLane(fs);
    await flipByte(fs, join(ANCHOR_DIR, 'anchor-a'), 14);
    await flipByte(fs, join(ROOT, 'blocks', '00000005.next'), 3);
    const error = await Persistence.open(fs, ROOT).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCorruptionReport(error)).toBe(true);
    expect(String(error)).toMatch(/lane 5 holds no block and its cursor record is damaged/);
  });

  it('undamaged, the lane resumes at the anchor\'s block after a restart', async () => {
    const fs = createMemFs();
    await fs.mkdir('/data');
    await skipEmptyLane(fs);
    const reopened = await Persistence.open(fs, ROOT);
    expect(reopened.loaded.anchor?.roadIndex).toBe(2);
    expect(reopened.blocks.emptyLaneCursor(EMPTY_LANE)).toBe(4);
    await reopened.persist({ blocks: [block(EMPTY_LANE, 4)], qcs: [] });
    expect(reopened.blocks.nextBlockNumber(EMPTY_LANE)).toBe(5);
    await reopened.close();
  });

  it('a crash anywhere in the anchor write that moves an empty lane falls back without a false alarm', async () => {
    const states: SimFs[] = [];
    let writing = false;
    let fs: SimFs;
    // eslint-disable-next-line prefer-const
    fs = new SimFs({
      onStep: () => {
        if (writing) states.push(...fs.crashStates({ maxStates: 64 }).states);
      },
    });
    await fs.mkdir('/data');
    const rootDir = await fs.open('/', 'r');
    await rootDir.sync();
    await rootDir.close();
    const p = await Persistence.open(fs, ROOT, { segmentSizeBytes: 200 });
    await p.persist({ anchor: withLane5(1, 1), blocks: blocks(1, 2), qcs: qcs(1, 2) });
    await p.persist({ anchor: withLane5(2, 2), blocks: [], qcs: [] });
    writing = true;
    await p.persist({ anchor: withLane5(3, 4), blocks: skipped.slice(1), qcs: qcs(3, 3) });
    writing = false;
    await p.close();
    expect(states.length).toBeGreaterThan(0);
    const roads = new Set<number | undefined>();
    for (const state of states) {
      const reopened = await Persistence.open(state, ROOT, { segmentSizeBytes: 200 });
      const road = reopened.loaded.anchor?.roadIndex;
      roads.add(road);
      // Startup re-records the loaded anchor's cursor if the crash came before the cycle did.
      expect(reopened.blocks.emptyLaneCursor(EMPTY_LANE)).toBe(road === 3 ? 4 : 2);
      await reopened.close();
    }
    expect([...roads].sort()).toEqual([2, 3]);
  });
});
