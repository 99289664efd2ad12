import { CRASH_PROFILES } from '../sim/disk/types.js';
import { EXPLORATIONS } from '../sim/runner/options.js';
import { SCHEDULER_STRATEGIES } from '../sim/scheduler.js';
import { SWARM_CLIENTS_COUNT_MAX } from '../sim/swarm/index.js';
import { DEFAULT_MAX_STATES, DEFAULT_REPORTS_MAX, DEFAULT_RUNS, DEFAULT_TIME_SECONDS, DEFAULT_WORKERS } from './args.js';
import { crashsimCommand } from './command.js';

/** The exit codes, as `--help` and the README state them. */
export const EXIT = {
  /** Every requested run ran and every invariant held (a replay: no violation). */
  held: 0,
  /** A violation was found (in a campaign: by at least one run, even if it stopped early). */
  violation: 1,
  /** Bad usage or bad input: a flag, a module, a report, a reports directory. */
  usage: 2,
  /** The campaign stopped (its --time budget) before every requested run ran, and none failed. */
  incomplete: 3,
  /** A replay gave different results for the same case within one process. */
  nondeterministic: 4,
  /**
   * Every invariant held, but a scenario's required coverage marks were never hit (checked on a
   * default campaign and with --require-marks): the campaign never reached the states it must test.
   */
  unexplored: 5,
  /** Interrupted (Ctrl-C, SIGINT): the partial summary was printed. */
  interrupted: 130,
} as const;

export const EXIT_CODES_TEXT = `Exit codes: ${EXIT.held} every requested run ran and every invariant held; ${EXIT.violation} a violation was found;
${EXIT.usage} bad usage or bad input; ${EXIT.incomplete} the --time budget ended the campaign before every requested run
ran (and none failed); ${EXIT.nondeterministic} a replay gave different results for the same case in one process
(the implementation is nondeterministic); ${EXIT.unexplored} no invariant broke but a scenario's required
coverage marks were never hit (a default campaign, or --require-marks); ${EXIT.interrupted} interrupted (Ctrl-C) after printing the partial summary.`;

/** The flags that choose a campaign's runs and what each run does. */
function campaignFlagsText(): string {
  return `  --seed N              first run seed (default 1)
  --scenario A[,B...]   scenarios to run (default: all bundled ones; see the list below); a value
                        with a / or ending in .ts, .js or .mjs is a module of your own whose
                        default export (or export named scenario) is made by defineScenario(...)
  --runs N              runs per scenario (default ${DEFAULT_RUNS})
  --time SECONDS        wall-clock budget for the whole campaign (default ${DEFAULT_TIME_SECONDS}); scenarios take
                        turns, so a campaign it ends has run each about as often (exit ${EXIT.incomplete})
  --swarm, --no-swarm   swarm testing, on by default: each run draws its own configuration from
                        its seed (profile, faults the scenario can hold under, 1 to ${SWARM_CLIENTS_COUNT_MAX} clients,
                        key space, operation mix, value sizes); --profile, --faults and --clients
                        given explicitly win over the drawn values. Reports record the
                        configuration and --replay reuses it. --no-swarm: the fixed configuration
                        below (posix, no faults, 1 to 4 clients, every scenario's default mix)
  --profile P           crash model: ${CRASH_PROFILES.join(' | ')} (default posix, or drawn by swarm)
  --scheduler S         interleaving: ${SCHEDULER_STRATEGIES.join(' | ')} (default random)
  --exploration E       ${EXPLORATIONS.join(' | ')}: one post-crash state, or all up to --max-states
  --max-states N        bound of exhaustive exploration (default ${DEFAULT_MAX_STATES}; needs --exploration exhaustive)
  --clients N           concurrent clients (default: drawn from 1 to 4 per run, 1 to ${SWARM_CLIENTS_COUNT_MAX} with swarm)
  --ops N               operations per run (default 30)
`;
}

/** The flags that choose the implementation, replay and confirm a case, inject faults and spread the work. */
function caseFlagsText(): string {
  return `  --impl MODULE         test another implementation of the one --scenario: MODULE's default
                        export is a factory with the scenario's factory signature; for
                        atomic-file, append-log and kv, MODULE is plain node:fs code whose
                        default export is open(root)
  --replay FILE         replay a saved report (add --minimized for its shrunk case); it uses the
                        report's --impl and scenario module unless --impl is given
  --html                with --replay FILE: write FILE's HTML page (both cases, every call, the
                        crash, the recovery) beside it as FILE with .html, and replay nothing
                        else; a campaign writes one beside each report by itself
  --backend B           sim | real (default sim); real, with --replay, confirms the case on the
                        real disk in a fresh temp directory: image mode writes the simulated
                        post-crash state to real files, kill mode SIGKILLs a child process at
                        the crash step; both recover and check (exit 1 if one confirms it)
  --confirm-mode M      image | kill | both (default both), with --backend real
  --faults SPEC         inject faults besides crashes, e.g. "eio-sync:randomly(0.05)",
                        "enospc:capacity(65536)", "eio-read:randomly(0.1)", "bitflip:randomly(0.5)"
                        (bits flipped at the crash), "rot:randomly(0.1)" (bits of a file at rest
                        rotted when a read returns them, while the store runs);
                        several separated by ';'; a rule naming phase(recovery) fails calls
                        while the store reopens after the crash, e.g.
                        "eio-read:phase(recovery)&randomly(0.2)"
  --crash-recovery      crash the recovery too: after each crash, the store's recovery is
                        crashed again at a step drawn from the seed, and it must recover from that
  --workers N           worker threads for a campaign (default: one per core, here ${DEFAULT_WORKERS}); the
                        results and the campaign hash do not depend on it
  --no-shrink           report failures without shrinking them
  --shard I/N           run only the runs whose position is I modulo N (0 <= I < N); with --json,
                        the summaries of all N shards merge into the whole campaign's (merge)
  --reports DIR         where failure reports go (default reports); checked before the first run
  --reports-max N       failure reports written per scenario (default ${DEFAULT_REPORTS_MAX}); every failing run
                        is counted in the summary either way
  --require-marks       fail (exit ${EXIT.unexplored}) when a scenario's required coverage marks were never hit;
                        a default campaign (--runs ${DEFAULT_RUNS} or more, default flags, no --impl or
                        --shard) checks them without it. The summary lists every mark with the
                        runs that hit it, and the marks never hit
`;
}

/** `--help`: every flag, its default, and the exit codes. */
export function helpText(): string {
  const command = crashsimCommand();
  return `Usage: ${command} [options]
       ${command} merge [--json] [--out FILE] SUMMARY...   (combine the --json summaries of
                        the shards of one campaign; see ${command} merge --help)

Runs crash-testing campaigns: each run drives a storage system with concurrent clients on a
simulated disk, crashes at a step drawn from its seed, reopens the system on a legal post-crash
state and checks its invariants. Run seeds are consecutive from --seed.

${campaignFlagsText()}${caseFlagsText()}  --json                print the summary (or the replay's verdict) as JSON
  --help                this text

Each flag may be given once, and only where it does something (--max-states without exhaustive
exploration, or a campaign flag with --replay, is an error rather than ignored).

${EXIT_CODES_TEXT}`;
}
