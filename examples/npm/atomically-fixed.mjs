import openAtomically from './atomically.mjs';
import { removeTempFiles, syncDirectory } from './durable.mjs';

/**
 * atomically with the two things it leaves out, added around it (the package itself is
 * unchanged): each save fsyncs the directory after the package's rename, before it resolves, so
 * an acknowledged save survives a power loss; opening removes the temp files
 * `<name>.tmp-<16 characters>` a crash cut off before their rename (atomically purges them only
 * when the process exits normally).
 *
 *   npm run sim -- --scenario atomic-file --impl examples/npm/atomically-fixed.mjs
 */
export default async function open(root) {
  await removeTempFiles(root, (name) => /\.tmp-\d{10}[0-9a-f]{6}$/.test(name));
  const store = await openAtomically(root);
  return {
    ...store,
    async save(name, content) {
      await store.save(name, content);
      await syncDirectory(root);
    },
  };
}
