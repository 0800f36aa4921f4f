import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allProperties } from '../../properties/index.ts';
import { type EmulatorServer, startEmulator } from '../emulator/startEmulator.ts';
import { connectTarget, type Target } from '../targets/Target.ts';
import { RuleLedger } from './RuleLedger.ts';
import { type PendingShrinks, runPendingShrinks, runProperty } from './runProperty.ts';

describe('runPendingShrinks', () => {
  it('per rule, runs the queued shrinks from the last backwards and stops at the first that succeeds', async () => {
    const ran: string[] = [];
    const job = (name: string, found: boolean) => async () => {
      ran.push(name);
      return found;
    };
    const pending: PendingShrinks = new Map([
      ['OK-5', [job('a', true), job('b', false), job('c', false)]],
      ['OK-6', [job('d', true), job('e', true)]],
      ['OK-7', [job('f', false)]],
    ]);
    await runPendingShrinks(pending);
    expect(ran).toEqual(['c', 'b', 'a', 'e', 'f']);
  });
});

describe('runProperty with pendingShrinks', () => {
  let emulator: EmulatorServer;
  let target: Target;
  beforeAll(async () => {
    // OK-6 fails in several properties: every one of them queues a shrink for it.
    emulator = await startEmulator({ fault: 'fail-count-wrong' });
    target = await connectTarget({ origin: emulator.origin });
  });
  afterAll(async () => {
    await target.close();
    await emulator.close();
  });

  it('reports what shrinking every property in turn reports', async () => {
    const run = async (deferred: boolean) => {
      const ledger = new RuleLedger();
      const pendingShrinks: PendingShrinks = new Map();
      for (const property of allProperties) {
        await runProperty(property, target, {
          seed: 20261206,
          runs: 12,
          only: null,
          ledger,
          shrinkBudget: 8,
          reproduce: (rule, path) => `${rule} ${path}`,
          ...(deferred ? { pendingShrinks } : {}),
        });
      }
      await runPendingShrinks(pendingShrinks);
      return { ledger, queued: pendingShrinks.get('OK-6')?.length ?? 0 };
    };
    const inTurn = await run(false);
    const deferred = await run(true);
    expect(deferred.queued).toBeGreaterThan(1);
    const failures = (ledger: RuleLedger) =>
      Object.fromEntries([...ledger.entries()].map(([rule, t]) => [rule, t.mustFailure ?? t.shouldFailure]));
    expect(failures(deferred.ledger)).toEqual(failures(inTurn.ledger));
    expect(failures(deferred.ledger)['OK-6']?.source).toMatch(/^property:/);
  });
});
