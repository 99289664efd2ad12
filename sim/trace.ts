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

const LANE_A_SEED = 0x811c9dc5 | 0;
const LANE_B_SEED = 0x6a09e667 | 0;
const LANE_A_MULTIPLIER = 0x01000193;
const LANE_B_MULTIPLIER = 0x5bd1e995;
const MIX_1 = 0x85ebca6b | 0;
const MIX_2 = 0xc2b2ae35 | 0;

/**
 * A 64-bit fingerprint of a text, fed in pieces (hashing "ab" then "c" equals hashing "abc").
 * Two 32-bit lanes, each multiply-xor per UTF-16 code unit, the second also taking in the first's
 * high bits, and a final mix of both so that every bit of the state reaches every bit of the
 * digest. Every value stays a 32-bit integer, which V8 keeps in registers: it hashes a code unit
 * in about 60% of the time the 64-bit FNV-1a on 16-bit lanes it replaced took (the trace
 * hashes every call of every run). Not cryptographic: it tells runs apart, it resists no one.
 */
export class StableHash {
  #a = LANE_A_SEED;
  #b = LANE_B_SEED;

  update(text: string): this {
    let a = this.#a;
    let b = this.#b;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      a = Math.imul(a ^ unit, LANE_A_MULTIPLIER);
      b = Math.imul(b ^ unit ^ (a >>> 17), LANE_B_MULTIPLIER);
    }
    this.#a = a;
    this.#b = b;
    return this;
  }

  /**
   * Mixes in each byte as one unit: `updateBytes(bytes)` equals `update` of the text whose code
   * units are those bytes, without making the text.
   */
  updateBytes(bytes: Uint8Array): this {
    let a = this.#a;
    let b = this.#b;
    for (let i = 0; i < bytes.length; i++) {
      const unit = bytes[i] as number;
      a = Math.imul(a ^ unit, LANE_A_MULTIPLIER);
      b = Math.imul(b ^ unit ^ (a >>> 17), LANE_B_MULTIPLIER);
    }
    this.#a = a;
    this.#b = b;
    return this;
  }

  /**
   * Mixes in one 32-bit integer as a single unit (a separator's code, a counter): cheaper than
   * its decimal text. `update('|')` and `updateInt(0x7c)` mix the same.
   */
  updateInt(value: number): this {
    const a = Math.imul(this.#a ^ value, LANE_A_MULTIPLIER);
    this.#b = Math.imul(this.#b ^ value ^ (a >>> 17), LANE_B_MULTIPLIER);
    this.#a = a;
    return this;
  }

  /**
   * A trace record in one frame, with the lanes in locals: the same as `updateInt(seq)`, then each
   * of the four texts after an `updateInt(separator)`, then `updateInt(end)`. The trace calls this
   * on every step of every run.
   */
  updateRecord(seq: number, call: string, path: string, args: string, outcome: string, separator: number, end: number): this {
    let a = Math.imul(this.#a ^ seq, LANE_A_MULTIPLIER);
    let b = Math.imul(this.#b ^ seq ^ (a >>> 17), LANE_B_MULTIPLIER);
    for (let field = 0; field < 4; field++) {
      a = Math.imul(a ^ separator, LANE_A_MULTIPLIER);
      b = Math.imul(b ^ separator ^ (a >>> 17), LANE_B_MULTIPLIER);
      const text = field === 0 ? call : field === 1 ? path : field === 2 ? args : outcome;
      for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i);
        a = Math.imul(a ^ unit, LANE_A_MULTIPLIER);
        b = Math.imul(b ^ unit ^ (a >>> 17), LANE_B_MULTIPLIER);
      }
    }
    a = Math.imul(a ^ end, LANE_A_MULTIPLIER);
    this.#b = Math.imul(b ^ end ^ (a >>> 17), LANE_B_MULTIPLIER);
    this.#a = a;
    return this;
  }

  /** 16 lowercase hex digits. Does not change the state: more text may follow. */
  digest(): string {
    let x = this.#a ^ Math.imul(this.#b ^ (this.#b >>> 16), MIX_1);
    let y = this.#b ^ Math.imul(x ^ (x >>> 13), MIX_2);
    x = Math.imul(x ^ (y >>> 16), MIX_1);
    x ^= x >>> 13;
    y = Math.imul(y ^ (x >>> 16), MIX_2);
    y ^= y >>> 16;
    return (x >>> 0).toString(16).padStart(8, '0') + (y >>> 0).toString(16).padStart(8, '0');
  }
}

export interface TraceOptions {
  /** Keep records in memory (for timelines); the hash is always kept. Default true. */
  keepRecords?: boolean;
  /** Keep at most this many most recent records; older ones are dropped. Default 100_000. */
  recordsCountMax?: number;
}

const SEPARATOR = 0x7c; // '|'
const END_OF_RECORD = 0x0a; // '\n'

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
    // The fields and their separators, in order, without building one string of them.
    this.#hash.updateRecord(seq, call, path, args, outcome, SEPARATOR, END_OF_RECORD);
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

/** How a timeline line names its step and its caller. */
export interface TraceLineOptions {
  /**
   * The prefix of the step number: `s` (default) for a run's workload disk, `r` for a recovery's
   * disk, whose steps are numbered from 0 again. One prefix per numbering, so that `s12` and `r12`
   * are never mistaken for each other (operations are `op3` and values `v7` in the scenarios).
   */
  readonly stepPrefix?: string;
  /** Who made the call (`c0` for client 0, `recovery`...); shown after the step when given. */
  readonly caller?: string;
}

/** One line per record, for timelines and reports: `s12 c0 open /data/x flags=wx -> ok`. */
export function formatTraceRecord(record: TraceRecord, options: TraceLineOptions = {}): string {
  const args = record.args === '' ? '' : ` ${record.args}`;
  const caller = options.caller === undefined ? '' : ` ${options.caller}`;
  return `${options.stepPrefix ?? 's'}${record.seq}${caller} ${record.call} ${record.path}${args} -> ${record.outcome}`;
}
