// The bundled kv implementation, plain Node.js on node:fs (what `--impl` replaces): one file per
// key. A put writes the value to a temp file of its own, fsyncs it, renames it over the key's
// file and fsyncs the directory; a delete unlinks the key's file and fsyncs the directory (even
// when the file was gone already: another client's unlink may not be durable yet). Opening
// removes the temp files an interrupted put left behind.
'use strict';
const { randomBytes } = require('node:crypto');
const { promises: fs } = require('node:fs');
const { join } = require('node:path');

const VALUE_SUFFIX = '.value';
const TEMP_SUFFIX = '.tmp';

async function syncDirectory(dir) {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeDurably(path, value) {
  const handle = await fs.open(path, 'wx');
  try {
    await handle.writeFile(value, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

module.exports = async function open(root) {
  const temps = (await fs.readdir(root)).filter((name) => name.endsWith(TEMP_SUFFIX));
  for (const name of temps) await fs.unlink(join(root, name));
  if (temps.length > 0) await syncDirectory(root);
  const fileOf = (key) => join(root, `${encodeURIComponent(key)}${VALUE_SUFFIX}`);
  return {
    async get(key) {
      try {
        return await fs.readFile(fileOf(key), 'utf8');
      } catch (error) {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async put(key, value) {
      const temp = `${fileOf(key)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
      try {
        await writeDurably(temp, value);
        await fs.rename(temp, fileOf(key));
      } catch (error) {
        await fs.unlink(temp).catch(() => undefined);
        throw error;
      }
      await syncDirectory(root);
    },
    async delete(key) {
      await fs.unlink(fileOf(key)).catch((error) => {
        if (error.code !== 'ENOENT') throw error;
      });
      await syncDirectory(root);
    },
  };
};
