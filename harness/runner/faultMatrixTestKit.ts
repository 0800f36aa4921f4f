import { expect } from 'vitest';
import { type FaultName, faultNames, faults } from '../emulator/faults.ts';
import type { Report } from '../reports/Report.ts';
import type { RuleId } from '../spec/rules.ts';
import { verify } from './verify.ts';

// One fixed seed and a small run count keep the matrix fast and repeatable; every fault must still be
// found by the documented cases or within these runs (the closing note gives the matrix). The Pact
// contracts phase is left out: it adds seconds per run, and contracts/provider has its own fault tests.
// Shrinking is exercised on every fault with a small budget (3 runs per rule and property): finding a
// failure does not depend on it, and at the default budget (200) it is two thirds of the matrix's time.
// The minimal counterexample and its replay are verify.test.ts's and reproduceCommand.test.ts's to prove.
/** The fault matrix's seed. */
export const seed = 20261128;
const runs = 40;
const shrinkBudget = 3;

/** The rules a report fails. */
export const failing = (report: Report): RuleId[] =>
  report.rules.filter((r) => r.status === 'fail').map((r) => r.id);

/**
 * Half of the fault matrix's rows — `[fault, the rule it breaks]` — by position (even or odd): the two
 * halves are two test files that run in parallel workers, and together they are every fault.
 */
export function faultMatrixHalf(half: 0 | 1): (readonly [FaultName, RuleId])[] {
  return faultNames.filter((_, i) => i % 2 === half).map((name) => [name, faults[name].breaks] as const);
}

/**
 * `verify` against the bundled emulator with `fault` fails `rule` (the one rule the fault breaks), exit 1.
 * A fault that breaks only a SHOULD clause (`clause: 'SHOULD'`) is judged under `--strict`, where a
 * warning fails its rule.
 */
export async function expectFaultDetected(fault: FaultName, rule: RuleId): Promise<void> {
  const strict = faults[fault].clause === 'SHOULD';
  const { report } = await verify({
    seed,
    runs,
    shrinkBudget,
    strict,
    emulator: { fault },
    contracts: false,
  });
  const verdict = report.rules.find((r) => r.id === rule);
  expect(verdict?.status, `${fault} should fail ${rule}; failing: ${failing(report).join(', ')}`).toBe(
    'fail',
  );
  expect(verdict?.failure?.title).toBeTruthy();
  // The reproduction names the fault: run as printed, it judges the faulty emulator again.
  expect(verdict?.failure?.reproduce).toContain(` verify --fault ${fault} `);
  expect(report.exitCode).toBe(1);
}
