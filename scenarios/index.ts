import { type AnyScenario } from '../sim/scenario.js';

/**
 * Every bundled scenario, in the order campaigns run them. `npm run sim` without --scenario runs
 * them all.
 */
export const SCENARIOS: readonly AnyScenario[] = [];

export function findScenario(name: string): AnyScenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
