// Mutant of the bundled append-log implementation (scenarios/append-log/reference.cjs): an append
// encodes its line into a fixed 128-byte buffer and refuses a longer line with a RangeError,
// before writing anything, although the contract takes any short record. The log on disk stays
// right (the refused record was never acknowledged), so only the rule that every error must be
// a documented one (unexpected-error) sees it.
'use strict';
const { promises: fs } = require('node:fs');
const { join } = require('node:path');

const LOG_NAME = 'records.log';
const NEWLINE = 0x0a;

function checksum(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

const LINE_BYTES_MAX = 128;

function lineOf(record) {
  const line = Buffer.from(`${record}\t${checksum(record)}\n`, 'utf8');
  // The bug: a limit the contract does not have.
  if (line.length > LINE_BYTES_MAX) throw new RangeError(`a log line holds at most ${LINE_BYTES_MAX} bytes, this record needs ${line.length}`);
  return line;
}

/** The records of the good prefix of `data`, and where that prefix ends. */
function parse(data) {
  const records = [];
  let start = 0;
  for (;;) {
    const end = data.indexOf(NEWLINE, start);
    if (end === -1) break;
    const line = data.subarray(start, end).toString('utf8');
    const tab = line.lastIndexOf('\t');
    if (tab === -1 || checksum(line.slice(0, tab)) !== line.slice(tab + 1)) break;
    records.push(line.slice(0, tab));
    start = end + 1;
  }
  return { records, goodBytes: start };
}

async function readLog(path) {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
}

async function syncPath(path, flags) {
  const handle = await fs.open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function recover(root, path) {
  const data = await readLog(path);
  if (data === null) {
    await (await fs.open(path, 'a')).close();
    await syncPath(root, 'r');
    return;
  }
  const { goodBytes } = parse(data);
  if (goodBytes === data.length) return;
  const handle = await fs.open(path, 'r+');
  try {
    await handle.truncate(goodBytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

module.exports = async function open(root) {
  const path = join(root, LOG_NAME);
  await recover(root, path);
  const log = await fs.open(path, 'a');
  let syncFailure = null;
  // The refusal carries the failed fdatasync's code (EIO, ENOSPC): it is that failure, reported
  // again, and a caller that handles disk errors by code handles it too.
  const refuseAfterSyncFailure = () => {
    if (syncFailure === null) return;
    const error = new Error(`an earlier fdatasync of the log failed (${syncFailure.code ?? syncFailure.message}): appends may have been lost; open the log again`);
    error.code = syncFailure.code;
    throw error;
  };
  return {
    async append(record) {
      refuseAfterSyncFailure();
      await log.write(lineOf(record));
      try {
        await log.datasync();
      } catch (error) {
        syncFailure ??= error;
        throw error;
      }
      // Another client's failed fdatasync may have dropped this line too.
      refuseAfterSyncFailure();
    },
    async readAll() {
      const data = await readLog(path);
      return data === null ? [] : parse(data).records;
    },
    async close() {
      await log.close();
    },
  };
};
