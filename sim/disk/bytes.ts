/**
 * A growable byte array with a size: the contents of one version of a file (what reads see, or
 * what is durable). Invariant: every byte at or beyond `size` is zero, so growing a file by
 * truncate or by a write past the end exposes zeros without a fill.
 *
 * Clones are copy-on-write: a clone shares the bytes until either side changes, and the side that
 * changes copies first. Syncs and crash states clone every file (a crash state twice: what reads
 * see and what is durable), and most clones are never written again.
 */

/** Files larger than this are refused (ENOSPC): a limit on everything, and on a test's memory. */
export const FILE_SIZE_BYTES_MAX = 2 ** 30;

const CAPACITY_MIN_BYTES = 64;

/** What every empty buffer starts from: nothing can be written into zero bytes, so one will do. */
const NO_BYTES = new Uint8Array(0);

/**
 * Fresh zeroed memory for the simulator's copies, carved from shared slabs. A typed array of more
 * than 64 bytes gets its own off-heap store, which costs about a microsecond to make and to
 * collect (ten times a carve), and a run makes one per write, read and grown file. Each region
 * belongs to one owner: regions never overlap and are never handed out twice, so a slab is
 * released once every region carved from it is garbage. Larger requests get their own array.
 */
const SLAB_BYTES = 64 * 1024;
const CARVED_BYTES_MAX = SLAB_BYTES / 8;
let slab = new Uint8Array(SLAB_BYTES);
let slabUsed = 0;

export function freshBytes(length: number): Uint8Array {
  if (length > CARVED_BYTES_MAX) return new Uint8Array(length);
  if (slabUsed + length > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES);
    slabUsed = 0;
  }
  const region = slab.subarray(slabUsed, slabUsed + length);
  slabUsed += length;
  return region;
}

/**
 * A private copy of `bytes`, a plain Uint8Array. Not `bytes.slice()`: on a Node Buffer, `slice`
 * returns a view of the same memory, so a caller reusing its Buffer would rewrite the disk.
 */
export function ownedCopy(bytes: Uint8Array, length = bytes.length): Uint8Array {
  const copy = freshBytes(length);
  copy.set(length === bytes.length ? bytes : bytes.subarray(0, length));
  return copy;
}

export class ByteBuffer {
  #bytes: Uint8Array;
  #size: number;
  /** `#bytes` may be seen by another ByteBuffer: copy before changing it. */
  #shared = false;

  constructor(initial?: Uint8Array) {
    if (initial === undefined) {
      this.#bytes = NO_BYTES;
      this.#size = 0;
    } else {
      this.#bytes = ownedCopy(initial);
      this.#size = initial.length;
    }
  }

  get size(): number {
    return this.#size;
  }

  /** The current contents, without a copy: valid until the next change. */
  view(): Uint8Array {
    return this.#bytes.subarray(0, this.#size);
  }

  /**
   * The memory holding the contents: clones share it until either side changes, and a buffer
   * whose memory is shared copies it before its first change. So two buffers with one token and
   * one size hold the same bytes, for as long as neither is written (equal bytes may have
   * different tokens).
   */
  get contentToken(): object {
    return this.#bytes;
  }

  /** A copy of the current contents. */
  copy(): Uint8Array {
    return ownedCopy(this.#bytes, this.#size);
  }

  clone(): ByteBuffer {
    const clone = new ByteBuffer();
    clone.#bytes = this.#bytes;
    clone.#size = this.#size;
    clone.#shared = true;
    this.#shared = true;
    return clone;
  }

  /** Writes `source` at `position`, zero-filling any gap after the old end. */
  write(position: number, source: Uint8Array): void {
    const end = position + source.length;
    this.#ensureCapacity(end);
    this.#bytes.set(source, position);
    if (end > this.#size) this.#size = end;
  }

  /**
   * As `write`, for bytes nobody will ever change (a pending write's private copy): an empty
   * buffer written at 0 keeps them as its contents, without a copy, until its first change.
   */
  writeKept(position: number, source: Uint8Array): void {
    if (this.#size !== 0 || position !== 0 || source.length === 0) {
      this.write(position, source);
      return;
    }
    this.#bytes = source;
    this.#size = source.length;
    this.#shared = true;
  }

  /** Sets the size; bytes beyond the old size read as zeros, bytes cut off are forgotten. */
  truncate(size: number): void {
    if (size < this.#size) {
      this.#ensureCapacity(0);
      this.#bytes.fill(0, size, this.#size);
    } else {
      this.#ensureCapacity(size);
    }
    this.#size = size;
  }

  /** Copies up to `length` bytes at `position` into `target[targetOffset..]`; returns the count. */
  read(position: number, target: Uint8Array, targetOffset: number, length: number): number {
    if (position >= this.#size) return 0;
    const count = Math.min(length, this.#size - position);
    target.set(this.#bytes.subarray(position, position + count), targetOffset);
    return count;
  }

  /** Sets bytes [from, to) (which must lie below `size`) to `byteAt(position)`. */
  fillWith(from: number, to: number, byteAt: (position: number) => number): void {
    this.#ensureCapacity(0);
    for (let position = from; position < to; position++) this.#bytes[position] = byteAt(position);
  }

  /** Makes room for `needed` bytes in memory this buffer alone owns (every change calls it first). */
  #ensureCapacity(needed: number): void {
    const current = this.#bytes.length;
    if (needed <= current && !this.#shared) return;
    const capacity = needed <= current ? current : Math.min(Math.max(needed, current * 2, CAPACITY_MIN_BYTES), Math.max(needed, FILE_SIZE_BYTES_MAX));
    const grown = freshBytes(capacity);
    grown.set(this.#bytes.subarray(0, this.#size));
    this.#bytes = grown;
    this.#shared = false;
  }
}
