import { simError } from './sim-error.js';
import type { OpenAccess } from '../../src/fs/open-flags.js';
import type { FileHandle, FileStats, ReadResult, WriteResult } from '../../src/fs/types.js';
import { FILE_SIZE_BYTES_MAX } from './bytes.js';
import type { DiskState } from './disk-state.js';
import type { FileNode, Inode } from './nodes.js';
import { statsOf } from './resolve.js';
import type { StepGate } from './step-gate.js';
import type { FaultableCall, InjectedCode } from './types.js';

/** The seam for effects that fault injection changes (EIO on sync, on read, ENOSPC on writes). */
export interface HandleEffects {
  /** fsync or fdatasync of `node`; throws (after applying the fault's semantics) when a fault hits it. */
  syncNode(node: Inode, path: string, call: 'sync' | 'datasync'): void;
  /** The injected error for a call about to take effect, or undefined (always, without faults). */
  fault(call: FaultableCall, path: string, growthBytes: number): InjectedCode | undefined;
  /** Lets injected rot damage the bytes a read of `node` is about to return (see DiskFaults.rot). */
  rot(call: 'read' | 'readFile', path: string, node: FileNode, offsetBytes: number, lengthBytes: number): void;
}

/** Validates Node's (buffer, offset, length) triple; Node throws a RangeError for these, not an FsError. */
function checkRange(call: string, buffer: Uint8Array, offset: number, length: number): void {
  if (!(buffer instanceof Uint8Array)) throw new TypeError(`SimFs ${call}: buffer must be a Uint8Array`);
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > buffer.length) {
    throw new RangeError(`SimFs ${call}: offset must be an integer from 0 to ${buffer.length}, got ${String(offset)}`);
  }
  if (!Number.isSafeInteger(length) || length < 0 || offset + length > buffer.length) {
    throw new RangeError(`SimFs ${call}: length must be an integer from 0 to ${buffer.length - offset}, got ${String(length)}`);
  }
}

function isPositioned(position: number | null | undefined): position is number {
  return typeof position === 'number' && position >= 0;
}

/**
 * An open file description: a node, the access its flags gave, and an offset. Every method is one
 * step of the disk (see StepGate). Using it after `close()` fails with EBADF, like Node's
 * FileHandle; closing twice is a no-op, also like Node's.
 */
export class SimFileHandle implements FileHandle {
  readonly #gate: StepGate;
  readonly #disk: DiskState;
  readonly #effects: HandleEffects;
  readonly #node: Inode;
  readonly #path: string;
  readonly #access: OpenAccess;
  #position = 0;
  #closed = false;

  constructor(gate: StepGate, disk: DiskState, effects: HandleEffects, node: Inode, path: string, access: OpenAccess) {
    this.#gate = gate;
    this.#disk = disk;
    this.#effects = effects;
    this.#node = node;
    this.#path = path;
    this.#access = access;
  }

