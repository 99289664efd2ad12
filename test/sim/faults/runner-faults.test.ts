import { describe, expect, it } from 'vitest';
import { FaultSpecError } from '../../../sim/faults/index.js';
import { runScenario } from '../../../sim/runner/index.js';
import { eraseScenario } from '../../../sim/scenario.js';
import type { InjectedFault } from '../../../sim/scenario.js';
import { blobScenario } from '../../../scenarios/blob/index.js';
import { walScenario } from '../../../scenarios/wal/index.js';

/** The runner with `faults`: options, determinism, the trace, and what checks are told. */

const blob = eraseScenario(blobScenario);
const MIXED = 'eio-sync:randomly(0.1);eio-read:randomly(0.1);enospc:capacity(6000);bitflip:randomly(0.3)';

describe('runScenario with faults', () => {
  it('records the plan, canonically printed, in the resolved options; none by default', async () => {
    const plain = await runScenario(blob, { seed: 1 });
    expect(plain.options.faults).toBe('');
    expect(plain.injectedFaults).toEqual([]);
    const faulty = await runScenario(blob, { seed: 1, faults: ' eio-sync : randomly(0.10) , bitflip(1) ' });
    expect(faulty.options.faults).toBe('eio-sync:randomly(0.1);bitflip');
  });

  it('rejects a malformed spec with a FaultSpecError', async () => {
    await expect(runScenario(blob, { seed: 1, faults: 'eio-sync:randomly(7)' })).rejects.toBeInstanceOf(FaultSpecError);
  });

  it('gives the same trace hash and the same faults when a seed runs twice', async () => {
    let injectedRuns = 0;
    for (let seed = 0; seed < 15; seed++) {
      const first = await runScenario(blob, { seed, faults: MIXED });
      const second = await runScenario(blob, { seed, faults: MIXED });
      expect(second.traceHash).toBe(first.traceHash);
      expect(second.injectedFaults).toEqual(first.injectedFaults);
      if (first.injectedFaults.length > 0) {
        injectedRuns++;
        // The faults are part of the fingerprint: the same seed without them is another run.
        expect((await runScenario(blob, { seed })).traceHash).not.toBe(first.traceHash);
      }
    }
    expect(injectedRuns).toBeGreaterThan(5);
  });

  it('is deterministic in exhaustive exploration too, flipping bits per state', async () => {
    const options = { seed: 3, faults: 'bitflip:randomly(0.5)', exploration: 'exhaustive' as const, maxStates: 8 };
    const first = await runScenario(blob, options);
    const second = await runScenario(blob, options);
    expect(second.traceHash).toBe(first.traceHash);
    expect(first.violations).toEqual([]);
  });

  it('shows injected faults in the trace as EIO/ENOSPC outcomes', async () => {
    // A fixed crash step keeps the detailed timeline; the crash at the end sees every call.
    const result = await runScenario(blob, { seed: 4, faults: 'eio-sync:randomly(0.5)', crashStep: 1_000_000, clientsCount: 1, operationsCount: 6 });
    expect(result.injectedFaults.length).toBeGreaterThan(0);
    expect(result.timeline.some((line) => /handle\.(sync|datasync) .* -> EIO$/.test(line))).toBe(true);
  });

  it('tells the scenario what was injected before the crash and flipped at it', async () => {
    const seen: (readonly InjectedFault[] | undefined)[] = [];
    const spy = eraseScenario({
      ...blobScenario,
      check: async (input) => {
        seen.push(input.injected);
        return blobScenario.check(input);
      },
    });
    const result = await runScenario(spy, { seed: 6, faults: 'eio-sync:randomly(0.3);bitflip:always()', crashStep: 1_000_000 });
    const injected = seen[0] ?? [];
    expect(injected.some((f) => f.fault === 'eio-sync' && f.step < result.crashStep)).toBe(true);
    expect(injected.some((f) => f.fault === 'bitflip' && f.step === result.crashStep)).toBe(true);
    expect(injected.every((f) => f.step <= result.crashStep)).toBe(true);
    seen.length = 0;
    await runScenario(spy, { seed: 6 });
    expect(seen[0]).toBeUndefined();
  });
});

describe('runScenario with faults while recovering (rules naming a phase)', () => {
  const wal = eraseScenario(walScenario);
  const recovering = (lines: readonly string[]): string[] => lines.filter((line) => line.startsWith('while recovering: '));

  it('fail calls only while the store reopens: a store that refuses to open then is no violation', async () => {
    let refused = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const result = await runScenario(wal, { seed, faults: 'eio-read:phase(recovery)', crashStep: 1_000_000 });
      expect(result.violations).toEqual([]);
      // The workload ran on a healthy disk: no call of it failed.
      expect(result.timeline.some((line) => line.endsWith('-> EIO'))).toBe(false);
      // The log reads its first-index record first, fails, and refuses to open: one fault.
      const faults = recovering(result.injectedFaults);
      expect(faults).toHaveLength(1);
      expect(faults[0]).toMatch(/^while recovering: r\d+ eio-read readFile \/data\/wal\/first-index: EIO$/);
      refused++;
    }
    expect(refused).toBe(10);
  });

  it('stop once the store has opened: the checks read a healthy disk', async () => {
    // The blob store reads no file while opening, so it opens; every check then reads every blob.
    for (let seed = 1; seed <= 20; seed++) {
      const result = await runScenario(blob, { seed, faults: 'eio-read:phase(recovery)' });
      expect(result.violations).toEqual([]);
      expect(recovering(result.injectedFaults)).toEqual([]);
    }
  });

  it('rules that name no phase never fire while recovering', async () => {
    let workloadFaults = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const result = await runScenario(wal, { seed, faults: 'eio-sync:always();eio-read:always()' });
      workloadFaults += result.injectedFaults.length;
      expect(recovering(result.injectedFaults)).toEqual([]);
    }
    expect(workloadFaults).toBeGreaterThan(0);
  });

  it('are deterministic per crash point and state, in random and exhaustive exploration', async () => {
    const spec = 'eio-read:phase(recovery)&randomly(0.3);eio-sync:phase(recovery)&randomly(0.3)';
    let withFaults = 0;
    for (const exploration of ['random', 'exhaustive'] as const) {
      for (let seed = 1; seed <= 12; seed++) {
        const options = { seed, faults: spec, exploration, maxStates: 8 };
        const first = await runScenario(wal, options);
        const second = await runScenario(wal, options);
        expect(second.traceHash).toBe(first.traceHash);
        expect(second.injectedFaults).toEqual(first.injectedFaults);
        if (recovering(first.injectedFaults).length > 0) withFaults++;
      }
    }
    expect(withFaults).toBeGreaterThan(4);
  });
});
