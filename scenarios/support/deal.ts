import type { Rng, WorkloadSize } from '../../sim/index.js';

/**
 * Builds a workload: `operationsCount` operations, each made by `make(index)` and then dealt to a
 * client drawn from the same stream (in that order, so a workload is a pure function of the seed).
 */
export function dealOperations<Operation>(rng: Rng, size: WorkloadSize, make: (index: number) => Operation): Operation[][] {
  const programs: Operation[][] = Array.from({ length: size.clientsCount }, () => []);
  for (let index = 0; index < size.operationsCount; index++) {
    const operation = make(index);
    (programs[rng.int(size.clientsCount)] as Operation[]).push(operation);
  }
  return programs;
}
