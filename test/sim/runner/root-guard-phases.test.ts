import { describe, expect, it } from 'vitest';
import type { FileSystem } from '../../../src/fs/types.js';
import { runCampaign } from '../../../sim/index.js';
import type { SystemFactory } from '../../../sim/index.js';
import { findScenario } from '../../../scenarios/index.js';
import openFixedStateFile from '../../../examples/fixed-state-file.js';

/**
 * The runner's root guard ("no path touched outside the root") end to end, in both phases it
 * watches: a system that escapes its root while the workload runs, and one that escapes only
 * while it recovers on a post-crash disk. Each must fail its campaign with `path-outside-root`
 * naming the path, so that a runner that stopped consulting the guard in either phase fails here.
 */

function stateFileScenario(): NonNullable<ReturnType<typeof findScenario>> {
  const scenario = findScenario('state-file');
  if (scenario === undefined) throw new Error('no state-file scenario');
  return scenario;
}

/** Touches `path` with a read-only call: the guard must catch a mere look outside the root. */
async function peek(fs: FileSystem, path: string): Promise<void> {
  await fs.stat(path).catch(() => undefined);
}

/** The fixed state file, peeking outside its root on every save (so: during the workload only). */
const escapesInWorkload: SystemFactory<unknown> = async (fs, root) => {
  const inner = await openFixedStateFile(fs, root);
  return {
    async save(state: unknown): Promise<void> {
      await peek(fs, '/escaped-in-workload');
      await inner.save(state);
    },
    load: () => inner.load(),
  };
};

/**
 * The fixed state file, peeking outside its root when it opens on a disk that already holds a
 * state: never in the workload (which opens on an empty root), only when recovering.
 */
const escapesInRecovery: SystemFactory<unknown> = async (fs, root) => {
  if ((await fs.readdir(root)).includes('state.json')) await peek(fs, `${root}/../escaped-in-recovery`);
  return openFixedStateFile(fs, root);
};

async function outsideRootMessages(impl: SystemFactory<unknown>): Promise<{ readonly messages: string[]; readonly runs: number; readonly failures: number }> {
  const messages: string[] = [];
  const summary = await runCampaign({
    seed: 1,
    scenarios: [stateFileScenario()],
    runsPerScenario: 12,
    run: { clientsCount: 1, operationsCount: 6 },
    impl,
    onRun: (result) => {
      for (const v of result.violations) if (v.invariant === 'path-outside-root') messages.push(v.message);
    },
  });
  return { messages, runs: summary.runs, failures: summary.failures };
}

describe('the root guard, end to end', () => {
  it('fails every run of a system that touches a path outside its root during the workload', async () => {
    const { messages, runs, failures } = await outsideRootMessages(escapesInWorkload);
    expect(failures).toBe(runs);
    expect(messages).toHaveLength(runs);
    for (const message of messages) expect(message).toBe('stat touched "/escaped-in-workload", outside the system\'s root /data');
  });

  it('fails the runs of a system that touches a path outside its root only while recovering', async () => {
    const { messages, failures } = await outsideRootMessages(escapesInRecovery);
    // Runs whose crash left no state.json recover without escaping; the others must all fail.
    expect(failures).toBeGreaterThan(0);
    expect(messages).toHaveLength(failures);
    for (const message of messages) expect(message).toBe('stat touched "/data/../escaped-in-recovery", outside the system\'s root /data');
  });

  it('the same systems without the escape pass (the guard, not something else, fails them)', async () => {
    const { failures, runs } = await outsideRootMessages(openFixedStateFile as SystemFactory<unknown>);
    expect(runs).toBe(12);
    expect(failures).toBe(0);
  });
});
