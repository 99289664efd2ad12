import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const dir = process.argv[2]!;
const url = (p: string) => pathToFileURL(resolve(dir, p)).href;
const sim = await import(url('sim/index.ts'));
const rng = await import(url('sim/rng.ts'));
const scen = await import(url('scenarios/index.ts'));
let calls = 0, items = 0;
const orig = rng.Rng.prototype.shuffle;
rng.Rng.prototype.shuffle = function (xs: unknown[]) { calls++; items += xs.length; return orig.call(this, xs); };
const s = scen.findScenario('wal');
let steps = 0;
for (let seed = 1; seed <= 300; seed++) { const r = await sim.runScenario(s, { seed }); steps += r.stepsCount; }
console.log(dir, 'shuffle calls/run', calls / 300, 'items/run', items / 300, 'steps/run', steps / 300);
