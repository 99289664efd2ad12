import { main } from '../cli/main.js';

/**
 * One campaign in a process of its own, for bench/long-campaigns.ts: runs the CLI in this process
 * with the given arguments (its summary is kept, not printed) and prints one JSON line: the exit
 * code, the runs made and the process's peak resident memory.
 */
let summary = '';
const exitCode = await main(process.argv.slice(2), { out: (text) => void (summary += text), err: () => undefined });
const parsed = JSON.parse(summary) as { runs: number; campaignHash: string };
process.stdout.write(`${JSON.stringify({ exitCode, runs: parsed.runs, campaignHash: parsed.campaignHash, maxRssKb: process.resourceUsage().maxRSS, heapUsedBytes: process.memoryUsage().heapUsed })}\n`);
