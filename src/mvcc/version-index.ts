import type { KeyValue } from './types.js';

/**
 * The in-memory multi-version map: for each user key, its versions ordered newest first by
 * commit timestamp, plus the keys in sorted order for range scans. It knows nothing about
 * durability; the store decides what goes in and when.
 */

/** One version of a key. `value` null is a tombstone. */
export interface Version {
  readonly commitTs: number;
  readonly value: string | null;
  /** Invisible to reads at or after this timestamp; undefined: never expires. */
  readonly expireAt: number | undefined;
}

/** A version together with its key, as log records and checkpoints carry it. */
export interface KeyedVersion extends Version {
  readonly key: string;
}

/** What a read at `ts` sees of a version: its value, or nothing (tombstone or expired). */
export function visibleValue(version: Version | undefined, ts: number): string | undefined {
  if (version === undefined || version.value === null) return undefined;
  if (version.expireAt !== undefined && ts >= version.expireAt) return undefined;
  return version.value;
}

export class VersionIndex {
  /** Newest first. Never holds an empty array: a key without versions is removed. */
  readonly #versions = new Map<string, Version[]>();
  /** Every key of #versions, ascending. */
  readonly #sortedKeys: string[] = [];

  get keysCount(): number {
    return this.#sortedKeys.length;
  }

  /** Adds a version; one with the same key and commit timestamp is replaced (last write wins). */
  put(write: KeyedVersion): void {
    const version: Version = { commitTs: write.commitTs, value: write.value, expireAt: write.expireAt };
    const versions = this.#versions.get(write.key);
    if (versions === undefined) {
      this.#versions.set(write.key, [version]);
      this.#sortedKeys.splice(lowerBound(this.#sortedKeys, write.key), 0, write.key);
      return;
    }
    // Newest first: find the first version not newer than this one.
    let at = 0;
    while (at < versions.length && (versions[at] as Version).commitTs > version.commitTs) at++;
    if (at < versions.length && (versions[at] as Version).commitTs === version.commitTs) versions[at] = version;
    else versions.splice(at, 0, version);
  }

  /** The newest commit timestamp of `key`, tombstones included; undefined when it has none. */
  latestCommitTs(key: string): number | undefined {
    return this.#versions.get(key)?.[0]?.commitTs;
  }

  /** The version a read at `ts` finds: the newest one committed at or before `ts`. */
  versionAt(key: string, ts: number): Version | undefined {
    const versions = this.#versions.get(key);
    if (versions === undefined) return undefined;
    for (const version of versions) if (version.commitTs <= ts) return version;
    return undefined;
  }

  /** Visible keys in [start, end) at `ts`, ascending, at most `limit` of them. */
  scan(start: string, end: string, ts: number, limit: number): KeyValue[] {
    const found: KeyValue[] = [];
    for (let i = lowerBound(this.#sortedKeys, start); i < this.#sortedKeys.length && found.length < limit; i++) {
      const key = this.#sortedKeys[i] as string;
      if (key >= end) break;
      this.#collect(key, ts, found);
    }
    return found;
  }

  /** Visible keys in [start, end) at `ts`, descending, at most `limit` of them. */
  reverseScan(start: string, end: string, ts: number, limit: number): KeyValue[] {
    const found: KeyValue[] = [];
    for (let i = lowerBound(this.#sortedKeys, end) - 1; i >= 0 && found.length < limit; i--) {
      const key = this.#sortedKeys[i] as string;
      if (key < start) break;
      this.#collect(key, ts, found);
    }
    return found;
  }

  #collect(key: string, ts: number, found: KeyValue[]): void {
    const version = this.versionAt(key, ts);
    const value = visibleValue(version, ts);
    if (version !== undefined && value !== undefined) found.push({ key, value, commitTs: version.commitTs });
  }

  /**
   * Garbage-collects history below `minTs` for every key `mayCompact` accepts: keeps the newest
   * version at or below `minTs` (what reads at `minTs` and later still find) and everything newer,
   * and drops that kept version too when it shows nothing at `minTs` (a tombstone or an expired
   * value), because reads at `minTs` or later find nothing either way. Returns the versions removed.
   */
  prune(minTs: number, mayCompact: (key: string) => boolean): number {
    let removed = 0;
    const emptied: string[] = [];
    for (const key of this.#sortedKeys) {
      if (!mayCompact(key)) continue;
      const versions = this.#versions.get(key) as Version[];
      const keep = versions.findIndex((version) => version.commitTs <= minTs);
      if (keep === -1) continue;
      const kept = versions[keep] as Version;
      const cut = visibleValue(kept, minTs) === undefined ? keep : keep + 1;
      removed += versions.length - cut;
      versions.length = cut;
      if (cut === 0) emptied.push(key);
    }
    for (const key of emptied) {
      this.#versions.delete(key);
      this.#sortedKeys.splice(lowerBound(this.#sortedKeys, key), 1);
    }
    return removed;
  }

  /** Every version, keys ascending, versions newest first (for checkpoints). */
  *entries(): Generator<KeyedVersion> {
    for (const key of this.#sortedKeys) {
      for (const version of this.#versions.get(key) as Version[]) yield { key, ...version };
    }
  }
}

/** The first index whose key is >= `key` (binary search over sorted strings). */
function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as string) < key) low = middle + 1;
    else high = middle;
  }
  return low;
}
