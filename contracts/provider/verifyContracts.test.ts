/**
 * The provider side, end to end over loopback: the committed pacts replayed by Pact's Verifier against the
 * bundled reference emulator, clean and with injected faults (harness/emulator/faults.ts).
 */
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultName } from '../../harness/emulator/faults.ts';
import { faults } from '../../harness/emulator/faults.ts';
import { startEmulator } from '../../harness/emulator/startEmulator.ts';
import { type ConsumerName, consumers, interactionsFor } from '../interactions.ts';
import { pactFileOf, readPact } from '../pactFiles.ts';
import { type ContractResult, verifyContracts } from './verifyContracts.ts';

const wrongSignature = 'a detach with a wrong signature';
const describeResult = (r: ContractResult) => `${r.status} ${r.consumer}: ${r.interaction} ${r.reason ?? ''}`;
const failing = (results: ContractResult[]) => results.filter((r) => r.status === 'fail');

describe('verifyContracts against the bundled emulator', () => {
  it('the clean emulator passes every interaction that is not consumer-only, by the checks and by Pact; those are skipped with the reason', async () => {
    const results = await verifyContracts();
    const expectedCount = (Object.keys(consumers) as ConsumerName[]).reduce(
      (n, c) => n + interactionsFor(c).length,
      0,
    );
    expect(results).toHaveLength(expectedCount);
    for (const r of results) {
      const catalogued = interactionsFor(r.consumer as ConsumerName).find(
        (i) => i.description === r.interaction,
      );
      expect(catalogued, describeResult(r)).toBeDefined();
      expect(r.rules, describeResult(r)).toEqual(catalogued?.rules);
      if (catalogued?.consumerOnly === undefined) {
        expect([r.status, r.pact], describeResult(r)).toEqual(['pass', 'pass']);
        // Judged by the checks: every provider rule the catalogue names passes on the replayed exchange.
        const passed = new Set((r.outcomes ?? []).filter((o) => o.status === 'pass').map((o) => o.rule));
        const named = r.rules.filter((rule) => !rule.startsWith('CL-') && rule !== 'ERR-2');
        expect(
          named.filter((rule) => !passed.has(rule)),
          describeResult(r),
        ).toEqual([]);
      } else expect(r).toMatchObject({ status: 'skip', reason: catalogued.consumerOnly });
    }
    expect(results.filter((r) => r.status === 'skip').map((r) => r.interaction)).toContain(
      'a detach answered with throttling',
    );
  });

  it.each([
    ['windows-accepted', 'a detach naming a Windows instance'],
    ['key-pair-not-found-wrong-code', 'a detach naming a key pair that does not exist'],
    ['single-result-as-object', 'a detach of one bound Linux instance'],
  ] as const)(
    'fault %s fails exactly "%s", on the rule its check found',
    async (fault: FaultName, interaction) => {
      const results = await verifyContracts({ fault });
      const failed = failing(results);
      expect(failed.length, results.map(describeResult).join('\n')).toBeGreaterThan(0);
      for (const r of failed) {
        expect(r.interaction, describeResult(r)).toBe(interaction);
        expect(r.failedRules).toContain(faults[fault].breaks);
        expect(r.reason).toContain(`${faults[fault].breaks}: `);
        // Pact sees it too, and says so in its own words.
        expect(r.pact).toBe('fail');
        expect(r.pactMismatch).toBeTruthy();
      }
      // Every consumer that has the interaction sees it fail.
      const having = (Object.keys(consumers) as ConsumerName[]).filter((c) =>
        interactionsFor(c).some((i) => i.description === interaction),
      );
      expect(failed.map((r) => r.consumer).sort()).toEqual(having.sort());
    },
  );

  it.each([
    ['error-changes-world', 'a detach naming a key pair that does not exist'],
    ['collateral-detach', 'a detach of one bound Linux instance'],
  ] as const)(
    'fault %s, which no pact can see (only the world shows it), fails "%s" on its rule while Pact passes',
    async (fault: FaultName, interaction) => {
      const results = await verifyContracts({ fault });
      const failed = failing(results);
      expect(failed.length, results.map(describeResult).join('\n')).toBeGreaterThan(0);
      for (const r of failed) {
        expect(r.interaction, describeResult(r)).toBe(interaction);
        expect(r.failedRules, describeResult(r)).toContain(faults[fault].breaks);
        expect(r.pact, describeResult(r)).toBe('pass');
      }
    },
  );

  it('a negative-auth interaction fails when the target ignores signatures (no-signature-check, AU-3)', async () => {
    const results = await verifyContracts({ fault: 'no-signature-check' });
    const failed = failing(results);
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      expect(r.interaction).toBe(wrongSignature);
      expect(r.failedRules).toContain('AU-3');
    }
  });

  it("…because the breakage is re-applied: without `auth` the request is correctly signed, the checks pass its success and only Pact, holding the pact's 400, fails it", async () => {
    const file = pactFileOf('dkp-conformance-client');
    const pact = await readPact(file);
    const stripped = {
      ...pact,
      interactions: pact.interactions
        .filter((i) => i.description === wrongSignature)
        .map((i) => ({
          ...i,
          providerStates: (i.providerStates ?? []).map((s) => {
            const { auth: _auth, ...params } = s.params ?? {};
            return { ...s, params };
          }),
        })),
    };
    expect(stripped.interactions).toHaveLength(1);
    const copy = join(tmpdir(), `dkp-contracts-no-auth-${process.pid}.json`);
    await writeFile(copy, JSON.stringify(stripped));
    const [withBreakage] = await verifyContracts({
      pactFiles: [file],
    }).then((rs) => rs.filter((r) => r.interaction === wrongSignature));
    const [withoutBreakage] = await verifyContracts({ pactFiles: [copy] });
    expect(withBreakage).toMatchObject({ status: 'pass', pact: 'pass' });
    // Re-signed correctly and nothing broken, the request succeeds: 200 where the pact promises 400. That is
    // a contract saying more than the rules: Pact's verdict is shown, the checks' decides.
    expect(withoutBreakage).toMatchObject({ status: 'pass', pact: 'fail' });
    expect(withoutBreakage?.pactMismatch).toMatch(/400/);
  });
});

