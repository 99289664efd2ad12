import { SCENARIOS, findScenario } from '../scenarios/index.js';
import { type AnyScenario, isDefinedScenario } from '../sim/index.js';
import { UsageError } from './args.js';
import { importUserModule } from './load-module.js';

/**
 * What `--scenario` names: a bundled scenario by name, or a module of the user's whose default
 * export (or export named `scenario`) was made by `defineScenario`. A value with a `/`, or ending
 * in .ts, .js or .mjs, is a module path (relative to the working directory).
 */

export interface ChosenScenario {
  readonly scenario: AnyScenario;
  /** The module path as given, or null for a bundled scenario; reports record it for replay. */
  readonly module: string | null;
}

export function isScenarioModulePath(value: string): boolean {
  return value.includes('/') || /\.(?:[cm]?[jt]s)$/.test(value);
}

/** Loads a scenario module; `flag` names where the path came from (for the error). */
export async function loadScenarioModule(modulePath: string, flag = '--scenario'): Promise<AnyScenario> {
  const loaded = await importUserModule(flag, modulePath);
  const found = [loaded['default'], loaded['scenario']].find(isDefinedScenario);
  if (found !== undefined) return found;
  const exported = Object.keys(loaded).join(', ') || 'nothing';
  throw new UsageError(
    `${flag} ${modulePath}: the module must export a scenario made by defineScenario(...) from crashsim/sim, as its default export or as \`scenario\`; it exports ${exported}`,
  );
}

/** The scenarios `--scenario` names, in order (every bundled one when null). */
export async function resolveScenarios(entries: readonly string[] | null): Promise<ChosenScenario[]> {
  if (entries === null) return SCENARIOS.map((scenario) => ({ scenario, module: null }));
  const chosen: ChosenScenario[] = [];
  for (const entry of entries) {
    if (isScenarioModulePath(entry)) {
      chosen.push({ scenario: await loadScenarioModule(entry), module: entry });
      continue;
    }
    const scenario = findScenario(entry);
    if (scenario === undefined) {
      throw new UsageError(`unknown scenario ${JSON.stringify(entry)}; known: ${SCENARIOS.map((s) => s.name).join(', ')} (or a module path such as ./my.scenario.ts)`);
    }
    chosen.push({ scenario, module: null });
  }
  const names = chosen.map((c) => c.scenario.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) throw new UsageError(`--scenario: two of the scenarios given are named ${JSON.stringify(twice)}; a campaign tells scenarios apart by name`);
  return chosen;
}
