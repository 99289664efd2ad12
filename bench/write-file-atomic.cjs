// write-file-atomic (npm), unmodified, as an `atomic-file` store, with a CommonJS adapter: the
// same store as examples/npm/write-file-atomic.mjs, loaded the way a CommonJS target is (compiled
// once per process, evaluated afresh per run) rather than through the ESM loader.
'use strict';
const { promises: fs } = require('node:fs');
const { join } = require('node:path');
const writeFileAtomic = require('write-file-atomic');

module.exports = async function open(root) {
  return {
    save: (name, content) => writeFileAtomic(join(root, name), content),
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
