import { describe, expect, it } from 'vitest';
import { flippedProfile, liveLikeProfile } from '../emulator/EmulatorProfile.ts';
import { expectFaultDetected, failing, faultMatrixHalf, seed } from './faultMatrixTestKit.ts';
import { verify } from './verify.ts';

describe('verify proves it can fail: the fault-injection matrix', () => {
  it('passes the clean reference emulator with zero failures and zero warnings', async () => {
    const { report } = await verify({ seed, runs: 100, contracts: false });
    expect(failing(report)).toEqual([]);
    expect(report.rules.filter((r) => r.status === 'warn' || r.status === 'error')).toEqual([]);
    expect(report.verdict).toBe('conformant');
    expect(report.exitCode).toBe(0);
  });

  it('passes the flipped emulator: every REPORT-level choice made the other way is accepted', async () => {
    const { report } = await verify({
      seed,
      runs: 100,
      emulator: { profile: flippedProfile },
      contracts: false,
    });
    expect(failing(report)).toEqual([]);
    expect(report.rules.filter((r) => r.status === 'warn' || r.status === 'error')).toEqual([]);
    // The other choices really were seen: the report records them.
    const observed = report.rules.flatMap((r) => r.observed ?? []);
    expect(observed).toContain('KeyPairName absent');
    expect(observed).toContain('duplicates de-duplicated');
    expect(observed.some((o) => o.startsWith('unknown instance IDs: rejected with'))).toBe(true);
  });

  it('passes the live-like emulator (404 for unknown keys, application/json; charset=UTF-8)', async () => {
    const { report } = await verify({
      seed,
      runs: 40,
      contracts: false,
      emulator: { profile: liveLikeProfile },
    });
    expect(failing(report)).toEqual([]);
    expect(report.rules.filter((r) => r.status === 'warn' || r.status === 'error')).toEqual([]);
  });

  // The faults are split between this file and faultMatrixHalf.test.ts, so that the two halves run in
  // parallel workers; together they cover every fault (faultMatrixTestKit.ts).
  it.each(faultMatrixHalf(0))('fails on the rule that fault %s breaks (%s)', expectFaultDetected);
});
