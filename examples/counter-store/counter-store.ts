import type { FileSystem } from '../../src/index.js';

/**
 * A durable counter: `increment()` resolves with the new value once it is on disk, and `read()`
 * gives the current value. Each increment appends one fixed-width record (`0000000042\n`) to
 * `counter.log` and syncs the file before it resolves; opening reads the records back, stops at
 * the first one a crash left torn (a partial or zeroed record at the end), and cuts the log
 * there so the next append lands in the right place.
 *
 * The first increment creates the log, and a new file's name is durable only once its directory
 * is synced: `syncDirectoryOnCreate: false` leaves that out, which is the bug in
 * buggy-counter-store.ts. (In a user's project the type comes from `crashsim`.)
 */

export interface Counter {
  increment(): Promise<number>;
  read(): Promise<number>;
  close(): Promise<void>;
}

export interface CounterOptions {
  /** Sync the directory after creating the log (default true). */
  readonly syncDirectoryOnCreate?: boolean;
}

const LOG = 'counter.log';
const DIGITS = 10;
const RECORD_BYTES = DIGITS + 1;

function encodeRecord(value: number): Uint8Array {
  return new TextEncoder().encode(`${String(value).padStart(DIGITS, '0')}\n`);
}

/** How many records from the start hold 1, 2, 3... in order: the rest is a torn tail. */
function countValidRecords(bytes: Uint8Array): number {
  const text = new TextDecoder().decode(bytes);
  let count = 0;
  while ((count + 1) * RECORD_BYTES <= bytes.length) {
    const record = text.slice(count * RECORD_BYTES, (count + 1) * RECORD_BYTES);
    if (record !== `${String(count + 1).padStart(DIGITS, '0')}\n`) break;
    count++;
  }
  return count;
}

async function syncDirectory(fs: FileSystem, dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function readLog(fs: FileSystem, path: string): Promise<Uint8Array | null> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  }
}

export async function openCounter(fs: FileSystem, root: string, options: CounterOptions = {}): Promise<Counter> {
  const path = `${root}/${LOG}`;
  const existing = await readLog(fs, path);
  const handle = await fs.open(path, existing === null ? 'wx+' : 'r+');
  if (existing === null && options.syncDirectoryOnCreate !== false) await syncDirectory(fs, root);
  let value = existing === null ? 0 : countValidRecords(existing);
  if (existing !== null && existing.length !== value * RECORD_BYTES) {
    // A torn tail: cut it off, durably, before appending after it.
    await handle.truncate(value * RECORD_BYTES);
    await handle.sync();
  }
  // Increments go one at a time: each appends after the previous one and syncs it.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    increment() {
      const next = queue.then(async () => {
        const record = encodeRecord(value + 1);
        await handle.write(record, 0, record.length, value * RECORD_BYTES);
        await handle.sync();
        value++;
        return value;
      });
      queue = next.catch(() => undefined);
      return next;
    },
    async read() {
      return value;
    },
    async close() {
      await queue;
      await handle.close();
    },
  };
}

/** The factory `--impl` and the scenario use: `(fs, root) => Promise<Counter>`. */
export default function openFixedCounter(fs: FileSystem, root: string): Promise<Counter> {
  return openCounter(fs, root);
}
