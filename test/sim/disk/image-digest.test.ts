import { describe, expect, it } from 'vitest';
import { SimFs } from '../../../sim/disk/index.js';
import { StableHash } from '../../../sim/trace.js';

/** The image digest is a value users may keep (it names a state): it must not drift. */

describe('image digest', () => {
  it('keeps its value for a fixed tree (files past 4 KiB included)', () => {
    const big = new Uint8Array(10_000).map((_, i) => (i * 7919) & 0xff);
    const fs = SimFs.fromImage({
      kind: 'dir',
      entries: {
        a: { kind: 'file', data: big },
        d: { kind: 'dir', entries: { e: { kind: 'file', data: new Uint8Array([1, 2, 3]) }, empty: { kind: 'file', data: new Uint8Array(0) } } },
      },
    });
    expect(fs.imageDigest()).toBe('f5143dbfd0f1f144');
    expect(new SimFs().imageDigest()).toBe('d092bb2ca3bf71de');
  });

  it('hashing bytes equals hashing the text of the same code units', () => {
    const bytes = new Uint8Array(300).map((_, i) => (i * 31 + 7) & 0xff);
    const asText = new StableHash().update('x').update(String.fromCharCode(...bytes)).update('y').digest();
    expect(new StableHash().update('x').updateBytes(bytes).update('y').digest()).toBe(asText);
    expect(new StableHash().updateBytes(new Uint8Array(0)).digest()).toBe(new StableHash().digest());
  });
});
