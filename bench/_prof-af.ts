import { findScenario } from '../scenarios/index.js';
import { runScenario } from '../sim/runner/index.js';
const scenario = findScenario('atomic-file')!;
const n = Number(process.argv[2] ?? 400);
const t0 = process.cpuUsage();
for (let seed = 1; seed <= n; seed++) await runScenario(scenario, { seed }, {});
const u = process.cpuUsage(t0);
console.log(n, 'runs', ((u.user + u.system) / 1000 / n).toFixed(3), 'ms CPU/run');
