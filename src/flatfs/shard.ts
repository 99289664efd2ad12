import { crc32 } from '../checksum/crc32.js';
import { InvalidOptionsError } from './errors.js';

/**
 * Shard functions: which directory under the root holds a key. The choice is recorded in the
 * root's SHARDING file because reading a store with another function than the one that wrote it
 * would miss every key. Its first line is go-ds-flatfs's text; a second line `crc32 <8 hex>\n`
 * holds the CRC-32 of the first (with its newline), because one flipped bit can turn
 * `next-to-last/2` into `next-to-last/3`: a valid function that would silently miss every key.
 * A one-line file, as go-ds-flatfs writes it, is still read (it has no checksum to check).
 *
 * Keys shorter than the shard length are padded with `_` (a key character), so every key has a
 * shard and short keys never collide with `.temp` or `SHARDING`.
 */

export type ShardKind = 'prefix' | 'suffix' | 'next-to-last';

export interface ShardFunction {
  readonly kind: ShardKind;
  /** Characters in a shard directory name, 1 to 7. */
  readonly length: number;
  /** `kind/length`, e.g. `next-to-last/2`: the form options accept. */
  readonly spec: string;
  /** The shard directory name of a (valid) key. */
  dirOf(key: string): string;
}

/**
 * Longest shard name accepted. Eight would let a key starting with `SHARDING` name a shard
 * directory that collides with the SHARDING file; longer shards also defeat the purpose.
 */
export const SHARD_LENGTH_MAX = 7;

const SHARDING_PREFIX = '/repo/flatfs/shard/v1/';

/** Builds a shard function from `prefix/N`, `suffix/N` or `next-to-last/N`. */
export function parseShardSpec(spec: string): ShardFunction {
  const match = /^(prefix|suffix|next-to-last)\/([0-9]+)$/.exec(spec);
  const length = match === null ? Number.NaN : Number(match[2]);
  if (match === null || !Number.isInteger(length) || length < 1 || length > SHARD_LENGTH_MAX) {
    throw new InvalidOptionsError(
      `FlatStore: shard must be 'prefix/N', 'suffix/N' or 'next-to-last/N' with N from 1 to ${SHARD_LENGTH_MAX}, got ${JSON.stringify(spec)}`,
    );
  }
  const kind = match[1] as ShardKind;
  const padding = '_'.repeat(length + 1);
  const dirOf =
    kind === 'prefix'
      ? (key: string) => (key + padding).slice(0, length)
      : kind === 'suffix'
        ? (key: string) => (padding + key).slice(-length)
        : // The last character is skipped: with sequential keys it changes fastest, so shards
          // built from the characters before it fill evenly.
          (key: string) => {
            const padded = padding + key;
            const end = padded.length - 1;
            return padded.slice(end - length, end);
          };
  return { kind, length, spec: `${kind}/${length}`, dirOf };
}

/** The SHARDING file's content for a shard function: the spec line, then its checksum line. */
export function formatShardingFile(shard: ShardFunction): string {
  const line = `${SHARDING_PREFIX}${shard.spec}\n`;
  return `${line}${CHECKSUM_LABEL}${crc32(new TextEncoder().encode(line)).toString(16).padStart(8, '0')}\n`;
}

const CHECKSUM_LABEL = 'crc32 ';
const CHECKSUMMED = /^([^\n]*\n)crc32 ([0-9a-f]{8})\n$/;

/** What a SHARDING file's content says: a spec, no valid spec, or damage (a failed checksum). */
export type ShardingFileContent = { readonly kind: 'spec'; readonly spec: string } | { readonly kind: 'invalid' } | { readonly kind: 'corrupt'; readonly detail: string };

export function inspectShardingFile(content: string): ShardingFileContent {
  const checksummed = CHECKSUMMED.exec(content);
  if (checksummed !== null) {
    const line = checksummed[1] as string;
    const recorded = parseInt(checksummed[2] as string, 16);
    if (recorded !== crc32(new TextEncoder().encode(line))) return { kind: 'corrupt', detail: 'its first line fails the checksum on its second' };
    // Intact, but naming a function this version does not know (written by a newer one?).
    const spec = specOfLine(line.slice(0, -1));
    return spec === null ? { kind: 'invalid' } : { kind: 'spec', spec };
  }
  // go-ds-flatfs's file: exactly its one line. Anything else is a damaged checksummed file (a
  // flipped newline or label no longer parses as one) or not a SHARDING file at all: either way
  // nothing to guess a shard function from.
  const legacy = /^([^\n]*)\n?$/.exec(content);
  const spec = legacy === null ? null : specOfLine(legacy[1] as string);
  return spec === null ? { kind: 'corrupt', detail: "it is neither go-ds-flatfs's one line nor a line and its checksum" } : { kind: 'spec', spec };
}

function specOfLine(line: string): string | null {
  if (!line.startsWith(SHARDING_PREFIX)) return null;
  try {
    return parseShardSpec(line.slice(SHARDING_PREFIX.length)).spec;
  } catch {
    return null;
  }
}

/** The shard spec named by a SHARDING file's content, or null when it names none or is damaged. */
export function shardSpecOfShardingFile(content: string): string | null {
  const inspected = inspectShardingFile(content);
  return inspected.kind === 'spec' ? inspected.spec : null;
}
