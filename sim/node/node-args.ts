import { UnsupportedCase } from './node-errors.js';

/**
 * Node's fs arguments, narrowed from `unknown`: the facade receives whatever code under test
 * passed, in any of the shapes Node accepts for a call, and validates it the way Node does
 * (a TypeError with Node's code for what Node rejects).
 */

export type Options = Readonly<Record<string, unknown>>;

const EMPTY: Options = {};

export function invalidArg(name: string, expected: string, value: unknown): TypeError {
  const error = new TypeError(`The "${name}" argument must be ${expected}. Received ${typeof value}`) as TypeError & { code: string };
  error.code = 'ERR_INVALID_ARG_TYPE';
  return error;
}

/** Node's options argument: an object, a string (the encoding), or nothing. */
export function optionsOf(value: unknown): Options {
  if (value === undefined || value === null || typeof value === 'function') return EMPTY;
  if (typeof value === 'string') return { encoding: value };
  if (typeof value === 'object') return value as Options;
  throw invalidArg('options', 'of type object or string', value);
}

export function encodingOf(options: Options): BufferEncoding | undefined {
  const encoding = options['encoding'];
  if (encoding === undefined || encoding === null) return undefined;
  if (encoding === 'buffer') return undefined;
  if (typeof encoding === 'string' && Buffer.isEncoding(encoding)) return encoding;
  const error = new TypeError(`The argument 'encoding' is invalid encoding. Received ${String(encoding)}`) as TypeError & { code: string };
  error.code = 'ERR_INVALID_ARG_VALUE';
  throw error;
}

export function flagOf(options: Options): unknown {
  return options['flag'];
}

export function booleanOption(options: Options, name: string): boolean {
  return options[name] === true;
}

/** Refuses an option the facade does not implement, naming it. */
export function refuseOption(options: Options, name: string, why: string): void {
  if (options[name] !== undefined && options[name] !== false) throw new UnsupportedCase(`option ${name}: ${why}`);
}

export function stringArg(args: readonly unknown[], index: number, name: string): string {
  const value = args[index];
  if (typeof value !== 'string') throw invalidArg(name, 'of type string', value);
  return value;
}

export function fdArg(args: readonly unknown[], index: number): number {
  const value = args[index];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidArg('fd', 'of type number', value);
  return value;
}

export function integerOr(value: unknown, fallback: number, name: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidArg(name, 'an integer', value);
  return value;
}

/** A position: null (and -1, and nothing) means "at the current offset". */
export function positionOf(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const position = typeof value === 'bigint' ? Number(value) : value;
  if (typeof position !== 'number' || !Number.isInteger(position)) throw invalidArg('position', 'an integer', value);
  return position < 0 ? null : position;
}

export function isBufferView(value: unknown): value is ArrayBufferView {
  return ArrayBuffer.isView(value);
}

/** The bytes of an ArrayBufferView (a Buffer, any TypedArray, a DataView), sharing its memory. */
export function bytesView(view: ArrayBufferView): Uint8Array {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** writeFile's and appendFile's data: a string (in `encoding`) or any ArrayBufferView. */
export function dataBytes(data: unknown, encoding: BufferEncoding | undefined): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, encoding ?? 'utf8');
  if (isBufferView(data)) return bytesView(data);
  throw new UnsupportedCase('data other than a string or an ArrayBufferView (a stream or an iterable)');
}

/** What a read asks for, whichever of Node's shapes it came in. */
export interface ReadRequest {
  readonly buffer: Uint8Array;
  readonly offset: number;
  readonly length: number;
  readonly position: number | null;
}

const DEFAULT_READ_BYTES = 16384;

/**
 * The arguments after the fd (callback removed): (), (options), (buffer), (buffer, options),
 * or (buffer, offset, length, position), as fs.read, fs.readSync and FileHandle.read take them.
 */
export function readRequest(rest: readonly unknown[]): ReadRequest {
  const [first, second] = rest;
  let buffer: unknown = first;
  let params: Options | null = null;
  if (first === undefined || (!isBufferView(first) && typeof first === 'object')) {
    params = optionsOf(first);
    buffer = params['buffer'] ?? Buffer.alloc(DEFAULT_READ_BYTES);
  } else if (rest.length <= 2 && (second === undefined || second === null || typeof second === 'object')) {
    params = optionsOf(second);
  }
  if (!isBufferView(buffer)) throw invalidArg('buffer', 'an instance of Buffer, TypedArray, or DataView', buffer);
  const bytes = bytesView(buffer);
  if (params !== null) {
    const offset = integerOr(params['offset'], 0, 'offset');
    return { buffer: bytes, offset, length: integerOr(params['length'], bytes.byteLength - offset, 'length'), position: positionOf(params['position']) };
  }
  const offset = integerOr(rest[1], 0, 'offset');
  return { buffer: bytes, offset, length: integerOr(rest[2], bytes.byteLength - offset, 'length'), position: positionOf(rest[3]) };
}

/** What a write asks for: the bytes to write and, for the callback, what it wrote them from. */
export interface WriteRequest {
  readonly bytes: Uint8Array;
  readonly offset: number;
  readonly length: number;
  readonly position: number | null;
  /** The buffer or string the caller passed, which Node hands back. */
  readonly source: unknown;
}

/**
 * The arguments after the fd (callback removed): (buffer, offset?, length?, position?),
 * (buffer, options), or (string, position?, encoding?).
 */
export function writeRequest(rest: readonly unknown[]): WriteRequest {
  const [data] = rest;
  if (typeof data === 'string') {
    const encoding = typeof rest[2] === 'string' && Buffer.isEncoding(rest[2]) ? rest[2] : 'utf8';
    const bytes = Buffer.from(data, encoding);
    return { bytes, offset: 0, length: bytes.length, position: positionOf(rest[1]), source: data };
  }
  if (!isBufferView(data)) throw invalidArg('buffer', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
  const bytes = bytesView(data);
  const second = rest[1];
  if (second !== null && typeof second === 'object') {
    const params = optionsOf(second);
    const offset = integerOr(params['offset'], 0, 'offset');
    return { bytes, offset, length: integerOr(params['length'], bytes.byteLength - offset, 'length'), position: positionOf(params['position']), source: data };
  }
  const offset = integerOr(second, 0, 'offset');
  const length = typeof rest[2] === 'number' ? rest[2] : bytes.byteLength - offset;
  return { bytes, offset, length, position: positionOf(rest[3]), source: data };
}

/** writev's and readv's buffers. */
export function bufferList(value: unknown): Uint8Array[] {
  if (!Array.isArray(value)) throw invalidArg('buffers', 'an array of ArrayBufferView', value);
  return value.map((item: unknown) => {
    if (!isBufferView(item)) throw invalidArg('buffers', 'an array of ArrayBufferView', item);
    return bytesView(item);
  });
}

/** Decodes what a read returned, as Node does for an `encoding` option. */
export function decoded(bytes: Buffer, encoding: BufferEncoding | undefined): Buffer | string {
  return encoding === undefined ? bytes : bytes.toString(encoding);
}
