import { decodeValue, encodeValue } from '../report/codec.js';
import type { OperationOutcome, OperationRecord } from '../scenario.js';

/**
 * What the kill-mode parent and its child exchange: a job file the parent writes, and a log the
 * child appends to, one JSON line per event. The log is written with appendFileSync: a SIGKILL
 * ends the process but not the kernel, so every line written before it is in the page cache and
 * the parent reads it back (no fsync needed for a process crash). Values use the report codec, so
 * byte arrays in operations and results survive the trip.
 */

export interface KillJob {
  readonly scenario: string;
  /**
   * Absolute path of the module that defines the scenario (a user's, made by defineScenario), or
   * null for a scenario the child finds by name among its bundled ones.
   */
  readonly scenarioModule: string | null;
  /** Absolute path of the `--impl` module, or null for the scenario's bundled factory. */
  readonly implModule: string | null;
  /** The client programs, encoded with encodeValue. */
  readonly workload: unknown;
  /** The directory standing for the simulated `/`: the child may touch nothing outside it. */
  readonly diskDir: string;
  /** The system's root, a real path inside diskDir. */
  readonly root: string;
  /** The simulator's step count once the root exists: the first call's step number. */
  readonly firstStep: number;
  /** The child kills itself just before the call with this step number. */
  readonly killAtStep: number;
  /** Where the child appends its log. */
  readonly logPath: string;
  /** The client of each step from `firstStep` in the simulation (-1: opening or closing the system). */
  readonly schedule: readonly number[];
}

export type KillLogLine =
  | { readonly t: 'invoke'; readonly id: number; readonly client: number; readonly step: number; readonly operation: unknown }
  | { readonly t: 'complete'; readonly id: number; readonly step: number; readonly outcome: unknown }
  | { readonly t: 'open-failed'; readonly message: string }
  /**
   * Written just before the SIGKILL; `call` is `end` when the workload finished first. `diverged`:
   * the calls stopped following the simulator's interleaving at some point (see SerializedFs).
   */
  | { readonly t: 'kill'; readonly step: number; readonly call: string; readonly path: string; readonly diverged?: boolean };

export function encodeLogLine(line: KillLogLine): string {
  return `${JSON.stringify(encodeValue(line))}\n`;
}

/** Where the child died: just before `call` on `path`, at `step`. */
export interface KillPoint {
  readonly step: number;
  readonly call: string;
  readonly path: string;
  /** Whether every call until then went through in the simulator's order of clients. */
  readonly followedSchedule: boolean;
}

export interface KillLog {
  readonly history: OperationRecord<unknown, unknown>[];
  /** Null when the child died without writing its kill line (a timeout, or an outside kill). */
  readonly kill: KillPoint | null;
  readonly openFailure: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function integerField(line: Record<string, unknown>, name: string, where: string): number {
  const value = line[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new Error(`${where}: "${name}" must be a non-negative integer`);
  return value;
}

function toOutcome(value: unknown, where: string): OperationOutcome<unknown> {
  if (!isRecord(value)) throw new Error(`${where}: "outcome" must be an object`);
  if (value['kind'] === 'ok') return { kind: 'ok', value: value['value'] };
  if (value['kind'] === 'error') {
    const corruption = value['corruption'] === true ? { corruption: true as const } : {};
    return { kind: 'error', code: String(value['code']), message: String(value['message']), ...corruption };
  }
  throw new Error(`${where}: "outcome.kind" must be ok or error, got ${JSON.stringify(value['kind'])}`);
}

interface MutableRecord {
  id: number;
  client: number;
  operation: unknown;
  invokedAtStep: number;
  completedAtStep: number | null;
  outcome: OperationOutcome<unknown>;
}

/**
 * Reads the child's log back into a history as the crash left it: operations invoked but not
 * completed are `cut`. Throws (naming the line) on a log that does not follow the protocol.
 */
export function parseKillLog(text: string, logPath: string): KillLog {
  const records = new Map<number, MutableRecord>();
  let kill: KillPoint | null = null;
  let openFailure: string | null = null;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] as string;
    if (raw === '') continue;
    const where = `kill-mode log ${logPath} line ${index + 1}`;
    let parsed: unknown;
    try {
      parsed = decodeValue(JSON.parse(raw));
    } catch {
      throw new Error(`${where} is not JSON; the child wrote something it should not have`);
    }
    if (!isRecord(parsed)) throw new Error(`${where} must be an object`);
    switch (parsed['t']) {
      case 'invoke': {
        const id = integerField(parsed, 'id', where);
        if (records.has(id)) throw new Error(`${where}: operation ${id} invoked twice`);
        records.set(id, { id, client: integerField(parsed, 'client', where), operation: parsed['operation'], invokedAtStep: integerField(parsed, 'step', where), completedAtStep: null, outcome: { kind: 'cut' } });
        break;
      }
      case 'complete': {
        const record = records.get(integerField(parsed, 'id', where));
        if (record === undefined) throw new Error(`${where}: completes an operation that was never invoked`);
        record.completedAtStep = integerField(parsed, 'step', where);
        record.outcome = toOutcome(parsed['outcome'], where);
        break;
      }
      case 'open-failed':
        openFailure = String(parsed['message']);
        break;
      case 'kill':
        kill = { step: integerField(parsed, 'step', where), call: String(parsed['call']), path: String(parsed['path']), followedSchedule: parsed['diverged'] !== true };
        break;
      default:
        throw new Error(`${where}: unknown event ${JSON.stringify(parsed['t'])}`);
    }
  }
  const history = [...records.values()].sort((a, b) => a.id - b.id);
  return { history, kill, openFailure };
}
