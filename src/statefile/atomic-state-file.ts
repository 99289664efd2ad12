import { reachable } from '../coverage/index.js';
import { STATEFILE_MARKS } from './marks.js';
import { readFileIfExists } from '../fs/durable.js';
import { dirname, join } from '../fs/path.js';
import type { FileHandle, FileSystem } from '../fs/types.js';
import { openSeal, sealState } from './envelope.js';
import { StateFileError } from './errors.js';
import type { StateFile, StateFileOptions } from './types.js';

/**
 * The careful way to keep a JSON state file: write the new value to a fresh temp file, sync it,
 * rename it over the state file (atomic: readers and crashes see the old file or the new one,
 * never a mix), then sync the directory so that the rename itself survives a crash.
 *
 * Skip the file sync and a crash can publish a name whose data never reached the disk (an empty
 * or zero-filled state file); skip the directory sync and an acknowledged save can roll back.
 * Writing in place (open 'w', which truncates) is the classic bug this replaces: a crash between
 * the truncate and the sync leaves an empty or torn file. The file carries a checksum of the
 * state (see envelope.ts), so damage the disk did not report is refused rather than loaded.
 *
 * One process owns the directory: temp names are unique within this instance, and leftovers of
 * a crashed one are swept when the next one opens.
 */

const DEFAULT_FILE_NAME = 'state.json';

export async function openStateFile(fs: FileSystem, root: string, options: StateFileOptions = {}): Promise<StateFile> {
  const fileName = options.fileName ?? DEFAULT_FILE_NAME;
  if (fileName === '' || fileName.startsWith('.') || fileName.includes('/') || fileName.includes('\0')) {
    throw new RangeError(`openStateFile: fileName must be a plain name that does not start with '.', got ${JSON.stringify(fileName)}`);
  }
  await createDirectoryDurably(fs, root);
  const file = new AtomicStateFile(fs, root, fileName);
  await file.sweepTempFiles();
  return file;
}

class AtomicStateFile implements StateFile {
  readonly #fs: FileSystem;
  readonly #root: string;
  readonly #path: string;
  readonly #tempPrefix: string;
  #tempCount = 0;
  #closed = false;

  constructor(fs: FileSystem, root: string, fileName: string) {
    this.#fs = fs;
    this.#root = root;
    this.#path = join(root, fileName);
    this.#tempPrefix = `.${fileName}.tmp-`;
  }

  async save(state: unknown): Promise<void> {
    this.#assertOpen('save');
    const bytes = new TextEncoder().encode(sealState(encode(state)));
    // A name of its own per save: concurrent saves never write into each other's temp file.
    const tempPath = join(this.#root, `${this.#tempPrefix}${this.#tempCount++}`);
    try {
      const handle = await this.#fs.open(tempPath, 'wx');
      try {
        await writeAll(handle, bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await this.#fs.rename(tempPath, this.#path);
    } catch (error) {
      await unlinkQuietly(this.#fs, tempPath);
      throw error;
    }
    await syncDirectory(this.#fs, this.#root);
  }

  async load(): Promise<unknown> {
    this.#assertOpen('load');
    const bytes = await readFileIfExists(this.#fs, this.#path);
    return bytes === undefined ? undefined : decode(bytes, this.#path);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  /** Removes temp files a crash left behind. Not synced: a temp file that comes back is swept again. */
  async sweepTempFiles(): Promise<void> {
    for (const name of await this.#fs.readdir(this.#root)) {
      if (!name.startsWith(this.#tempPrefix)) continue;
      reachable(STATEFILE_MARKS.tempSwept);
      await unlinkQuietly(this.#fs, join(this.#root, name));
    }
  }

  #assertOpen(method: string): void {
    if (this.#closed) throw new StateFileError('STATEFILE_CLOSED', `StateFile.${method}: the state file at ${this.#path} is closed; open it again`);
  }
}

function encode(state: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(state);
  } catch (error) {
    throw new StateFileError('STATEFILE_INVALID_STATE', `StateFile.save: the state cannot be written as JSON (${(error as Error).message}); pass plain data without cycles or bigints`, { cause: error });
  }
  if (text === undefined) {
    throw new StateFileError('STATEFILE_INVALID_STATE', `StateFile.save: JSON has no representation for ${typeof state}; pass plain data (use null for "no state")`);
  }
  return text;
}

function decode(bytes: Uint8Array, path: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw corrupt(path, bytes, 'it is not UTF-8', error);
  }
  const sealed = openSeal(text);
  if (!sealed.ok) throw corrupt(path, bytes, sealed.reason);
  try {
    return JSON.parse(sealed.stateJson);
  } catch (error) {
    throw corrupt(path, bytes, 'its state is not valid JSON', error);
  }
}

function corrupt(path: string, bytes: Uint8Array, reason: string, cause?: unknown): StateFileError {
  return new StateFileError(
    'STATEFILE_CORRUPT',
    `StateFile.load: ${path} (${bytes.length} bytes) is damaged or was not written by StateFile: ${reason}; restore it from a backup or delete it to start empty`,
    cause === undefined ? {} : { cause },
  );
}

/** Writes all of `bytes` from offset 0, looping over short writes as a real disk may return. */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, written);
    if (bytesWritten <= 0) throw new Error(`StateFile.save: the filesystem wrote ${bytesWritten} bytes; refusing to loop forever`);
    written += bytesWritten;
  }
}

/** Makes a directory's entries durable, the Node way. A failure rejects: the save is then not acknowledged. */
async function syncDirectory(fs: FileSystem, dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates `root` if missing and makes it durable: a new directory survives a crash only once its
 * parent is synced, so every parent of a directory that was created gets synced.
 */
async function createDirectoryDurably(fs: FileSystem, root: string): Promise<void> {
  const firstCreated = await fs.mkdir(root, { recursive: true });
  if (firstCreated === undefined) return;
  const parents: string[] = [];
  for (let dir = root; dir !== dirname(firstCreated); dir = dirname(dir)) parents.unshift(dirname(dir));
  for (const parent of parents) await syncDirectory(fs, parent);
}

async function unlinkQuietly(fs: FileSystem, path: string): Promise<void> {
  try {
    await fs.unlink(path);
  } catch {
    // Best effort: the next open sweeps whatever is left.
  }
}
