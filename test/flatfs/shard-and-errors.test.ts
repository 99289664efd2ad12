import { describe, expect, it } from 'vitest';
import {
  FlatStoreError,
  InvalidKeyError,
  formatShardingFile,
  inspectShardingFile,
  isFlatStoreError,
  isInvalidKeyError,
  parseShardSpec,
  shardSpecOfShardingFile,
  validateKey,
} from '../../src/flatfs/index.js';
import { KeyOps } from '../../src/flatfs/key-ops.js';
import { Gate } from '../../src/flatfs/gate.js';

describe('shard functions', () => {
  it('pick prefix, suffix and next-to-last characters, padding short keys with _', () => {
    expect(parseShardSpec('prefix/2').dirOf('ABCDE')).toBe('AB');
    expect(parseShardSpec('prefix/3').dirOf('A')).toBe('A__');
    expect(parseShardSpec('suffix/2').dirOf('ABCDE')).toBe('DE');
    expect(parseShardSpec('suffix/3').dirOf('A')).toBe('__A');
    expect(parseShardSpec('next-to-last/2').dirOf('ABCDE')).toBe('CD');
    expect(parseShardSpec('next-to-last/2').dirOf('A')).toBe('__');
    expect(parseShardSpec('next-to-last/2').dirOf('AB')).toBe('_A');
  });

  it('round-trip through the SHARDING file and reject what they do not know', () => {
    const shard = parseShardSpec('suffix/3');
    expect(formatShardingFile(shard)).toMatch(/^\/repo\/flatfs\/shard\/v1\/suffix\/3\ncrc32 [0-9a-f]{8}\n$/);
    expect(shardSpecOfShardingFile(formatShardingFile(shard))).toBe('suffix/3');
    // go-ds-flatfs's one-line file (no checksum) still reads.
    expect(shardSpecOfShardingFile('/repo/flatfs/shard/v1/suffix/3\n')).toBe('suffix/3');
    expect(shardSpecOfShardingFile('/repo/flatfs/shard/v1/middle/3')).toBeNull();
    // Every single flipped bit of a checksummed file is damage, never another function.
    const file = new TextEncoder().encode(formatShardingFile(parseShardSpec('next-to-last/2')));
    for (let bit = 0; bit < file.length * 8; bit++) {
      const damaged = file.slice();
      damaged[bit >> 3] = (damaged[bit >> 3] as number) ^ (1 << (bit & 7));
      expect(inspectShardingFile(new TextDecoder().decode(damaged)).kind, `bit ${bit}`).toBe('corrupt');
    }
    for (const spec of ['prefix/0', 'prefix/8', 'prefix', 'suffix/x', 'next-to-last/-1']) {
      expect(() => parseShardSpec(spec), spec).toThrow(/shard must be/);
    }
  });
});

describe('keys and errors', () => {
  it('accept the documented character set only', () => {
    for (const key of ['A', 'CIQ2345', 'A+B-C_D=E', 'Z'.repeat(200)]) expect(() => validateKey(key)).not.toThrow();
    for (const key of ['', 'a', 'A B', 'A/B', '.temp', 'É', 'Z'.repeat(201)]) expect(() => validateKey(key), key).toThrow(InvalidKeyError);
  });

  it('are recognised across realms by brand and code, not by class identity', () => {
    const error = new InvalidKeyError('x', 'rule');
    expect(error.code).toBe('FLATFS_INVALID_KEY');
    expect(error.name).toBe('InvalidKeyError');
    expect(error instanceof FlatStoreError).toBe(true);
    // What a copy of this module loaded elsewhere would throw: same registered symbol, other class.
    const foreign = Object.assign(new Error('from another realm'), { code: 'FLATFS_INVALID_KEY', [Symbol.for('crashsim.FlatStoreError')]: true });
    expect(isInvalidKeyError(foreign)).toBe(true);
    const lookalike = Object.assign(new Error('just a code'), { code: 'FLATFS_INVALID_KEY' });
    expect(isFlatStoreError(lookalike)).toBe(false);
    expect(isFlatStoreError(null)).toBe(false);
  });
});

describe('KeyOps and Gate', () => {
  it('drop waiters when the running operation succeeds, and run the next one when it fails', async () => {
    const ops = new KeyOps();
    const order: string[] = [];
    let failFirst = true;
    const attempt = (name: string) =>
      ops.run('K', async () => {
        order.push(name);
        await Promise.resolve();
        if (failFirst) {
          failFirst = false;
          throw new Error('first fails');
        }
      });
    const results = await Promise.allSettled([attempt('a'), attempt('b'), attempt('c')]);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : 'rejected'))).toEqual(['rejected', true, false]);
    expect(order).toEqual(['a', 'b']);
    expect(ops.inFlightCount).toBe(0);
  });

  it('never lets more than its limit in, first come first served', async () => {
    const gate = new Gate(2);
    const first = await gate.acquire();
    const second = await gate.acquire();
    const entered: number[] = [];
    const third = gate.acquire().then((release) => entered.push(3) && release);
    const fourth = gate.acquire().then((release) => entered.push(4) && release);
    await Promise.resolve();
    expect(entered).toEqual([]);
    first();
    await third;
    expect(entered).toEqual([3]);
    second();
    await fourth;
    expect(entered).toEqual([3, 4]);
    expect(gate.activeCount).toBe(2);
  });
});
