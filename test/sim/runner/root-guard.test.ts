import { describe, expect, it } from 'vitest';
import { RootGuard } from '../../../sim/runner/root-guard.js';

function touches(path: string, destPath?: string): string[] {
  const guard = new RootGuard('/data');
  guard.inspect({ seq: 0, call: 'open', path, ...(destPath === undefined ? {} : { destPath }) });
  return guard.violations().map((v) => v.message);
}

describe('RootGuard', () => {
  it.each(['/data', '/data/x', '/data/5d/.tmp-0-0', '/data/..x', '/data/x.', '/data/./x', '/data//x', '/data/x/..', '/', '/data/x/../y'])(
    'lets the system touch %s (its root, below it, or an ancestor)',
    (path) => {
      expect(touches(path)).toEqual([]);
    },
  );

  it.each(['/etc/passwd', '/dat', '/datax', '/data/../etc', '/data/x/../../etc', '/data/./../etc', '/other/data'])('reports %s as outside the root', (path) => {
    const messages = touches(path);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(JSON.stringify(path));
  });

  it('judges the destination of a two-path call too', () => {
    expect(touches('/data/a', '/data/../b')).toHaveLength(1);
    expect(touches('/data/a', '/data/b')).toEqual([]);
  });
});

describe('RootGuard on a real run', () => {
  it('catches a link whose destination is outside the root (SimFs announces both paths)', async () => {
    const { runScenario } = await import('../../../sim/index.js');
    const { findScenario } = await import('../../../scenarios/index.js');
    const { default: openFixedStateFile } = await import('../../../examples/fixed-state-file.js');
    const scenario = findScenario('state-file');
    if (scenario === undefined) throw new Error('no state-file scenario');
    const escaping = async (fs: Parameters<typeof openFixedStateFile>[0], root: string): Promise<unknown> => {
      const inner = await openFixedStateFile(fs, root);
      let saves = 0;
      return {
        async save(state: unknown): Promise<void> {
          await inner.save(state);
          await fs.link(`${root}/state.json`, `/escaped-${saves++}.json`);
        },
        load: () => inner.load(),
      };
    };
    const result = await runScenario(scenario, { seed: 1, clientsCount: 1, operationsCount: 3 }, { impl: escaping });
    expect(result.violations.map((v) => v.message).join('\n')).toContain('"/escaped-0.json"');
  });
});
