import openWriteFileAtomic from './write-file-atomic.mjs';
import { removeTempFiles, syncDirectory } from './durable.mjs';

/**
 * write-file-atomic with the two things it leaves out, added around it (the package itself is
 * unchanged): each save fsyncs the directory after the package's rename, before it resolves, so
 * an acknowledged save survives a power loss; opening removes the temp files `<name>.<digits>` a
 * crash cut off before their rename.
 *
 *   npm run sim -- --scenario atomic-file --impl examples/npm/write-file-atomic-fixed.mjs
 */
export default async function open(root) {
  await removeTempFiles(root, (name) => /\.\d+$/.test(name));
  const store = await openWriteFileAtomic(root);
  return {
    ...store,
    async save(name, content) {
      await store.save(name, content);
      await syncDirectory(root);
    },
  };
}
