import { writeFileSync } from 'node:fs';
import { SCENARIOS } from '../../scenarios/index.js';
import { type Pins, fileSystemCampaign, nodeFsCampaign, scenarioPins, swarmCampaign } from './pin-plan.js';

/**
 * Writes pinned-hashes.json anew: `npx tsx test/pins/regenerate.ts`. Only for a deliberate change
 * of behaviour, committed on its own with a message that says why the hashes moved.
 */

const runs: Record<string, Record<string, string[]>> = {};
for (const scenario of SCENARIOS) runs[scenario.name] = await scenarioPins(scenario);
const campaigns = { fileSystem: await fileSystemCampaign(), swarm: await swarmCampaign(), nodeFs: await nodeFsCampaign() };
const failing = Object.entries(campaigns).filter(([, c]) => c.failures > 0);
if (failing.length > 0) {
  process.stderr.write(`not written: the pinned campaigns must hold every invariant, but ${failing.map(([name, c]) => `${name} had ${c.failures} failures`).join(', ')}\n`);
  process.exit(1);
}
const pins: Pins = { campaignSeed1: campaigns.fileSystem.hash, campaignSeed1NodeFs: campaigns.nodeFs.hash, campaignSeed1Swarm: campaigns.swarm.hash, runs };
writeFileSync(new URL('./pinned-hashes.json', import.meta.url), `${JSON.stringify(pins, null, 1)}\n`);
process.stdout.write(`wrote test/pins/pinned-hashes.json: ${SCENARIOS.length} scenarios\n`);
