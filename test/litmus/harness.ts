import { SimFs } from '../../sim/disk/index.js';
import type { CrashProfile, DiskImage } from '../../sim/disk/index.js';
import { FaultInjector, parseFaultSpec } from '../../sim/faults/index.js';
import { RngStreams } from '../../sim/rng.js';
import type { SourceKey } from './sources.js';

/**
 * Ferrite-style litmus tests for the simulated disk (Bornholt et al., ASPLOS 2016): a short history,
 * then, per crash profile, the EXACT set of states a crash right after it may leave. The harness
 * enumerates SimFs's states (`crashStates()`), writes each as a canonical string and compares the
 * sets: a state SimFs misses and a state it invents both fail.
 *
 * Canonical state: one token per path, sorted, separated by spaces; the root is implied.
 *   `/d/`            a directory
 *   `/d/f="ab\0"`    a file and its bytes: printable ASCII as is (`"` and `\` escaped), `\0` for a
 *                    zero byte, `\xNN` for any other byte; a space is `\x20` so tokens never split.
 *   `(empty)`        a disk holding only the root.
 * In an EXPECTED state, `\*` stands for one byte of any value (stale bytes a crash may expose); such
 * a state is permitted but not required, since a test cannot name the bytes SimFs will choose.
 */

export const LITMUS_PROFILES: readonly CrashProfile[] = ['posix', 'ext4-ordered', 'process'];

/** What one profile allows after the history, and why. */
export interface ProfileExpectation {
  /** Every allowed state (canonical strings; see the module comment). Order and duplicates do not matter. */
  readonly states: readonly string[];
  /** Where the rule comes from: keys of SOURCES. At least one. */
  readonly sources: readonly SourceKey[];
  /** The rule for this profile in a few words: the README table's cell. */
  readonly summary: string;
  /** Where sources disagree or filesystems differ, what this profile chose and why. */
  readonly note?: string;
}

export interface LitmusTest {
  /** Unique, readable: `create+fsync without parent fsync`. */
  readonly name: string;
  /** The README table's row this test belongs to (several tests may share one). */
  readonly rule: string;
  /** Unit of tearing; default 4 bytes, so sectors read as short strings. */
  readonly sectorSizeBytes?: number;
  /** A fault spec (sim/faults syntax) armed for `run` only: `eio-sync:pathIs(/f)&onIndex(0)`. */
  readonly faults?: string;
  /** Operations and syncs that must leave nothing pending (the harness checks). */
  readonly setup?: (fs: SimFs) => Promise<void>;
  /** The unsynced operations the crash may cut. */
  readonly run: (fs: SimFs) => Promise<void>;
  readonly expected: Readonly<Record<CrashProfile, ProfileExpectation>>;
}

/** Enumerates at most this many states; a test reaching it fails (make the test smaller). */
export const LITMUS_STATES_MAX = 20_000;
export const LITMUS_SECTOR_SIZE_BYTES = 4;

// ---- Canonical strings --------------------------------------------------------------------

function hex(byte: number): string {
  return `\\x${byte.toString(16).padStart(2, '0')}`;
}

/** The bytes of a file as the inside of a canonical token's quotes. */
export function renderBytes(data: Uint8Array): string {
  let out = '';
  for (const byte of data) {
    if (byte === 0) out += '\\0';
    else if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte > 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += hex(byte);
  }
  return out;
}

/** A disk image as its canonical string. */
export function canonicalImage(image: DiskImage): string {
  const tokens: string[] = [];
  const visit = (node: DiskImage, path: string): void => {
    if (node.kind === 'file') {
      tokens.push(`${path}="${renderBytes(node.data)}"`);
      return;
    }
    if (path !== '') tokens.push(`${path}/`);
    for (const name of Object.keys(node.entries)) visit(node.entries[name] as DiskImage, `${path}/${name}`);
  };
  visit(image, '');
  return normalizeState(tokens.join(' '));
}

