import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorServer, startEmulator } from '../emulator/startEmulator.ts';
import type { Recording } from '../recordings/Recording.ts';
import { env, key, manifest, region, sandboxWorld, startProxy } from '../runner/auditTestKit.ts';
import { suiteVersion } from '../runner/suiteVersion.ts';
import { runAuditCommand } from './auditCommand.ts';
import type { Io } from './commandKit.ts';
import { commandSchemas } from './commandSchemas.ts';

// `dkp-conformance audit` as a person runs it: exit codes, what is printed, what is written.

function io(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

let dir: string;
let requests = 0;
let server: EmulatorServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dkp-audit-'));
  server = await startEmulator({
    worldControl: false,
    world: sandboxWorld(),
    onRequest: () => void requests++,
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const args = (...extra: string[]) => [
  '--endpoint',
  server.origin,
  '--region',
  region,
  '--rate',
  '1000',
  ...extra,
];

describe('audit: usage and configuration errors are exit 2, and nothing is sent', () => {
  it.each([
    [
      'missing credentials',
      [] as string[],
      {},
      /ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET/,
    ],
    ['a secret without an id', [], { ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'x' }, /ALIBABA_CLOUD_ACCESS_KEY_ID/],
    ['--allow-mutation without --sandbox', ['--allow-mutation'], env, /--allow-mutation needs --sandbox/],
    ['--sandbox without --allow-mutation', ['--sandbox', 'm.json'], env, /--sandbox needs --allow-mutation/],
    [
      'an unreadable manifest',
      ['--allow-mutation', '--sandbox', '/nonexistent/m.json'],
      env,
      /cannot read --sandbox/,
    ],
    ['--rate 0', ['--rate', '0'], env, /--rate must be/],
    ['--timeout abc', ['--timeout', 'abc'], env, /--timeout must be/],
    ['--max-response-bytes 0', ['--max-response-bytes', '0'], env, /--max-response-bytes must be/],
    ['an unknown --only', ['--only', 'XX-9'], env, /--only: unknown rule/],
  ])('%s', async (_name, extra, environment, message) => {
    const before = requests;
    await expect(runAuditCommand(args(...extra), io(), environment)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(message),
    });
    expect(requests).toBe(before);
  });

  it('a manifest that is not JSON, or not a valid manifest, or of another region', async () => {
    const cases: [string, RegExp][] = [
      ['{not json', /is not JSON/],
      [
        JSON.stringify({ regionId: region, keyPairName: '', linuxInstanceIds: [] }),
        /"keyPairName" must be a non-empty string; "linuxInstanceIds" must be a non-empty list/,
      ],
      [
        JSON.stringify({ ...manifest, windowsInstanceId: 'i-sandbox-1' }),
        /also listed in "linuxInstanceIds"/,
      ],
      [
        JSON.stringify({ ...manifest, regionId: 'cn-qingdao' }),
        /names region cn-qingdao but --region is cn-hangzhou/,
      ],
    ];
    for (const [text, message] of cases) {
      const file = join(dir, 'manifest.json');
      await writeFile(file, text);
      const before = requests;
      await expect(
        runAuditCommand(args('--allow-mutation', '--sandbox', file), io(), env),
      ).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(message) });
      expect(requests).toBe(before);
    }
  });

  it('--endpoint must be an origin', async () => {
    await expect(
      runAuditCommand(['--endpoint', `${server.origin}/path`, '--region', region], io(), env),
    ).rejects.toMatchObject({ exitCode: 2 });
    expect(commandSchemas.audit.usage).toContain('--endpoint URL --region ID');
  });
});

