/**
 * A memo bounded in size: answers computed once and remembered, forgotten all at once when it is
 * full (so a long process never grows it without limit, and a hot path pays one map lookup).
 * For pure functions of the key only: paths parsed, directories of a key, generated values.
 *
 *   const parts = memo.recall(path) ?? memo.remember(path, split(path));
 *
 * No builder callback: the hot callers would allocate a closure per lookup.
 */
export class BoundedMemo<Key, Value> {
  readonly #entries = new Map<Key, Value>();
  readonly #sizeMax: number;

  constructor(sizeMax: number) {
    if (!Number.isSafeInteger(sizeMax) || sizeMax < 1) throw new RangeError(`BoundedMemo: sizeMax must be a positive integer, got ${String(sizeMax)}`);
    this.#sizeMax = sizeMax;
  }

  /** The remembered answer for `key`, if any. */
  recall(key: Key): Value | undefined {
    return this.#entries.get(key);
  }

  /** Remembers `value` for `key` and returns it. */
  remember(key: Key, value: Value): Value {
    if (this.#entries.size >= this.#sizeMax) this.#entries.clear();
    this.#entries.set(key, value);
    return value;
  }
}
