import type { AnyScenario, Scenario } from './scenario.js';

/**
 * `defineScenario`: how a user writes a scenario of their own, in TypeScript or JavaScript, and
 * runs it with `--scenario ./path/to/my.scenario.ts` exactly like a bundled one (scheduler,
 * crashes, faults, shrinking, reports, replay, real-disk confirmation). It checks the definition
 * once, where it is written, so that a mistake is an error naming the rule rather than a
 * TypeError in the middle of a campaign.
 */

/** What a scenario module defines: the same members as a bundled Scenario. */
export type ScenarioDefinition<System, Operation, Result> = Scenario<System, Operation, Result>;

/** A definition that breaks a rule; the message names `defineScenario`, the member and the rule. */
export class ScenarioDefinitionError extends TypeError {
  override readonly name = 'ScenarioDefinitionError';
}

/** Marks scenarios made by defineScenario; `Symbol.for`, so two copies of crashsim agree on it. */
const DEFINED = Symbol.for('crashsim.defineScenario');

/** Stable, kebab-case: lowercase letters and digits, single hyphens between words. */
const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const REQUIRED_FUNCTIONS = ['defaultFactory', 'generate', 'apply', 'close', 'check', 'describe'] as const;

const ROLES: Readonly<Record<(typeof REQUIRED_FUNCTIONS)[number] | 'isOperation', string>> = {
  defaultFactory: '(fs, root) => Promise<System>: opens or recovers the system under test',
  generate: '(rng, size) => Operation[][]: the programs of the concurrent clients',
  apply: '(system, operation) => Promise<Result>: runs one operation',
  close: '(system) => Promise<void>: releases the system',
  check: '({ history, recovered, fs, root, crashStep }) => Promise<Violation[]>: the invariants',
  describe: '(operation) => string: the operation in one short line',
  isOperation: '(value) => boolean: whether a value is an operation of this scenario',
};

function fail(rule: string): never {
  throw new ScenarioDefinitionError(`defineScenario: ${rule}`);
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}

/** Checks a definition and returns the scenario (the members are called on the definition itself). */
export function defineScenario<System, Operation, Result>(definition: ScenarioDefinition<System, Operation, Result>): Scenario<System, Operation, Result> {
  if (typeof definition !== 'object' || definition === null) fail(`takes one object with name, description, ${REQUIRED_FUNCTIONS.join(', ')}; got ${definition === null ? 'null' : typeof definition}`);
  const { name, description } = definition as { name: unknown; description: unknown };
  if (typeof name !== 'string' || !KEBAB_CASE.test(name)) fail(`"name" must be kebab-case (lowercase letters and digits, words joined by single hyphens, e.g. "counter-store"), got ${shown(name)}`);
  if (typeof description !== 'string' || description.trim() === '' || /[\r\n]/.test(description)) fail(`"description" of scenario ${name} must be one non-empty line, got ${shown(description)}`);
  const members = definition as unknown as Record<string, unknown>;
  for (const member of REQUIRED_FUNCTIONS) {
    if (typeof members[member] !== 'function') fail(`"${member}" of scenario ${name} must be a function ${ROLES[member]}; got ${typeof members[member]}`);
  }
  if (members['isOperation'] !== undefined && typeof members['isOperation'] !== 'function') fail(`"isOperation" of scenario ${name}, when given, must be a function ${ROLES.isOperation}; got ${typeof members['isOperation']}`);
  if (members['swarm'] !== undefined && (typeof members['swarm'] !== 'object' || members['swarm'] === null)) fail(`"swarm" of scenario ${name}, when given, must be an object { mix?, keysCountMax?, valueSizes?, faultKinds? }; got ${typeof members['swarm']}`);
  const required = members['requiredMarks'];
  if (required !== undefined && !(Array.isArray(required) && required.every((label) => typeof label === 'string'))) {
    fail(`"requiredMarks" of scenario ${name}, when given, must be an array of coverage mark labels (strings); got ${typeof required}`);
  }
  const d = definition;
  const scenario: Scenario<System, Operation, Result> = {
    name,
    description,
    defaultFactory: (fs, root) => d.defaultFactory(fs, root),
    generate: (rng, size) => d.generate(rng, size),
    apply: (system, operation) => d.apply(system, operation),
    close: (system) => d.close(system),
    check: (input) => d.check(input),
    describe: (operation) => d.describe(operation),
    ...(d.swarm === undefined ? {} : { swarm: d.swarm }),
    ...(d.isOperation === undefined ? {} : { isOperation: (value: unknown): value is Operation => d.isOperation?.(value) === true }),
    ...(d.requiredMarks === undefined ? {} : { requiredMarks: Object.freeze([...d.requiredMarks]) }),
  };
  Object.defineProperty(scenario, DEFINED, { value: true });
  return Object.freeze(scenario);
}

/** Whether `value` is a scenario made by defineScenario (in this copy of crashsim or another). */
export function isDefinedScenario(value: unknown): value is AnyScenario {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DEFINED] === true;
}
