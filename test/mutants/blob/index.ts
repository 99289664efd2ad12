import type { BlobStore } from '../../../src/blob/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import checksumAfterBlob from './checksum-after-blob.js';
import fixedTempName from './fixed-temp-name.js';
import noDirSync from './no-dir-sync.js';
import noFileSync from './no-file-sync.js';
import noTempSweep from './no-temp-sweep.js';
import putIfAbsentCheckThenAct from './put-if-absent-check-then-act.js';

/** A deliberately broken blob store and the scenario that must catch it. */
export interface BlobMutant {
  /** The module's file name, without extension (what `--impl` would load). */
  readonly name: string;
  /** The one bug it has. */
  readonly bug: string;
  /** `blob` or `blob-put-if-absent`. */
  readonly scenario: string;
  readonly factory: SystemFactory<BlobStore>;
}

export const BLOB_MUTANTS: readonly BlobMutant[] = [
  { name: 'no-file-sync', bug: 'no sync of the temp file before the rename', scenario: 'blob', factory: noFileSync },
  { name: 'no-dir-sync', bug: 'no parent directory sync after the rename', scenario: 'blob', factory: noDirSync },
  { name: 'fixed-temp-name', bug: "one temp name per key, opened with 'w' instead of 'wx'", scenario: 'blob', factory: fixedTempName },
  { name: 'put-if-absent-check-then-act', bug: 'putIfAbsent as has() then put()', scenario: 'blob-put-if-absent', factory: putIfAbsentCheckThenAct },
  { name: 'checksum-after-blob', bug: 'the blob is published before its checksum is recorded', scenario: 'blob', factory: checksumAfterBlob },
  { name: 'no-temp-sweep', bug: 'opening the store does not sweep leftover temp files', scenario: 'blob', factory: noTempSweep },
];
