import { describe, expect, it } from 'vitest';
import { encodeLogLine, parseKillLog } from '../../../sim/confirm/kill-protocol.js';

describe('the kill-mode log', () => {
  it('reads back a history as the kill left it: unfinished operations are cut, bytes survive', () => {
    const text = [
      encodeLogLine({ t: 'invoke', id: 0, client: 0, step: 5, operation: { kind: 'put', key: 'a', data: new Uint8Array([9, 8]) } }),
      encodeLogLine({ t: 'complete', id: 0, step: 9, outcome: { kind: 'ok', value: new Uint8Array([1]) } }),
      encodeLogLine({ t: 'invoke', id: 1, client: 1, step: 9, operation: { kind: 'get', key: 'a' } }),
      encodeLogLine({ t: 'complete', id: 1, step: 11, outcome: { kind: 'error', code: 'ENOENT', message: 'gone' } }),
      encodeLogLine({ t: 'invoke', id: 2, client: 0, step: 11, operation: { kind: 'delete', key: 'a' } }),
      encodeLogLine({ t: 'invoke', id: 3, client: 1, step: 11, operation: { kind: 'get', key: 'b' } }),
      encodeLogLine({ t: 'complete', id: 3, step: 12, outcome: { kind: 'error', code: 'EDAMAGED', message: 'bad checksum', corruption: true } }),
      encodeLogLine({ t: 'kill', step: 12, call: 'unlink', path: '/tmp/x/disk/data/a' }),
    ].join('');
    const log = parseKillLog(text, 'log');
    expect(log.kill).toEqual({ step: 12, call: 'unlink', path: '/tmp/x/disk/data/a', followedSchedule: true });
    const diverged = parseKillLog(encodeLogLine({ t: 'kill', step: 3, call: 'open', path: '/p', diverged: true }), 'log');
    expect(diverged.kill?.followedSchedule).toBe(false);
    expect(log.history.map((r) => [r.id, r.completedAtStep, r.outcome.kind])).toEqual([[0, 9, 'ok'], [1, 11, 'error'], [2, null, 'cut'], [3, 12, 'error']]);
    expect(log.history[1]?.outcome).toEqual({ kind: 'error', code: 'ENOENT', message: 'gone' });
    expect(log.history[3]?.outcome).toEqual({ kind: 'error', code: 'EDAMAGED', message: 'bad checksum', corruption: true });
    expect(log.history[0]?.operation).toEqual({ kind: 'put', key: 'a', data: new Uint8Array([9, 8]) });
    expect(log.history[0]?.outcome).toEqual({ kind: 'ok', value: new Uint8Array([1]) });
  });

  it('has no kill point when the child died without logging one, and rejects lines off the protocol', () => {
    expect(parseKillLog('', 'log').kill).toBeNull();
    expect(() => parseKillLog('{"t":"complete","id":3,"step":1,"outcome":{"kind":"ok"}}\n', 'log')).toThrow(/never invoked/);
    expect(() => parseKillLog('not json\n', 'log')).toThrow(/line 1 is not JSON/);
  });
});
