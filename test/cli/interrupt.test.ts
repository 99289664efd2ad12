import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/help.js';

/**
 * Ctrl-C during a campaign, in a real process: the CLI stops after the runs in flight, prints the
 * partial summary with its campaign hash, and exits 130.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Ended {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Starts a long campaign, sends SIGINT once its first progress line shows, and waits for the end. */
function interruptCampaign(workers: number, reports: string): Promise<Ended> {
  const args = ['--import', 'tsx', 'cli/bin.ts', '--seed', '1', '--runs', '1000000', '--time', '600', '--scenario', 'blob,wal', '--workers', String(workers), '--reports', reports];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
      if (/\d+\/2000000 runs/.test(err) && !child.killed) child.kill('SIGINT');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('Ctrl-C (SIGINT) during a campaign', () => {
  let reports = '';
  beforeAll(async () => {
    reports = await mkdtemp(join(tmpdir(), 'crashsim-interrupt-'));
  });
  afterAll(async () => {
    await rm(reports, { recursive: true, force: true });
  });

  it.each([1, 2])('with %i worker(s): prints the partial summary and campaign hash, exits 130', async (workers) => {
    const ended = await interruptCampaign(workers, reports);
    expect(ended.err).toMatch(/interrupted: stopping after the runs in flight/);
    expect(ended.out).toMatch(/^blob\s+\d+\/1000000\s/m);
    expect(ended.out).toMatch(/\d+ runs in [\d.]+ s; campaign hash [0-9a-f]{16} \(of the runs made only\)/);
    expect(ended.out).toMatch(/^INTERRUPTED \(Ctrl-C\) after \d+ of 2000000 requested runs; short: blob \d+\/1000000, wal \d+\/1000000$/m);
    expect(ended.out).not.toContain('every invariant held');
    expect(ended.code).toBe(EXIT.interrupted);
  });
});
