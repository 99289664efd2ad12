/**
 * How typed values become log entries and back. `decode(encode(v))` must equal `v`; `decode`
 * throws on bytes it cannot read (a codec that returns garbage would hide corruption).
 */
export interface Codec<T> {
  encode(value: T): Uint8Array;
  decode(bytes: Uint8Array): T;
}

/** Entries that are already bytes. */
export const bytesCodec: Codec<Uint8Array> = {
  encode: (value) => value,
  decode: (bytes) => bytes,
};

/** UTF-8 strings. */
export const utf8Codec: Codec<string> = {
  encode: (value) => new TextEncoder().encode(value),
  decode: (bytes) => new TextDecoder('utf-8', { fatal: true }).decode(bytes),
};
