import { crc32 } from '../checksum/crc32.js';
import { join } from '../fs/path.js';
import type { FileSystem } from '../fs/types.js';
import { readFileIfExists, syncDirectory, unlinkIfExists, writeFileAtomic } from '../fs/durable.js';
import { laneDirName, parseLaneDirName } from './records.js';

/**
 * Durable cursors of lanes that hold no block: `blocks/<lane>.next`, the first block number the
 * lane will accept, written when an anchor moves a lane that holds nothing past where it stood.
 *
 * Why: a cycle whose anchor says a lane needs blocks from n on does not write that lane's blocks
 * below n, yet acknowledges them (they are no longer needed). If the disk later damages that
 * anchor record, startup falls back to the older anchor, which needs those blocks. A lane with
 * blocks or a WAL shows that it moved (its first block number or WAL index is past what the older
 * anchor needs, see Persistence's checkReach); a lane that never held a block showed nothing,
 * and the fallback served a state missing acknowledged blocks. The cursor is that evidence. It
 * is written after the anchor is durable (as pruning is), so a crash between the two leaves the
 * newer anchor in place and the cursor merely behind.
 *
 * Record: u64 big-endian next block number, u32 CRC-32 of those 8 bytes.
 */

const SUFFIX = '.next';
const TEMP_SUFFIX = '.tmp';
const RECORD_BYTES = 12;
const TWO_TO_32 = 0x1_0000_0000;

/** A lane's cursor as found: its number, or 'invalid' for a record that fails its checksum. */
export type LaneCursor = number | 'invalid';

export class LaneCursors {
  readonly #fs: FileSystem;
  readonly #dir: string;
  readonly #cursors: Map<number, LaneCursor>;

  private constructor(fs: FileSystem, dir: string, cursors: Map<number, LaneCursor>) {
    this.#fs = fs;
    this.#dir = dir;
    this.#cursors = cursors;
  }

  /** Loads every cursor record in `dir` (which must exist) and sweeps interrupted writes. */
  static async open(fs: FileSystem, dir: string): Promise<LaneCursors> {
    const cursors = new Map<number, LaneCursor>();
    let swept = false;
    for (const name of (await fs.readdir(dir)).sort()) {
      if (name.endsWith(`${SUFFIX}${TEMP_SUFFIX}`)) {
        // An interrupted cursor write: never relied on (its cycle was not acknowledged).
        swept = (await unlinkIfExists(fs, join(dir, name))) || swept;
        continue;
      }
      if (!name.endsWith(SUFFIX)) continue;
      const lane = parseLaneDirName(name.slice(0, -SUFFIX.length));
      if (lane === undefined) continue;
      const cursor = await readCursor(fs, join(dir, name));
      if (cursor !== 'missing') cursors.set(lane, cursor);
    }
    if (swept) await syncDirectory(fs, dir);
    return new LaneCursors(fs, dir, cursors);
  }

  /** The lane's recorded cursor, if any. */
  get(lane: number): LaneCursor | undefined {
    return this.#cursors.get(lane);
  }

  /** Lanes with a record, ascending. */
  get lanes(): number[] {
    return [...this.#cursors.keys()].sort((a, b) => a - b);
  }

  /** Durably records that `lane` accepts nothing below `next`, unless a record already says so. */
  async raise(lane: number, next: number): Promise<void> {
    const known = this.#cursors.get(lane);
    if (typeof known === 'number' && known >= next) return;
    await writeFileAtomic(this.#fs, this.#dir, `${laneDirName(lane)}${SUFFIX}`, encodeCursor(next), TEMP_SUFFIX);
    this.#cursors.set(lane, next);
  }
}

function encodeCursor(next: number): Uint8Array {
  const record = new Uint8Array(RECORD_BYTES);
  const view = new DataView(record.buffer);
  view.setUint32(0, Math.floor(next / TWO_TO_32));
  view.setUint32(4, next % TWO_TO_32);
  view.setUint32(8, crc32(record.subarray(0, 8)));
  return record;
}

async function readCursor(fs: FileSystem, path: string): Promise<LaneCursor | 'missing'> {
  const bytes = await readFileIfExists(fs, path);
  if (bytes === undefined) return 'missing';
  // Written whole by rename, so anything but a complete record with a good checksum is damage.
  if (bytes.length !== RECORD_BYTES) return 'invalid';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== crc32(bytes.subarray(0, 8))) return 'invalid';
  return view.getUint32(0) * TWO_TO_32 + view.getUint32(4);
}
