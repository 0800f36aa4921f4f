import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../reports/Report.ts';
import { verify } from '../../runner/verify.ts';

// A kill test of `npm run mutation` (conformance.mutation.test.ts explains the set): the conformance run at
// the last second of a year, UTC. Suite and emulator share one process, hence one clock: `Date` is set to
// 2026-12-31T23:59:59Z for both (timers stay real). Every request is then stamped with hour 23, minute 59 and
// second 59, the largest valid value of each field, on the last day of a month and a year, so an emulator
// that refuses a valid field value at its upper end (`> 23` written `>= 23`) fails everything it should
// accept, and one that reads the day or month off by one is found too. A user running verify at that
// second would see the same verdicts.
const lastSecond = Date.UTC(2026, 11, 31, 23, 59, 59);
const base = { seed: 20261128, shrinkBudget: 0, strict: true, contracts: false, emulator: {} } as const;

function problems(report: Report): string[] {
  return report.rules
    .filter((r) => r.status === 'fail' || r.status === 'warn')
    .map((r) => `${r.id} ${r.status}: ${r.failure?.title ?? ''}`);
}

describe('the reference emulator passes verify at the last second of a year', () => {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(lastSecond);
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it('documented cases, one run of each property', async () => {
    expect(new Date().toISOString()).toBe('2026-12-31T23:59:59.000Z');
    const { report } = await verify({ ...base, runs: 1 });
    expect(problems(report)).toEqual([]);
    expect(report.exitCode).toBe(0);
  });
});
