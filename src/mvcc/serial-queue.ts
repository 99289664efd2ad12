/**
 * Runs async jobs one at a time, in the order they were submitted: an async mutex whose holder is
 * the running job. The store runs every commit batch, compaction, checkpoint and close through
 * one queue, so a conflict check, the log append it leads to and the in-memory apply that follows
 * can never interleave with another writer's.
 */
export class SerialQueue {
  #tail: Promise<void> = Promise.resolve();

  /** Runs `job` after every job submitted before it; resolves or rejects with its outcome. */
  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(job);
    // The next job waits for this one whatever its outcome; failures belong to its caller.
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
