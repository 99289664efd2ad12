import { hasErrorCode } from '../fs/errors.js';
import { join } from '../fs/path.js';
import type { FileSystem } from '../fs/types.js';
import { crc32 } from '../checksum/crc32.js';
import { ensureDirDurable, syncDirectory, unlinkIfExists, writeFileAtomic } from '../fs/durable.js';
import type { CommitQc } from './records.js';

/**
 * The prune anchor: the road index (with its certificate) below which nothing is needed, and per
 * lane the first block still needed. Stored as one checksummed record in the file `anchor`,
 * replaced atomically (temp file, sync, rename, directory sync).
 *
 * Why not two alternating files (the Go original's A/B scheme): there a crash while rewriting the
 * older file leaves it torn, so a record that fails its checksum must be skipped, and a bit flip
 * in the NEWER record then looks exactly like that torn write: loading would silently fall back to
 * the older anchor, rolling back an acknowledged one. With an atomic replace the file named
 * `anchor` is always a complete record a crash cannot tear, so a record that fails its checksum is
 * damage, reported as AnchorCorruptError, never skipped. A crash mid-write only leaves the temp
 * file, which opening removes.
 */
export interface Anchor {
  readonly roadIndex: number;
  readonly qc: CommitQc;
  /** First block still needed, per lane. */
  readonly laneFirsts: ReadonlyMap<number, number>;
}

const FILE = 'anchor';
const TEMP_SUFFIX = '.tmp';

/**
 * The anchor file exists but does not hold a valid record (short, bad length, bad checksum).
 * No crash leaves it so: the disk damaged it. Startup refuses rather than guess an anchor.
 */
export class AnchorCorruptError extends Error {
  override readonly name = 'AnchorCorruptError';
  readonly path: string;

  constructor(path: string, detail: string) {
    super(`anchor record '${path}' is corrupt: ${detail}. Restore the directory from a replica or backup; do not delete it by hand (that would drop the prune anchor).`);
    this.path = path;
  }
}

export class AnchorStore {
  readonly #fs: FileSystem;
  readonly #dir: string;
  #latest: Anchor | undefined;

  private constructor(fs: FileSystem, dir: string, latest: Anchor | undefined) {
    this.#fs = fs;
    this.#dir = dir;
    this.#latest = latest;
  }

  /** Opens the store in `dir`; a damaged record rejects with AnchorCorruptError. */
  static async open(fs: FileSystem, dir: string): Promise<AnchorStore> {
    await ensureDirDurable(fs, dir);
    // A leftover temp file is an interrupted write, never acknowledged: drop it.
    if (await unlinkIfExists(fs, join(dir, `${FILE}${TEMP_SUFFIX}`))) await syncDirectory(fs, dir);
    return new AnchorStore(fs, dir, await readRecord(fs, join(dir, FILE)));
  }

  /** The latest anchor written durably, if any. */
  get anchor(): Anchor | undefined {
    return this.#latest;
  }

  /** Durably records `anchor`; when this resolves, a crash cannot bring back an older one. */
  async write(anchor: Anchor): Promise<void> {
    await writeFileAtomic(this.#fs, this.#dir, FILE, encodeRecord(anchor), TEMP_SUFFIX);
    this.#latest = anchor;
  }
}

/** u32 body length, JSON body, u32 CRC-32 of everything before it. */
function encodeRecord(anchor: Anchor): Uint8Array {
  const body = new TextEncoder().encode(
    JSON.stringify({
      roadIndex: anchor.roadIndex,
      qc: { roadIndex: anchor.qc.roadIndex, payload: Array.from(anchor.qc.payload) },
      laneFirsts: [...anchor.laneFirsts],
    }),
  );
  const record = new Uint8Array(body.length + 8);
  const view = new DataView(record.buffer);
  view.setUint32(0, body.length);
  record.set(body, 4);
  view.setUint32(4 + body.length, crc32(record.subarray(0, 4 + body.length)));
  return record;
}

/** The record in `path`; undefined when there is none yet. Read errors propagate. */
async function readRecord(fs: FileSystem, path: string): Promise<Anchor | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return undefined;
    throw error;
  }
  if (bytes.length < 8) throw new AnchorCorruptError(path, `${bytes.length} bytes is shorter than any record`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0);
  if (length + 8 !== bytes.length) throw new AnchorCorruptError(path, `the record says ${length + 8} bytes but the file holds ${bytes.length}`);
  if (view.getUint32(4 + length) !== crc32(bytes.subarray(0, 4 + length))) throw new AnchorCorruptError(path, 'it fails its checksum');
  const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as {
    roadIndex: number;
    qc: { roadIndex: number; payload: number[] };
    laneFirsts: [number, number][];
  };
  return {
    roadIndex: parsed.roadIndex,
    qc: { roadIndex: parsed.qc.roadIndex, payload: Uint8Array.from(parsed.qc.payload) },
    laneFirsts: new Map(parsed.laneFirsts),
  };
}
