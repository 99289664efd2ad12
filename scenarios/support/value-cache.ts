/**
 * Generated values memoized per process. A scenario's values are a pure function of a few
 * numbers (id, size, key) and every run of a campaign draws from the same few hundred, so each is
 * built once; runs used to spend a tenth of their time rebuilding them. Bounded (cleared when
 * full), so a long process never grows it without limit. Callers must never change a value.
 */
export class ValueCache<Value> {
  readonly #values = new Map<string, Value>();
  readonly #max: number;

  constructor(max = 4096) {
    this.#max = max;
  }

  get(id: string, build: () => Value): Value {
    let value = this.#values.get(id);
    if (value === undefined) {
      if (this.#values.size >= this.#max) this.#values.clear();
      value = build();
      this.#values.set(id, value);
    }
    return value;
  }
}
