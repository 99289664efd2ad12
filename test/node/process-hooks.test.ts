import { describe, expect, it } from 'vitest';
import { EXIT_HOOK_EVENTS } from '../../sim/node/process-hooks.js';
import { fixtureUrl, inRun } from './harness.js';

/**
 * Exit hooks code under test installs on `process` (exit and signal listeners, wrappers of emit
 * and reallyExit) end with its run, as its process does: they never pile up over a campaign.
 */

interface ExitHooks {
  onExit(cleanup: () => void): void;
}

function hookCounts(): Record<string, number> {
  return Object.fromEntries(EXIT_HOOK_EVENTS.map((event) => [event, process.listenerCount(event)]));
}

describe('exit hooks of code under test', () => {
  it('are in place while the run lasts and gone after it, run after run', async () => {
    const before = hookCounts();
    const emit = process.emit;
    const reallyExit = (process as { reallyExit?: unknown }).reallyExit;
    for (let i = 0; i < 15; i++) {
      const { result } = await inRun(i + 1, async ({ run }) => {
        const hooks = await run.loadFresh<ExitHooks>(fixtureUrl('exit-hooks.cjs'));
        hooks.onExit(() => undefined);
        return { exit: process.listenerCount('exit'), sigterm: process.listenerCount('SIGTERM'), emitWrapped: process.emit !== emit };
      });
      expect(result).toEqual({ exit: (before['exit'] ?? 0) + 1, sigterm: (before['SIGTERM'] ?? 0) + 1, emitWrapped: true });
      expect(hookCounts(), `after run ${i + 1}`).toEqual(before);
      expect(process.emit).toBe(emit);
      expect((process as { reallyExit?: unknown }).reallyExit).toBe(reallyExit);
    }
  });

  it('leaves the hooks that were there before the run', async () => {
    const mine = (): void => undefined;
    process.on('beforeExit', mine);
    try {
      await inRun(1, async ({ run }) => {
        await run.loadFresh(fixtureUrl('exit-hooks.cjs'));
        process.removeListener('beforeExit', mine);
        process.on('beforeExit', mine);
      });
      expect(process.listeners('beforeExit')).toContain(mine);
    } finally {
      process.removeListener('beforeExit', mine);
    }
  });

  it('never reach the OS: Node stops watching signals for listeners added while the run lasts, and watches again after it', async () => {
    const watchers = (): string[] => [...process.rawListeners('newListener'), ...process.rawListeners('removeListener')].map((listener) => listener.name).filter((name) => name.endsWith('IfSignal'));
    const outside = watchers();
    expect(outside).toEqual(['startListeningIfSignal', 'stopListeningIfSignal']);
    const { result } = await inRun(1, async ({ run }) => {
      const hooks = await run.loadFresh<ExitHooks>(fixtureUrl('exit-hooks.cjs'));
      hooks.onExit(() => undefined);
      return watchers();
    });
    expect(result).toEqual([]);
    expect(watchers()).toEqual(outside);
  });
});
