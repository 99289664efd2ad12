import { crc32 } from '../checksum/crc32.js';

/**
 * The file format: still one JSON document, readable by people and by `JSON.parse`, with a
 * checksum of the state's exact JSON text so that a damaged sector (a bit flip the disk did not
 * report) is refused instead of served:
 *
 *   {"crc32":"1a2b3c4d","state":<the state's JSON>}\n
 *
 * The state's text starts at a fixed offset, so the checksum covers the very bytes written, not
 * a re-serialization of what a damaged file happens to parse to.
 */

const PREFIX = '{"crc32":"';
const MIDDLE = '","state":';
const SUFFIX = '}\n';
const HEX_DIGITS = 8;
const STATE_OFFSET = PREFIX.length + HEX_DIGITS + MIDDLE.length;
const encoder = new TextEncoder();

export function sealState(stateJson: string): string {
  return `${PREFIX}${crcOfText(stateJson).toString(16).padStart(HEX_DIGITS, '0')}${MIDDLE}${stateJson}${SUFFIX}`;
}

/** The state's JSON text, or a reason why the file is not a sealed state. */
export function openSeal(text: string): { ok: true; stateJson: string } | { ok: false; reason: string } {
  if (text.length < STATE_OFFSET + SUFFIX.length || !text.startsWith(PREFIX) || text.slice(PREFIX.length + HEX_DIGITS, STATE_OFFSET) !== MIDDLE || !text.endsWith(SUFFIX)) {
    return { ok: false, reason: 'it does not have the {"crc32":..., "state":...} layout' };
  }
  const recorded = text.slice(PREFIX.length, PREFIX.length + HEX_DIGITS);
  const stateJson = text.slice(STATE_OFFSET, text.length - SUFFIX.length);
  const actual = crcOfText(stateJson).toString(16).padStart(HEX_DIGITS, '0');
  if (recorded !== actual) return { ok: false, reason: `its checksum ${recorded} does not match its content (${actual})` };
  return { ok: true, stateJson };
}

/** CRC-32 (the shared IEEE one, src/checksum) of a string's UTF-8 bytes: catches every burst of up to 32 flipped bits. */
function crcOfText(text: string): number {
  return crc32(encoder.encode(text));
}

