// Mutant of the bundled atomic-file implementation (scenarios/atomic-file/reference.cjs), which it
// wraps: a save refuses to replace a file that exists, rejecting with EEXIST as a save that
// publishes its temp file with link() instead of rename() would, and leaves the old content.
// Nothing on disk is ever wrong, so only the rule that every error must be a documented one
// (unexpected-error) sees it.
'use strict';

const fs = require('node:fs/promises');
const { join } = require('node:path');
const openReference = require('../../../scenarios/atomic-file/reference.cjs');

async function exists(path) {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}

module.exports = async function open(root) {
  const files = await openReference(root);
  return {
    ...files,
    async save(name, content) {
      const target = join(root, name);
      // The bug: link() never replaces an existing name, so every save after the first fails.
      if (await exists(target)) throw Object.assign(new Error(`EEXIST: file already exists, link -> '${target}'`), { code: 'EEXIST', syscall: 'link', path: target });
      return files.save(name, content);
    },
  };
};
