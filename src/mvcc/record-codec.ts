import { crc32 } from '../checksum/crc32.js';
import type { KeyedVersion } from './version-index.js';

/**
 * Encodings of the store's two durable things: log records and the checkpoint. Both are JSON in
 * UTF-8: small, readable in a hex dump, and versioned. Log frames are checksummed by the log;
 * the checkpoint carries its own CRC-32 because it is a plain file.
 */

/**
 * One log record. Every write path appends exactly one record per call, and the record carries
 * the store's new `lastCommitTs` WITH the versions it describes, so a crash can never keep the
 * data and lose the timestamp (or the reverse): they are durable together or not at all.
 */
export interface LogRecord {
  /** The store's last commit timestamp once this record is applied. */
  readonly lastCommitTs: number;
  /** A compaction watermark published by this record (compaction records only). */
  readonly watermark?: number;
  readonly writes: readonly KeyedVersion[];
}

/** What a checkpoint holds: the whole state as of log index `walIndex`. */
export interface CheckpointState {
  /** The last log index whose record the checkpoint includes (0: none). */
  readonly walIndex: number;
  readonly lastCommitTs: number;
  readonly watermark: number;
  readonly versions: readonly KeyedVersion[];
}

/** A version on disk: [key, commitTs, value or null, expireAt or null]. */
type EncodedVersion = [string, number, string | null, number | null];

const RECORD_FORMAT = 1;
const CHECKPOINT_MAGIC = 'MVCCCKPT1';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeRecord(record: LogRecord): Uint8Array {
  const body: { f: number; l: number; w: EncodedVersion[]; m?: number } = {
    f: RECORD_FORMAT,
    l: record.lastCommitTs,
    w: record.writes.map(encodeVersion),
  };
  if (record.watermark !== undefined) body.m = record.watermark;
  return encoder.encode(JSON.stringify(body));
}

/** Decodes a record; throws a plain Error saying what is wrong (the caller adds where). */
export function decodeRecord(bytes: Uint8Array): LogRecord {
  const body = parseObject(decoder.decode(bytes));
  if (body['f'] !== RECORD_FORMAT) throw new Error(`unknown record format ${JSON.stringify(body['f'])}`);
  const lastCommitTs = timestamp(body['l'], 'lastCommitTs');
  const writes = arrayOf(body['w'], 'writes').map(decodeVersion);
  if (body['m'] === undefined) return { lastCommitTs, writes };
  return { lastCommitTs, watermark: timestamp(body['m'], 'watermark'), writes };
}

/** `MVCCCKPT1 <crc32 hex> <body bytes>\n<body>`: the header lets a reader reject a damaged file. */
export function encodeCheckpoint(state: CheckpointState): Uint8Array {
  const body = encoder.encode(
    JSON.stringify({ i: state.walIndex, l: state.lastCommitTs, m: state.watermark, v: state.versions.map(encodeVersion) }),
  );
  const header = encoder.encode(`${CHECKPOINT_MAGIC} ${crc32(body).toString(16).padStart(8, '0')} ${body.length}\n`);
  const bytes = new Uint8Array(header.length + body.length);
  bytes.set(header, 0);
  bytes.set(body, header.length);
  return bytes;
}

export function decodeCheckpoint(bytes: Uint8Array): CheckpointState {
  const newline = bytes.indexOf(0x0a);
  if (newline === -1) throw new Error('no header line');
  const header = decoder.decode(bytes.subarray(0, newline)).split(' ');
  if (header.length !== 3 || header[0] !== CHECKPOINT_MAGIC) throw new Error('not a checkpoint header');
  const body = bytes.subarray(newline + 1);
  if (Number(header[2]) !== body.length) throw new Error(`body is ${body.length} bytes, header says ${String(header[2])}`);
  if (parseInt(header[1] ?? '', 16) !== crc32(body)) throw new Error('checksum mismatch');
  const parsed = parseObject(decoder.decode(body));
  return {
    walIndex: timestamp(parsed['i'], 'walIndex'),
    lastCommitTs: timestamp(parsed['l'], 'lastCommitTs'),
    watermark: timestamp(parsed['m'], 'watermark'),
    versions: arrayOf(parsed['v'], 'versions').map(decodeVersion),
  };
}

function encodeVersion(version: KeyedVersion): EncodedVersion {
  return [version.key, version.commitTs, version.value, version.expireAt ?? null];
}

function decodeVersion(raw: unknown): KeyedVersion {
  const fields = arrayOf(raw, 'version');
  const [key, commitTs, value, expireAt] = fields;
  if (fields.length !== 4 || typeof key !== 'string') throw new Error('malformed version');
  if (value !== null && typeof value !== 'string') throw new Error(`malformed value of key ${JSON.stringify(key)}`);
  return {
    key,
    commitTs: timestamp(commitTs, 'commitTs'),
    value,
    expireAt: expireAt === null ? undefined : timestamp(expireAt, 'expireAt'),
  };
}

function parseObject(text: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
  return parsed as Record<string, unknown>;
}

function arrayOf(raw: unknown, what: string): unknown[] {
  if (!Array.isArray(raw)) throw new Error(`${what} is not an array`);
  return raw;
}

function timestamp(raw: unknown, what: string): number {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) throw new Error(`${what} is not a timestamp: ${JSON.stringify(raw)}`);
  return raw;
}
