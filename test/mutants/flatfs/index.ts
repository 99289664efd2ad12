import type { FlatStoreApi } from '../../../src/flatfs/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import batchDuplicateRace from './batch-duplicate-race.js';
import batchGetIgnoresStore from './batch-get-ignores-store.js';
import batchQueryDuplicates from './batch-query-duplicates.js';
import commitWithoutShardSync from './commit-without-shard-sync.js';
import tempNotWiped from './temp-not-wiped.js';

/** A deliberately broken FlatStore and the scenario that must catch it. */
export interface FlatfsMutant {
  /** The module's file name, without extension (what `--impl` would load). */
  readonly name: string;
  /** The one bug it has. */
  readonly bug: string;
  /** The scenario's name: always `flatfs`. */
  readonly scenario: string;
  readonly factory: SystemFactory<FlatStoreApi>;
}

export const FLATFS_MUTANTS: readonly FlatfsMutant[] = [
  { name: 'temp-not-wiped', bug: 'opening the store keeps the leftovers of .temp/', scenario: 'flatfs', factory: tempNotWiped },
  {
    name: 'batch-duplicate-race',
    bug: "duplicate keys in a batch written concurrently to one temp file named after the key ('w')",
    scenario: 'flatfs',
    factory: batchDuplicateRace,
  },
  { name: 'commit-without-shard-sync', bug: 'commit renames into the shards without syncing them', scenario: 'flatfs', factory: commitWithoutShardSync },
  { name: 'batch-query-duplicates', bug: "a batch's query lists a key it puts twice when the store holds it too", scenario: 'flatfs', factory: batchQueryDuplicates },
  { name: 'batch-get-ignores-store', bug: "a batch's get reads a key it has not written as absent", scenario: 'flatfs', factory: batchGetIgnoresStore },
];