describe('verifyContracts and the world URL', () => {
  let refusing: ReturnType<typeof createServer>;
  let worldUrl: string;

  beforeAll(async () => {
    refusing = createServer((_req, res) => res.writeHead(500).end('no worlds today'));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    worldUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/world`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => refusing.close(() => resolve()));
  });

  it('a refused provider state is reported per interaction (Pact JS itself swallows state-handler errors)', async () => {
    const emulator = await startEmulator();
    try {
      const results = await verifyContracts({
        origin: emulator.origin,
        worldUrl,
        pactFiles: [pactFileOf('dkp-conformance-client-form')],
      });
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) {
        expect(r.status).toBe('error');
        expect(r.stateError).toMatch(/HTTP 500/);
      }
    } finally {
      await emulator.close();
    }
  });

  it('a retryable answer (503) is inconclusive, never pass or fail, whatever Pact says (target-protocol §2)', async () => {
    const emulator = await startEmulator();
    const unavailable = createServer((_req, res) =>
      res
        .writeHead(503, { 'content-type': 'application/json' })
        .end('{"RequestId":"R","Code":"ServiceUnavailable","Message":"later"}'),
    );
    await new Promise<void>((resolve) => unavailable.listen(0, '127.0.0.1', resolve));
    try {
      const results = await verifyContracts({
        origin: `http://127.0.0.1:${(unavailable.address() as AddressInfo).port}`,
        worldUrl: emulator.worldUrl,
        pactFiles: [pactFileOf('dkp-conformance-client-form')],
      });
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) {
        expect(r).toMatchObject({ status: 'skip', pact: 'fail' });
        expect(r.reason).toBe('inconclusive: the target answered HTTP 503 (retryable)');
      }
    } finally {
      await new Promise<void>((resolve) => unavailable.close(() => resolve()));
      await emulator.close();
    }
  });
});

describe('verifyContracts keeps one verifier process for the caller', () => {
  it('verifications at once are queued on it, and each gets exactly its own Pact report', async () => {
    const outputs: string[] = [];
    const pactFiles = (consumer: ConsumerName) => [pactFileOf(consumer)];
    const [form, client] = await Promise.all([
      verifyContracts({
        pactFiles: pactFiles('dkp-conformance-client-form'),
        onOutput: (text) => outputs.push(text),
      }),
      verifyContracts({
        pactFiles: pactFiles('dkp-conformance-client'),
        fault: 'windows-accepted',
        onOutput: (text) => outputs.push(text),
      }),
    ]);
    expect(new Set(form.map((r) => r.consumer))).toEqual(new Set(['dkp-conformance-client-form']));
    expect(new Set(client.map((r) => r.consumer))).toEqual(new Set(['dkp-conformance-client']));
    expect(failing(form)).toEqual([]);
    expect(failing(client).map((r) => r.interaction)).toEqual(['a detach naming a Windows instance']);
    // Each report names its own consumer only, and no end-of-run marker leaks into it.
    expect(outputs).toHaveLength(2);
    expect(outputs[0]).toContain('dkp-conformance-client-form');
    expect(outputs[1]).not.toContain('dkp-conformance-client-form');
    for (const text of outputs) expect(text).not.toContain('\u0000');
  });
});
