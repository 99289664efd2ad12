import { defineScenario, type OperationRecord, type Violation } from '../../sim/index.js';
import openFixedCounter from './counter-store.js';

/**
 * A scenario of one's own, for the counter store beside it: clients increment and read
 * concurrently, the disk crashes anywhere, and after recovery the counter must hold every
 * acknowledged increment (acknowledged-durability) and none that was never asked for
 * (no-phantom); a read during the workload must see a value the history allows (stale-read).
 *
 * Run it: `npm run sim -- --scenario examples/counter-store/counter.scenario.ts`; in a project
 * that installed crashsim, `npx crashsim --scenario ./counter.scenario.ts`, with
 * `import { defineScenario } from 'crashsim/sim'`.
 */

export type CounterOperation = { readonly kind: 'increment' } | { readonly kind: 'read' };
type CounterRecord = OperationRecord<CounterOperation, number>;

function isCounterOperation(value: unknown): value is CounterOperation {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  const kind = (value as { kind?: unknown }).kind;
  return keys.length === 1 && (kind === 'increment' || kind === 'read');
}

/** Increments that may have reached the disk: every one invoked (acknowledged, failed or cut). */
function incrementsInvoked(history: readonly CounterRecord[], beforeStep = Infinity): number {
  return history.filter((r) => r.operation.kind === 'increment' && r.invokedAtStep < beforeStep).length;
}

/** The highest value an increment acknowledged, among those that completed before `beforeStep`. */
function highestAcknowledged(history: readonly CounterRecord[], beforeStep = Infinity): number {
  let highest = 0;
  for (const r of history) {
    if (r.operation.kind !== 'increment' || r.outcome.kind !== 'ok' || r.completedAtStep === null || r.completedAtStep > beforeStep) continue;
    highest = Math.max(highest, r.outcome.value);
  }
  return highest;
}

function checkReads(history: readonly CounterRecord[]): Violation[] {
  const violations: Violation[] = [];
  for (const r of history) {
    if (r.operation.kind !== 'read' || r.outcome.kind !== 'ok') continue;
    const low = highestAcknowledged(history, r.invokedAtStep);
    const high = incrementsInvoked(history, r.completedAtStep ?? Infinity);
    if (r.outcome.value < low || r.outcome.value > high) {
      violations.push({ invariant: 'stale-read', message: `read op${r.id} (client ${r.client}) saw ${r.outcome.value}, outside ${low}..${high}` });
    }
  }
  return violations;
}

export default defineScenario({
  name: 'counter-store',
  description: 'concurrent increments and reads of a durable counter, crashed anywhere',
  defaultFactory: openFixedCounter,
  generate(rng, size) {
    const programs: CounterOperation[][] = Array.from({ length: size.clientsCount }, () => []);
    for (let i = 0; i < size.operationsCount; i++) {
      programs[rng.int(size.clientsCount)]?.push(rng.chance(0.75) ? { kind: 'increment' } : { kind: 'read' });
    }
    return programs;
  },
  apply: (counter, operation) => (operation.kind === 'increment' ? counter.increment() : counter.read()),
  close: (counter) => counter.close(),
  async check({ history, recovered }) {
    const value = await recovered.read();
    const violations = checkReads(history);
    const acknowledged = highestAcknowledged(history);
    if (value < acknowledged) {
      violations.push({ invariant: 'acknowledged-durability', message: `after recovery the counter reads ${value}, but an increment acknowledged ${acknowledged}` });
    }
    const invoked = incrementsInvoked(history);
    if (value > invoked) {
      violations.push({ invariant: 'no-phantom', message: `after recovery the counter reads ${value}, but only ${invoked} increments were ever invoked` });
    }
    return violations;
  },
  describe: (operation) => operation.kind,
  isOperation: isCounterOperation,
});
