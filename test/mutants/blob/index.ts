import type { BlobStore } from '../../../src/blob/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import checksumAfterBlob from './checksum-after-blob.js';
import dataModeSkipsDirSync from './data-mode-skips-dir-sync.js';
import deleteMissingRejects from './delete-missing-rejects.js';
import fixedTempName from './fixed-temp-name.js';
import lenientKeyValidation from './lenient-key-validation.js';
import listLocaleOrder from './list-locale-order.js';
import listWalksOneLevel from './list-walks-one-level.js';
import noneModeWritesInPlace from './none-mode-writes-in-place.js';
import noDirSync from './no-dir-sync.js';
import noFileSync from './no-file-sync.js';
import noTempSweep from './no-temp-sweep.js';
import putIfAbsentCheckThenAct from './put-if-absent-check-then-act.js';
import rangeEndOffByOne from './range-end-off-by-one.js';
import retryFailedSync from './retry-failed-sync.js';
import skipChecksumOnRead from './skip-checksum-on-read.js';
import unverifiedRangeSkipsHeader from './unverified-range-skips-header.js';

/** A deliberately broken blob store and the scenario that must catch it. */
export interface BlobMutant {
  /** The module's file name, without extension (what `--impl` would load). */
  readonly name: string;
  /** The one bug it has. */
  readonly bug: string;
  /** `blob`, `blob-put-if-absent`, `blob-fsync-data` or `blob-fsync-none`. */
  readonly scenario: string;
  readonly factory: SystemFactory<BlobStore>;
  /** The `--faults` spec the bug needs to show (sim/faults syntax); none when crashes suffice. */
  readonly faults?: string;
}

export const BLOB_MUTANTS: readonly BlobMutant[] = [
  { name: 'no-file-sync', bug: 'no sync of the temp file before the rename', scenario: 'blob', factory: noFileSync },
  { name: 'no-dir-sync', bug: 'no parent directory sync after the rename', scenario: 'blob', factory: noDirSync },
  { name: 'fixed-temp-name', bug: "one temp name per key, opened with 'w' instead of 'wx'", scenario: 'blob', factory: fixedTempName },
  { name: 'put-if-absent-check-then-act', bug: 'putIfAbsent as has() then put()', scenario: 'blob-put-if-absent', factory: putIfAbsentCheckThenAct },
  { name: 'checksum-after-blob', bug: 'the blob is published before its checksum is recorded', scenario: 'blob', factory: checksumAfterBlob },
  { name: 'no-temp-sweep', bug: 'opening the store does not sweep leftover temp files', scenario: 'blob', factory: noTempSweep },
  { name: 'delete-missing-rejects', bug: 'delete of a missing key rejects with NotFound (caught by unexpected-error)', scenario: 'blob', factory: deleteMissingRejects },
  { name: 'range-end-off-by-one', bug: 'getRange refuses a range that ends at the last byte (caught by range-read)', scenario: 'blob', factory: rangeEndOffByOne },
  { name: 'list-locale-order', bug: 'list sorts with localeCompare, not code-unit order (caught by list-order)', scenario: 'blob', factory: listLocaleOrder },
  { name: 'lenient-key-validation', bug: "keys checked only for '' and '/' (caught by invalid-key-rejected)", scenario: 'blob', factory: lenientKeyValidation },
  { name: 'data-mode-skips-dir-sync', bug: "fsyncMode 'data' skips directory syncs", scenario: 'blob-fsync-data', factory: dataModeSkipsDirSync },
  { name: 'unverified-range-skips-header', bug: 'getRange without checksums reads from the start of the file, not of the data', scenario: 'blob-fsync-data', factory: unverifiedRangeSkipsHeader },
  { name: 'list-walks-one-level', bug: 'list and the sweep walk one level of hash-prefix directories, whatever hashPrefixDirs says', scenario: 'blob-fsync-data', factory: listWalksOneLevel },
  { name: 'none-mode-writes-in-place', bug: "fsyncMode 'none' writes blobs in place: not atomic for concurrent readers", scenario: 'blob-fsync-none', factory: noneModeWritesInPlace },
  {
    name: 'retry-failed-sync',
    bug: 'a failed fsync of the temp file is retried and the retry taken as durable (fsyncgate)',
    scenario: 'blob',
    factory: retryFailedSync,
    faults: 'eio-sync:pathMatch(.tmp-)&randomly(0.2)',
  },
  {
    name: 'skip-checksum-on-read',
    bug: 'get never verifies the checksum of the bytes it returns',
    scenario: 'blob',
    factory: skipChecksumOnRead,
    faults: 'bitflip:randomly(0.5)',
  },
];
