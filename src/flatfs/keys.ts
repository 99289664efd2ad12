import { InvalidKeyError } from './errors.js';

/**
 * Keys name files directly, so they are restricted to characters that are safe in a file name on
 * every filesystem and cannot form `.`, `..`, `.temp` or a path: upper-case letters, digits, and
 * `+ - _ =` (base32 and base64url-upper alphabets, the keys content-addressed stores use).
 * Length 1 to KEY_LENGTH_MAX characters, which keeps `<key>.data` under the usual 255-byte
 * name limit.
 */

export const KEY_LENGTH_MAX = 200;

const KEY_PATTERN = /^[A-Z0-9+\-_=]+$/;

/** Throws InvalidKeyError unless `key` follows the rule above. */
export function validateKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidKeyError(String(key), 'a key is a non-empty string');
  }
  if (key.length > KEY_LENGTH_MAX) {
    throw new InvalidKeyError(key, `a key has at most ${KEY_LENGTH_MAX} characters, this one has ${key.length}`);
  }
  if (!KEY_PATTERN.test(key)) {
    throw new InvalidKeyError(key, "use only A-Z, 0-9, '+', '-', '_' and '=' (encode other keys, e.g. in base32)");
  }
}

/** True when `key` is valid (no throw), for filtering names found on disk. */
export function isValidKey(key: string): boolean {
  return key.length > 0 && key.length <= KEY_LENGTH_MAX && KEY_PATTERN.test(key);
}

/** Every value lives in `<shard>/<key>.data`. */
export const DATA_SUFFIX = '.data';
