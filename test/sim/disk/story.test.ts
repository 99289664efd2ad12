import { describe, expect, it } from 'vitest';
import { SimFs } from '../../../sim/disk/index.js';
import { syncPath } from './helpers.js';

describe('crash stories', () => {
  it('say what the crash did to every unsynced operation, and count the survivors', async () => {
    const fs = new SimFs();
    await fs.mkdir('/a');
    await syncPath(fs, '/');
    const handle = await fs.open('/a/tmp', 'wx');
    await handle.write(new Uint8Array(1024).fill(7));
    await handle.close();
    await fs.rename('/a/tmp', '/a/x');
    const { states } = fs.crashStates({ explain: true, maxStates: 1000 });
    for (const state of states) {
      expect(state.crashStory).toHaveLength(3);
      const survivors = state.crashStory.filter((line) => !line.endsWith(': lost')).length;
      expect(state.crashSurvivorsCount).toBe(survivors);
    }
    const stories = states.map((state) => state.crashStory.join('\n'));
    expect(stories.some((story) => story.includes('rename /a/tmp -> /a/x: survived') && story.includes('write /a/x [0, 1024) extends 0 -> 1024: lost'))).toBe(true);
    expect(stories.some((story) => /write \/a\/x \[0, 1024\) extends 0 -> 1024: torn: sectors? \d/.test(story))).toBe(true);
    expect(stories.some((story) => story.includes('size only: the file grew, the new bytes read as zeros'))).toBe(true);
    // Without `explain`, nothing is recorded (it costs a listing per state).
    expect(fs.crashClone({ seed: 3 }).crashStory).toEqual([]);
    expect(fs.crashClone({ seed: 3, explain: true }).crashStory).toHaveLength(3);
  });
});
