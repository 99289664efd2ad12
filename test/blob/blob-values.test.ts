import { describe, expect, it } from 'vitest';
import { fingerprint, valueBytes, valueFingerprint } from '../../scenarios/support/blob-ops.js';
import type { BlobWriteOp } from '../../scenarios/support/blob-ops.js';

const put = (key: string, valueId: number, sizeBytes: number): BlobWriteOp => ({ kind: 'put', key, valueId, sizeBytes, overwrite: true });

describe('generated blob values', () => {
  it('are fresh copies: changing one never changes the next or its fingerprint', () => {
    const op = put('alpha', 7, 600);
    const first = valueBytes(op);
    const expected = fingerprint(first);
    first.fill(0xee);
    expect(fingerprint(valueBytes(op))).toBe(expected);
    expect(valueFingerprint(op)).toBe(expected);
  });

  it('fingerprint as their bytes do, and differ by id, key and size', () => {
    const ops = [put('alpha', 1, 512), put('beta', 1, 512), put('alpha', 2, 512), put('alpha', 1, 513), put('alpha', 1, 0)];
    const prints = ops.map(valueFingerprint);
    ops.forEach((op, i) => expect(prints[i]).toBe(fingerprint(valueBytes(op))));
    expect(new Set(prints).size).toBe(ops.length);
    expect(valueBytes(put('alpha', 3, 5))).toEqual(new TextEncoder().encode('#3:al'));
  });
});
