import { InvalidKeyError } from './errors.js';
import { BoundedMemo } from '../support/bounded-memo.js';

/**
 * Blob keys and the file names they map to. A key becomes one file name, unchanged, inside the
 * store's root (or its hash-prefix directories), so the rules below are what keeps every call
 * inside the root: a key can never name a directory, a parent, or the store's own files.
 */

export const KEY_BYTES_MAX = 200;

/** Names starting with this are the store's temp files; keys cannot start with '.' at all. */
export const TEMP_PREFIX = '.tmp-';

// Lone surrogates would be rewritten to U+FFFD when encoded as a file name: two keys, one file.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

const encoder = new TextEncoder();

/**
 * Throws InvalidKeyError unless `key` is a safe, single file name. Runs before any disk access.
 * Rules: a string of 1 to 200 UTF-8 bytes, well-formed Unicode, no '/', '\\', NUL or other
 * control characters, and no leading '.' (which covers '.', '..' and the store's temp names).
 */
export function validateKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new InvalidKeyError(key, 'a key must be a string');
  if (key.length === 0) throw new InvalidKeyError(key, 'a key must not be empty');
  // A UTF-16 code unit encodes to at most 3 UTF-8 bytes: short keys need no encoding to pass.
  if (key.length > KEY_BYTES_MAX || (key.length * 3 > KEY_BYTES_MAX && encoder.encode(key).length > KEY_BYTES_MAX)) {
    throw new InvalidKeyError(key, `a key must be at most ${KEY_BYTES_MAX} bytes of UTF-8`);
  }
  if (key.includes('/') || key.includes('\\')) {
    throw new InvalidKeyError(key, "a key must not contain '/' or '\\' (it names one file, not a path)");
  }
  if (CONTROL_CHARACTER.test(key)) throw new InvalidKeyError(key, 'a key must not contain NUL or control characters');
  if (key.startsWith('.')) {
    throw new InvalidKeyError(key, "a key must not start with '.' (reserved for '.', '..' and the store's temp files)");
  }
  if (LONE_SURROGATE.test(key)) throw new InvalidKeyError(key, 'a key must be well-formed Unicode (no lone surrogates)');
}

/** Throws InvalidKeyError unless `prefix` could start a key ('' lists everything). */
export function validatePrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string') throw new InvalidKeyError(prefix, 'a list prefix must be a string');
  if (prefix.length > 0) validateKey(prefix);
}

/**
 * The hash-prefix directory names for `key`: `levels` pairs of hex digits from a 32-bit FNV-1a
 * hash of its UTF-8 bytes. Stable forever: changing it would hide every stored blob.
 */
export function prefixDirsFor(key: string, levels: number): readonly string[] {
  if (levels === 0) return [];
  const id = `${levels}/${key}`;
  return prefixDirsCache.recall(id) ?? prefixDirsCache.remember(id, computePrefixDirs(key, levels));
}

/** Every call on a key needs its directories; a store keeps answering for the same keys. */
const prefixDirsCache = new BoundedMemo<string, readonly string[]>(1024);

function computePrefixDirs(key: string, levels: number): readonly string[] {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(key)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const hex = hash.toString(16).padStart(8, '0');
  const dirs: string[] = [];
  for (let level = 0; level < levels; level++) dirs.push(hex.slice(level * 2, level * 2 + 2));
  return Object.freeze(dirs);
}

/** True for a name in a blob directory that the store put there as a temp file. */
export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}

/** True for names a blob directory may list as blobs (everything the store did not reserve). */
export function isBlobName(name: string): boolean {
  return !name.startsWith('.');
}