/** Sorts a state's tokens (by path) and drops empty ones: how expected strings are compared. */
export function normalizeState(state: string): string {
  const tokens = state.split(' ').filter((token) => token !== '' && token !== '(empty)');
  if (tokens.length === 0) return '(empty)';
  const pathOf = (token: string): string => token.split('=', 1)[0] as string;
  tokens.sort((a, b) => (pathOf(a) < pathOf(b) ? -1 : pathOf(a) > pathOf(b) ? 1 : 0));
  return tokens.join(' ');
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A matcher for an expected state: exact, or with `\*` standing for one rendered byte. */
function matcherOf(expected: string): (actual: string) => boolean {
  if (!expected.includes('\\*')) return (actual) => actual === expected;
  const anyByte = '(?:\\\\x[0-9a-f]{2}|\\\\0|\\\\"|\\\\\\\\|[\\x21-\\x7e])';
  const source = expected.split('\\*').map(escapeRegExp).join(anyByte);
  const pattern = new RegExp(`^${source}$`);
  return (actual) => pattern.test(actual);
}

// ---- Running a test -----------------------------------------------------------------------

/** A fresh disk with the test's history applied, and the faults it declares armed for `run` only. */
export async function runHistory(test: LitmusTest): Promise<SimFs> {
  const sectorSizeBytes = test.sectorSizeBytes ?? LITMUS_SECTOR_SIZE_BYTES;
  const injector = test.faults === undefined ? undefined : new FaultInjector(parseFaultSpec(test.faults), new RngStreams(1).stream('faults'));
  const fs = new SimFs(injector === undefined ? { sectorSizeBytes } : { sectorSizeBytes, faults: injector });
  if (test.setup !== undefined) await test.setup(fs);
  const pending = fs.pendingOperations();
  if (pending.length > 0) throw new Error(`litmus '${test.name}': setup left operations pending (sync them):\n  ${pending.join('\n  ')}`);
  if (injector !== undefined) injector.active = true;
  await test.run(fs);
  return fs;
}

/** Every state SimFs yields after the test's history under `profile`, canonical and sorted. */
export async function actualStates(test: LitmusTest, profile: CrashProfile): Promise<string[]> {
  const fs = await runHistory(test);
  const { states, truncated } = fs.crashStates({ profile, maxStates: LITMUS_STATES_MAX });
  if (truncated) throw new Error(`litmus '${test.name}' [${profile}]: crashStates() was truncated at ${states.length} states; make the test smaller`);
  return [...new Set(states.map((state) => canonicalImage(state.toImage())))].sort();
}

export interface Comparison {
  readonly missing: string[];
  readonly extra: string[];
}

/** Exact expected states SimFs never yields, and yielded states no expected one allows. */
export function compareStates(expected: readonly string[], actual: readonly string[]): Comparison {
  const normalized = [...new Set(expected.map(normalizeState))].sort();
  const matchers = normalized.map((state) => ({ state, matches: matcherOf(state) }));
  const required = normalized.filter((state) => !state.includes('\\*'));
  const missing = required.filter((state) => !actual.includes(state));
  const extra = actual.filter((state) => !matchers.some(({ matches }) => matches(state)));
  return { missing, extra };
}

/** The failure message: both sets in full, then what is missing and what is extra. */
export function describeMismatch(test: LitmusTest, profile: CrashProfile, actual: readonly string[], comparison: Comparison): string {
  const expectation = test.expected[profile];
  const expected = [...new Set(expectation.states.map(normalizeState))].sort();
  const list = (states: readonly string[]): string => (states.length === 0 ? '    (none)' : states.map((state) => `    ${state}`).join('\n'));
  return [
    `litmus '${test.name}' [${profile}]: SimFs's post-crash states differ from the allowed set`,
    `  rule: ${expectation.summary} (sources: ${expectation.sources.join(', ')})`,
    `  expected (${expected.length}):`,
    list(expected),
    `  actual (${actual.length}):`,
    list(actual),
    `  missing (allowed, never produced) (${comparison.missing.length}):`,
    list(comparison.missing),
    `  extra (produced, not allowed) (${comparison.extra.length}):`,
    list(comparison.extra),
  ].join('\n');
}

/** Random crashes drawn per test and profile: each must land inside the allowed set too. */
export const LITMUS_RANDOM_CRASHES = 16;

/** States `crash()` draws with seeds 0..count-1, canonical (the random mode a campaign uses). */
export async function randomStates(test: LitmusTest, profile: CrashProfile, count = LITMUS_RANDOM_CRASHES): Promise<string[]> {
  const fs = await runHistory(test);
  return Array.from({ length: count }, (_, seed) => canonicalImage(fs.crashClone({ profile, seed }).toImage()));
}

/**
 * Runs one test under one profile; throws with both sets when the enumeration differs from the
 * expected set, or when a random crash draws a state outside it.
 */
export async function checkLitmus(test: LitmusTest, profile: CrashProfile): Promise<void> {
  const actual = await actualStates(test, profile);
  const comparison = compareStates(test.expected[profile].states, actual);
  if (comparison.missing.length > 0 || comparison.extra.length > 0) {
    throw new Error(describeMismatch(test, profile, actual, comparison));
  }
  const drawn = [...new Set(await randomStates(test, profile))].sort();
  const outside = compareStates(test.expected[profile].states, drawn).extra;
  if (outside.length > 0) {
    throw new Error(`litmus '${test.name}' [${profile}]: random crashes (crashClone seeds 0..${LITMUS_RANDOM_CRASHES - 1}) drew states outside the allowed set:\n${outside.map((state) => `    ${state}`).join('\n')}`);
  }
}
