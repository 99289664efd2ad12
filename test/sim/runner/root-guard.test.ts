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
