import { describe, expect, it } from 'vitest';
import { importCycles, readSources } from './source-shape.js';

/**
 * The shape the code keeps (docs/ARCHITECTURE.md): arrows one way (cli and integrations ->
 * scenarios -> src stores and sim; sim -> src/fs; stores -> src/fs), no import cycles, files short
 * enough to read in one sitting and functions short enough to hold in one's head.
 */

const FOLDERS = ['src', 'sim', 'scenarios', 'cli', 'integrations'];
const FILE_LINES_MAX = 400;
const FUNCTION_LINES_MAX = 60;
const sources = readSources(FOLDERS);

describe('architecture', () => {
  it('reads the sources it is about', () => {
    expect(sources.length).toBeGreaterThan(100);
  });

  it('the library (sim/) imports neither the scenarios, the CLI nor the test-runner integrations', () => {
    const upward = sources
      .filter((f) => f.path.startsWith('sim/'))
      .flatMap((f) => f.imports.filter((to) => to.startsWith('scenarios/') || to.startsWith('cli/') || to.startsWith('integrations/')).map((to) => `${f.path} -> ${to}`));
    expect(upward).toEqual([]);
  });

  it('the scenarios import neither the CLI nor the integrations, and the integrations not the CLI', () => {
    const sideways = sources
      .filter((f) => f.path.startsWith('scenarios/') || f.path.startsWith('integrations/'))
      .flatMap((f) => f.imports.filter((to) => to.startsWith('cli/') || (f.path.startsWith('scenarios/') && to.startsWith('integrations/'))).map((to) => `${f.path} -> ${to}`));
    expect(sideways).toEqual([]);
  });

  it('the integrations reach the library through its entry point (sim/index.ts), as a user does', () => {
    const inward = sources.filter((f) => f.path.startsWith('integrations/')).flatMap((f) => f.imports.filter((to) => to.startsWith('sim/') && to !== 'sim/index.ts').map((to) => `${f.path} -> ${to}`));
    expect(inward).toEqual([]);
  });

  it('the stores import only src/ (never sim/, scenarios/ or the CLI)', () => {
    const outward = sources.filter((f) => f.path.startsWith('src/')).flatMap((f) => f.imports.filter((to) => !to.startsWith('src/')).map((to) => `${f.path} -> ${to}`));
    expect(outward).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(importCycles(sources).map((cycle) => cycle.join(' <-> '))).toEqual([]);
  });

  it(`no file is over ${FILE_LINES_MAX} lines`, () => {
    expect(sources.filter((f) => f.linesCount > FILE_LINES_MAX).map((f) => `${f.path} (${f.linesCount} lines)`)).toEqual([]);
  });

  it(`no function is over ${FUNCTION_LINES_MAX} lines`, () => {
    const long = sources.flatMap((f) => f.functions.filter((fn) => fn.linesCount > FUNCTION_LINES_MAX).map((fn) => `${f.path}:${fn.line} ${fn.name} (${fn.linesCount} lines)`));
    expect(long).toEqual([]);
  });
});
