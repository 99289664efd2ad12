import type { SystemFactory } from '../../sim/scenario.js';
import { BLOB_MUTANTS } from './blob/index.js';
import { FLATFS_MUTANTS } from './flatfs/index.js';
import { MVCC_MUTANTS } from './mvcc/index.js';
import { PERSIST_MUTANTS } from './persist/index.js';
import { STATE_FILE_MUTANTS } from './state-file/index.js';
import { WAL_MUTANTS } from './wal/index.js';
import { ATOMIC_FILE_MUTANTS } from './atomic-file/index.js';
import { APPEND_LOG_MUTANTS } from './append-log/index.js';
import { KV_MUTANTS } from './kv/index.js';

/** Every mutant of every store, in one shape, for the campaign-level tests and the bench. */
export interface AnyMutant {
  /** `<store>/<module name>`. */
  readonly id: string;
  /** The scenario that must find it. */
  readonly scenario: string;
  readonly factory: SystemFactory<unknown>;
  /** The fault spec it needs (`--faults`), if any. */
  readonly faults?: string;
}

function shortName(name: string): string {
  return name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
}

function withFaults(mutant: object): { faults?: string } {
  const faults = (mutant as { faults?: unknown }).faults;
  return typeof faults === 'string' ? { faults } : {};
}

export const ALL_MUTANTS: readonly AnyMutant[] = [
  ...BLOB_MUTANTS.map((m) => ({ id: `blob/${m.name}`, scenario: m.scenario, factory: m.factory as SystemFactory<unknown>, ...withFaults(m) })),
  ...WAL_MUTANTS.map((m) => ({ id: `wal/${m.name}`, scenario: m.scenario, factory: m.factory, ...withFaults(m) })),
  ...FLATFS_MUTANTS.map((m) => ({ id: `flatfs/${m.name}`, scenario: m.scenario, factory: m.factory as SystemFactory<unknown>, ...withFaults(m) })),
  ...MVCC_MUTANTS.map((m) => ({ id: `mvcc/${shortName(m.name)}`, scenario: m.scenario.name, factory: m.factory, ...withFaults(m) })),
  ...PERSIST_MUTANTS.map((m) => ({ id: `persist/${m.name}`, scenario: m.scenario, factory: m.factory })),
  ...STATE_FILE_MUTANTS.map((m) => ({ id: `state-file/${m.name}`, scenario: m.scenario, factory: m.factory })),
  // The node:fs scenarios' mutants are .cjs modules, run as `--impl` runs them.
  ...[...ATOMIC_FILE_MUTANTS, ...APPEND_LOG_MUTANTS, ...KV_MUTANTS].map((m) => ({ id: `${m.scenario}/${m.name}`, scenario: m.scenario, factory: m.factory })),
];
