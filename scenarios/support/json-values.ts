/**
 * The values the scenarios write: JSON values of an exact size, from a few bytes to a few KiB,
 * built from an id alone, and fingerprints of their text. Values differ in shape with their size
 * (a bare number, a short string, an object with a padded list) and carry their id, so a torn mix
 * of two values is not mistaken for either; one value is built the same way in every process.
 */

/** The value with this id whose JSON text is exactly `sizeBytes` long (at least its id's length). */
export function jsonValue(valueId: number, sizeBytes: number): unknown {
  if (sizeBytes <= 4) return valueId;
  if (sizeBytes <= 16) return `v${valueId}`;
  const items: string[] = [];
  const itemLength = 24;
  const budget = Math.max(0, sizeBytes - 60);
  for (let i = 0; (i + 1) * (itemLength + 3) <= budget; i++) items.push(patternText(valueId, i, itemLength));
  // The pad brings the JSON text to exactly sizeBytes, so sizes around a sector boundary are exact.
  const unpadded = JSON.stringify({ id: valueId, items, pad: '' }).length;
  return { id: valueId, items, pad: patternText(valueId, items.length, Math.max(0, sizeBytes - unpadded)) };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `length` letters and digits drawn from (seed, item): text without spaces, quotes or newlines. */
export function patternText(seed: number, item: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[(seed * 31 + item * 7 + i * 13) % ALPHABET.length];
  return text;
}

/** The canonical JSON of a value (key order is preserved by parse, so a round trip is identical). */
export function jsonOf(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

/** `<length>:<fnv1a-32 hex>` of a string's UTF-16 code units: equal text, equal fingerprint. */
export function fingerprintText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${text.length}:${hash.toString(16).padStart(8, '0')}`;
}
