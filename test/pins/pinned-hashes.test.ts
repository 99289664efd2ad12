import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.js';
import { type Pins, fileSystemCampaign, nodeFsCampaign, scenarioPins, swarmCampaign } from './pin-plan.js';

/**
 * Behaviour pins: the trace hash, crash step and violation count of a few seeds per scenario under
 * each kind of run (profiles, schedulers, exhaustive exploration, faults, crashed recovery, swarm),
 * the campaign hash of `npm run sim -- --seed 1 --no-swarm` over the scenarios on the FileSystem
 * interface, that of the node:fs scenarios, and that of a short swarm campaign (pin-plan.ts). A
 * refactoring must leave every one of them unchanged; a deliberate change of behaviour
 * regenerates the file (`npx tsx test/pins/regenerate.ts`) and says why.
 */

const pins = JSON.parse(readFileSync(new URL('./pinned-hashes.json', import.meta.url), 'utf8')) as Pins;

describe('pinned behaviour', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: seeds 1-3 under every kind of run keep their trace hashes', async (name, scenario) => {
    expect(pins.runs[name], `no pins for ${name}`).toBeDefined();
    expect(await scenarioPins(scenario)).toEqual(pins.runs[name]);
  });

  it('the default campaign from seed 1 keeps its campaign hash (the scenarios on the FileSystem interface)', async () => {
    expect(await fileSystemCampaign()).toEqual({ hash: pins.campaignSeed1, failures: 0 });
  });

  it('the swarm campaign from seed 1 of every scenario keeps its campaign hash', async () => {
    expect(await swarmCampaign()).toEqual({ hash: pins.campaignSeed1Swarm, failures: 0 });
  });

  it('the campaign from seed 1 of the node:fs scenarios keeps its campaign hash', async () => {
    expect(await nodeFsCampaign()).toEqual({ hash: pins.campaignSeed1NodeFs, failures: 0 });
  });
});
