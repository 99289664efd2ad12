import { describe, expect, it } from 'vitest';
import { declareMark, declaredMarks, installMarkCollector, reachable, sometimes } from '../../src/coverage/index.js';
import { collectingMarks } from '../../sim/runner/mark-tally.js';
import { runCampaign, runScenario } from '../../sim/index.js';
import { mergeCampaignSummaries } from '../../sim/runner/campaign.js';
import { findScenario } from '../../scenarios/index.js';

const FIRST = declareMark('test.marks.first', 'a test mark');
const SECOND = declareMark('test.marks.second', 'another test mark');

function scenarioNamed(name: string): NonNullable<ReturnType<typeof findScenario>> {
  const scenario = findScenario(name);
  if (scenario === undefined) throw new Error(`no scenario ${name}`);
  return scenario;
}

describe('coverage marks', () => {
  it('count nothing and cost nothing without a collector', () => {
    expect(installMarkCollector(undefined)).toBeUndefined();
    reachable(FIRST);
    sometimes(true, FIRST);
  });

  it('count reachable and true sometimes, not false ones, while a collector is installed', async () => {
    const { marks } = await collectingMarks(async () => {
      reachable(FIRST);
      reachable(FIRST);
      sometimes(false, SECOND);
      return undefined;
    });
    expect(marks).toEqual({ 'test.marks.first': 2 });
    expect(installMarkCollector(undefined)).toBeUndefined();
  });

  it('a run inside a run counts into its own tally and gives the outer one back', async () => {
    const outer = await collectingMarks(async () => {
      const inner = await collectingMarks(async () => reachable(SECOND));
      reachable(FIRST);
      return inner.marks;
    });
    expect(outer.value).toEqual({ 'test.marks.second': 1 });
    expect(outer.marks).toEqual({ 'test.marks.first': 1 });
  });

  it('are declared once per label, with a checked label', () => {
    expect(declareMark('test.marks.first', 'a test mark')).toBe(FIRST);
    expect(() => declareMark('test.marks.first', 'something else')).toThrow(/declared twice/);
    expect(() => declareMark('NoDots', 'x')).toThrow(/dotted lower-case/);
    expect(declaredMarks().map((mark) => mark.label)).toEqual(expect.arrayContaining(['test.marks.first', 'wal.recovery.torn-tail-cut']));
  });

  it('a run reports the marks it hit, the same for the same seed, without changing its trace hash', async () => {
    const wal = scenarioNamed('wal');
    const a = await runScenario(wal, { seed: 7 });
    const b = await runScenario(wal, { seed: 7 });
    expect(a.marks).toEqual(b.marks);
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.marks['wal.segment.sealed']).toBeGreaterThan(0);
  });

  it('a campaign lists every declared mark, 0 when never hit, and shards add up to the whole', async () => {
    const flatfs = scenarioNamed('flatfs');
    const whole = await runCampaign({ seed: 3, scenarios: [flatfs], runsPerScenario: 6, run: {} });
    // One after the other: runs that overlap in one thread would share the installed collector.
    const parts = [];
    for (const index of [0, 1]) parts.push(await runCampaign({ seed: 3, scenarios: [flatfs], runsPerScenario: 6, run: {}, shard: { index, count: 2 } }));
    expect(whole.marks['test.marks.first']).toBe(0);
    expect(whole.marks['flatfs.batch.delete-then-put']).toBeGreaterThan(0);
    expect(mergeCampaignSummaries(3, parts).marks).toEqual(whole.marks);
    expect(mergeCampaignSummaries(3, parts).scenarios[0]?.marks).toEqual(whole.scenarios[0]?.marks);
  });
});
