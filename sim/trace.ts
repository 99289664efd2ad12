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
 * A 64-bit FNV-1a hash, kept as two 32-bit halves so it runs on plain numbers (BigInt per byte
 * would dominate the simulator's cost).
 */
export class StableHash {
  #hi = Number((FNV_OFFSET >> 32n) & 0xffffffffn);
  #lo = Number(FNV_OFFSET & 0xffffffffn);

  update(text: string): this {
    let hi = this.#hi;
    let lo = this.#lo;
    for (let i = 0; i < text.length; i++) {
      lo = (lo ^ (text.charCodeAt(i) & 0xffff)) >>> 0;
      // Multiply the 64-bit value (hi, lo) by FNV_PRIME = 2^40 + 0x1b3, in 32-bit pieces.
      const loTimes = lo * 0x1b3;
      const carry = Math.floor(loTimes / 0x100000000);
      const newLo = loTimes >>> 0;
      const newHi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
      hi = newHi;
      lo = newLo;
    }
    this.#hi = hi;
    this.#lo = lo;
    return this;
  }

  /** 16 lowercase hex digits. */
  digest(): string {
    return this.#hi.toString(16).padStart(8, '0') + this.#lo.toString(16).padStart(8, '0');
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
    this.#hash.update(`${seq}|${call}|${path}|${args}|${outcome}\n`);
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
