import { describe, expect, it } from 'vitest';
import type { Report } from '../../reports/Report.ts';
import { verify } from '../../runner/verify.ts';

// The test that must kill each mutant of the reference emulator (`npm run mutation`, stryker.config.mjs):
// the conformance run, in process, against the emulator as Stryker mutated it. Split in parts, cheapest
// first: Stryker stops at a mutant's first failing test. Under `strict` a SHOULD warning fails too (the
// reference meets every SHOULD clause). One fixed seed keeps every run of a mutant the same run.
const seed = 20261128;
const base = { seed, shrinkBudget: 0, strict: true, contracts: false, emulator: {} } as const;

/** The rules a report does not pass cleanly, with the first failure's title. */
function problems(report: Report): string[] {
  return report.rules
    .filter((r) => r.status === 'fail' || r.status === 'warn')
    .map((r) => `${r.id} ${r.status}: ${r.failure?.title ?? ''}`);
}

function expectClean(report: Report): void {
  expect(problems(report)).toEqual([]);
  expect(report.exitCode).toBe(0);
}

describe('the reference emulator passes verify', () => {
  it('documented cases, one run of each property', async () => {
    expectClean((await verify({ ...base, runs: 1 })).report);
  });

  it('every property, 40 runs', async () => {
    expectClean((await verify({ ...base, runs: 40, skipDocumented: true })).report);
  });

  it('the Pact contracts', async () => {
    expectClean((await verify({ ...base, runs: 1, skipDocumented: true, contracts: true })).report);
  });
});
