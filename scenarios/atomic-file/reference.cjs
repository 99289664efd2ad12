// The bundled atomic-file implementation, plain Node.js on node:fs (what `--impl` replaces): a
// save writes the content to a temp file of its own, fsyncs it, renames it over the target and
// fsyncs the directory, so a crash leaves the old content or the new, and an acknowledged save
// survives. Opening removes the temp files an interrupted save left behind.
'use strict';
const { randomBytes } = require('node:crypto');
const { promises: fs } = require('node:fs');
const { join } = require('node:path');

const TEMP_SUFFIX = '.tmp';

async function syncDirectory(dir) {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeDurably(path, content) {
  const handle = await fs.open(path, 'wx');
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeTempFiles(root) {
  const temps = (await fs.readdir(root)).filter((name) => name.endsWith(TEMP_SUFFIX));
  for (const name of temps) await fs.unlink(join(root, name));
  if (temps.length > 0) await syncDirectory(root);
}

module.exports = async function open(root) {
  await removeTempFiles(root);
  return {
    async save(name, content) {
      const target = join(root, name);
      const temp = `${target}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
      try {
        await writeDurably(temp, content);
        await fs.rename(temp, target);
      } catch (error) {
        await fs.unlink(temp).catch(() => undefined);
        throw error;
      }
      await syncDirectory(root);
    },
    async load(name) {
      try {
        return await fs.readFile(join(root, name), 'utf8');
      } catch (error) {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
};
