import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { liveLikeProfile } from '../emulator/EmulatorProfile.ts';
import type { FaultName } from '../emulator/faults.ts';
import { type EmulatorServer, startEmulator } from '../emulator/startEmulator.ts';
import type { Report } from '../reports/Report.ts';
import type { World } from '../spec/World.ts';
import { type AuditOptions, audit } from './audit.ts';
import { env, forward, key, manifest, region, sandboxWorld, startProxy } from './auditTestKit.ts';
import { invocation } from './reproduceCommand.ts';

// audit against a live endpoint, played by the emulator's live-like profile (404 for unknown access keys,
// Recommend in errors, numbers in JSON, `application/json; charset=UTF-8`) with its world URL hidden
// (worldControl: false) over real loopback HTTP. The tests read the emulator's world through the server
// handle, which the suite itself never sees.

async function withEmulator<T>(
  options: { world?: World; fault?: FaultName; onRequest?: () => void },
  run: (server: EmulatorServer) => Promise<T>,
): Promise<T> {
  const server = await startEmulator({
    worldControl: false,
    profile: liveLikeProfile,
    world: options.world ?? sandboxWorld(),
    ...(options.fault === undefined ? {} : { fault: options.fault }),
    ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
  });
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

const base = (origin: string): AuditOptions => ({
  endpoint: origin,
  region,
  env,
  rate: 1000,
  seed: 5,
  backoffMs: 1,
});
const status = (report: Report, id: string) => report.rules.find((r) => r.id === id)?.status;
const failing = (report: Report) => report.rules.filter((r) => r.status === 'fail').map((r) => r.id);

describe('audit: read-only tier', () => {
  it('the clean emulator is conformant (exit 0); rules that need resources are skip with the reason; nothing changes', async () => {
    await withEmulator({}, async (server) => {
      const { report, secrets, unrestored } = await audit(base(server.origin));
      expect(failing(report)).toEqual([]);
      expect(report).toMatchObject({ command: 'audit', verdict: 'conformant', exitCode: 0 });
      expect(report.audit).toMatchObject({ tiers: ['read-only'], rate: 1000, timeoutMs: 10_000 });
      for (const id of ['AU-3', 'AU-6', 'AU-7', 'KP-1', 'ID-4', 'RQ-2', 'TR-2', 'ERR-2'])
        expect(status(report, id), id).toBe('pass');
      for (const id of ['ST-0', 'OK-5', 'WIN-1', 'ERR-3'])
        expect(report.rules.find((r) => r.id === id)).toMatchObject({
          status: 'skip',
          reason: expect.stringContaining('--allow-mutation --sandbox FILE'),
        });
      expect(report.run).toMatchObject({ worldControl: false, inconclusiveRequests: 0 });
      expect(report.run.requests).toBeGreaterThan(50);
      expect(server.world()).toEqual(sandboxWorld());
      expect(unrestored).toEqual([]);
      expect(secrets).toContain(key.accessKeySecret);
      expect(JSON.stringify(report)).not.toContain(key.accessKeySecret);
    });
  });

  it.each([
    ['no-signature-check', 'AU-8'],
    ['timestamp-not-checked', 'AU-8'],
    ['replayed-nonce-accepted', 'AU-8'],
  ] as const)(
    '%s: exit 1, blamed on %s (every read-only request also fails on business, so authentication shows as judged late)',
    async (fault, rule) => {
      await withEmulator({ fault }, async (server) => {
        const { report } = await audit(base(server.origin));
        expect(failing(report)).toEqual([rule]);
        expect(report.exitCode).toBe(1);
        expect(report.rules.find((r) => r.id === rule)?.failure?.reproduce).toMatch(
          new RegExp(
            `^${invocation().join(' ')} audit --endpoint ${server.origin} --region ${region} --rate 1000 --seed 5 --only ${rule}$`,
          ),
        );
      });
    },
  );

  it('--expectations and --strict work as in verify', async () => {
    await withEmulator({ fault: 'no-signature-check' }, async (server) => {
      const known = await audit({
        ...base(server.origin),
        expectations: [{ rule: 'AU-8', reason: 'known' }],
      });
      expect(known.report.rules.find((r) => r.id === 'AU-8')).toMatchObject({
        status: 'fail',
        expected: true,
      });
      expect(known.report.exitCode).toBe(0);
    });
    await withEmulator({}, async (server) => {
      const stale = await audit({
        ...base(server.origin),
        strict: true,
        expectations: [{ rule: 'KP-1', reason: 'old' }],
      });
      expect(stale.report.staleExpectations).toEqual([{ rule: 'KP-1', reason: 'old' }]);
      expect(stale.report.exitCode).toBe(1);
    });
  });

  it('an unreachable endpoint is exit 3 before anything is judged: the canary gets no answer (target-protocol §4)', async () => {
    const proxy = await startProxy('http://127.0.0.1:9', () => 'drop');
    try {
      await expect(audit({ ...base(proxy.origin), only: 'AU-4' })).rejects.toMatchObject({
        code: 'TARGET_UNREACHABLE',
        exitCode: 3,
      });
      expect(proxy.seen.length).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it('--only restricts the probes sent and the rules judged', async () => {
    await withEmulator({}, async (server) => {
      const { report } = await audit({ ...base(server.origin), only: 'AU-3' });
      expect(report.rules.filter((r) => r.status !== 'skip').map((r) => r.id)).toEqual(['AU-3']);
      expect(report.run.runs).toBeLessThan(10);
    });
  });
});

describe('audit: sandbox tier', () => {
  it('detaches, judges, restores and confirms: the world ends exactly as it started', async () => {
    await withEmulator({}, async (server) => {
      const { report, unrestored } = await audit({
        ...base(server.origin),
        allowMutation: true,
        sandbox: manifest,
      });
      expect(failing(report)).toEqual([]);
      expect(report.exitCode).toBe(0);
      for (const id of [
        'WIN-1',
        'WIN-2',
        'ST-0',
        'ST-1',
        'ST-3',
        'OK-3',
        'OK-5',
        'OK-6',
        'OK-7',
        'AU-3',
        'AU-6',
        'AU-8',
      ])
        expect(status(report, id), id).toBe('pass');
      expect(report.audit?.tiers).toEqual(['sandbox', 'read-only']);
      expect(report.audit?.sandbox?.steps.map((s) => s.step)).toEqual([
        'describe-start',
        'wrong-signature',
        'stale-timestamp',
        'windows-detach',
        'detach-linux',
        'restore',
        'confirm-restore',
      ]);
      expect(unrestored).toEqual([]);
      expect(server.world()).toEqual(sandboxWorld());
    });
  });

  it.each([
    ['no-signature-check', 'AU-3'],
    ['timestamp-not-checked', 'AU-6'],
    ['windows-partial-change', 'WIN-2'],
  ] as const)('%s: the sandbox pins the fault on %s, and still restores everything', async (fault, rule) => {
    await withEmulator({ fault }, async (server) => {
      const { report, unrestored } = await audit({
        ...base(server.origin),
        allowMutation: true,
        sandbox: manifest,
      });
      expect(failing(report)).toContain(rule);
      expect(report.rules.find((r) => r.id === rule)?.failure?.source).toMatch(/^sandbox:/);
      expect(report.exitCode).toBe(1);
      expect(unrestored).toEqual([]);
      expect(server.world()).toEqual(sandboxWorld());
    });
  });

  it('OK-2: one RequestId for every answer warns, and fails under --strict (judged across the run)', async () => {
    await withEmulator({ fault: 'request-id-constant' }, async (server) => {
      const run = (strict: boolean) =>
        audit({ ...base(server.origin), allowMutation: true, sandbox: manifest, only: 'OK-2', strict });
      const lenient = (await run(false)).report.rules.find((r) => r.id === 'OK-2');
      expect(lenient?.status).toBe('warn');
      const strict = (await run(true)).report;
      expect(strict.rules.find((r) => r.id === 'OK-2')?.failure?.source).toBe('run:request-ids');
      expect(failing(strict)).toEqual(['OK-2']);
    });
  });

  it('names nothing outside the manifest: every sandbox request is within its region, key pair and instances', async () => {
    await withEmulator({}, async (server) => {
      const proxy = await startProxy(server.origin);
      try {
        await audit({ ...base(proxy.origin), allowMutation: true, sandbox: manifest, only: 'ST,WIN' });
        const sandboxCalls = proxy.seen.filter((r) => !/dkp-conformance-absent/.test(r.url + r.body));
        expect(sandboxCalls.length).toBeGreaterThanOrEqual(10);
        for (const r of sandboxCalls) {
          const text = decodeURIComponent(r.url + r.body);
          expect(text).not.toMatch(/i-prod|i-qd|cn-qingdao|KeyPairName=prod/);
        }
      } finally {
        await proxy.close();
      }
    });
  });

  it('a sandbox that does not match its manifest is exit 2 and nothing is changed', async () => {
    const world = sandboxWorld();
    world.instances = world.instances.map((i) =>
      i.instanceId === 'i-sandbox-2' ? { ...i, keyPairName: 'prod' } : i,
    );
    await withEmulator({ world }, async (server) => {
      await expect(
        audit({ ...base(server.origin), allowMutation: true, sandbox: manifest }),
      ).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringContaining('i-sandbox-2 is bound to "prod", not "conformance-sandbox"'),
      });
      expect(server.world()).toEqual(world);
    });
  });
});

describe('audit: politeness and robustness', () => {
  it('a target answering 503 with Retry-After is retried, re-signed with a fresh nonce, then inconclusive (exit 3)', async () => {
    const proxy = await startProxy('http://127.0.0.1:9', () => ({
      status: 503,
      headers: { 'content-type': 'application/json', 'retry-after': '0' },
    }));
    try {
      const { report } = await audit({ ...base(proxy.origin), only: 'AU-3' });
      expect(report).toMatchObject({ verdict: 'inconclusive', exitCode: 3 });
      expect(report.run.inconclusiveRequests).toBe(report.run.requests);
      // The two canaries (target-protocol §4) are retried too, and not counted as the run's requests.
      expect(proxy.seen.length).toBe((report.run.requests + 2) * 4);
      expect(report.audit?.httpRequests).toBe(proxy.seen.length);
      const nonces = proxy.seen.map(
        (r) =>
          (r.headers['x-acs-signature-nonce'] as string | undefined) ??
          /SignatureNonce=([^&]+)/.exec(r.url + r.body)?.[1],
      );
      expect(nonces.every((n) => n !== undefined)).toBe(true);
      expect(new Set(nonces).size).toBe(nonces.length);
    } finally {
      await proxy.close();
    }
  });

  // The run lifecycle (runPhases.ts) passes the response bounds to the endpoint it opens, as verify's run does.
  it('--max-response-bytes: a larger answer is not read further and its request is inconclusive (exit 3)', async () => {
    await withEmulator({}, async (server) => {
      // The canary's two answers pass through; every later answer is 4 KiB.
      let answered = 0;
      const padded = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          if (++answered <= 2) forward(server.origin, req, Buffer.concat(chunks), res);
          else res.writeHead(200, { 'content-type': 'application/json' }).end(`{"x":"${'x'.repeat(4096)}"}`);
        });
      });
      await new Promise<void>((resolve) => padded.listen(0, '127.0.0.1', resolve));
      try {
        const origin = `http://127.0.0.1:${(padded.address() as AddressInfo).port}`;
        // Under the default bound (1 MiB) the 4 KiB answers are read and judged; under 2048 bytes, none is.
        const unbounded = await audit({ ...base(origin), only: 'AU-3' });
        expect(unbounded.report.run.inconclusiveRequests).toBe(0);
        answered = 0;
        const { report } = await audit({ ...base(origin), only: 'AU-3', maxResponseBytes: 2048 });
        expect(report).toMatchObject({ verdict: 'inconclusive', exitCode: 3 });
        expect(report.run.requests).toBeGreaterThan(0);
        expect(report.run.inconclusiveRequests).toBe(report.run.requests);
      } finally {
        padded.closeAllConnections();
        await new Promise<void>((resolve) => padded.close(() => resolve()));
      }
    });
  });

  it('respects the rate limit: requests arriving in any quarter second stay within the budget', async () => {
    // The limiter runs on a virtual clock (audit's `clock` option) that moves only when the limiter waits, and
    // the server stamps each arrival with it: what is asserted is what the limiter let through, exactly,
    // however fast or stalled the machine (on the real clock a stall let a burst through). audit sends one
    // request at a time, so an arrival's stamp is the time its slot was released. The 10-minute request
    // timeout only catches hangs: a request given up on while in flight could arrive in the next one's slot.
    let virtualNow = 0;
    const clock = {
      now: () => virtualNow,
      sleep: async (ms: number) => {
        virtualNow += ms;
      },
    };
    const arrivals: number[] = [];
    await withEmulator({ onRequest: () => arrivals.push(virtualNow) }, async (server) => {
      const rate = 20;
      const { report } = await audit({ ...base(server.origin), rate, only: 'AU', clock, timeoutMs: 600_000 });
      expect(report.run.inconclusiveRequests).toBe(0);
      expect(arrivals.length).toBeGreaterThan(20);
      // At most rate × 0.25 s in any 250 ms window (unlimited, they would all arrive at the same instant),
      // every arrival at least 1000/rate ms after the one before, and so the whole run no shorter than that.
      for (const start of arrivals) {
        const inWindow = arrivals.filter((t) => t >= start && t < start + 250).length;
        expect(inWindow).toBeLessThanOrEqual(rate * 0.25);
      }
      for (const [i, t] of arrivals.entries())
        if (i > 0) expect(t - (arrivals[i - 1] ?? 0), `arrival #${i}`).toBeGreaterThanOrEqual(1000 / rate);
      const span = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
      expect(span).toBeGreaterThanOrEqual(((arrivals.length - 1) * 1000) / rate);
    });
  });

  it('sends ALIBABA_CLOUD_SECURITY_TOKEN as SecurityToken (V1) and a signed x-acs-security-token (V3)', async () => {
    const securityToken = 'CAIS-temporary+token/for==audit';
    await withEmulator({}, async (server) => {
      const proxy = await startProxy(server.origin);
      try {
        const { report } = await audit({
          ...base(proxy.origin),
          env: { ...env, ALIBABA_CLOUD_SECURITY_TOKEN: securityToken },
        });
        expect(report.verdict).toBe('conformant');
        expect(report.audit?.securityToken).toBe(true);
        const v3 = proxy.seen.filter(
          (r) =>
            typeof r.headers.authorization === 'string' &&
            r.headers.authorization.startsWith('ACS3-HMAC-SHA256 Credential=LTAI'),
        );
        const v1 = proxy.seen.filter((r) => /AccessKeyId=LTAI/.test(r.url + r.body));
        expect(v3.length).toBeGreaterThan(5);
        expect(v1.length).toBeGreaterThan(5);
        for (const r of v3) {
          expect(r.headers['x-acs-security-token']).toBe(securityToken);
          expect(r.headers.authorization).toMatch(/SignedHeaders=[^,]*x-acs-security-token/);
        }
        for (const r of v1) {
          const params = new URLSearchParams(`${r.url.split('?')[1] ?? ''}&${r.body}`);
          expect(params.get('SecurityToken')).toBe(securityToken);
        }
        expect(JSON.stringify(report)).not.toContain(securityToken);
      } finally {
        await proxy.close();
      }
    });
  });
});
