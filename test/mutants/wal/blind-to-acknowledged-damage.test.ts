import { describe, expect, it } from 'vitest';
import { walScenario } from '../../../scenarios/wal/index.js';
import { runScenario } from '../../../sim/runner/index.js';
import { eraseScenario } from '../../../sim/scenario.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import blindToAcknowledgedDamage, { BLIND_TO_ACKNOWLEDGED_DAMAGE_FAULTS } from './blind-to-acknowledged-damage.js';

/**
 * The wal scenario's bitflip rule has teeth: a log that cuts a damaged acknowledged frame which a
 * later frame vouches for is found, and the real log passes the same runs.
 */
const SEED_BUDGET = 200;
const wal = eraseScenario(walScenario);

async function firstViolation(impl: SystemFactory<unknown> | undefined): Promise<string | undefined> {
  for (let seed = 1; seed <= SEED_BUDGET; seed++) {
    const result = await runScenario(wal, { seed, faults: BLIND_TO_ACKNOWLEDGED_DAMAGE_FAULTS }, impl === undefined ? {} : { impl });
    const violation = result.violations[0];
    if (violation !== undefined) return `seed ${seed}: ${violation.invariant}: ${violation.message}`;
  }
  return undefined;
}

describe('WAL mutant blind-to-acknowledged-damage (needs bit flips)', () => {
  it(`is found within ${SEED_BUDGET} seeds under ${BLIND_TO_ACKNOWLEDGED_DAMAGE_FAULTS}`, async () => {
    const found = await firstViolation(blindToAcknowledgedDamage as SystemFactory<unknown>);
    console.log(`blind-to-acknowledged-damage: ${String(found)}`);
    expect(found).toMatch(/acknowledged-durability/);
  });

  it('the real log passes the same runs', async () => {
    expect(await firstViolation(undefined)).toBeUndefined();
  });
});
