import type { ShrinkStage } from '../drive.js';
import { earlierCrash } from './earlier-crash.js';
import { exactFaults } from './exact-faults.js';
import { fewerClients } from './fewer-clients.js';
import { fewerFaultRules } from './fewer-fault-rules.js';
import { fewerOperations } from './fewer-operations.js';
import { gentlerProfile } from './gentler-profile.js';
import { rarerFaults } from './rarer-faults.js';

export { earlierCrash, exactFaults, fewerClients, fewerFaultRules, fewerOperations, gentlerProfile, rarerFaults };
export { pinnedRules } from './exact-faults.js';
export { PROBABILITY_HALVINGS_MAX } from './rarer-faults.js';
export { PROFILES_GENTLEST_FIRST } from './gentler-profile.js';

/**
 * The shrinker's passes in the order they run, fresh for one shrink (rarerFaults remembers its
 * halvings). Two stages: the case's shape first (clients, operations, crash point), then what
 * happens to it (faults, crash model). A pinned fault plan or a gentler crash model chosen on a
 * large workload constrains what the workload passes can remove, so those passes work on the
 * smallest workload; within them, exact faults come after rarer ones, so they pin only the
 * faults a rarer plan still injects.
 */
export function defaultShrinkStages(): ShrinkStage[] {
  return [
    [fewerClients, fewerOperations, earlierCrash],
    [fewerFaultRules, rarerFaults(), exactFaults, gentlerProfile],
  ];
}
