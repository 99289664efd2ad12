import type { AnyScenario, OperationOutcome } from '../scenario.js';
import { errorOutcome } from './history.js';

/**
 * Driving a workload's clients: each client runs its program in order, the clients concurrently,
 * each operation recorded at its invocation and completion. The simulator drives them under the
 * scheduler on a SimFs; kill-mode confirmation drives them on the real disk in a child process.
 * Both call this, so the two runs differ only in their disk and their way of naming the caller.
 */
export interface ClientDriver {
  /** Runs `body` as client `client` (the scheduler's or the real disk's way of knowing who calls). */
  asClient<T>(client: number, body: () => Promise<T>): Promise<T>;
  /** A client is about to run its program (the scheduler counts live clients). */
  clientStarted?(): void;
  /** A client has finished its program. */
  clientFinished?(): void;
  /** An operation is invoked; returns its id in the history. */
  invoke(client: number, operation: unknown): number;
  /** The operation with this id ended. */
  complete(id: number, outcome: OperationOutcome<unknown>): void;
}

/** Runs every client's program to its end, concurrently. Operations that throw are outcomes. */
export async function driveClients(
  scenario: AnyScenario,
  system: unknown,
  workload: readonly (readonly unknown[])[],
  driver: ClientDriver,
): Promise<void> {
  const runProgram = async (client: number, program: readonly unknown[]): Promise<void> => {
    for (const operation of program) {
      const id = driver.invoke(client, operation);
      try {
        const value = await scenario.apply(system, operation);
        driver.complete(id, { kind: 'ok', value });
      } catch (error) {
        driver.complete(id, errorOutcome(error));
      }
    }
  };
  await Promise.all(
    workload.map((program, client) =>
      driver.asClient(client, async () => {
        driver.clientStarted?.();
        try {
          await runProgram(client, program);
        } finally {
          driver.clientFinished?.();
        }
      }),
    ),
  );
}
