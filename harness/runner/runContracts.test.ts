import { describe, expect, it } from 'vitest';
import { startEmulator } from '../emulator/startEmulator.ts';
import { connectTarget } from '../targets/Target.ts';
import { RuleLedger } from './RuleLedger.ts';
import { runContracts } from './runContracts.ts';
import { verify } from './verify.ts';

const windows = 'a detach naming a Windows instance';

describe('runContracts: Pact results folded into the ledger and the report', () => {
  it('records each interaction under its rules with source contract:<description>; a failure carries the mismatch', async () => {
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
      expect(failed.every((e) => e.interaction === windows && e.rules.includes('WIN-1'))).toBe(true);
      expect(failed[0]?.reason).toMatch(/Code|403/);
      const tallies = new Map(ledger.entries());
      const win1 = tallies.get('WIN-1');
      expect(win1?.mustFailure).toMatchObject({
        source: `contract:${windows}`,
        reproduce: 'dkp-conformance verify --only WIN-1',
      });
      expect(win1?.mustFailure?.received).toBeTruthy();
      expect(win1?.cases).toBe(failed.length);
      // Rules of passing interactions pass; client rules are judged by the consumer tests, not here.
      expect(tallies.get('KP-1')?.passes).toBeGreaterThan(0);
      expect(tallies.get('KP-1')?.mustFailure).toBeUndefined();
      expect([...tallies.keys()].some((id) => id.startsWith('CL-'))).toBe(false);
      expect(
        run.entries.filter((e) => e.status === 'skip').every((e) => /consumer-only/.test(e.reason ?? '')),
      ).toBe(true);
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
      expect(run).toEqual({ entries: [], requests: 0, inconclusive: 0 });
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
    expect(contracts.filter((c) => c.status === 'fail')).toEqual([]);
    expect(contracts.find((c) => c.interaction === 'a detach answered with throttling')).toMatchObject({
      status: 'skip',
      rules: ['CL-6', 'CL-8'],
    });
    const without = await verify({ seed: 7, runs: 5, contracts: false });
    expect(without.report.contracts).toBeUndefined();
  });
});
