/**
 * Memory for bytes the caller overwrites entirely before anyone reads them (an encoded record):
 * Node's pooled `Buffer.allocUnsafe`, as a plain Uint8Array view of it. A zeroed typed array of
 * more than 64 bytes gets an off-heap store of its own, about a microsecond to make and collect;
 * a pooled slice costs a fifth of that, and a store makes one per write.
 *
 * Only for memory written in full before it is used: what it holds before is whatever the pool
 * held, and leaking any of it would make runs differ. The view has a byteOffset: read it with
 * `new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)`, never `new DataView(bytes.buffer)`.
 */
export function bytesToOverwrite(length: number): Uint8Array {
  const pooled = Buffer.allocUnsafe(length);
  return new Uint8Array(pooled.buffer, pooled.byteOffset, length);
}
