import { CORRUPTION_BRAND } from '../fs/errors.js';
import { join } from '../fs/path.js';
import type { FileSystem } from '../fs/types.js';
import { crc32 } from '../checksum/crc32.js';
import { closeQuietly, ensureDirDurable, readFileIfExists, syncDirectory, unlinkIfExists, writeAll, writeFileAtomic } from '../fs/durable.js';
import type { CommitQc } from './records.js';

/**
 * The prune anchor: the road index (with its certificate) below which nothing is needed, and per
 * lane the first block still needed.
 */
export interface Anchor {
  readonly roadIndex: number;
  readonly qc: CommitQc;
  /** First block still needed, per lane. */
  readonly laneFirsts: ReadonlyMap<number, number>;
}

/**
 * Where the anchor's needs sit in the WALs: the WAL index of the first entry it needs (its
 * certificate; per lane its first needed block, or the index that block will get when the lane
 * is emptied and re-anchored). Pruning to the anchor leaves each WAL's first index exactly there,
 * and WAL indices never go back (truncate-all keeps the counter), so a WAL whose first index is
 * PAST its reach has lost entries the anchor needs. Lanes not listed (and, with no anchor at all,
 * every WAL) need everything from index 1.
 */
export interface AnchorReach {
  readonly qcIndex: number;
  readonly laneIndexes: ReadonlyMap<number, number>;
}

export const FULL_REACH: AnchorReach = { qcIndex: 1, laneIndexes: new Map() };

const SLOTS = ['anchor-a', 'anchor-b'] as const;
const TEMP_SUFFIX = '.tmp';

/**
 * Every anchor slot on disk holds a damaged record. No crash leaves that (see AnchorStore), so
 * startup refuses rather than run with no anchor, which could need entries long pruned.
 */
export class AnchorCorruptError extends Error {
  override readonly name = 'AnchorCorruptError';
  readonly path: string;
  readonly [CORRUPTION_BRAND] = true;

  constructor(path: string, detail: string) {
    super(`anchor records in '${path}' are corrupt: ${detail}. Restore the directory from a replica or backup; do not delete the slots by hand (that would drop the prune anchor).`);
    this.path = path;
  }
}

interface StoredAnchor {
  readonly sequence: number;
  readonly anchor: Anchor;
  readonly reach: AnchorReach;
}

/**
 * The anchor as two alternating slot files, each record `u32 length, JSON body (sequence, anchor,
 * reach), u32 CRC-32`. A write takes the next sequence number and replaces the OLDER slot (syncs
 * it, and syncs the directory when the slot file is new), so a crash while writing leaves the
 * newer slot intact; loading takes the valid record with the highest sequence.
 *
 * Why two slots rather than one atomically replaced file: the record is rewritten in place with
 * no rename, and the previous anchor always stays on disk as a complete, checksummed record.
 * Each slot FILE is created whole (temp, sync, rename, directory sync) the first time, so a slot
 * that exists always held a complete record once, and is only ever rewritten while the other
 * slot holds a newer valid one: a crash can tear at most the slot being rewritten, never leave
 * both invalid. Every existing slot invalid is therefore damage (AnchorCorruptError), never "no
 * anchor yet" (which could silently need entries the lost anchor had pruned or skipped).
 *
 * Why falling back to the older record is safe: a record that fails its checksum is either a torn
 * write (a crash) or damage (a bit flip), and the two cannot be told apart. A torn newer record
 * means its cycle never got past the anchor write, and pruning only ever follows a DURABLE anchor
 * write, so nothing the older anchor needs has been pruned: the older anchor is exactly right.
 * A bit flip in a durable newer record is different: pruning for it may have run already, so the
 * older anchor may need entries that are gone. That is not left to chance: each record carries
 * its reach (AnchorReach), and the startup sequence (Persistence.open) checks, before pruning,
 * that every lane's WAL and the certificate WAL still reach back to what the loaded anchor needs.
 * If one does not, startup fails with PersistCorruptError instead of serving a state with holes;
 * if all do, the older anchor's data is all there and the fallback is simply correct (whatever
 * the damaged record said, it is rewritten by the next anchor write, which reuses its slot).
 * `fellBack` tells callers that a slot held an invalid record.
 */
export class AnchorStore {
  readonly #fs: FileSystem;
  readonly #dir: string;
  #latest: StoredAnchor | undefined;
  /** Slots whose file name is known durable: no directory sync is needed to rewrite them. */
  readonly #durableSlots: Set<string>;
  readonly #invalidSlots: readonly string[];

  private constructor(fs: FileSystem, dir: string, latest: StoredAnchor | undefined, durableSlots: Set<string>, invalidSlots: string[]) {
    this.#fs = fs;
    this.#dir = dir;
    this.#latest = latest;
    this.#durableSlots = durableSlots;
    this.#invalidSlots = invalidSlots;
  }

