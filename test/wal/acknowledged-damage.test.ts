import { describe, expect, it } from 'vitest';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { join } from '../../src/fs/path.js';
import type { FileSystem } from '../../src/fs/types.js';
import { CorruptLogError, openSegmentLog } from '../../src/wal/index.js';
import type { SegmentLog } from '../../src/wal/index.js';
import { checksummedFrames } from '../../src/wal/frame-format.js';
import { bytes, text } from './backends.js';

/**
 * Damage in the newest segment: a bad frame followed by an intact frame that was written after
 * the bad one was durable is corruption (refused); a bad frame whose successors were all written
 * before it was synced may be a torn tail (cut).
 */

const DIR = '/data/log';
const SEGMENT = join(DIR, '00000000000000000001.seg');

async function readRange(log: SegmentLog): Promise<string[]> {
  const out: string[] = [];
  for (let i = log.firstIndex; i <= log.lastIndex; i++) out.push(text(await log.read(i)));
  return out;
}

/** Byte offset of each frame of `payloads`, written back to back from the segment's start. */
function frameOffsets(payloads: readonly string[]): number[] {
  let position = 0;
  return payloads.map((payload) => {
    const at = position;
    position += checksummedFrames.headerBytes + bytes(payload).length;
    return at;
  });
}

/** Flips one bit in the first payload byte of the frame at `frameStart`. */
async function flipPayloadBit(fs: FileSystem, frameStart: number): Promise<void> {
  const data = (await fs.readFile(SEGMENT)).slice();
  const at = frameStart + checksummedFrames.headerBytes;
  data[at] = (data[at] as number) ^ 0x04;
  await fs.writeFile(SEGMENT, data);
}

describe('SegmentLog: damage to acknowledged entries of the newest segment', () => {
  it('refuses a flipped bit in an acknowledged frame that a later frame proves durable', async () => {
    const fs = createMemFs();
    const log = await openSegmentLog(fs, DIR);
    await log.append([bytes('one')]);
    await log.append([bytes('two')]); // written after 'one' was durable: records watermark 1
    await log.close();
    await flipPayloadBit(fs, frameOffsets(['one', 'two'])[0] as number);
    const opened = openSegmentLog(fs, DIR);
    await expect(opened).rejects.toBeInstanceOf(CorruptLogError);
    await expect(openSegmentLog(fs, DIR)).rejects.toThrow(/entry 1 in the newest segment 00000000000000000001\.seg .*cannot be a torn tail.*entry 2/);
  });

  it('still cuts a torn tail: a bad frame whose successors were written before any sync covered it', async () => {
    const fs = createMemFs();
    const log = await openSegmentLog(fs, DIR, { syncOnAppend: false });
    await log.append([bytes('one'), bytes('two')]);
    await log.sync();
    await log.append([bytes('three')]); // unsynced: records watermark 2
    await log.append([bytes('four')]); // unsynced too: watermark still 2
    await log.close();
    // 'three' torn (its sectors lost) while 'four' persisted: a legal crash state, cut at 3.
    await flipPayloadBit(fs, frameOffsets(['one', 'two', 'three', 'four'])[2] as number);
    const reopened = await openSegmentLog(fs, DIR);
    expect(await readRange(reopened)).toEqual(['one', 'two']);
    await reopened.close();
  });

  it('refuses damage to an entry acknowledged before a reopen, proven by a frame written after it', async () => {
    const fs = createMemFs();
    const first = await openSegmentLog(fs, DIR);
    await first.append([bytes('one'), bytes('two')]);
    await first.close();
    const second = await openSegmentLog(fs, DIR);
    await second.append([bytes('three')]); // recovery made 1..2 durable: records watermark 2
    await second.close();
    await flipPayloadBit(fs, frameOffsets(['one', 'two', 'three'])[1] as number);
    await expect(openSegmentLog(fs, DIR)).rejects.toBeInstanceOf(CorruptLogError);
  });

  it('cannot tell damage to the newest acknowledged frame, with nothing written after it, from a torn tail (documented limit)', async () => {
    const fs = createMemFs();
    const log = await openSegmentLog(fs, DIR);
    await log.append([bytes('one')]);
    await log.append([bytes('two')]);
    await log.close();
    await flipPayloadBit(fs, frameOffsets(['one', 'two'])[1] as number);
    const reopened = await openSegmentLog(fs, DIR);
    expect(await readRange(reopened)).toEqual(['one']);
    await reopened.close();
  });

  it('does not let a watermark from before truncateBack vouch for a reused index', async () => {
    const fs = createMemFs();
    const log = await openSegmentLog(fs, DIR, { syncOnAppend: false });
    await log.append([bytes('a'), bytes('b'), bytes('c')]);
    await log.sync();
    await log.truncateBack(1);
    await log.append([bytes('x')]); // index 2 again, unsynced: watermark 1, not 3
    await log.append([bytes('y')]); // unsynced: watermark 1
    await log.close();
    await flipPayloadBit(fs, frameOffsets(['a', 'x', 'y'])[1] as number);
    const reopened = await openSegmentLog(fs, DIR);
    expect(await readRange(reopened)).toEqual(['a']);
    await reopened.close();
  });
});
