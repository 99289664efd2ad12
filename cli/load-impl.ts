import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findScenario } from '../scenarios/index.js';
import { ImplModuleError } from '../sim/index.js';
import { readReport } from '../sim/report/index.js';
import type { AnyScenario, SystemFactory } from '../sim/scenario.js';
import { UsageError, type CliOptions } from './args.js';
import { resolveScenarios } from './campaign-part.js';

/**
 * Loads a user's implementation for `--impl`. For most scenarios MODULE's default export is a
 * factory with the scenario's factory signature `(fs, root) => Promise<System>`. For the node:fs
 * scenarios (those with `implFromModule`) MODULE is plain Node.js code whose default export is
 * `open(root)`; the scenario turns its path into a factory, which runs the module afresh in a
 * simulated process each time it opens. One module cannot be both, so the scenarios it runs with
 * must be of one kind (or else each a factory scenario, as before).
 */
export async function loadImpl(modulePath: string, scenarios: readonly AnyScenario[]): Promise<SystemFactory<unknown>> {
  const nodeScenarios = scenarios.filter((scenario) => scenario.implFromModule !== undefined);
  if (nodeScenarios.length === 0) return importFactory(modulePath);
  if (nodeScenarios.length < scenarios.length) {
    // Bad factory modules are reported as such first; then the mix is refused.
    await importFactory(modulePath);
    throw new UsageError(`--impl ${modulePath}: ${namesOf(nodeScenarios)} ${nodeScenarios.length === 1 ? 'takes' : 'take'} a node:fs module (default export open(root)), the other scenarios a factory (fs, root); choose scenarios of one kind with --scenario`);
  }
  const [scenario, ...others] = nodeScenarios as [AnyScenario, ...AnyScenario[]];
  if (others.length > 0) throw new UsageError(`--impl ${modulePath}: ${namesOf(nodeScenarios)} each have a System of their own; choose one with --scenario`);
  try {
    return await (scenario.implFromModule as (path: string) => Promise<SystemFactory<unknown>>)(resolve(process.cwd(), modulePath));
  } catch (error) {
    if (error instanceof ImplModuleError) throw new UsageError(`--impl ${modulePath}: ${error.message}`);
    throw error;
  }
}

/** The scenarios `--impl` will run with: the replayed report's, or the campaign's. */
export async function implScenarios(options: CliOptions): Promise<AnyScenario[]> {
  if (options.replay === null) return resolveScenarios(options.scenarios);
  const scenario = findScenario((await readReport(options.replay)).scenario);
  return scenario === undefined ? [] : [scenario];
}

function namesOf(scenarios: readonly AnyScenario[]): string {
  return scenarios.map((scenario) => scenario.name).join(', ');
}

async function importFactory(modulePath: string): Promise<SystemFactory<unknown>> {
  const url = pathToFileURL(resolve(process.cwd(), modulePath)).href;
  let loaded: unknown;
  try {
    loaded = await import(url);
  } catch (error) {
    throw new UsageError(`--impl ${modulePath}: cannot load the module: ${(error as Error).message}`);
  }
  const factory = (loaded as { default?: unknown }).default;
  if (typeof factory !== 'function') {
    throw new UsageError(`--impl ${modulePath}: the module's default export must be a factory function (fs, root) => Promise<System>, got ${typeof factory}`);
  }
  return factory as SystemFactory<unknown>;
}
