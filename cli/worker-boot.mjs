// A campaign worker thread's first module. Worker threads do not inherit tsx's module hooks, so
// when the real entry is TypeScript (crashsim's own sources, under `npm run sim`) the worker
// registers tsx first; from the installed package the entry is compiled JavaScript and is
// imported as is, with no transpiler loaded. Plain JavaScript, because it must run before
// TypeScript can be loaded.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
