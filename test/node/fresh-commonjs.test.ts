import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FreshCommonJsGraph, isFreshCommonJsFile } from '../../sim/node/fresh-commonjs.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/cjs-graph/${name}`, import.meta.url));

interface A {
  bump(): number;
  seenByB: string;
  settings: { mode: string; list: number[] };
  tool: string;
  isThisExports: boolean;
  resolved: string;
  parentOfB: string;
}

describe('FreshCommonJsGraph: CommonJS evaluated afresh per generation, as Node evaluates it', () => {
  it('gives each generation its own module state, and one instance per file within a generation', () => {
    const first = new FreshCommonJsGraph();
    const a = first.load(fixture('a.cjs'), null) as A;
    expect([a.bump(), a.bump()]).toEqual([1, 2]);
    expect(first.load(fixture('a.cjs'), null)).toBe(a);
    const second = new FreshCommonJsGraph().load(fixture('a.cjs'), null) as A;
    expect(second).not.toBe(a);
    expect(second.bump()).toBe(1);
  });

  it('hands a cycle the partial exports, gives `this` as module.exports, parses JSON afresh, and runs a hashbang script', () => {
    const a = new FreshCommonJsGraph().load(fixture('a.cjs'), null) as A;
    expect(a.seenByB).toBe('a-early');
    expect(a.isThisExports).toBe(true);
    expect(a.tool).toBe('tool');
    expect(a.resolved).toBe(fixture('b.cjs'));
    expect(a.parentOfB).toBe(fixture('a.cjs'));
    a.settings.list.push(3);
    const again = new FreshCommonJsGraph().load(fixture('a.cjs'), null) as A;
    expect(again.settings).toEqual({ mode: 'strict', list: [1, 2] });
  });

  it('gives each module a Module with its node_modules paths, and Node\'s builtins (fs as interposed)', () => {
    const b = new FreshCommonJsGraph().load(fixture('b.cjs'), null) as { isModule: boolean; firstPath: string; fs: unknown; parentFile: unknown };
    expect(b.isModule).toBe(true);
    expect(b.firstPath).toBe(fixture('node_modules'));
    expect(b.fs).toBe(createRequire(import.meta.url)('node:fs'));
    expect(b.parentFile).toBeUndefined();
  });

  it('leaves ES modules to Node: requiring one gives what Node\'s require gives', () => {
    const needsEsm = new FreshCommonJsGraph().load(fixture('needs-esm.cjs'), null) as () => unknown;
    let nodes: unknown;
    try {
      nodes = createRequire(fixture('needs-esm.cjs'))('./esm.mjs');
    } catch (error) {
      nodes = error;
    }
    if (nodes instanceof Error) expect(needsEsm).toThrow(nodes.message);
    else expect(needsEsm()).toBe(nodes);
    expect(isFreshCommonJsFile(fixture('esm.mjs'))).toBe(false);
    expect(isFreshCommonJsFile(fixture('a.cjs'))).toBe(true);
    expect(isFreshCommonJsFile(fixture('settings.json'))).toBe(true);
  });

  it('leaves a file that uses import() to Node, where import() works', async () => {
    const lazy = new FreshCommonJsGraph().load(fixture('lazy.cjs'), null) as () => Promise<number>;
    expect(await lazy()).toBe(1);
  });
});
