import type { AnyScenario } from '../scenario.js';
import { decodeValue, encodeValue } from './codec.js';
import { ReportError } from './files.js';
import type { ReportedCase } from './report.js';

/**
 * A report's workload, decoded and checked against the scenario that will run it. A workload is
 * only data, so a report that was edited, truncated or made by another version of the scenario
 * can hold operations the scenario does not know; running them would judge something else than
 * the report describes. Every operation must pass the scenario's `isOperation` (when it has one)
 * and `describe` to a line without throwing; anything else makes the report corrupt.
 */
export function decodeWorkloadFor(scenario: AnyScenario, reported: ReportedCase, path: string, which: 'original' | 'minimized'): unknown[][] {
  const corrupt = (rule: string): never => {
    throw new ReportError(`report ${path} is corrupt: ${rule}`);
  };
  const workload = decodeValue(reported.workload);
  if (!Array.isArray(workload) || !workload.every((program) => Array.isArray(program))) corrupt(`"${which}.workload" must be an array of client programs (arrays)`);
  const programs = workload as unknown[][];
  if (programs.length === 0) corrupt(`"${which}.workload" has no client program`);
  programs.forEach((program, client) => {
    program.forEach((operation, index) => {
      const where = `"${which}.workload[${client}][${index}]"`;
      if (scenario.isOperation !== undefined && !scenario.isOperation(operation)) {
        corrupt(`${where} is not an operation of scenario ${scenario.name}: ${String(JSON.stringify(encodeValue(operation))).slice(0, 120)}`);
      }
      let line: unknown;
      try {
        line = scenario.describe(operation);
      } catch (error) {
        corrupt(`${where} is not an operation scenario ${scenario.name} knows (describing it threw: ${(error as Error).message})`);
      }
      if (typeof line !== 'string' || line === '') corrupt(`${where} is not an operation scenario ${scenario.name} knows (it describes it as ${JSON.stringify(line)})`);
    });
  });
  return programs;
}