  read(buffer: Uint8Array, offset = 0, length?: number, position: number | null = null): Promise<ReadResult> {
    const count = length ?? (buffer?.length ?? 0) - offset;
    const args = `pos=${isPositioned(position) ? position : 'cur'} len=${String(count)}`;
    return this.#gate.step('handle.read', this.#path, args, () => {
      this.#checkOpen('read');
      checkRange('handle.read', buffer, offset, count);
      // Node answers a zero-length read itself, without the syscall, whatever the access mode.
      if (count === 0) return { bytesRead: 0, buffer };
      const node = this.#node;
      if (node.kind === 'dir') throw simError('EISDIR', 'read', this.#path);
      if (!this.#access.readable) throw simError('EBADF', 'read', this.#path);
      const at = isPositioned(position) ? position : this.#position;
      this.#effects.rot('read', this.#path, node, at, count);
      const injected = this.#effects.fault('read', this.#path, 0);
      if (injected !== undefined) throw simError(injected, 'read', this.#path);
      const bytesRead = node.data.read(at, buffer, offset, count);
      if (!isPositioned(position)) this.#position += bytesRead;
      return { bytesRead, buffer };
    }, (result) => `ok ${result.bytesRead}`);
  }

  write(buffer: Uint8Array, offset = 0, length?: number, position: number | null = null): Promise<WriteResult> {
    const count = length ?? (buffer?.length ?? 0) - offset;
    const args = `pos=${this.#access.append ? 'end' : isPositioned(position) ? position : 'cur'} len=${String(count)}`;
    return this.#gate.step('handle.write', this.#path, args, () => {
      this.#checkOpen('write');
      // Node answers a write of an empty buffer itself, without the syscall, whatever the access mode.
      if (buffer instanceof Uint8Array && buffer.length === 0) return { bytesWritten: 0, buffer };
      checkRange('handle.write', buffer, offset, count);
      const node = this.#node;
      if (node.kind === 'dir' || !this.#access.writable) throw simError('EBADF', 'write', this.#path);
      const at = this.#access.append ? node.data.size : isPositioned(position) ? position : this.#position;
      if (at + count > FILE_SIZE_BYTES_MAX) throw simError('ENOSPC', 'write', this.#path);
      const injected = this.#effects.fault('write', this.#path, Math.max(0, at + count - node.data.size));
      if (injected !== undefined) throw simError(injected, 'write', this.#path);
      this.#disk.write(node, at, buffer.subarray(offset, offset + count));
      // write(2) on O_APPEND moves the offset to the new end; pwrite(2) never moves it.
      if (isPositioned(position)) return { bytesWritten: count, buffer };
      this.#position = this.#access.append ? node.data.size : this.#position + count;
      return { bytesWritten: count, buffer };
    }, (result) => `ok ${result.bytesWritten}`);
  }

  truncate(len = 0): Promise<void> {
    return this.#gate.step('handle.truncate', this.#path, `len=${String(len)}`, () => {
      this.#checkOpen('ftruncate');
      const node = this.#node;
      // Linux's ftruncate answers EINVAL for a descriptor not open for writing, or a directory.
      if (node.kind === 'dir' || !this.#access.writable) throw simError('EINVAL', 'ftruncate', this.#path);
      if (!Number.isSafeInteger(len)) throw new RangeError(`SimFs handle.truncate: len must be an integer, got ${String(len)}`);
      if (len > FILE_SIZE_BYTES_MAX) throw simError('ENOSPC', 'ftruncate', this.#path);
      const injected = this.#effects.fault('truncate', this.#path, Math.max(0, len - node.data.size));
      if (injected !== undefined) throw simError(injected, 'ftruncate', this.#path);
      // Node clamps a negative length to 0 before calling ftruncate(2), so NodeFs never sees EINVAL.
      this.#disk.truncate(node, Math.max(0, len));
    });
  }

  sync(): Promise<void> {
    return this.#gate.step('handle.sync', this.#path, '', () => {
      this.#checkOpen('fsync');
      this.#effects.syncNode(this.#node, this.#path, 'sync');
    });
  }

  /** fdatasync: the model keeps no metadata but names and sizes, so it persists what sync() does. */
  datasync(): Promise<void> {
    return this.#gate.step('handle.datasync', this.#path, '', () => {
      this.#checkOpen('fdatasync');
      this.#effects.syncNode(this.#node, this.#path, 'datasync');
    });
  }

  stat(): Promise<FileStats> {
    return this.#gate.step('handle.stat', this.#path, '', () => {
      this.#checkOpen('fstat');
      return statsOf(this.#node);
    });
  }

  close(): Promise<void> {
    return this.#gate.step('handle.close', this.#path, '', () => {
      this.#closed = true;
    });
  }

  #checkOpen(syscall: string): void {
    if (this.#closed) throw simError('EBADF', syscall, this.#path);
  }
}
