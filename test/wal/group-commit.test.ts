import { describe, expect, it } from 'vitest';
import { SimFs } from '../../sim/disk/index.js';
import type { DiskFaults, FaultPoint, InjectedCode } from '../../sim/disk/types.js';
import { openSegmentLog } from '../../src/wal/index.js';
import { GroupCommit } from '../../src/wal/group-commit.js';
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

describe('group commit after a failed flush (fsyncgate)', () => {
  it('fails the waiters of the failed flush and every later waiter, even when a retried flush would succeed', async () => {
    let flushes = 0;
    const group = new GroupCommit(async () => {
      flushes++;
      // Only the first flush fails, like a retried fsync that succeeds after Linux dropped the data.
      if (flushes === 1) throw new Error('EIO on sync');
    });
    const first = group.issueTicket();
    const second = group.issueTicket();
    const waiters = [group.waitDurable(first), group.waitDurable(second)];
    const settled = await Promise.allSettled(waiters);
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    const late = group.issueTicket();
    await expect(group.waitDurable(late)).rejects.toThrow('EIO on sync');
    expect(flushes).toBe(1);
    expect(group.failed).toBe(true);
  });

  it('still resolves a writer made durable before the failure', async () => {
    let flushes = 0;
    const group = new GroupCommit(async () => {
      flushes++;
      if (flushes === 2) throw new Error('EIO on sync');
    });
    const early = group.issueTicket();
    await group.waitDurable(early);
    const later = group.issueTicket();
    await expect(group.waitDurable(later)).rejects.toThrow('EIO on sync');
    await expect(group.waitDurable(early)).resolves.toBeUndefined();
  });
});

/** Fails the n-th datasync/sync of a segment file with EIO (Linux semantics applied by SimFs). */
function failSegmentSyncAt(n: number): DiskFaults {
  let seen = 0;
  return {
    inject(point: FaultPoint): InjectedCode | undefined {
      if ((point.call !== 'datasync' && point.call !== 'sync') || !point.path.endsWith('.seg')) return undefined;
      return seen++ === n ? 'EIO' : undefined;
    },
  };
}

describe('segment log after a failed sync', () => {
  it('acknowledges no concurrent append of the failed group, and refuses appends until reopened', async () => {
    const fs = new SimFs({ faults: failSegmentSyncAt(0) });
    await fs.mkdir('/data');
    const log = await openSegmentLog(fs, '/data/log', { segmentSizeBytes: 1 << 20 });
    const appends = Array.from({ length: 4 }, (_, i) => log.append([bytes(`entry ${i}`)]));
    const settled = await Promise.allSettled(appends);
    // Appends that finished before the failed sync started may be durable; none after it.
    const okAfterFailure = settled.filter((result) => result.status === 'fulfilled');
    expect(okAfterFailure).toHaveLength(0);
    await expect(log.append([bytes('after')])).rejects.toThrow(/reopen/);
    await expect(log.sync()).rejects.toThrow(/reopen/);
    await log.close();
  });

  it('fails a waiter whose frames sit in a segment whose seal sync failed', async () => {
    // Segments of one frame each: the second append seals the first segment (a datasync that
    // fails and drops its dirty frames) while the first append still waits for its group sync.
    const fs = new SimFs({ faults: failSegmentSyncAt(0) });
    await fs.mkdir('/data');
    const log = await openSegmentLog(fs, '/data/log', { segmentSizeBytes: 1 });
    const settled = await Promise.allSettled([log.append([bytes('one')]), log.append([bytes('two')])]);
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await log.close();
  });
});
