import { describe, expect, it } from 'vitest';
import counterScenario from '../../examples/counter-store/counter.scenario.js';
import { ScenarioDefinitionError, defineScenario, eraseScenario, isDefinedScenario, runScenario, type ScenarioDefinition } from '../../sim/index.js';

/** defineScenario checks a definition where it is written, and what it makes runs like a bundled scenario. */

type Definition = ScenarioDefinition<unknown, unknown, unknown>;

const valid: Definition = {
  name: 'my-store',
  description: 'one line',
  defaultFactory: async () => ({}),
  generate: () => [[]],
  apply: async () => undefined,
  close: async () => undefined,
  check: async () => [],
  describe: () => 'op',
};

describe('defineScenario', () => {
  it('makes a scenario the CLI recognizes, calling the definition\'s own members', async () => {
    const calls: string[] = [];
    const scenario = defineScenario({ ...valid, describe: () => (calls.push('describe'), 'op') });
    expect(isDefinedScenario(scenario)).toBe(true);
    expect(isDefinedScenario({ ...valid })).toBe(false);
    expect(scenario.describe(undefined)).toBe('op');
    expect(calls).toEqual(['describe']);
    expect(Object.isFrozen(scenario)).toBe(true);
    expect(scenario.isOperation).toBeUndefined();
  });

  it('keeps `this` for a definition written as a class', () => {
    class Counted {
      readonly name = 'counted';
      readonly description = 'a class instance';
      readonly label = 'from this';
      defaultFactory = async (): Promise<object> => ({});
      generate(): unknown[][] { return [[]]; }
      async apply(): Promise<void> {}
      async close(): Promise<void> {}
      async check(): Promise<[]> { return []; }
      describe(): string { return this.label; }
    }
    expect(defineScenario(new Counted()).describe(undefined)).toBe('from this');
  });

  it.each([
    [{ ...valid, name: 'My Store' }, /defineScenario: "name" must be kebab-case .* got "My Store"/],
    [{ ...valid, name: 'my--store' }, /"name" must be kebab-case/],
    [{ ...valid, name: 7 }, /"name" must be kebab-case .* got number/],
    [{ ...valid, description: '' }, /"description" of scenario my-store must be one non-empty line/],
    [{ ...valid, description: 'two\nlines' }, /"description" of scenario my-store must be one non-empty line/],
    [{ ...valid, check: undefined }, /defineScenario: "check" of scenario my-store must be a function \(\{ history, recovered, fs, root, crashStep \}\) => Promise<Violation\[\]>.*; got undefined/],
    [{ ...valid, defaultFactory: 'open' }, /"defaultFactory" of scenario my-store must be a function .*; got string/],
    [{ ...valid, isOperation: true }, /"isOperation" of scenario my-store, when given, must be a function/],
    [null, /defineScenario: takes one object .* got null/],
  ])('refuses %#, naming the function, the member and the rule', (definition, message) => {
    expect(() => defineScenario(definition as unknown as Definition)).toThrow(ScenarioDefinitionError);
    expect(() => defineScenario(definition as unknown as Definition)).toThrow(message);
  });

  it('runs through the runner like a bundled scenario (the counter-store example)', async () => {
    const result = await runScenario(eraseScenario(counterScenario), { seed: 1 });
    expect(result.scenario).toBe('counter-store');
    expect(result.violations).toEqual([]);
    expect(counterScenario.isOperation?.({ kind: 'increment' })).toBe(true);
    expect(counterScenario.isOperation?.({ kind: 'decrement' })).toBe(false);
  });
});
