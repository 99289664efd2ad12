import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteBuffer } from '../../../sim/disk/bytes.js';

/** A change to one buffer, and the same change to a plain array model of its contents. */
type Change = { kind: 'write'; position: number; bytes: number[] } | { kind: 'truncate'; size: number } | { kind: 'fill'; from: number; to: number; byte: number };

function apply(change: Change, buffer: ByteBuffer, model: number[]): void {
  if (change.kind === 'write') {
    buffer.write(change.position, Uint8Array.from(change.bytes));
    while (model.length < change.position) model.push(0);
    change.bytes.forEach((byte, i) => (model[change.position + i] = byte));
  } else if (change.kind === 'truncate') {
    buffer.truncate(change.size);
    model.length = Math.min(model.length, change.size);
    while (model.length < change.size) model.push(0);
  } else {
    const to = Math.min(change.to, buffer.size);
    const from = Math.min(change.from, to);
    buffer.fillWith(from, to, () => change.byte);
    for (let i = from; i < to; i++) model[i] = change.byte;
  }
}

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), position: fc.nat(200), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 100 }) }),
  fc.record({ kind: fc.constant('truncate' as const), size: fc.nat(300) }),
  fc.record({ kind: fc.constant('fill' as const), from: fc.nat(300), to: fc.nat(300), byte: fc.integer({ min: 0, max: 255 }) }),
);

describe('ByteBuffer clones (copy-on-write)', () => {
  it('never see each other\'s changes, whichever side changes, however often they are cloned', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(5), fc.boolean(), change), { maxLength: 40 }), (steps) => {
        const buffers = [new ByteBuffer()];
        const models: number[][] = [[]];
        for (const [pick, cloneFirst, next] of steps) {
          const index = pick % buffers.length;
          if (cloneFirst) {
            buffers.push((buffers[index] as ByteBuffer).clone());
            models.push([...(models[index] as number[])]);
          }
          apply(next, buffers[index] as ByteBuffer, models[index] as number[]);
          buffers.forEach((buffer, i) => {
            expect(Array.from(buffer.copy())).toEqual(models[i]);
            // Bytes past the size read as zeros after growing (the class invariant).
            const grown = buffer.clone();
            grown.truncate(buffer.size + 8);
            expect(Array.from(grown.view().subarray(buffer.size))).toEqual(new Array(8).fill(0));
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});
