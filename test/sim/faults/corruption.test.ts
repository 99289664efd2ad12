import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ChecksumMismatchError, NotFoundError } from '../../../src/blob/index.js';
import { FlatStoreCorruptError, ShardingInvalidError } from '../../../src/flatfs/index.js';
import { CORRUPTION_BRAND, fsError, isCorruptionError, markCorruption } from '../../../src/fs/errors.js';
import { MvccCorruptionError, MvccFailedError } from '../../../src/mvcc/index.js';
import { AnchorCorruptError, PersistCorruptError, PersistGapError, PersistenceFailedError } from '../../../src/persist/index.js';
import { StateFileError } from '../../../src/statefile/index.js';
import { CorruptLogError, LogFailedError } from '../../../src/wal/index.js';
import { isCorruptionReport } from '../../../sim/faults/corruption.js';

/**
 * Under bit flips the runner and the scenarios accept a store's refusal as detection only when
 * the error carries the corruption brand (src/fs/errors.ts): never on the strength of a name,
 * code or message that mentions corruption.
 */

describe('isCorruptionReport', () => {
  it.each([
    ['blob ChecksumMismatchError', new ChecksumMismatchError('k', 'crc32 differs')],
    ['wal CorruptLogError', new CorruptLogError('/data/wal', 'a bad frame in a sealed segment')],
    ['mvcc MvccCorruptionError', new MvccCorruptionError('/db', 'checkpoint fails its checksum')],
    ['flatfs FlatStoreCorruptError', new FlatStoreCorruptError('/data/SHARDING', 'fails its checksum')],
    ['statefile STATEFILE_CORRUPT', new StateFileError('STATEFILE_CORRUPT', 'state.json is damaged')],
    ['persist AnchorCorruptError', new AnchorCorruptError('/data/anchor', 'every slot is damaged')],
    ['persist PersistCorruptError', new PersistCorruptError('the lane lost entries the anchor needs')],
  ])("counts the store's corruption error: %s", (_name, error) => {
    expect(isCorruptionError(error)).toBe(true);
    expect(isCorruptionReport(error)).toBe(true);
  });

  it.each([
    ['a name that says corrupt', Object.assign(new Error('log is corrupt'), { name: 'CorruptLogError' })],
    ['a code that says checksum', Object.assign(new Error('bad bytes'), { code: 'BLOB_CHECKSUM_MISMATCH' })],
    ['a code that says corrupt', Object.assign(new Error('damaged'), { code: 'MVCC_CORRUPT', name: 'MvccCorruptionError' })],
    ['a message that says corrupt', new Error('the checksum disagrees: corrupt data')],
    ['a plain object shaped like one', { name: 'FlatStoreCorruptError', code: 'FLATFS_CORRUPT', message: 'corrupt' }],
    ['a TypeError from parsing garbage', new TypeError('Cannot read properties of undefined')],
    ['a filesystem error', fsError('EIO', 'read', '/data/x')],
  ])('does not count an unbranded error: %s', (_name, error) => {
    expect(isCorruptionReport(error)).toBe(false);
  });

  it.each([
    ['blob NotFoundError', new NotFoundError('k')],
    ['wal LogFailedError', new LogFailedError('/data/wal', new Error('EIO'))],
    ['mvcc MvccFailedError', new MvccFailedError('/db', new Error('EIO'))],
    ['flatfs ShardingInvalidError', new ShardingInvalidError('/data/SHARDING', 'not a shard spec')],
    ['statefile STATEFILE_CLOSED', new StateFileError('STATEFILE_CLOSED', 'closed')],
    ['persist PersistGapError', new PersistGapError('a hole')],
    ['persist PersistenceFailedError', new PersistenceFailedError(new Error('EIO'))],
  ])("does not count the store's other errors: %s", (_name, error) => {
    expect(isCorruptionReport(error)).toBe(false);
  });

  it('rejects values that are not errors', () => {
    for (const value of [undefined, null, 'corrupt', 42, { [CORRUPTION_BRAND]: 'yes', message: 'corrupt' }, { [CORRUPTION_BRAND]: true }]) {
      expect(isCorruptionReport(value), String(value)).toBe(false);
    }
  });

  it('counts an error branded by another module copy or realm (the brand is a registered symbol)', () => {
    const foreign: unknown = runInNewContext("Object.assign(new Error('damaged'), { [Symbol.for('crashsim.corruption')]: true })");
    expect(foreign instanceof Error).toBe(false);
    expect(isCorruptionReport(foreign)).toBe(true);
  });

  it('counts an error a store branded with markCorruption, and returns it unchanged otherwise', () => {
    const error = new Error('record 7 fails its checksum');
    expect(markCorruption(error)).toBe(error);
    expect(isCorruptionReport(error)).toBe(true);
    expect(error.message).toBe('record 7 fails its checksum');
    expect(Object.keys(error)).toEqual([]);
  });
});
