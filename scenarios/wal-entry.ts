import type { Codec } from '../src/wal/codec.js';

/**
 * The entries the wal scenario writes. Each names the operation that appended it and its position
 * in that append, so an entry found at the wrong index, twice, or out of nowhere is recognized.
 * Padding varies the size so that frames straddle sectors and torn writes have room to tear.
 */
export interface WalEntry {
  readonly opId: number;
  readonly part: number;
  readonly paddingBytes: number;
}

const PATTERN = /^op(\d+)\.(\d+)\|(-*)$/;

export const walEntryCodec: Codec<WalEntry> = {
  encode: (entry) => new TextEncoder().encode(`op${entry.opId}.${entry.part}|${'-'.repeat(entry.paddingBytes)}`),
  decode: (bytes) => {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const match = PATTERN.exec(text);
    if (match === null) throw new Error(`walEntryCodec: not a wal scenario entry: ${JSON.stringify(text.slice(0, 40))}`);
    return { opId: Number(match[1]), part: Number(match[2]), paddingBytes: (match[3] as string).length };
  },
};

export function entryKey(entry: WalEntry): string {
  return `op${entry.opId}.${entry.part}`;
}
