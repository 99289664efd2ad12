import { afterEach, describe, expect, it } from 'vitest';
import { join } from '../../src/fs/path.js';
import { openIndexedWal, utf8Codec } from '../../src/wal/index.js';
import { BACKENDS } from './backends.js';

for (const backend of BACKENDS) {
  describe(`IndexedWal on ${backend.name}`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    afterEach(() => cleanup());

    it('appends, replays, truncates with verification and keeps the counter', async () => {
      const made = await backend.make();
      cleanup = made.cleanup;
      const dir = join(made.root, 'iw');
      const wal = await openIndexedWal(made.fs, dir, utf8Codec, { segmentSizeBytes: 64 });
      expect([wal.firstIndex, wal.nextIndex, wal.count]).toEqual([1, 1, 0]);
      await wal.append(['a', 'b', 'c', 'd']);
      expect(await wal.readAll()).toEqual(['a', 'b', 'c', 'd']);
      await expect(wal.truncateBefore(3, (v) => v === 'x')).rejects.toThrow(/verification/);
      await expect(wal.truncateBefore(9, () => true)).rejects.toThrow(RangeError);
      await wal.truncateBefore(3, (v) => v === 'c');
      expect(await wal.readAll()).toEqual(['c', 'd']);
      await wal.truncateAll();
      expect([wal.firstIndex, wal.nextIndex, wal.count]).toEqual([5, 5, 0]);
      await wal.close();
      const reopened = await openIndexedWal(made.fs, dir, utf8Codec, { segmentSizeBytes: 64 });
      expect([reopened.firstIndex, reopened.nextIndex]).toEqual([5, 5]);
      await reopened.append(['e']);
      expect(await reopened.readAll()).toEqual(['e']);
      await reopened.close();
    });
  });
}
