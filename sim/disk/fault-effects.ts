import type { OpenFlagSemantics } from '../../src/fs/open-flags.js';
import type { DiskState } from './disk-state.js';
import type { FileNode } from './nodes.js';
import { failWith, lookup } from './resolve.js';

/** The parts of injected faults that look inside the disk (SimFs keeps the thin entry points). */

/** What writeFile's flags do to an existing file's size. */
type WriteFileSemantics = Pick<OpenFlagSemantics, 'append' | 'truncate' | 'exclusive'>;

/**
 * Bytes a writeFile would add to the visible data, or null when the call will fail by itself
 * (EEXIST, EISDIR) and no fault should be asked about. Looks only: changes nothing.
 */
export function writeFileGrowth(disk: DiskState, path: string, semantics: WriteFileSemantics, lengthBytes: number): number | null {
  let sizeBefore = 0;
  try {
    const existing = lookup(disk.root, path, 'open', failWith('open', path));
    if (existing.kind === 'dir' || semantics.exclusive) return null;
    sizeBefore = existing.data.size;
  } catch {
    // Missing: the call creates it (or fails by itself, with its own error).
  }
  const sizeAfter = semantics.append ? sizeBefore + lengthBytes : semantics.truncate ? lengthBytes : Math.max(sizeBefore, lengthBytes);
  return Math.max(0, sizeAfter - sizeBefore);
}

/** See SimFs.flipBits: damages the medium, so the visible and the durable data alike. */
export function flipFileBits(disk: DiskState, path: string, bitOffsets: readonly number[]): void {
  const node = lookup(disk.root, path, 'flipBits', failWith('flipBits', path));
  if (node.kind !== 'file') throw new RangeError(`SimFs.flipBits: '${path}' is a directory; only file data can be flipped`);
  flipNodeBits(node, path, bitOffsets);
}

/**
 * Flips bits of one inode's data, visible and durable. Rot goes through the inode a read reaches,
 * not through a name: an open handle may read a file that was renamed over or unlinked since
 * (`path` only names it in messages).
 */
export function flipNodeBits(node: FileNode, path: string, bitOffsets: readonly number[]): void {
  for (const bit of bitOffsets) {
    if (!Number.isSafeInteger(bit) || bit < 0 || bit >= node.data.size * 8) {
      throw new RangeError(`SimFs.flipBits: bit ${String(bit)} is outside '${path}' (${node.data.size} bytes)`);
    }
  }
  for (const buffer of node.data === node.durable ? [node.data] : [node.data, node.durable]) {
    for (const bit of bitOffsets) {
      const byte = bit >> 3;
      if (byte >= buffer.size) continue; // durable data may be shorter than what reads see
      const flipped = (buffer.view()[byte] as number) ^ (1 << (bit & 7));
      buffer.fillWith(byte, byte + 1, () => flipped);
    }
  }
}
