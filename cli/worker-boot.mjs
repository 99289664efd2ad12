// Worker threads do not inherit tsx's module hooks, so a worker first registers tsx (when the
// entry is TypeScript, as under `npm run sim`) and then loads its real entry. Plain JavaScript,
// because it must run before TypeScript can be loaded.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
