/**
 * JSON for workloads: operations are plain data, except byte arrays, which are written as
 * `{ "$bytes": "<base64>" }` and read back as Uint8Array, so a saved case replays byte for byte.
 */

interface EncodedBytes {
  $bytes: string;
}

function isEncodedBytes(value: unknown): value is EncodedBytes {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 1 && typeof (value as { $bytes?: unknown }).$bytes === 'string';
}

export function encodeValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = encodeValue(field);
    return out;
  }
  if (typeof value === 'bigint') throw new TypeError('encodeValue: bigint values cannot be saved in a report');
  return value;
}

export function decodeValue(value: unknown): unknown {
  if (isEncodedBytes(value)) return new Uint8Array(Buffer.from(value.$bytes, 'base64'));
  if (Array.isArray(value)) return value.map(decodeValue);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = decodeValue(field);
    return out;
  }
  return value;
}
