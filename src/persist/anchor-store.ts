import { hasErrorCode } from '../fs/errors.js';
import { join } from '../fs/path.js';
import type { FileSystem } from '../fs/types.js';
import { crc32c } from '../checksum/crc32c.js';
import { ensureDirDurable, syncDirectory, writeAll } from '../fs/durable.js';
import type { CommitQc } from './records.js';

/**
 * The prune anchor: the road index (with its certificate) below which nothing is needed, and per
 * lane the first block still needed. Stored as two alternating files, each record carrying a
 * sequence number and a checksum: a write replaces the OLDER file, so a crash while writing it
 * leaves the newer one intact, and loading takes the valid record with the highest sequence.
 */
export interface Anchor {
  readonly roadIndex: number;
  readonly qc: CommitQc;
  /** First block still needed, per lane. */
  readonly laneFirsts: ReadonlyMap<number, number>;
}

const FILES = ['anchor-a', 'anchor-b'] as const;

interface StoredAnchor {
  readonly sequence: number;
  readonly anchor: Anchor;
}

export class AnchorStore {
  readonly #fs: FileSystem;
  readonly #dir: string;
  #latest: StoredAnchor | undefined;

  private constructor(fs: FileSystem, dir: string, latest: StoredAnchor | undefined) {
    this.#fs = fs;
    this.#dir = dir;
    this.#latest = latest;
  }

  static async open(fs: FileSystem, dir: string): Promise<AnchorStore> {
    await ensureDirDurable(fs, dir);
    let latest: StoredAnchor | undefined;
    for (const name of FILES) {
      const stored = await readRecord(fs, join(dir, name));
      if (stored !== undefined && (latest === undefined || stored.sequence > latest.sequence)) latest = stored;
    }
    return new AnchorStore(fs, dir, latest);
  }

  /** The latest anchor written durably, if any. */
  get anchor(): Anchor | undefined {
    return this.#latest?.anchor;
  }

  /** Durably records `anchor`; when this resolves, a crash cannot bring back an older one. */
  async write(anchor: Anchor): Promise<void> {
    const sequence = (this.#latest?.sequence ?? 0) + 1;
    const path = join(this.#dir, FILES[sequence % 2] as string);
    const handle = await this.#fs.open(path, 'w');
    try {
      await writeAll(handle, encodeRecord(sequence, anchor), 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncDirectory(this.#fs, this.#dir);
    this.#latest = { sequence, anchor };
  }
}

function encodeRecord(sequence: number, anchor: Anchor): Uint8Array {
  const body = new TextEncoder().encode(
    JSON.stringify({
      sequence,
      roadIndex: anchor.roadIndex,
      qc: { roadIndex: anchor.qc.roadIndex, payload: Array.from(anchor.qc.payload) },
      laneFirsts: [...anchor.laneFirsts],
    }),
  );
  const record = new Uint8Array(body.length + 8);
  const view = new DataView(record.buffer);
  view.setUint32(0, body.length);
  record.set(body, 4);
  view.setUint32(4 + body.length, crc32c(record.subarray(0, 4 + body.length)));
  return record;
}

/** The record in `path`, or undefined when it is missing, torn or fails its checksum. */
async function readRecord(fs: FileSystem, path: string): Promise<StoredAnchor | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return undefined;
    throw error;
  }
  if (bytes.length < 8) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0);
  if (length + 8 > bytes.length) return undefined;
  if (view.getUint32(4 + length) !== crc32c(bytes.subarray(0, 4 + length))) return undefined;
  const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as {
    sequence: number;
    roadIndex: number;
    qc: { roadIndex: number; payload: number[] };
    laneFirsts: [number, number][];
  };
  return {
    sequence: parsed.sequence,
    anchor: {
      roadIndex: parsed.roadIndex,
      qc: { roadIndex: parsed.qc.roadIndex, payload: Uint8Array.from(parsed.qc.payload) },
      laneFirsts: new Map(parsed.laneFirsts),
    },
  };
}
