import { CORRUPTION_BRAND } from '../fs/errors.js';
import type { Codec } from '../wal/codec.js';

/**
 * The synthetic records the persisters store: a lane's block and a commit certificate. They stand
 * for a consensus engine's real types; only the numbering matters to persistence.
 */

/** A block proposed on one lane; numbers are contiguous per lane. */
export interface Block {
  readonly lane: number;
  readonly number: number;
  readonly payload: Uint8Array;
}

/** A commit certificate for one road index; road indices are contiguous. */
export interface CommitQc {
  readonly roadIndex: number;
  readonly payload: Uint8Array;
}

const TWO_TO_32 = 0x1_0000_0000;

function writeU64(view: DataView, offset: number, value: number): void {
  view.setUint32(offset, Math.floor(value / TWO_TO_32));
  view.setUint32(offset + 4, value % TWO_TO_32);
}

function readU64(view: DataView, offset: number): number {
  return view.getUint32(offset) * TWO_TO_32 + view.getUint32(offset + 4);
}

/** lane (u32), number (u64), payload. */
export const blockCodec: Codec<Block> = {
  encode(block) {
    const bytes = new Uint8Array(12 + block.payload.length);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, block.lane);
    writeU64(view, 4, block.number);
    bytes.set(block.payload, 12);
    return bytes;
  },
  decode(bytes) {
    if (bytes.length < 12) throw new Error(`blockCodec: ${bytes.length} bytes is too short for a block`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { lane: view.getUint32(0), number: readU64(view, 4), payload: bytes.slice(12) };
  },
};

/** road index (u64), payload. */
export const commitQcCodec: Codec<CommitQc> = {
  encode(qc) {
    const bytes = new Uint8Array(8 + qc.payload.length);
    writeU64(new DataView(bytes.buffer), 0, qc.roadIndex);
    bytes.set(qc.payload, 8);
    return bytes;
  },
  decode(bytes) {
    if (bytes.length < 8) throw new Error(`commitQcCodec: ${bytes.length} bytes is too short for a certificate`);
    return { roadIndex: readU64(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0), payload: bytes.slice(8) };
  },
};

/** The lane's directory name: its id in hex, fixed width so names sort. */
export function laneDirName(lane: number): string {
  return lane.toString(16).padStart(8, '0');
}

/** The lane a directory name stands for, or undefined for names that are not lanes. */
export function parseLaneDirName(name: string): number | undefined {
  return /^[0-9a-f]{8}$/.test(name) ? parseInt(name, 16) : undefined;
}

/** Thrown when persisted data has a hole: replay would hand out a non-contiguous history. */
export class PersistGapError extends Error {
  override readonly name = 'PersistGapError';
}

/**
 * Startup found that the WALs no longer hold what the loaded anchor needs: entries it needs were
 * pruned. No crash leaves this (pruning follows a durable anchor write); a damaged newer anchor
 * record does, making startup fall back to the older anchor. Refused rather than served with
 * holes: restore the directory from a replica or backup.
 */
export class PersistCorruptError extends Error {
  override readonly name = 'PersistCorruptError';
  readonly [CORRUPTION_BRAND] = true;
}
