import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findScenario } from '../scenarios/index.js';
import { runScenario } from '../sim/runner/index.js';
import type { RunOptions } from '../sim/runner/index.js';
import type { AnyScenario, SystemFactory } from '../sim/scenario.js';
import { describeError, nowMs } from './harness.js';
import type { BenchSection, Json, Skip } from './harness.js';

/**
 * How fast the default campaign finds each deliberately broken store: the first seed (counting
 * from 1) whose run reports a violation, how many of the seed budget find it, and the seconds to
 * the first detection. Every registry `test/mutants/<store>/index.ts` is picked up: any exported
 * array named `*_MUTANTS` whose elements have a `name`, a `factory` and a `scenario` (a scenario
 * object, or the name of a registered scenario), and optionally the `faults` spec the bug needs
 * (run with it, as the registry says; the column shows it).
 */

/** Issues 3-6: every mutant must be found within 200 seeds. */
export const SEED_BUDGET = 200;

const MUTANTS_DIR = fileURLToPath(new URL('../test/mutants/', import.meta.url));

interface Mutant {
  readonly registry: string;
  readonly name: string;
  readonly bug: string | null;
  readonly scenario: AnyScenario;
  readonly factory: SystemFactory<unknown>;
  /** The `faults` run option the bug needs (sim/faults syntax); null when crashes suffice. */
  readonly faults: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isScenario(value: unknown): value is AnyScenario {
  return isRecord(value) && typeof value['name'] === 'string' && typeof value['generate'] === 'function' && typeof value['check'] === 'function';
}

function isFactory(value: unknown): value is SystemFactory<unknown> {
  return typeof value === 'function';
}

/** Reads one registry's exports into mutants; what cannot be used becomes a skip with its reason. */
function collectMutants(registry: string, exports: Record<string, unknown>, mutants: Mutant[], skips: Skip[]): void {
  const arrays = Object.entries(exports).filter(([name, value]) => name.endsWith('_MUTANTS') && Array.isArray(value));
  if (arrays.length === 0) skips.push({ what: registry, reason: 'its index.ts exports no *_MUTANTS array' });
  for (const [exportName, value] of arrays) {
    for (const item of value as readonly unknown[]) {
      const label = isRecord(item) && typeof item['name'] === 'string' ? item['name'] : `an element of ${exportName}`;
      if (!isRecord(item) || typeof item['name'] !== 'string' || !isFactory(item['factory'])) {
        skips.push({ what: `${registry}/${label}`, reason: `${exportName} element lacks a string name or a factory function` });
        continue;
      }
      const declared = item['scenario'];
      const scenario = isScenario(declared) ? declared : typeof declared === 'string' ? findScenario(declared) : undefined;
      if (scenario === undefined) {
        skips.push({ what: `${registry}/${label}`, reason: `its scenario ${JSON.stringify(typeof declared === 'string' ? declared : String(declared))} is not registered in scenarios/index.ts` });
        continue;
      }
      // Registries name their mutants either plainly or as `<store>/<name>`; print one form.
      const name = item['name'].includes('/') ? item['name'] : `${registry}/${item['name']}`;
      const faults = typeof item['faults'] === 'string' ? item['faults'] : null;
      mutants.push({ registry, name, bug: typeof item['bug'] === 'string' ? item['bug'] : null, scenario, factory: item['factory'], faults });
    }
  }
}

async function loadMutants(): Promise<{ mutants: Mutant[]; skips: Skip[] }> {
  const mutants: Mutant[] = [];
  const skips: Skip[] = [];
  const entries = await readdir(MUTANTS_DIR, { withFileTypes: true });
  const registries = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  for (const registry of registries) {
    const indexPath = `${MUTANTS_DIR}${registry}/index.ts`;
    let exports: Record<string, unknown>;
    try {
      exports = (await import(pathToFileURL(indexPath).href)) as Record<string, unknown>;
    } catch (error) {
      skips.push({ what: registry, reason: `test/mutants/${registry}/index.ts did not load: ${describeError(error)}` });
      continue;
    }
    collectMutants(registry, exports, mutants, skips);
  }
  return { mutants, skips };
}

/** Seeds (from 1) each mutant is hunted over, with swarm and without, to compare how often each finds it. */
export const SWARM_SEEDS = 1_000;

interface Hunt {
  readonly firstSeed: number | null;
  readonly firstInvariant: string | null;
  readonly secondsToFirst: number | null;
  /** Seeds among 1..SEED_BUDGET that found it (null when the hunt stopped at the first). */
  readonly seedsFindingInBudget: number | null;
  /** Seeds among 1..SWARM_SEEDS that found it (null when the hunt stopped at the first). */
  readonly seedsFindingOf1000: number | null;
  readonly seedsRun: number;
  readonly seconds: number;
}

interface Detection extends Hunt {
  readonly mutant: string;
  readonly scenario: string;
  readonly bug: string | null;
  readonly faults: string | null;
  /** The same hunt with swarm on (a configuration drawn per seed; the mutant's faults still win). */
  readonly swarm: Hunt;
}

/**
 * Seeds 1..`seedsMax` in order, as a campaign runs them. With `stopAtFirst` (--quick), stops at
 * the first detection, so how many seeds find it is unknown.
 */
async function hunt(mutant: Mutant, swarm: boolean, seedsMax: number, stopAtFirst: boolean): Promise<Hunt> {
  const start = nowMs();
  let first: { seed: number; invariant: string; seconds: number } | null = null;
  let seedsFindingInBudget = 0;
  let seedsFinding = 0;
  let seedsRun = 0;
  for (let seed = 1; seed <= seedsMax; seed++) {
    const options: RunOptions = { seed, ...(mutant.faults === null ? {} : { faults: mutant.faults }), ...(swarm ? { swarm: true } : {}) };
    const result = await runScenario(mutant.scenario, options, { impl: mutant.factory });
    seedsRun++;
    const violation = result.violations[0];
    if (violation === undefined) continue;
    seedsFinding++;
    if (seed <= SEED_BUDGET) seedsFindingInBudget++;
    if (first === null) {
      first = { seed, invariant: violation.invariant, seconds: (nowMs() - start) / 1000 };
      if (stopAtFirst) break;
    }
  }
  return {
    firstSeed: first?.seed ?? null,
    firstInvariant: first?.invariant ?? null,
    secondsToFirst: first?.seconds ?? null,
    seedsFindingInBudget: stopAtFirst ? null : seedsFindingInBudget,
    seedsFindingOf1000: stopAtFirst ? null : seedsFinding,
    seedsRun,
    seconds: (nowMs() - start) / 1000,
  };
}

/** Without swarm: the default budget when stopping at the first, else all SWARM_SEEDS; with swarm: the same. */
async function detect(mutant: Mutant, stopAtFirst: boolean): Promise<Detection> {
  const seedsMax = stopAtFirst ? SEED_BUDGET : SWARM_SEEDS;
  const fixed = await hunt(mutant, false, seedsMax, stopAtFirst);
  const swarm = await hunt(mutant, true, seedsMax, stopAtFirst);
  return { mutant: mutant.name, scenario: mutant.scenario.name, bug: mutant.bug, faults: mutant.faults, ...fixed, swarm };
}

function firstSeedCell(found: Hunt, budget: number): string {
  return found.firstSeed === null ? `NOT FOUND in ${budget}` : String(found.firstSeed);
}

function countCell(count: number | null, of: number): string {
  return count === null ? '-' : `${count}/${of}`;
}

export const mutantsSection: BenchSection = {
  name: 'mutants',
  description: `Seeds (from 1, budget ${SEED_BUDGET}) and seconds to detect each mutant in test/mutants/*, default run options (plus the faults a mutant's registry entry names), with swarm off and on; and how many of seeds 1..${SWARM_SEEDS} find it each way.`,
  async run(context): Promise<Json> {
    const stopAtFirst = context.budget.quick;
    const { mutants, skips } = await loadMutants();
    const detections: Detection[] = [];
    for (const mutant of mutants) detections.push(await detect(mutant, stopAtFirst));
    context.table(
      `mutants: detection by the default campaign (seeds 1..${SEED_BUDGET}${stopAtFirst ? ', stopping at the first detection' : `; and of seeds 1..${SWARM_SEEDS} with and without swarm`})`,
      ['mutant', 'scenario', 'faults', 'first seed', 'first seed with swarm', 'seconds to first', 'seeds finding it', `seeds of ${SWARM_SEEDS.toLocaleString('en-US')} finding it (no swarm / swarm)`, 'first invariant broken'],
      detections.map((d) => [
        d.mutant,
        d.scenario,
        d.faults ?? '-',
        firstSeedCell(d, SEED_BUDGET),
        firstSeedCell(d.swarm, stopAtFirst ? SEED_BUDGET : SWARM_SEEDS),
        d.secondsToFirst === null ? '-' : d.secondsToFirst.toFixed(2),
        countCell(d.seedsFindingInBudget, SEED_BUDGET),
        d.seedsFindingOf1000 === null ? '-' : `${d.seedsFindingOf1000} / ${d.swarm.seedsFindingOf1000 ?? '-'}`,
        d.firstInvariant ?? '-',
      ]),
    );
    for (const skip of skips) context.note(`skipped ${skip.what}: ${skip.reason}`);
    const missed = detections.filter((d) => d.firstSeed === null || d.firstSeed > SEED_BUDGET).length;
    const missedWithSwarm = detections.filter((d) => d.swarm.firstSeed === null || d.swarm.firstSeed > SEED_BUDGET).length;
    context.note(`${detections.length - missed} of ${detections.length} mutants found within ${SEED_BUDGET} seeds without swarm, ${detections.length - missedWithSwarm} with swarm`);
    return {
      seedBudget: SEED_BUDGET,
      swarmSeeds: SWARM_SEEDS,
      stoppedAtFirstDetection: stopAtFirst,
      mutants: detections.map((d) => ({ ...d, swarm: { ...d.swarm } })),
      missed,
      missedWithSwarm,
      skipped: skips.map((s) => ({ ...s })),
    };
  },
};
