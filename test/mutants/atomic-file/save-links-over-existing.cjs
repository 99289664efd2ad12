// Mutant of the bundled atomic-file implementation (scenarios/atomic-file/reference.cjs): a save
// publishes its temp file with link() and then unlinks the temp, instead of renaming it over the
// target. link() refuses a name that exists, so a save over a file saved before rejects with
// EEXIST (and leaves the old content, its temp removed); nothing on disk is ever wrong, so only
// the rule that every error must be a documented one (unexpected-error) sees it.
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
        // The bug: link() never replaces an existing name, so every save after the first fails.
        await fs.link(temp, target);
        await fs.unlink(temp);
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
