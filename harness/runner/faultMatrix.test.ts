import { describe, expect, it } from 'vitest';
import { flippedProfile, liveLikeProfile } from '../emulator/EmulatorProfile.ts';
import { faultNames, faults } from '../emulator/faults.ts';
import type { Report } from '../reports/Report.ts';
import { verify } from './verify.ts';

// One fixed seed and a small run count keep the matrix fast and repeatable; every fault must still be
// found by the documented cases or within these runs (the closing note gives the matrix). The Pact
// contracts phase is left out: it adds seconds per run, and contracts/provider has its own fault tests.
const seed = 20261128;
const runs = 40;

const failing = (report: Report) => report.rules.filter((r) => r.status === 'fail').map((r) => r.id);

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

  it.each(faultNames.map((name) => [name, faults[name].breaks] as const))(
    'fails on the rule that fault %s breaks (%s)',
    async (fault, rule) => {
      const { report } = await verify({ seed, runs, emulator: { fault }, contracts: false });
      const verdict = report.rules.find((r) => r.id === rule);
      expect(verdict?.status, `${fault} should fail ${rule}; failing: ${failing(report).join(', ')}`).toBe(
        'fail',
      );
      expect(verdict?.failure?.title).toBeTruthy();
      expect(verdict?.failure?.reproduce).toMatch(/^dkp-conformance verify /);
      expect(report.exitCode).toBe(1);
    },
  );
});
