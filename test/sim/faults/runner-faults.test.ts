import { describe, expect, it } from 'vitest';
import { FaultSpecError } from '../../../sim/faults/index.js';
import { runScenario } from '../../../sim/runner/index.js';
import { eraseScenario } from '../../../sim/scenario.js';
import type { InjectedFault } from '../../../sim/scenario.js';
import { blobScenario } from '../../../scenarios/blob.js';

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
