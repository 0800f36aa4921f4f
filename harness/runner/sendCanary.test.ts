import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAuditCommand } from '../cli/auditCommand.ts';
import { main } from '../cli/main.ts';
import { liveLikeProfile } from '../emulator/EmulatorProfile.ts';
import { type EmulatorServer, startEmulator } from '../emulator/startEmulator.ts';
import type { Report } from '../reports/Report.ts';
import { audit } from './audit.ts';
import { forward } from './auditTestKit.ts';
import { isCredentialsRefusal } from './sendCanary.ts';
import { verify } from './verify.ts';

// target-protocol §4's canary: without world control, credentials the target refuses in every signing
// scheme stop verify and audit with exit 2 before anything is judged. Real loopback HTTP throughout: a stub
// answering one code to every request, or a proxy in front of the emulator (world URL hidden) that answers
// one scheme itself.

const region = 'cn-hangzhou';
const key = { accessKeyId: 'LTAI5tCanaryTestKey1', accessKeySecret: 'canary-secret-never-printed' };
const env = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
};

/** The API answer a stub gives: status and error document (JSON). */
type Answer = { status: number; code: string; message?: string };

const isV3 = (req: IncomingMessage) => String(req.headers.authorization ?? '').startsWith('ACS3-');

/**
 * A loopback server that answers every API request with `answer(req)` (or forwards it to `upstream` when
 * that gives `undefined`), and 404 to the default world URL: a target without world control. `api` counts
 * the API requests it received.
 */
