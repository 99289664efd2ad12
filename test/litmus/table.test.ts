import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_PATH, TABLE_END, TABLE_START, renderTable, withTable } from './table.js';

/** README.md's table "What the simulated disk may do" is the one the litmus suite generates. */

describe('README disk table', () => {
  it('is up to date with the litmus suite (npx tsx test/litmus/table.ts --readme rewrites it)', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    const section = readme.slice(readme.indexOf(TABLE_START) + TABLE_START.length, readme.indexOf(TABLE_END)).trim();
    expect(readme.includes(TABLE_START), 'README.md lacks the litmus table markers').toBe(true);
    expect(section, "README.md's disk table is stale: run `npx tsx test/litmus/table.ts --readme`").toBe(renderTable());
  });

  it('has one row per rule and a cell per profile', () => {
    const lines = renderTable().split('\n');
    expect(lines[0]).toBe('| rule | `posix` | `ext4-ordered` | `process` | sources | litmus tests |');
    expect(lines.slice(2).every((line) => line.split(' | ').length === 6)).toBe(true);
  });

  it('replaces only the marked section', () => {
    const readme = `intro\n${TABLE_START}\nold table\n${TABLE_END}\noutro\n`;
    expect(withTable(readme, 'new table')).toBe(`intro\n${TABLE_START}\nnew table\n${TABLE_END}\noutro\n`);
    expect(() => withTable('no markers', 'x')).toThrow(/no litmus table section/);
  });
});
