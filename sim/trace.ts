/**
 * The trace: every simulated filesystem call, in order, with a short form of its arguments and
 * its outcome. Its hash is the run's fingerprint: the same seed and options must give the same
 * hash, byte for byte, which is how determinism is checked and how a replay proves it followed
 * the original run.
 */

export interface TraceRecord {
  /** Position of the call in the run, from 0. */
  readonly seq: number;
  /** The call, e.g. `open`, `rename`, `handle.write`. */
  readonly call: string;
  /** The path the call acted on (the source path for rename and link). */
  readonly path: string;
  /** Arguments in short, e.g. `flags=wx` or `pos=0 len=512`. */
  readonly args: string;
  /** `ok`, a short result such as `ok 512`, or an error code such as `ENOENT`. */
  readonly outcome: string;
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/**
 * A 64-bit FNV-1a hash on plain numbers (BigInt per byte would dominate the simulator's cost):
 * the state is four 16-bit lanes, so every product stays far below 2^53 and needs no division.
 * `fnv1a64Reference` is the BigInt definition it must agree with (tests check it).
 */
export class StableHash {
  #h0 = Number(FNV_OFFSET & 0xffffn);
  #h1 = Number((FNV_OFFSET >> 16n) & 0xffffn);
  #h2 = Number((FNV_OFFSET >> 32n) & 0xffffn);
  #h3 = Number((FNV_OFFSET >> 48n) & 0xffffn);

  update(text: string): this {
    let h0 = this.#h0;
    let h1 = this.#h1;
    let h2 = this.#h2;
    let h3 = this.#h3;
    for (let i = 0; i < text.length; i++) {
      h0 ^= text.charCodeAt(i) & 0xffff;
      // Multiply by FNV_PRIME = 2^40 + 0x1b3: 0x1b3 times each lane, plus the state shifted left
      // by 40 bits (lane 0 lands 8 bits into lane 2, lane 1's low byte 8 bits into lane 3).
      const t0 = h0 * 0x1b3;
      const t1 = h1 * 0x1b3 + (t0 >>> 16);
      const t2 = h2 * 0x1b3 + (t1 >>> 16) + ((h0 & 0xff) << 8);
      const t3 = h3 * 0x1b3 + (t2 >>> 16) + (h0 >>> 8) + ((h1 & 0xff) << 8);
      h0 = t0 & 0xffff;
      h1 = t1 & 0xffff;
      h2 = t2 & 0xffff;
      h3 = t3 & 0xffff;
    }
    this.#h0 = h0;
    this.#h1 = h1;
    this.#h2 = h2;
    this.#h3 = h3;
    return this;
  }

  /** 16 lowercase hex digits. */
  digest(): string {
    const hi = this.#h3 * 0x10000 + this.#h2;
    const lo = this.#h1 * 0x10000 + this.#h0;
    return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
  }
}

/** Reference implementation with BigInt, used by tests to check `StableHash`. */
export function fnv1a64Reference(text: string): string {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i) & 0xffff);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}

export interface TraceOptions {
  /** Keep records in memory (for timelines); the hash is always kept. Default true. */
  keepRecords?: boolean;
  /** Keep at most this many most recent records; older ones are dropped. Default 100_000. */
  recordsCountMax?: number;
}

export class Trace {
  readonly #hash = new StableHash();
  // A ring buffer: dropping the oldest record must not cost time proportional to the count.
  readonly #records: TraceRecord[] = [];
  #oldest = 0;
  readonly #keepRecords: boolean;
  readonly #recordsCountMax: number;
  #count = 0;

  constructor(options: TraceOptions = {}) {
    this.#keepRecords = options.keepRecords ?? true;
    this.#recordsCountMax = options.recordsCountMax ?? 100_000;
    if (!Number.isInteger(this.#recordsCountMax) || this.#recordsCountMax < 1) {
      throw new RangeError(`Trace: recordsCountMax must be a positive integer, got ${String(options.recordsCountMax)}`);
    }
  }

  /** Number of calls recorded so far (also the next record's `seq`). */
  get count(): number {
    return this.#count;
  }

  record(call: string, path: string, args: string, outcome: string): void {
    const seq = this.#count++;
    // Part by part, the same bytes as hashing `${seq}|${call}|${path}|${args}|${outcome}\n`,
    // without building that string.
    this.#hash.update(String(seq)).update('|').update(call).update('|').update(path).update('|').update(args).update('|').update(outcome).update('\n');
    if (!this.#keepRecords) return;
    const record = { seq, call, path, args, outcome };
    if (this.#records.length < this.#recordsCountMax) {
      this.#records.push(record);
    } else {
      this.#records[this.#oldest] = record;
      this.#oldest = (this.#oldest + 1) % this.#recordsCountMax;
    }
  }

  /** Mixes a non-call event (a crash, a scheduler decision) into the hash. */
  mark(event: string): void {
    this.#hash.update(`#${event}\n`);
  }

  hash(): string {
    return this.#hash.digest();
  }

  /** The kept records, oldest first. */
  records(): readonly TraceRecord[] {
    if (this.#oldest === 0) return this.#records;
    return [...this.#records.slice(this.#oldest), ...this.#records.slice(0, this.#oldest)];
  }
}

/** One line per record, for timelines and reports. */
export function formatTraceRecord(record: TraceRecord): string {
  const args = record.args === '' ? '' : ` ${record.args}`;
  return `#${record.seq} ${record.call} ${record.path}${args} -> ${record.outcome}`;
}
