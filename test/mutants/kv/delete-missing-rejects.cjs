// Mutant of the bundled kv implementation (scenarios/kv/reference.cjs): a delete of a key that has
// no value rejects with the ENOENT of its unlink ("tell the caller nothing was there"), where the
// contract says it does nothing. It still fsyncs the directory first, so nothing on disk is
// wrong and only the rule that every error must be a documented one (unexpected-error) sees it.
'use strict';
const { randomBytes } = require('node:crypto');
const { promises: fs } = require('node:fs');
const { join } = require('node:path');

const VALUE_SUFFIX = '.value';
const TEMP_SUFFIX = '.tmp';
const CORRUPTION_BRAND = Symbol.for('crashsim.corruption');

function checksum(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function encode(value) {
  return `${checksum(value)}\n${value}`;
}

function decode(key, text) {
  const newline = text.indexOf('\n');
  const value = text.slice(newline + 1);
  if (newline !== 8 || text.slice(0, 8) !== checksum(value)) {
    const error = new Error(`the value of ${JSON.stringify(key)} is damaged (its checksum does not match)`);
    error.code = 'EKVCORRUPT';
    error[CORRUPTION_BRAND] = true;
    throw error;
  }
  return value;
}

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
      let text;
      try {
        text = await fs.readFile(fileOf(key), 'utf8');
      } catch (error) {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      }
      return decode(key, text);
    },
    async put(key, value) {
      const temp = `${fileOf(key)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
      try {
        await writeDurably(temp, encode(value));
        await fs.rename(temp, fileOf(key));
      } catch (error) {
        await fs.unlink(temp).catch(() => undefined);
        throw error;
      }
      await syncDirectory(root);
    },
    async delete(key) {
      let missing = null;
      await fs.unlink(fileOf(key)).catch((error) => {
        if (error.code !== 'ENOENT') throw error;
        missing = error;
      });
      await syncDirectory(root);
      // The bug: absence is an error.
      if (missing !== null) throw missing;
    },
  };
};
