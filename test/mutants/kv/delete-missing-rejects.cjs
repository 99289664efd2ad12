// Mutant of the bundled kv implementation (scenarios/kv/reference.cjs), which it wraps: a delete
// of a key that has no value still runs the bundled delete (so the directory is fsynced and
// nothing on disk is wrong), then rejects with ENOENT ("tell the caller nothing was there"),
// where the contract says it does nothing. Only the rule that every error must be a documented
// one (unexpected-error) sees it.
'use strict';

const openReference = require('../../../scenarios/kv/reference.cjs');

module.exports = async function open(root) {
  const store = await openReference(root);
  return {
    ...store,
    async delete(key) {
      const had = (await store.get(key)) !== undefined;
      await store.delete(key);
      // The bug: absence is an error.
      if (!had) throw Object.assign(new Error(`ENOENT: no value for key ${JSON.stringify(key)}`), { code: 'ENOENT' });
    },
  };
};
