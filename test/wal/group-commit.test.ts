import { describe, expect, it } from 'vitest';
import { SimFs } from '../../sim/disk/index.js';
import { openSegmentLog } from '../../src/wal/index.js';
import { bytes } from './backends.js';

/** Syncs per acknowledged append, counted from the SimFs trace (deterministic, not timed). */
async function syncsPerAppend(appendersCount: number, appendsPerAppender: number): Promise<number> {
  const fs = new SimFs();
  await fs.mkdir('/data');
  const log = await openSegmentLog(fs, '/data/log', { segmentSizeBytes: 1 << 20 });
  const before = fs.trace.count;
  await Promise.all(
    Array.from({ length: appendersCount }, async (_, client) => {
      for (let i = 0; i < appendsPerAppender; i++) await log.append([bytes(`client ${client} append ${i}`)]);
    }),
  );
  const syncs = fs.trace.records().filter((r) => r.seq >= before && (r.call === 'handle.sync' || r.call === 'handle.datasync')).length;
  await log.close();
  return syncs / (appendersCount * appendsPerAppender);
}

describe('group commit', () => {
  it('one appender pays one sync per append; 32 concurrent appenders share them', async () => {
    const single = await syncsPerAppend(1, 64);
    const shared = await syncsPerAppend(32, 8);
    console.log(`syncs per append: 1 appender ${single.toFixed(3)}, 32 appenders ${shared.toFixed(3)}`);
    expect(single).toBeLessThanOrEqual(1.05);
    expect(shared).toBeLessThanOrEqual(1 / 8);
  });
});
