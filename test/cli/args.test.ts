import { describe, expect, it } from 'vitest';
import { UsageError, parseArgs } from '../../cli/args.js';

describe('parseArgs', () => {
  it('reads every flag', () => {
    const options = parseArgs(['--seed', '9', '--scenario', 'blob,wal', '--runs=5', '--profile', 'ext4-ordered', '--scheduler', 'pct', '--json', '--shard', '1/4']);
    expect(options.seed).toBe(9);
    expect(options.scenarios).toEqual(['blob', 'wal']);
    expect(options.runs).toBe(5);
    expect(options.profile).toBe('ext4-ordered');
    expect(options.scheduler).toBe('pct');
    expect(options.json).toBe(true);
    expect(options.shard).toEqual({ index: 1, count: 4 });
  });

  it('takes campaigns of up to ten million runs per scenario', () => {
    expect(parseArgs(['--runs', '10000000']).runs).toBe(10_000_000);
  });

  it.each([
    [['--seed', 'abc'], /--seed needs a whole number/],
    [['--seed', '-3'], /--seed needs a whole number/],
    [['--seed'], /--seed needs a whole number .* got nothing/],
    [['--profile', 'ntfs'], /--profile must be one of posix, ext4-ordered, process/],
    [['--frobnicate'], /unknown argument "--frobnicate"/],
    [['--shard', '4/4'], /--shard needs I\/N with 0 <= I < N/],
    [['--runs', '10000001'], /--runs needs a whole number from 1 to 10000000/],
    [['--replay'], /--replay needs the path/],
    [['--json=yes'], /--json takes no value/],
    [['--replay', 'r.json', '--runs', '5'], /--runs shapes a campaign and would do nothing with --replay/],
    [['--replay', 'r.json', '--seed', '2', '--workers', '2'], /--seed, --workers shape a campaign/],
    [['--minimized'], /--minimized only applies with --replay/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
