import { InvalidOptionsError } from './errors.js';

/**
 * Shard functions: which directory under the root holds a key. The choice is recorded in the
 * root's SHARDING file (same text as go-ds-flatfs, so either can read the other's stores) because
 * reading a store with another function than the one that wrote it would miss every key.
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

/** The SHARDING file's content for a shard function (one line, newline-terminated). */
export function formatShardingFile(shard: ShardFunction): string {
  return `${SHARDING_PREFIX}${shard.spec}\n`;
}

/** The shard spec named by a SHARDING file's content, or null when it names none. */
export function shardSpecOfShardingFile(content: string): string | null {
  const line = content.trim();
  if (!line.startsWith(SHARDING_PREFIX)) return null;
  const spec = line.slice(SHARDING_PREFIX.length);
  try {
    return parseShardSpec(spec).spec;
  } catch {
    return null;
  }
}
