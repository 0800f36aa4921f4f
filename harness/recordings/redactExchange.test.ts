import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeProbe } from '../wire/encodeProbe.ts';
import { probe } from '../wire/Probe.ts';
import { percentEncode } from '../wire/percentEncode.ts';
import { v1StringToSign } from '../wire/signV1.ts';
import type { WireRequest } from '../wire/WireMessage.ts';
import { redacted } from './Recording.ts';
import { maskAccessKeyId, redactExchange } from './redactExchange.ts';
import { writeRecording } from './writeRecording.ts';

const key = { accessKeyId: 'LTAI5tRedactionKeyAB', accessKeySecret: 'redaction-secret-never-shown' };
const securityToken = 'CAIS-temporary-token-value/with+chars==';
const context = { ...key, securityToken };
const host = 'ecs.cn-hangzhou.aliyuncs.com';

/** The volatile values a request carries, read the way a person would look for them. */
function volatile(request: WireRequest): string[] {
  const all = `${request.target}&${new TextDecoder().decode(request.body)}`;
  const params = [...all.matchAll(/(?:^|[?&])(Signature|SignatureNonce|SecurityToken)=([^&]*)/g)].map((m) =>
    decodeURIComponent(m[2] ?? ''),
  );
  const headers = [
    request.headers['x-acs-signature-nonce'],
    request.headers['x-acs-security-token'],
    /Signature=([0-9a-f]+)/.exec(request.headers.authorization ?? '')?.[1],
  ];
  return [...params, ...headers].filter((v): v is string => v !== undefined && v.length > 0);
}

describe('redactExchange', () => {
  it('masks the AccessKeyId and replaces signatures, nonces, tokens and timestamps (V1 query, V3 form)', () => {
    for (const p of [
      probe({ regionId: 'cn-hangzhou', keyPairName: 'kp', instanceIds: '["i-a"]' }),
      probe({
        scheme: 'v3',
        transport: 'post-form',
        format: null,
        regionId: 'cn-hangzhou',
        keyPairName: 'kp',
        instanceIds: '["i-a"]',
      }),
    ]) {
      const { wire } = encodeProbe(p, { key, host, now: Date.now(), securityToken });
      const values = volatile(wire);
      expect(values.length).toBeGreaterThanOrEqual(3);
      const recorded = redactExchange({ name: 'x', probe: p, request: wire }, context);
      const text = JSON.stringify(recorded);
      for (const v of [...values, key.accessKeyId, key.accessKeySecret, securityToken])
        expect(text).not.toContain(v);
      expect(text).toContain(maskAccessKeyId(key.accessKeyId));
      expect(text).toContain(redacted.signature);
      expect(text).toContain(redacted.nonce);
      expect(text).toContain(redacted.securityToken);
      expect(text).toContain(redacted.timestamp);
      expect(recorded.probe).toEqual(p);
    }
  });

  it('scrubs an answer that quotes the string to sign, and normalises request IDs (JSON and XML)', () => {
    const p = probe({ regionId: 'cn-hangzhou', keyPairName: 'kp', instanceIds: '["i-a"]' });
    const { wire } = encodeProbe(p, { key, host, now: Date.now(), securityToken });
    const params = [...new URLSearchParams(wire.target.slice(2))].filter(([k]) => k !== 'Signature');
    const stringToSign = v1StringToSign('GET', params);
    const body = JSON.stringify({
      RequestId: 'A1B2C3D4-0000-4000-8000-000000000000',
      Code: 'SignatureDoesNotMatch',
      Message: `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    });
    const recorded = redactExchange(
      {
        name: 'wrong-signature-v1',
        probe: p,
        request: wire,
        response: {
          status: 400,
          headers: { 'content-type': 'application/json', 'x-acs-request-id': 'A1B2C3D4-0000' },
          body: new TextEncoder().encode(body),
        },
      },
      context,
    );
    const text = JSON.stringify(recorded);
    for (const v of [...volatile(wire), key.accessKeyId, securityToken, percentEncode(securityToken)])
      expect(text).not.toContain(v);
    expect(text).not.toContain('A1B2C3D4');
    expect(recorded.response?.body).toContain(`"RequestId":"${redacted.requestId}"`);
    expect(recorded.response?.headers['x-acs-request-id']).toBe(redacted.requestId);
    const xml = redactExchange(
      {
        name: 'xml',
        probe: p,
        request: wire,
        response: {
          status: 400,
          headers: {},
          body: new TextEncoder().encode('<Error><RequestId>abc-123</RequestId></Error>'),
        },
      },
      context,
    );
    // Escaped, so that the recorded XML stays well-formed.
    expect(xml.response?.body).toBe(`<Error><RequestId>&lt;request-id&gt;</RequestId></Error>`);
  });

  it('writeRecording refuses to write a recording that carries a secret, and writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dkp-recording-'));
    try {
      const recording = {
        schemaVersion: 1 as const,
        suiteVersion: '0.1.0',
        endpoint: 'http://127.0.0.1:1',
        region: 'cn-hangzhou',
        recordedAt: new Date().toISOString(),
        accessKeyId: maskAccessKeyId(key.accessKeyId),
        exchanges: [],
      };
      await expect(
        writeRecording({ ...recording, region: key.accessKeySecret }, join(dir, 'bad'), [
          key.accessKeySecret,
        ]),
      ).rejects.toMatchObject({ code: 'SECRET_LEAK' });
      await expect(readFile(join(dir, 'bad', 'recording.json'), 'utf8')).rejects.toThrow();
      const path = await writeRecording(recording, join(dir, 'good'), [key.accessKeySecret]);
      expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(recording);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
