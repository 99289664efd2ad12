import { BoundedMemo } from '../../src/support/index.js';
import { fingerprintText, jsonOf, jsonValue } from './json-values.js';

/**
 * Text the node:fs scenarios store (a file's content, a key's value) and what a read of it
 * records in the history: a fingerprint and the id the text claims, never the text (reports
 * embed histories).
 */

/** What a read saw: null when there was nothing, else the text's fingerprint and the id it claims. */
export type ReadText = { readonly id: number | null; readonly fingerprint: string } | null;

/** Sizes of the stored texts: a few bytes to a few KiB, around sector boundaries. */
export const TEXT_SIZES_BYTES: readonly number[] = [2, 12, 60, 300, 511, 512, 513, 1000, 1536, 2100, 4096, 5000];

interface StoredText {
  readonly text: string;
  readonly fingerprint: string;
}

/** Texts are a pure function of (id, size): built once per process. */
const texts = new BoundedMemo<string, StoredText>(4096);

function storedText(valueId: number, sizeBytes: number): StoredText {
  const key = `${valueId}:${sizeBytes}`;
  const known = texts.recall(key);
  if (known !== undefined) return known;
  const text = jsonOf(jsonValue(valueId, sizeBytes));
  return texts.remember(key, { text, fingerprint: fingerprintText(text) });
}

/** The JSON text with this id, exactly `sizeBytes` long. */
export function textOf(valueId: number, sizeBytes: number): string {
  return storedText(valueId, sizeBytes).text;
}

export function fingerprintOf(valueId: number, sizeBytes: number): string {
  return storedText(valueId, sizeBytes).fingerprint;
}

/** The id a text claims (for readable histories only: the checks compare fingerprints). */
function claimedId(text: string): number | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^v\d+$/.test(value)) return Number(value.slice(1));
  if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'number') return (value as { id: number }).id;
  return null;
}

/** What a read that resolved to `value` saw; anything but a string or undefined is foreign. */
export function readTextOf(value: unknown): ReadText {
  if (value === undefined) return null;
  if (typeof value !== 'string') return { id: null, fingerprint: `not a string but ${value === null ? 'null' : typeof value}` };
  return { id: claimedId(value), fingerprint: fingerprintText(value) };
}

export function describeReadText(read: ReadText): string {
  return read === null ? 'nothing' : `#${read.id ?? '?'} (${read.fingerprint})`;
}