  /** Opens the store in `dir`, loading the valid record with the highest sequence. */
  static async open(fs: FileSystem, dir: string): Promise<AnchorStore> {
    await ensureDirDurable(fs, dir);
    let latest: StoredAnchor | undefined;
    const present = new Set<string>();
    const invalid: string[] = [];
    // A leftover temp file is an interrupted slot creation, never acknowledged: drop it.
    let swept = false;
    for (const slot of SLOTS) swept = (await unlinkIfExists(fs, join(dir, `${slot}${TEMP_SUFFIX}`))) || swept;
    if (swept) await syncDirectory(fs, dir);
    for (const slot of SLOTS) {
      const read = await readRecord(fs, join(dir, slot));
      if (read === 'missing') continue;
      // A name found after a restart is durable; one found without a restart was created by an
      // earlier write of this process whose directory sync completed.
      present.add(slot);
      if (read === 'invalid') invalid.push(slot);
      else if (latest === undefined || read.sequence > latest.sequence) latest = read;
    }
    if (latest === undefined && invalid.length > 0) {
      // Slot files are created whole and only rewritten in place while the other slot holds a
      // newer valid record, so no crash leaves every existing slot invalid: the disk damaged them.
      throw new AnchorCorruptError(dir, `no slot holds a valid record (${invalid.join(', ')} damaged)`);
    }
    return new AnchorStore(fs, dir, latest, present, invalid);
  }

  /** The latest valid anchor, if any. */
  get anchor(): Anchor | undefined {
    return this.#latest?.anchor;
  }

  /** What the latest anchor needs in the WALs; with no anchor, everything. */
  get reach(): AnchorReach {
    return this.#latest?.reach ?? FULL_REACH;
  }

  /** Slots that held a torn or damaged record at open: the anchor may be an older one. */
  get invalidSlots(): readonly string[] {
    return this.#invalidSlots;
  }

  /**
   * Durably records `anchor` with its `reach`; when this resolves, a crash cannot bring back an
   * older anchor unless the disk damages this record (see the class comment).
   */
  async write(anchor: Anchor, reach: AnchorReach): Promise<void> {
    const sequence = (this.#latest?.sequence ?? 0) + 1;
    // Alternating by sequence: the slot written is never the one holding the latest record.
    const slot = SLOTS[sequence % 2] as string;
    const path = join(this.#dir, slot);
    const record = encodeRecord({ sequence, anchor, reach });
    if (this.#durableSlots.has(slot)) {
      // Rewritten in place: a crash may tear it, and the other slot holds the newer record.
      const handle = await this.#fs.open(path, 'w');
      try {
        await writeAll(handle, record, 0);
        await handle.sync();
      } catch (error) {
        await closeQuietly(handle);
        throw error;
      }
      await handle.close();
    } else {
      // A new slot file is created whole (temp, sync, rename, directory sync), so an existing
      // slot file always held a complete record once: see the class comment.
      await writeFileAtomic(this.#fs, this.#dir, slot, record, TEMP_SUFFIX);
      this.#durableSlots.add(slot);
    }
    this.#latest = { sequence, anchor, reach };
  }
}

interface RecordBody {
  sequence: number;
  roadIndex: number;
  qc: { roadIndex: number; payload: number[] };
  laneFirsts: [number, number][];
  reach: { qcIndex: number; laneIndexes: [number, number][] };
}

function encodeRecord(stored: StoredAnchor): Uint8Array {
  const { sequence, anchor, reach } = stored;
  const body: RecordBody = {
    sequence,
    roadIndex: anchor.roadIndex,
    qc: { roadIndex: anchor.qc.roadIndex, payload: Array.from(anchor.qc.payload) },
    laneFirsts: [...anchor.laneFirsts],
    reach: { qcIndex: reach.qcIndex, laneIndexes: [...reach.laneIndexes] },
  };
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  const record = new Uint8Array(bytes.length + 8);
  const view = new DataView(record.buffer);
  view.setUint32(0, bytes.length);
  record.set(bytes, 4);
  view.setUint32(4 + bytes.length, crc32(record.subarray(0, 4 + bytes.length)));
  return record;
}

/**
 * The record in `path`: 'missing' when there is no file, 'invalid' when it is short, torn or
 * fails its checksum (a crash mid-write or damage; see the class comment). Read errors propagate.
 */
async function readRecord(fs: FileSystem, path: string): Promise<StoredAnchor | 'missing' | 'invalid'> {
  const bytes = await readFileIfExists(fs, path);
  if (bytes === undefined) return 'missing';
  if (bytes.length < 8) return 'invalid';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0);
  // A rewrite that shrank the record may leave the old, longer size: only the prefix counts.
  if (length + 8 > bytes.length) return 'invalid';
  if (view.getUint32(4 + length) !== crc32(bytes.subarray(0, 4 + length))) return 'invalid';
  const body = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as RecordBody;
  return {
    sequence: body.sequence,
    anchor: {
      roadIndex: body.roadIndex,
      qc: { roadIndex: body.qc.roadIndex, payload: Uint8Array.from(body.qc.payload) },
      laneFirsts: new Map(body.laneFirsts),
    },
    reach: { qcIndex: body.reach.qcIndex, laneIndexes: new Map(body.reach.laneIndexes) },
  };
}