describe('audit: runs', () => {
  it('prints progress, the rule table and the summary; exit 0 on the clean emulator', async () => {
    const out = io();
    expect(await runAuditCommand(args('--seed', '3'), out, env)).toBe(0);
    expect(out.lines.some((l) => /verdict: conformant/i.test(l))).toBe(true);
    expect(out.lines.at(-1)).toMatch(/^\d+ passed, \d+ failed, \d+ warned, \d+ skipped$/);
    expect(out.errors).toEqual([]);
  });

  it('an instance the sandbox could not restore is exit 1, printed loudly with the command that restores it', async () => {
    const own = await startEmulator({ worldControl: false, world: sandboxWorld() });
    // A proxy that answers every AttachKeyPair 503: retryable, but a mutating request is never retried,
    // so the restore never happens.
    const proxy = await startProxy(own.origin, (r) =>
      /Action=AttachKeyPair/.test(r.url)
        ? { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '0' } }
        : undefined,
    );
    const file = join(dir, 'sandbox.json');
    await writeFile(file, JSON.stringify(manifest));
    try {
      const out = io();
      const code = await runAuditCommand(
        [
          '--endpoint',
          proxy.origin,
          '--region',
          region,
          '--rate',
          '1000',
          '--allow-mutation',
          '--sandbox',
          file,
          '--only',
          'ST',
        ],
        out,
        env,
      );
      expect(code).toBe(1);
      expect(proxy.seen.filter((r) => /Action=AttachKeyPair/.test(r.url))).toHaveLength(1);
      expect(out.errors.join('\n')).toContain('SANDBOX NOT RESTORED: 2 instance(s)');
      expect(out.errors).toContain(
        `aliyun ecs AttachKeyPair --RegionId cn-hangzhou --KeyPairName conformance-sandbox --InstanceIds '["i-sandbox-1","i-sandbox-2"]'`,
      );
      const sandbox = own.world().instances.filter((i) => manifest.linuxInstanceIds.includes(i.instanceId));
      expect(sandbox.map((i) => i.keyPairName)).toEqual([null, null]);
    } finally {
      await proxy.close();
      await own.close();
    }
  });

  it('--record and --report-dir: no secret, live signature, nonce or token of the run is written or printed', async () => {
    const securityToken = 'CAIS-audit-token+with/slashes==';
    const own = await startEmulator({ worldControl: false, world: sandboxWorld() });
    const proxy = await startProxy(own.origin);
    const file = join(dir, 'sandbox-secrets.json');
    await writeFile(file, JSON.stringify(manifest));
    const recordDir = join(dir, 'recording');
    const reportDir = join(dir, 'reports');
    try {
      const out = io();
      const code = await runAuditCommand(
        [
          ...['--endpoint', proxy.origin, '--region', region, '--rate', '1000'],
          ...['--allow-mutation', '--sandbox', file, '--record', recordDir, '--report-dir', reportDir],
        ],
        out,
        { ...env, ALIBABA_CLOUD_SECURITY_TOKEN: securityToken },
      );
      expect(code).toBe(0);
      // Every volatile value the target received, read from the wire itself.
      const volatile = new Set<string>([key.accessKeySecret, securityToken]);
      for (const r of proxy.seen) {
        const params = new URLSearchParams(`${r.url.split('?')[1] ?? ''}&${r.body}`);
        for (const name of ['Signature', 'SignatureNonce']) {
          const v = params.get(name);
          if (v) volatile.add(v);
        }
        const nonce = r.headers['x-acs-signature-nonce'];
        if (typeof nonce === 'string') volatile.add(nonce);
        const signature = /Signature=([0-9a-f]{64})/.exec(String(r.headers.authorization ?? ''))?.[1];
        if (signature !== undefined) volatile.add(signature);
      }
      expect(volatile.size).toBeGreaterThan(100);
      const written = [
        ...(await readdir(recordDir)).map((f) => join(recordDir, f)),
        ...(await readdir(reportDir)).map((f) => join(reportDir, f)),
      ];
      // The recording, and its copy in the report directory, where `compare` reads it (issue 18).
      expect(written.map((f) => f.split('/').at(-1)).sort()).toEqual([
        'junit.xml',
        'recording.json',
        'recording.json',
        'report.html',
        'report.json',
      ]);
      expect(await readFile(join(reportDir, 'recording.json'), 'utf8')).toBe(
        await readFile(join(recordDir, 'recording.json'), 'utf8'),
      );
      const texts = [
        ...(await Promise.all(written.map((f) => readFile(f, 'utf8')))),
        ...out.lines,
        ...out.errors,
      ];
      for (const text of texts) {
        for (const v of volatile) {
          expect(text.includes(v)).toBe(false);
          expect(text.includes(encodeURIComponent(v))).toBe(false);
        }
      }
      const recordingText = texts[0] as string;
      expect(recordingText).not.toContain(key.accessKeyId);
      const recording = JSON.parse(recordingText) as Recording;
      expect(recording).toMatchObject({
        schemaVersion: 1,
        suiteVersion,
        endpoint: proxy.origin,
        region,
        accessKeyId: 'LTAI****01',
      });
      expect(Date.parse(recording.recordedAt)).not.toBeNaN();
      // Every exchange is recorded once (retries would be one exchange); none is missing but the two
      // canaries, the run's precondition, never judged (target-protocol §4).
      expect(recording.exchanges).toHaveLength(proxy.seen.length - 2);
      const names = recording.exchanges.map((e) => e.name);
      expect(names).toContain('sandbox:detach-linux');
      expect(names).toContain('replayed-nonce-v1:first-use');
      expect(recordingText).toContain('<signature>');
      expect(recordingText).toContain('<nonce>');
      expect(recordingText).toContain('<security-token>');
      expect(recordingText).toContain('<request-id>');
      expect(out.lines.some((l) => l.startsWith('recording: '))).toBe(true);
    } finally {
      await proxy.close();
      await own.close();
    }
  });
});
