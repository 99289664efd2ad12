import { describe, expect, it } from 'vitest';
import { stateFileScenario } from '../../scenarios/state-file/index.js';
import { runScenario } from '../../sim/runner/index.js';
import { eraseScenario, type SystemFactory } from '../../sim/scenario.js';
import type { FileSystem } from '../../src/index.js';
import type { StateFile } from '../../src/statefile/index.js';

/**
 * The state-file scenario must catch each classic way to get the temp-and-rename recipe wrong,
 * not only the naive in-place write: each variant below drops one step of the fix.
 */

interface Recipe {
  readonly fileSync: boolean;
  readonly dirSync: boolean;
  /** One temp name for every save, opened with 'w': concurrent saves write into one file. */
  readonly sharedTemp: boolean;
}

function almostFixed(recipe: Recipe): SystemFactory<StateFile> {
  return async (fs: FileSystem, root: string) => {
    let saves = 0;
    return {
      async save(state) {
        const bytes = new TextEncoder().encode(JSON.stringify(state));
        const tempPath = `${root}/.state.tmp-${recipe.sharedTemp ? 0 : saves++}`;
        const handle = await fs.open(tempPath, recipe.sharedTemp ? 'w' : 'wx');
        await handle.write(bytes, 0, bytes.length, 0);
        if (recipe.fileSync) await handle.sync();
        await handle.close();
        await fs.rename(tempPath, `${root}/state.json`);
        if (recipe.dirSync) {
          const dir = await fs.open(root, 'r');
          await dir.sync();
          await dir.close();
        }
      },
      async load() {
        try {
          return JSON.parse(new TextDecoder().decode(await fs.readFile(`${root}/state.json`)));
        } catch (error) {
          if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
          throw error;
        }
      },
    };
  };
}

const VARIANTS: readonly { name: string; recipe: Recipe; invariant: string }[] = [
  { name: 'no sync of the temp file', recipe: { fileSync: false, dirSync: true, sharedTemp: false }, invariant: 'no-partial-visibility' },
  { name: 'no directory sync after the rename', recipe: { fileSync: true, dirSync: false, sharedTemp: false }, invariant: 'acknowledged-durability' },
  { name: "one shared temp name opened with 'w'", recipe: { fileSync: true, dirSync: true, sharedTemp: true }, invariant: 'no-partial-visibility' },
];

const SEEDS_BUDGET = 200;

describe('state-file scenario sensitivity', () => {
  const scenario = eraseScenario(stateFileScenario);
  for (const variant of VARIANTS) {
    it(`finds a store with ${variant.name} as [${variant.invariant}] within ${SEEDS_BUDGET} seeds`, async () => {
      let foundAt: number | null = null;
      for (let seed = 1; seed <= SEEDS_BUDGET && foundAt === null; seed++) {
        const result = await runScenario(scenario, { seed }, { impl: almostFixed(variant.recipe) });
        if (result.violations.some((v) => v.invariant === variant.invariant)) foundAt = seed;
      }
      expect(foundAt, `${variant.name} survived ${SEEDS_BUDGET} seeds`).not.toBeNull();
    });
  }
});
