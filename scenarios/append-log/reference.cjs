// The bundled append-log implementation, plain Node.js on node:fs (what `--impl` replaces). The
// log is one file of lines `<record>\t<checksum>\n`; an append writes its line at the end and
// fdatasyncs the file before it resolves, so an acknowledged record survives. A crash can leave a
// torn or zero-filled tail: reading stops at the first line whose checksum fails, and opening
// cuts the file there (durably), so later appends follow the last good record. The file is
// created durably (its directory fsynced) before the first append. When an fdatasync fails, the
// kernel may have dropped the unsynced lines of every client, so from then on no append succeeds
// until the log is opened again (which reads back what is durable): each rejects with the code of
// that failure.
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

function lineOf(record) {
  return Buffer.from(`${record}\t${checksum(record)}\n`, 'utf8');
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
