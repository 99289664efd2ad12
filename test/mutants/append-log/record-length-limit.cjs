// Mutant of the bundled append-log implementation (scenarios/append-log/reference.cjs), which it
// wraps: an append of a record whose line would exceed 128 bytes is refused with a RangeError
// before anything is written, although the contract takes any short record. The log on disk
// stays right (the refused record was never acknowledged), so only the rule that every error
// must be a documented one (unexpected-error) sees it.
'use strict';

const openReference = require('../../../scenarios/append-log/reference.cjs');

const LINE_BYTES_MAX = 128;
/** The reference's line: the record, a tab, an 8-digit checksum, a newline. */
const LINE_OVERHEAD_BYTES = 10;

module.exports = async function open(root) {
  const log = await openReference(root);
  return {
    ...log,
    async append(record) {
      const lineBytes = Buffer.byteLength(record, 'utf8') + LINE_OVERHEAD_BYTES;
      // The bug: a limit the contract does not have.
      if (lineBytes > LINE_BYTES_MAX) throw new RangeError(`a log line holds at most ${LINE_BYTES_MAX} bytes, this record needs ${lineBytes}`);
      return log.append(record);
    },
  };
};