async function startStub(
  answer: (req: IncomingMessage) => Answer | 'drop' | undefined,
  upstream?: string,
): Promise<{ origin: string; api: () => number; close: () => Promise<void> }> {
  let api = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.startsWith('/_conformance/')) {
        res.writeHead(404).end();
        return;
      }
      api++;
      const decision = answer(req);
      if (decision === 'drop') {
        req.socket.destroy();
        return;
      }
      if (decision !== undefined) {
        const body = JSON.stringify({
          RequestId: 'C0FFEE00-0000-4000-8000-000000000000',
          Code: decision.code,
          Message: decision.message ?? `answered ${decision.code}`,
        });
        res.writeHead(decision.status, { 'content-type': 'application/json' }).end(body);
        return;
      }
      forward(upstream ?? '', req, Buffer.concat(chunks), res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    api: () => api,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const verifyAt = (origin: string, extra: { env?: Record<string, string> } = {}) =>
  verify({ target: origin, region, env: extra.env ?? env, seed: 7, runs: 6, contracts: false });
const auditAt = (origin: string, extra: { env?: Record<string, string> } = {}) =>
  audit({ endpoint: origin, region, env: extra.env ?? env, rate: 1000, seed: 7, backoffMs: 1 });
/** The rules that fail with `code` in what was received. */
const blamedFor = (report: Report, code: string) =>
  report.rules
    .filter((r) => r.status === 'fail' && r.failure?.received.includes(code) === true)
    .map((r) => r.id);

// The canary codes of target-protocol §4, each as a target would answer a correctly signed request.
const refusals: ReadonlyArray<readonly [string, Answer]> = [
  ['AU-3 SignatureDoesNotMatch', { status: 400, code: 'SignatureDoesNotMatch' }],
  ['AU-3 IncompleteSignature', { status: 400, code: 'IncompleteSignature' }],
  ['AU-4 InvalidAccessKeyId.NotFound (404, as live)', { status: 404, code: 'InvalidAccessKeyId.NotFound' }],
  ['InvalidAccessKeyId.Inactive', { status: 400, code: 'InvalidAccessKeyId.Inactive' }],
  ['InvalidSecurityToken.Expired', { status: 400, code: 'InvalidSecurityToken.Expired' }],
  ['Forbidden.RAM (403)', { status: 403, code: 'Forbidden.RAM' }],
  ['AU-6 InvalidTimeStamp.Expired', { status: 400, code: 'InvalidTimeStamp.Expired' }],
  ['AU-6 IllegalTimestamp', { status: 400, code: 'IllegalTimestamp' }],
  [
    'AU-5 MissingParameter naming SignatureNonce in its message',
    {
      status: 400,
      code: 'MissingParameter',
      message:
        'The input parameter "SignatureNonce" that is mandatory for processing this request is not supplied.',
    },
  ],
  ['AU-5 MissingParameter.x-acs-date', { status: 400, code: 'MissingParameter.x-acs-date' }],
];

describe('isCredentialsRefusal (target-protocol §4)', () => {
  it.each([
    'SignatureDoesNotMatch',
    'IncompleteSignature',
    'InvalidAccessKeyId.NotFound',
    'InvalidAccessKeyId.Inactive',
    'InvalidSecurityToken.Expired',
    'InvalidSecurityToken.MismatchWithAccessKey',
    'InvalidTimeStamp.Expired',
    'IllegalTimestamp',
    'Forbidden.RAM',
    'Forbidden',
    'MissingParameter.SignatureNonce',
    'MissingSignatureNonce',
    'MissingTimestamp',
    'MissingParameter.Authorization',
  ])('%s is a credentials refusal', (code) => {
    expect(isCredentialsRefusal(code)).toBe(true);
  });

  it('MissingParameter counts only when its message names a signing element', () => {
    const named = (name: string) =>
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`;
    expect(isCredentialsRefusal('MissingParameter', named('AccessKeyId'))).toBe(true);
    expect(isCredentialsRefusal('MissingParameter', named('x-acs-signature-nonce'))).toBe(true);
    expect(isCredentialsRefusal('MissingParameter', named('RegionId'))).toBe(false);
    expect(isCredentialsRefusal('MissingParameter', named('KeyPairName'))).toBe(false);
    expect(isCredentialsRefusal('MissingParameter', '')).toBe(false);
  });

  it.each([
    'MissingParameter.RegionId',
    'MissingRegionId',
    'MissingParameter.InstanceIds',
    'InvalidKeyPairName.NotFound',
    'InvalidRegionId.NotFound',
    'SignatureNonceUsed',
    'Throttling.User',
    'InternalError',
    'InvalidParameter',
  ])('%s is not: the run goes on and judges it', (code) => {
    expect(isCredentialsRefusal(code)).toBe(false);
  });
});

describe('every scheme refused: exit 2, the code named, nothing judged', () => {
  it.each(refusals)('%s: verify without world control and audit', async (_label, answer) => {
    const stub = await startStub(() => answer);
    try {
      for (const run of [verifyAt, auditAt]) {
        const before = stub.api();
        const error = await run(stub.origin).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toMatchObject({ code: 'CREDENTIALS_REJECTED', exitCode: 2 });
        const message = (error as Error).message;
        expect(message).toContain(`HTTP ${answer.status} ${answer.code} (V1)`);
        expect(message).toContain(`HTTP ${answer.status} ${answer.code} (V3)`);
        expect(message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
        expect(message).not.toContain(key.accessKeySecret);
        // Only the two canaries were sent: nothing was probed, so nothing was judged.
        expect(stub.api() - before).toBe(2);
      }
    } finally {
      await stub.close();
    }
  });

  it('the hint puts first what the code points at: the RAM policy, the STS token, the clock', async () => {
    const cases: ReadonlyArray<readonly [string, RegExp]> = [
      ['Forbidden.RAM', /Check \(1\) the RAM policy/],
      ['InvalidSecurityToken.Expired', /Check \(1\) ALIBABA_CLOUD_SECURITY_TOKEN: has the STS token expired/],
      ['InvalidTimeStamp.Expired', /Check \(1\) this machine's clock/],
      ['SignatureDoesNotMatch', /Check \(1\) ALIBABA_CLOUD_ACCESS_KEY_SECRET/],
      ['InvalidAccessKeyId.NotFound', /Check \(1\) ALIBABA_CLOUD_ACCESS_KEY_ID \(LTAI\*\*\*\*y1\)/],
    ];
    for (const [code, hint] of cases) {
      const stub = await startStub(() => ({ status: code.startsWith('Forbidden') ? 403 : 400, code }));
      try {
        await expect(
          audit({
            endpoint: stub.origin,
            region,
            env: { ...env, ALIBABA_CLOUD_SECURITY_TOKEN: 'sts-token-never-printed' },
            rate: 1000,
            backoffMs: 1,
          }),
        ).rejects.toMatchObject({ message: expect.stringMatching(hint) });
      } finally {
        await stub.close();
      }
    }
  });

  it('the CLI prints the code on stderr, exits 2 and writes no report (--report-dir)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dkp-canary-'));
    const stub = await startStub(() => ({ status: 403, code: 'Forbidden.RAM' }));
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', key.accessKeyId);
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', key.accessKeySecret);
    try {
      const printed: string[] = [];
      const io = { out: (l: string) => printed.push(l), err: (l: string) => printed.push(l) };
      const auditCode = await main(
        ['audit', '--endpoint', stub.origin, '--region', region, '--report-dir', join(dir, 'audit')],
        io,
      );
      const verifyCode = await main(
        ['verify', '--target', stub.origin, '--region', region, '--report-dir', join(dir, 'verify')],
        io,
      );
      expect([auditCode, verifyCode]).toEqual([2, 2]);
      expect(printed.filter((l) => l.includes('HTTP 403 Forbidden.RAM (V1)'))).toHaveLength(2);
      expect(printed.join('\n')).not.toContain(key.accessKeySecret);
      expect(existsSync(join(dir, 'audit'))).toBe(false);
      expect(existsSync(join(dir, 'verify'))).toBe(false);
    } finally {
      vi.unstubAllEnvs();
      await stub.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('not a credentials problem: the run goes on and judges', () => {
  it('MissingParameter.RegionId to every request is a finding about the target (exit 1), not exit 2', async () => {
    const stub = await startStub(() => ({
      status: 400,
      code: 'MissingParameter.RegionId',
      message:
        'The input parameter "RegionId" that is mandatory for processing this request is not supplied.',
    }));
    try {
      for (const run of [auditAt, verifyAt]) {
        const { report } = await run(stub.origin);
        expect(report.exitCode).toBe(1);
        expect(blamedFor(report, 'MissingParameter.RegionId')).toContain('KP-1');
      }
    } finally {
      await stub.close();
    }
  });

  it('V3 refused while V1 passes is a finding about the target, judged as usual (exit 1)', async () => {
    const world = { accessKeys: [key], regions: [region], keyPairs: [], instances: [] };
    const emulator = await startEmulator({ world, worldControl: false, profile: liveLikeProfile });
    const stub = await startStub(
      (req) => (isV3(req) ? { status: 400, code: 'SignatureDoesNotMatch' } : undefined),
      emulator.origin,
    );
    try {
      for (const run of [auditAt, verifyAt]) {
        const { report } = await run(stub.origin);
        expect(report.exitCode).toBe(1);
        expect(blamedFor(report, 'SignatureDoesNotMatch')).toContain('KP-1');
      }
    } finally {
      await stub.close();
      await emulator.close();
    }
  });

  it('a canary with no answer is TARGET_UNREACHABLE (exit 3), not a verdict', async () => {
    const stub = await startStub(() => 'drop');
    try {
      for (const run of [verifyAt, auditAt]) {
        await expect(run(stub.origin)).rejects.toMatchObject({
          code: 'TARGET_UNREACHABLE',
          exitCode: 3,
          message: expect.stringMatching(/gave the V1 canary request no answer \(transport failure/),
        });
      }
      expect(stub.api()).toBe(2);
    } finally {
      await stub.close();
    }
  });

  it('InvalidRegionId.NotFound in every scheme is a wrong --region (CONFIG, exit 2), never the target', async () => {
    const stub = await startStub(() => ({ status: 404, code: 'InvalidRegionId.NotFound' }));
    try {
      for (const run of [verifyAt, auditAt]) {
        await expect(run(stub.origin)).rejects.toMatchObject({
          code: 'CONFIG',
          exitCode: 2,
          message: expect.stringMatching(/does not know region cn-hangzhou.*Check --region/),
        });
      }
      expect(stub.api()).toBe(4);
    } finally {
      await stub.close();
    }
  });
});

describe('the emulator (world URL hidden) with the wrong credentials: exit 2', () => {
  let emulator: EmulatorServer;
  beforeAll(async () => {
    const world = { accessKeys: [key], regions: [region], keyPairs: [], instances: [] };
    emulator = await startEmulator({ world, worldControl: false });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each([
    [
      'a wrong secret',
      { ...env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'a-typo-in-the-secret' },
      'SignatureDoesNotMatch',
    ],
    [
      'an unknown AccessKeyId',
      { ...env, ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tNobodyKnowsThis' },
      'InvalidAccessKeyId.NotFound',
    ],
  ])('%s: verify and audit stop, naming the code', async (_label, badEnv, code) => {
    for (const run of [verifyAt, auditAt]) {
      await expect(run(emulator.origin, { env: badEnv })).rejects.toMatchObject({
        code: 'CREDENTIALS_REJECTED',
        exitCode: 2,
        message: expect.stringContaining(`${code} (V3)`),
      });
    }
    // The same credentials through the CLI: exit 2, nothing written.
    const dir = await mkdtemp(join(tmpdir(), 'dkp-canary-cli-'));
    try {
      const printed: string[] = [];
      const io = { out: (l: string) => printed.push(l), err: (l: string) => printed.push(l) };
      await expect(
        runAuditCommand(
          ['--endpoint', emulator.origin, '--region', region, '--rate', '1000', '--report-dir', dir],
          io,
          badEnv,
        ),
      ).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(code) });
      expect(printed).toEqual([]);
      expect(existsSync(join(dir, 'report.json'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the right credentials pass the canary, which is neither counted nor recorded; a replay with a wrong secret is exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dkp-canary-rec-'));
    try {
      const result = await audit({
        endpoint: emulator.origin,
        region,
        env,
        rate: 1000,
        only: 'AU-4',
        record: dir,
        backoffMs: 1,
      });
      expect(result.report.exitCode).toBe(0);
      expect(result.report.audit?.httpRequests).toBe(result.report.run.requests + 2);
      const names = result.recording?.exchanges.map((e) => e.name) ?? [];
      expect(names.length).toBe(result.report.run.requests);
      expect(names.filter((n) => n.startsWith('canary'))).toEqual([]);
      await expect(
        verify({
          target: emulator.origin,
          replay: dir,
          env: { ...env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'a-typo-in-the-secret' },
        }),
      ).rejects.toMatchObject({
        code: 'CREDENTIALS_REJECTED',
        message: expect.stringContaining('SignatureDoesNotMatch (V1)'),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('an explicit --world-url that does not control the target: exit 2', () => {
  it('the world URL of another emulator: CONFIG, in verify and verify --replay, nothing judged', async () => {
    const world = { accessKeys: [key], regions: [region], keyPairs: [], instances: [] };
    const live = await startEmulator({ world, worldControl: false });
    const [a, b] = await Promise.all([startEmulator(), startEmulator()]);
    const dir = await mkdtemp(join(tmpdir(), 'dkp-canary-world-'));
    try {
      await audit({ endpoint: live.origin, region, env, rate: 1000, only: 'AU-4', record: dir });
      for (const options of [{ seed: 7, runs: 5, contracts: false }, { replay: dir }]) {
        await expect(verify({ target: a.origin, worldUrl: b.worldUrl, ...options })).rejects.toMatchObject({
          code: 'CONFIG',
          exitCode: 2,
          message: expect.stringMatching(
            /InvalidAccessKeyId\.NotFound \(V1\).*--world-url controls --target/,
          ),
        });
      }
    } finally {
      await Promise.all([a.close(), b.close(), live.close()]);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('its own world URL passes, and the run judges as usual', async () => {
    const a = await startEmulator();
    try {
      const { report } = await verify({
        target: a.origin,
        worldUrl: a.worldUrl,
        seed: 7,
        runs: 3,
        contracts: false,
      });
      expect(report.run.worldControl).toBe(true);
      expect(report.exitCode).toBe(0);
    } finally {
      await a.close();
    }
  });
});
