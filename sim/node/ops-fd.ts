import type { FileStats } from '../../src/fs/types.js';
import type { ActiveRun } from './active-run.js';
import type { FdEntry } from './fd-table.js';
import { openMode } from './flags.js';
import { nodeFsError } from './node-errors.js';
import { step } from './steps.js';
import type { Steps } from './steps.js';

/**
 * The calls on open files, as disk steps: one step each, as the system calls Node makes.
 * Reads and writes take Node's (buffer, offset, length, position) with position null for "at the
 * current offset".
 */

/** Node's own chunk sizes: readFile and writeFile move at most this much per read or write. */
export const WHOLE_FILE_CHUNK_BYTES = 512 * 1024;
/** What readFile reads at a time when fstat reports size 0 (Node's kReadFileUnknownBufferLength). */
const UNKNOWN_SIZE_CHUNK_BYTES = 64 * 1024;

export function entryOf(run: ActiveRun, fd: number, syscall: string): FdEntry {
  const entry = run.fds.get(fd);
  if (entry === undefined) throw nodeFsError('EBADF', 'bad file descriptor', syscall);
  return entry;
}

export function* openFd(run: ActiveRun, path: string, flags: unknown, fallback: string): Steps<FdEntry> {
  const mode = openMode(flags, fallback);
  const disk = run.disk;
  const handle = yield* step(disk, () => disk.open(path, mode.flags));
  return run.fds.add({ disk, handle, path, syncWrites: mode.syncWrites });
}

/** Closes the fd; like close(2), the descriptor is gone even if the close fails. */
export function* closeFd(run: ActiveRun, fd: number): Steps<void> {
  const entry = entryOf(run, fd, 'close');
  run.fds.remove(fd);
  yield* step(entry.disk, () => entry.handle.close());
}

export function* readFd(entry: FdEntry, buffer: Uint8Array, offset: number, length: number, position: number | null): Steps<number> {
  const result = yield* step(entry.disk, () => entry.handle.read(buffer, offset, length, position));
  return result.bytesRead;
}

export function* writeFd(entry: FdEntry, bytes: Uint8Array, offset: number, length: number, position: number | null): Steps<number> {
  const result = yield* step(entry.disk, () => entry.handle.write(bytes, offset, length, position));
  if (entry.syncWrites) yield* step(entry.disk, () => entry.handle.datasync());
  return result.bytesWritten;
}

/** writev(2): one write of the buffers laid end to end. */
export function* writevFd(entry: FdEntry, buffers: readonly Uint8Array[], position: number | null): Steps<number> {
  const joined = Buffer.concat(buffers);
  return yield* writeFd(entry, joined, 0, joined.length, position);
}

/** readv(2): one read, spread over the buffers in order. */
export function* readvFd(entry: FdEntry, buffers: readonly Uint8Array[], position: number | null): Steps<number> {
  const total = buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0);
  const joined = Buffer.alloc(total);
  const bytesRead = yield* readFd(entry, joined, 0, total, position);
  let at = 0;
  for (const buffer of buffers) {
    if (at >= bytesRead) break;
    const count = Math.min(buffer.byteLength, bytesRead - at);
    buffer.set(joined.subarray(at, at + count));
    at += count;
  }
  return bytesRead;
}

export function* fsyncFd(entry: FdEntry): Steps<void> {
  yield* step(entry.disk, () => entry.handle.sync());
}

export function* fdatasyncFd(entry: FdEntry): Steps<void> {
  yield* step(entry.disk, () => entry.handle.datasync());
}

export function* ftruncateFd(entry: FdEntry, length: number): Steps<void> {
  yield* step(entry.disk, () => entry.handle.truncate(length));
}

export function* fstatFd(entry: FdEntry): Steps<FileStats> {
  return yield* step(entry.disk, () => entry.handle.stat());
}

/**
 * Reads from the current offset to the end, as Node's readFile does on an open file: fstat, then
 * reads until the size is reached or a read returns nothing.
 */
export function* readRestFd(entry: FdEntry): Steps<Buffer> {
  const stats = yield* fstatFd(entry);
  if (stats.isDirectory()) throw nodeFsError('EISDIR', 'illegal operation on a directory', 'read');
  if (stats.size === 0) return yield* readUnknownSize(entry);
  const buffer = Buffer.alloc(stats.size);
  let total = 0;
  while (total < stats.size) {
    const bytesRead = yield* readFd(entry, buffer, total, Math.min(stats.size - total, WHOLE_FILE_CHUNK_BYTES), null);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return total === buffer.length ? buffer : buffer.subarray(0, total);
}

function* readUnknownSize(entry: FdEntry): Steps<Buffer> {
  const chunks: Buffer[] = [];
  for (;;) {
    const chunk = Buffer.alloc(UNKNOWN_SIZE_CHUNK_BYTES);
    const bytesRead = yield* readFd(entry, chunk, 0, chunk.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks);
    chunks.push(chunk.subarray(0, bytesRead));
  }
}

/** Writes all of `bytes` at the current offset, in Node's chunks, as writeFile does on an open file. */
export function* writeAllFd(entry: FdEntry, bytes: Uint8Array): Steps<void> {
  let at = 0;
  while (at < bytes.length) {
    const count = Math.min(bytes.length - at, WHOLE_FILE_CHUNK_BYTES);
    at += yield* writeFd(entry, bytes, at, count, null);
  }
}
