// Bundles the package's entry points into a few ES modules under dist/bundle/esm/, after tsc has
// written dist/ (declarations, source maps, and the assets loaded by path such as reference.cjs).
//
// Why: Node 20 pays about a millisecond per ES module it loads, and the CLI's module graph has
// some 250 of them, so every process and every campaign worker thread spent more time loading
// crashsim than running the first case. One bundle with shared chunks loads in a quarter of it.
//
// All entries are bundled together with code splitting, so the CLI, a user's scenario importing
// `crashsim/sim`, and `crashsim/vitest` share one instance of every module (SimFs's class, the
// scenario registry) exactly as the unbundled tree would.
//
// The output sits two folders below dist/ on purpose: code that finds files relative to its own
// module (`new URL('../../scenarios/kv/reference.cjs', import.meta.url)`) resolves to the same
// files from dist/bundle/esm/ as from dist/<folder>/<folder>/.
import { build } from 'esbuild';
import { copyFileSync } from 'node:fs';

const OUT_DIR = 'dist/bundle/esm';

await build({
  entryPoints: {
    crashsim: 'src/index.ts',
    sim: 'sim/index.ts',
    'sim-node-register': 'sim/node/register.ts',
    scenarios: 'scenarios/index.ts',
    vitest: 'integrations/vitest.ts',
    'fast-check': 'integrations/fast-check.ts',
    bin: 'cli/bin.ts',
    'campaign-worker': 'cli/campaign-worker.ts',
    'kill-child': 'cli/kill-child.ts',
  },
  outdir: OUT_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  sourcesContent: true,
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
// The campaign's worker threads start from this plain module beside the worker entry.
copyFileSync('cli/worker-boot.mjs', `${OUT_DIR}/worker-boot.mjs`);
