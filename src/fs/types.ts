/**
 * The FileSystem contract: a structural subset of `node:fs/promises`.
 *
 * Production code passes `node:fs/promises` itself (see `NodeFs`); tests pass a simulated disk.
 * Names, argument order, result shapes and error codes are Node's. Paths are absolute POSIX
 * paths. Semantics are Linux's: `rename` atomically replaces a file, `'wx'` is O_EXCL, `link`
 * fails with EEXIST, and `readdir` order is unspecified.
 *
 * Durability, stated per call below, follows the Linux model that crash simulators assume:
 * nothing is durable until it is synced; `handle.sync()` makes a file's data and size durable but
 * not its name; a name (create, link, unlink, rename, mkdir, rmdir) becomes durable only when the
 * directory holding it is synced, which is done the Node way: `(await fs.open(dir, 'r')).sync()`.
 * Calls may overlap; each call is atomic with respect to the others.
 */

/** The part of `fs.Stats` the contract relies on. */
export interface FileStats {
  /** Size in bytes as reads see it now (not necessarily durable). */
  readonly size: number;
  /** Number of directory entries naming this inode. */
  readonly nlink: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

/** What `handle.read` resolves to. */
export interface ReadResult {
  readonly bytesRead: number;
  readonly buffer: Uint8Array;
}

/** What `handle.write` resolves to. */
export interface WriteResult {
  readonly bytesWritten: number;
  readonly buffer: Uint8Array;
}

/**
 * Open flags accepted by every backend: `r` read, `r+` read/write, `w` truncate or create,
 * `wx` create exclusively (EEXIST if the name exists), `w+`/`wx+` as `w`/`wx` with reads,
 * `a`/`ax`/`a+` append. Directories may be opened with `r` only, to be synced.
 */
export type OpenFlags = 'r' | 'r+' | 'w' | 'wx' | 'w+' | 'wx+' | 'a' | 'ax' | 'a+';

/** An open file or directory. Using it after `close()` fails with EBADF. */
export interface FileHandle {
  /**
   * Reads up to `length` bytes at `position` (or at the current offset when null) into
   * `buffer[offset..]`. Sees every completed write, durable or not.
   */
  read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<ReadResult>;
  /**
   * Writes `buffer[offset..offset+length]` at `position` (or the current offset when null or
   * omitted; always at the end for append handles). No persistence guarantee is provided: the
   * bytes may be lost, torn at sector granularity or reordered with other writes by a crash until
   * `sync()` or `datasync()` returns.
   */
  write(buffer: Uint8Array, offset?: number, length?: number, position?: number | null): Promise<WriteResult>;
  /** Sets the size, zero-filling when it grows. No persistence guarantee until synced. */
  truncate(len?: number): Promise<void>;
  /**
   * Makes the file's data and size durable (fsync). Does NOT make its name durable: sync the
   * directory for that. On a directory handle, makes the directory's entries durable.
   * If it fails (EIO), the dirty data may already be gone: Linux marks it clean, so a retry can
   * succeed without the data being on disk. Treat a failed sync as lost data.
   */
  sync(): Promise<void>;
  /** As `sync()` for the data and the size; other metadata may stay volatile (fdatasync). */
  datasync(): Promise<void>;
  /** Stats of the open inode, as reads see it now. */
  stat(): Promise<FileStats>;
  /** Closes the handle. Persists nothing: close is not a sync. */
  close(): Promise<void>;
}

/** Options of `mkdir`, as Node's. */
export interface MkdirOptions {
  /** Create missing parents and do not fail if the directory exists. */
  recursive?: boolean;
}

/** Options of `writeFile`, as Node's. */
export interface WriteFileOptions {
  /** Open flags, `w` by default; `wx` fails with EEXIST if the file exists. */
  flag?: OpenFlags;
}

export interface FileSystem {
  /**
   * Opens a file (or, with `r`, a directory so that it can be synced). Creating a file creates a
   * name that is durable only once its directory is synced.
   */
  open(path: string, flags?: OpenFlags): Promise<FileHandle>;
  /**
   * Atomically gives `oldPath`'s inode the name `newPath`, replacing a file there. Visible at once
   * to every reader; durable only when the directories involved are synced. A crash may keep
   * the old names or the new ones, never a mix of the two.
   */
  rename(oldPath: string, newPath: string): Promise<void>;
  /** Adds a second name for a file; EEXIST if `newPath` exists. Durable when its directory is synced. */
  link(existingPath: string, newPath: string): Promise<void>;
  /** Removes a name. Durable when its directory is synced: until then a crash may bring it back. */
  unlink(path: string): Promise<void>;
  /**
   * Creates a directory. It is durable only when its parent is synced. With `recursive`, returns
   * the first directory created (or undefined if none was).
   */
  mkdir(path: string, options?: MkdirOptions): Promise<string | undefined>;
  /** Removes an empty directory (ENOTEMPTY otherwise). Durable when its parent is synced. */
  rmdir(path: string): Promise<void>;
  /** Lists a directory's names (no `.` or `..`), in an unspecified order. */
  readdir(path: string): Promise<string[]>;
  /** Stats of what `path` names now. */
  stat(path: string): Promise<FileStats>;
  /** Reads a whole file. Sees every completed write, durable or not. */
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Opens (flag `w` by default), writes and closes. No persistence guarantee: neither the data nor
   * the name is durable. Never use it alone to replace a file that must survive a crash.
   */
  writeFile(path: string, data: Uint8Array | string, options?: WriteFileOptions): Promise<void>;
}
