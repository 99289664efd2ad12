import openFastWriteAtomic from './fast-write-atomic.mjs';
import { removeTempFiles, syncDirectory } from './durable.mjs';

/**
 * fast-write-atomic with the two things it leaves out, added around it (the package itself is
 * unchanged): each save fsyncs the directory after the package's rename, before it resolves, so
 * an acknowledged save survives a power loss; opening removes the temp files `.<pid>.<counter>` a
 * crash cut off before their rename.
 *
 *   npm run sim -- --scenario atomic-file --impl examples/npm/fast-write-atomic-fixed.mjs
 */
export default async function open(root) {
  await removeTempFiles(root, (name) => /^\.\d+\.\d+$/.test(name));
  const store = await openFastWriteAtomic(root);
  return {
    ...store,
    async save(name, content) {
      await store.save(name, content);
      await syncDirectory(root);
    },
  };
}
