import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memfsBackend, nodeBackend, simBackend, type BackendFactory } from '../conformance/backends.js';
import { Driver, type Outcome } from './driver.js';
import { programArb, type Operation } from './operations.js';

/**
 * Differential tests: the same random program runs on two backends and every answer (value or
 * error code, syscall and paths) must be equal after each operation, and the trees equal at the
 * end. The real disk is the reference; MemFs is checked against it so it can serve as the fast
 * reference for SimFs. A failure prints the shrunk program and fast-check's replay seed.
 */

/**
 * Node leaves `path` out of some errors (those of a handle, readFile's EISDIR); a backend that
 * adds one says more, not something else, so only the fields the reference has are compared.
 */
function comparable(actual: Outcome, expected: Outcome): Outcome {
  if (!('error' in actual) || !('error' in expected)) return actual;
  const { path, dest, ...rest } = actual.error;
  return {
    error: {
      ...rest,
      ...(expected.error.path === undefined || path === undefined ? {} : { path }),
      ...(expected.error.dest === undefined || dest === undefined ? {} : { dest }),
    },
  };
}

/** Runs `program` on both backends, failing at the first answer that differs. */
async function runOnBoth(program: readonly Operation[], reference: BackendFactory, candidate: BackendFactory): Promise<void> {
  const left = await reference.create();
  const right = await candidate.create();
  const leftDriver = new Driver(left.fs, left.root);
  const rightDriver = new Driver(right.fs, right.root);
  try {
    for (const [index, operation] of program.entries()) {
      const expected = await leftDriver.apply(operation);
      const actual = comparable(await rightDriver.apply(operation), expected);
      expect(actual, `step ${index} ${JSON.stringify(operation)}: ${candidate.name} differs from ${reference.name}`).toEqual(expected);
    }
    expect(await rightDriver.snapshot(), `final tree: ${candidate.name} differs from ${reference.name}`).toEqual(await leftDriver.snapshot());
  } finally {
    await leftDriver.closeAll();
    await rightDriver.closeAll();
    await left.cleanup();
    await right.cleanup();
  }
}

interface Pairing {
  readonly reference: BackendFactory;
  readonly candidate: BackendFactory;
  readonly numRuns: number;
}

// The real disk is slow and shared with the rest of the machine: give it a small budget.
const pairings: readonly Pairing[] = [
  { reference: memfsBackend, candidate: simBackend, numRuns: 300 },
  { reference: nodeBackend, candidate: simBackend, numRuns: 30 },
  { reference: nodeBackend, candidate: memfsBackend, numRuns: 30 },
];

describe('differential: same program, same answers', () => {
  for (const { reference, candidate, numRuns } of pairings) {
    const title = `${candidate.name} answers like ${reference.name} (${numRuns} programs)`;
    const unavailable = reference.unavailable ?? candidate.unavailable;
    if (unavailable !== undefined) {
      it.skip(`${title}: skipped: ${unavailable}`, () => undefined);
      continue;
    }
    it(title, async () => {
      await fc.assert(
        fc.asyncProperty(programArb, (program) => runOnBoth(program, reference, candidate)),
        { numRuns },
      );
    });
  }
});
