import { describe, expect, it } from 'vitest';
import { verify } from '../../runner/verify.ts';

// A part of the kill test (conformance.mutation.test.ts has the main one): the bundled emulator in each of
// its other profiles — every REPORT-level choice made the other way (`flipped`), the live service's looks
// (`live-like`), signatures compared by value (`lenient`) — is a correct implementation too, and verify
// says so. A mutant that breaks only a non-default choice dies here. The names are written out, not read
// from `emulatorProfiles`: a mutant that empties that table must fail here, not leave no test.
const seed = 20261128;

describe('the reference emulator passes verify in every bundled profile', () => {
  for (const profile of ['flipped', 'live-like', 'lenient']) {
    it(`profile ${profile}`, async () => {
      const { report } = await verify({
        seed,
        runs: 2,
        shrinkBudget: 0,
        strict: true,
        contracts: false,
        emulator: { profile },
      });
      const problems = report.rules
        .filter((r) => r.status === 'fail' || r.status === 'warn')
        .map((r) => `${r.id} ${r.status}: ${r.failure?.title ?? ''}`);
      expect(problems).toEqual([]);
      expect(report.exitCode).toBe(0);
    });
  }
});
