import { describe, expect, it } from 'vitest';
import { startEmulator } from '../emulator/startEmulator.ts';
import { connectTarget } from '../targets/Target.ts';
import { RuleLedger } from './RuleLedger.ts';
import { runContracts } from './runContracts.ts';
import { verify } from './verify.ts';

const windows = 'a detach naming a Windows instance';

describe('runContracts: Pact results folded into the ledger and the report', () => {
  it("records the checks' outcomes on each replayed exchange with source contract:<description>; a failure names the rule its check found", async () => {
    const emulator = await startEmulator({ fault: 'windows-accepted' });
    const target = await connectTarget({ origin: emulator.origin });
    try {
      const ledger = new RuleLedger();
      const run = await runContracts(target, {
        ledger,
        judged: (rule) => !rule.startsWith('CL-'),
        reproduce: (rule) => `dkp-conformance verify --only ${rule}`,
      });
      const failed = run.entries.filter((e) => e.status === 'fail');
      expect(failed.length).toBeGreaterThan(0);
      for (const e of failed) {
        expect(e).toMatchObject({ interaction: windows, failedRules: ['WIN-1'], pact: 'fail' });
        expect(e.reason).toMatch(/^WIN-1: .*403 DependencyViolation\.WindowsInstance/);
        expect(e.pactMismatch).toMatch(/403/);
      }
      const tallies = new Map(ledger.entries());
      const win1 = tallies.get('WIN-1');
      expect(win1?.mustFailure).toMatchObject({
        source: `contract:${windows}`,
        reproduce: 'dkp-conformance verify --only WIN-1',
        counterexample: { interaction: windows, pact: expect.stringMatching(/^contracts\/pacts\//) },
      });
      expect(win1?.mustFailure?.received).toMatch(/HTTP 200/);
      expect(win1?.mustFailures).toBe(failed.length);
      // Every rule a check judges on a replayed exchange is recorded, not only those the catalogue names
      // (AU-1: every correctly signed V1 request that got an API answer); client rules never.
      expect(tallies.get('KP-1')?.passes).toBeGreaterThan(0);
      expect(tallies.get('KP-1')?.mustFailure).toBeUndefined();
      expect(tallies.get('AU-1')?.passes).toBeGreaterThan(0);
      expect([...tallies.keys()].some((id) => id.startsWith('CL-'))).toBe(false);
      const skipped = run.entries.filter((e) => e.status === 'skip');
      expect(skipped.length).toBeGreaterThan(0);
      expect(skipped.filter((e) => !/consumer-only/.test(e.reason ?? ''))).toEqual([]);
    } finally {
      await target.close();
      await emulator.close();
    }
  });

  it("Pact's verdict decides no rule: a fault only the world shows fails its rule while Pact passes", async () => {
    const emulator = await startEmulator({ fault: 'error-changes-world' });
    const target = await connectTarget({ origin: emulator.origin });
    try {
      const ledger = new RuleLedger();
      const run = await runContracts(target, {
        ledger,
        judged: (rule) => rule === 'ERR-3',
        reproduce: (rule) => `dkp-conformance verify --only ${rule}`,
      });
      const failed = run.entries.filter((e) => e.status === 'fail');
      expect(failed.length).toBeGreaterThan(0);
      for (const e of failed) expect(e).toMatchObject({ failedRules: ['ERR-3'], pact: 'pass' });
      expect(new Map(ledger.entries()).get('ERR-3')?.mustFailure?.source).toMatch(/^contract:/);
      expect([...new Map(ledger.entries()).keys()]).toEqual(['ERR-3']);
    } finally {
      await target.close();
      await emulator.close();
    }
  });

  it('--only filters the entries: an interaction that failed no selected rule passes, and lists only selected rules', async () => {
    const emulator = await startEmulator({ fault: 'windows-accepted' });
    const target = await connectTarget({ origin: emulator.origin });
    try {
      const run = await runContracts(target, {
        ledger: new RuleLedger(),
        judged: (rule) => rule === 'TR-4' || rule === 'KP-1',
        reproduce: (rule) => `dkp-conformance verify --only ${rule}`,
      });
      expect(run.entries.filter((e) => e.interaction === windows).length).toBeGreaterThan(0);
      expect(run.entries.filter((e) => e.status === 'fail')).toEqual([]);
      for (const e of run.entries.filter((x) => x.interaction === windows))
        expect(e).toMatchObject({ status: 'pass', pact: 'fail' });
    } finally {
      await target.close();
      await emulator.close();
    }
  });

  it('runs nothing when no interaction judges a selected rule', async () => {
    const emulator = await startEmulator();
    const target = await connectTarget({ origin: emulator.origin });
    try {
      const run = await runContracts(target, {
        ledger: new RuleLedger(),
        judged: (rule) => rule === 'MR-1',
        reproduce: () => '',
      });
      expect(run).toEqual({ entries: [], failures: [], requests: 0, inconclusive: 0 });
    } finally {
      await target.close();
      await emulator.close();
    }
  });

  it('verify lists every interaction in the report and stays conformant on the clean emulator', async () => {
    const { report } = await verify({ seed: 7, runs: 5 });
    expect(report.verdict).toBe('conformant');
    const contracts = report.contracts ?? [];
    expect(contracts.length).toBeGreaterThan(30);
    expect(contracts.filter((c) => c.status !== 'pass' && c.status !== 'skip')).toEqual([]);
    expect(contracts.filter((c) => c.status === 'pass').every((c) => c.pact === 'pass')).toBe(true);
    expect(contracts.find((c) => c.interaction === 'a detach answered with throttling')).toMatchObject({
      status: 'skip',
      rules: ['CL-6', 'CL-8'],
    });
    const without = await verify({ seed: 7, runs: 5, contracts: false });
    expect(without.report.contracts).toBeUndefined();
  });
});
