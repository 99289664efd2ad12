/**
 * Injected faults (DESIGN.md section 3), all off by default: `npm run sim -- --faults SPEC`, or
 * `runScenario(scenario, { seed, faults: SPEC })` (or `faults: plan`, a FaultPlan value).
 *
 * A SPEC is a list of faults separated by `;` or `,`; each is a kind, optionally followed by `:`
 * and a predicate choosing which operations it hits (every one it can hit, when omitted):
 *
 *   eio-sync        fsync/fdatasync fails with EIO, Linux-style ("fsyncgate"): the file's dirty
 *                   data is dropped and marked clean, so reads still see it, a retried sync
 *                   succeeds, and a crash loses it. On a directory nothing is persisted.
 *   eio-read        handle.read/readFile fails with EIO.
 *   enospc          a write, growing truncate or writeFile that adds bytes fails with ENOSPC and
 *                   changes nothing; use it with capacity(bytes) for a full disk.
 *   bitflip[(k)]    at the crash, each file of the post-crash disk the predicate picks gets k
 *                   (default 1) distinct random bits flipped in its durable data.
 *   rot[(k)]        while the store runs: a read (read, readFile) of a file at rest (nothing
 *                   unsynced in it) that the predicate picks finds k (default 1) distinct bits
 *                   of the bytes it returns rotted on the medium, for good. Bit flips happen
 *                   only at the crash, before recovery scans its files; rot reaches the reads
 *                   made after that scan, so it tests a store's checksum checks on read.
 *
 * Predicates (composable; `&` binds tighter than `|`; parentheses group):
 *
 *   randomly(p)       each operation with probability p, from the run's `faults` stream
 *   onIndex(n)        the n-th operation (from 0) that reaches it: `opKind(sync)&onIndex(2)`
 *   pathMatch(pat)    a substring (`.tmp-`), or a glob: `*.log` on the name, `/data/**` on the path
 *   pathIs(path)      exactly this path (the shrinker pins a fault to its call with it)
 *   opKind(a,b,..)    the call: sync datasync read readFile write writeFile truncate (crash: bitflip;
 *                     read and readFile: rot)
 *   capacity(bytes)   the call would take the disk's visible file data beyond `bytes`
 *   phase(name)       calls made while the `workload` runs (the store's open and its clients),
 *                     or while the store reopens on a post-crash disk and recovers (`recovery`)
 *   always()          every operation
 *   a&b, a|b, !a      also written and(a,b), or(a,b), not(a)
 *
 * Examples: `eio-sync:randomly(0.05)`, `enospc:capacity(65536)`,
 * `eio-read:pathMatch(*.log)&randomly(0.1)`, `bitflip:randomly(0.5)`, `rot:randomly(0.1)`,
 * `rot(2):phase(recovery)&opKind(read)&randomly(0.3)`,
 * `eio-sync:pathMatch(.tmp-)&onIndex(0); bitflip(2):pathMatch(*.seg)`.
 *
 * A rule hits the workload only (the store's open and its clients) unless its predicate names a
 * phase: `eio-read:phase(recovery)&randomly(0.2)` fails reads while the store reopens on the
 * post-crash disk; `phase(workload)|phase(recovery)` both. Recovery faults stop once the store
 * has opened: the checks read a healthy disk. A store that refuses to open under an injected
 * error does its job; one that opens must pass every check (an error it swallowed while
 * recovering shows as lost or wrong data). Bit flips happen at the crash and take no phase.
 * A plan prints itself in the same syntax (`FaultPlan.toString()`), so
 * a report shows exactly what was injected and the text can be pasted back. Every injected fault
 * is in the trace (outcome EIO or ENOSPC; bit flips in the run's hash) and in the scenario's
 * CheckInput (`injected`).
 */
export { parseFaultSpec, FaultSpecError } from './parse.js';
export { FaultPlan, FAULT_KINDS, faultRule, BITFLIP_BITS_DEFAULT, BITFLIP_BITS_MAX } from './plan.js';
export type { FaultKind, FaultRule } from './plan.js';
export { Predicate, FAULT_PHASES, OP_KINDS, always, and, capacity, not, onIndex, opKind, or, pathIs, pathMatch, phase, randomly } from './predicate.js';
export type { FaultPhase, FaultSubject, LiveTest } from './predicate.js';
export { FaultInjector, describeInjectedFault } from './injector.js';
export { applyBitflips } from './bitflip.js';
export { compilePathPattern } from './glob.js';
