import { describe, expect, it } from 'vitest';
import { SimFs } from '../../sim/disk/index.js';
import type { OpenSegmentLog } from '../../src/wal/index.js';
import { openSegmentLog } from '../../src/wal/index.js';
import { UnrecordedGapBlindLog } from '../mutants/wal/gap-blind-replay.js';
import { openLogAs } from '../mutants/wal/mutant-log.js';
import { bytes, text } from './backends.js';

/**
 * A scripted history, crashed before EVERY filesystem step, each crash expanded to every legal
 * post-crash state (bounded). After reopening: replay is contiguous, each entry is the one its
 * index was acknowledged with, and nothing acknowledged and not truncated is missing.
 */
const DIR = '/data/log';
const SEGMENT_SIZE_BYTES = 48;

interface Expectation {
  /** Index -> payload of every acknowledged entry still expected (no truncation may remove it). */
  readonly durable: Map<number, string>;
  /** Entries whose presence is allowed (acknowledged, or written and maybe durable). */
  readonly allowed: Map<number, string>;
  /** Lowest first index a crash may leave, and highest. */
  readonly firstMin: number;
  readonly firstMax: number;
}

async function script(fs: SimFs, openLog: OpenSegmentLog, checkpoint: (e: Expectation) => void): Promise<void> {
  const log = await openLog(fs, DIR, { segmentSizeBytes: SEGMENT_SIZE_BYTES });
  const written = new Map<number, string>();
  const acked = new Map<number, string>();
  let firstMin = 1;
  let firstMax = 1;
  const note = (): void => checkpoint({ durable: new Map(acked), allowed: new Map(written), firstMin, firstMax });
  note();
  for (let i = 1; i <= 12; i++) {
    const payload = `entry-${i}`;
    written.set(i, payload);
    note();
    await log.append([bytes(payload)]);
    acked.set(i, payload);
    note();
  }
  // Truncate the front past several segments, then the back, then everything.
  firstMax = 9;
  note();
  await log.truncateFront(9);
  for (let i = 1; i < 9; i++) acked.delete(i);
  firstMin = 9;
  note();
  for (let i = 12; i > 10; i--) acked.delete(i);
  note();
  await log.truncateBack(10);
  for (let i = 11; i <= 12; i++) written.delete(i);
  note();
  const next = [bytes('again-11'), bytes('again-12')];
  written.set(11, 'again-11');
  written.set(12, 'again-12');
  note();
  await log.append(next);
  acked.set(11, 'again-11');
  acked.set(12, 'again-12');
  note();
  firstMax = 13;
  note();
  await log.truncateAll();
  acked.clear();
  firstMin = 13;
  note();
  await log.close();
}

async function explore(openLog: OpenSegmentLog): Promise<string[]> {
  const problems: string[] = [];
  let expectation: Expectation | undefined;
  const disks: { fs: SimFs; at: number; expectation: Expectation }[] = [];
  let fs: SimFs;
  // eslint-disable-next-line prefer-const
  fs = new SimFs({
    onStep: (step) => {
      if (expectation === undefined) return;
      const { states } = fs.crashStates({ maxStates: 24 });
      for (const state of states) disks.push({ fs: state, at: step.seq, expectation });
    },
  });
  await fs.mkdir('/data');
  const handle = await fs.open('/', 'r');
  await handle.sync();
  await handle.close();
  await script(fs, openLog, (e) => {
    expectation = e;
  });
  for (const { fs: disk, at, expectation: e } of disks) {
    const where = `crash before step ${at}`;
    try {
      const log = await openLog(disk, DIR, { segmentSizeBytes: SEGMENT_SIZE_BYTES });
      if (log.firstIndex < e.firstMin || log.firstIndex > e.firstMax) problems.push(`${where}: first index ${log.firstIndex} outside [${e.firstMin}, ${e.firstMax}]`);
      for (let i = log.firstIndex; i <= log.lastIndex; i++) {
        const got = text(await log.read(i));
        if (e.allowed.get(i) !== got && e.durable.get(i) !== got) problems.push(`${where}: index ${i} holds ${got}`);
      }
      for (const [index, payload] of e.durable) {
        if (index >= log.firstIndex && index > log.lastIndex) problems.push(`${where}: acknowledged ${payload} at ${index} lost (last ${log.lastIndex})`);
      }
      if (log.lastIndex < Math.max(0, ...e.durable.keys())) problems.push(`${where}: counter went back to ${log.lastIndex}`);
      await log.close();
    } catch (error) {
      problems.push(`${where}: reopen failed: ${String(error)}`);
    }
  }
  return problems;
}

describe('SegmentLog survives every crash state of a scripted history (SimFs)', () => {
  it('the real log holds at every step', async () => {
    expect(await explore(openSegmentLog)).toEqual([]);
  });

  it('a log whose front truncation is not recorded, replayed gap-blind, does not', async () => {
    expect((await explore(openLogAs(UnrecordedGapBlindLog))).length).toBeGreaterThan(0);
  });
});
