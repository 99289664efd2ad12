/**
 * A FIFO lock over a promise chain: callers run one at a time, in the order they asked. The log
 * relies on the order (appends get consecutive indices in call order), not only on exclusion.
 */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(critical: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(critical, critical);
    // The next caller waits for this one to settle, whether it resolved or rejected.
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
