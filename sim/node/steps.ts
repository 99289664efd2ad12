import type { SimFs } from '../disk/index.js';

/**
 * Node's fs calls as sequences of disk steps. Each call of the facade is written once, as a
 * generator that yields the disk calls it makes (`yield* step(disk, () => disk.open(p, 'w'))`),
 * and is driven either asynchronously (each step awaited: the callback and promise forms) or
 * synchronously (each step taken through `SimFs.atomically`: the sync forms). A composite call
 * such as writeFile is therefore open, write, close in both forms, each a step and a crash point.
 */

/** One disk call: the disk it belongs to and a thunk making exactly one call of that disk. */
export interface DiskCall {
  readonly disk: SimFs;
  readonly call: () => Promise<unknown>;
}

/** The steps of one facade call, ending with its result. */
export type Steps<T> = Generator<DiskCall, T, unknown>;

/** One step: yields the call and gives back what it resolved to. */
export function* step<T>(disk: SimFs, call: () => Promise<T>): Steps<T> {
  // The driver sends back exactly what `call` resolved to (or throws what it rejected with).
  return (yield { disk, call }) as T;
}

/** Runs every step now, each an atomic step of its disk; nothing else runs in between. */
export function runSync<T>(steps: Steps<T>): T {
  let next = steps.next();
  while (next.done !== true) {
    const { disk, call } = next.value;
    let value: unknown;
    try {
      value = disk.atomically(call);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(value);
  }
  return next.value;
}

/** Runs the steps one after the other, each awaited (so the scheduler may interleave other callers). */
export async function runAsync<T>(steps: Steps<T>): Promise<T> {
  let next = steps.next();
  while (next.done !== true) {
    let value: unknown;
    try {
      value = await next.value.call();
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(value);
  }
  return next.value;
}
