import { describe, expect, it } from 'vitest';
import {
  type ApiCall,
  encodeRequest,
  isFormContentType,
  isoTimestamp,
  transports,
} from '../../harness/wire/encodeRequest.ts';
import { parseParams } from '../../harness/wire/percentEncode.ts';
import { verifyV1 } from '../../harness/wire/signV1.ts';
import { parseV3Authorization, sha256Hex, verifyV3 } from '../../harness/wire/signV3.ts';
import type { WireRequest } from '../../harness/wire/WireMessage.ts';
import { resignReplayed, schemeOfReplayed } from './resignReplayed.ts';

// A request as a pact replays it: signed long ago, with the consumer's key and the pact's example values.
const recordedKey = { accessKeyId: 'LTAI-contract-consumer', accessKeySecret: 'contract-consumer-secret' };
const runKey = { accessKeyId: 'LTAI-run', accessKeySecret: 'run-secret' };
const host = '127.0.0.1:4321';
const now = Date.parse('2026-11-28T10:00:00Z');

function recorded(scheme: 'v1' | 'v3', transport: ApiCall['transport']): WireRequest {
  return encodeRequest({
    params: [
      ['RegionId', 'cn-hangzhou'],
      ['KeyPairName', 'contract-kp'],
      ['InstanceIds', '["i-a", "i-b"]'],
    ],
    transport,
    host: '127.0.0.1:1',
    signing: {
      scheme,
      ...recordedKey,
      timestamp: '2016-02-23T12:46:24Z',
      nonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    },
  });
}

function split(wire: WireRequest) {
  const at = wire.target.indexOf('?');
  const query = parseParams(at < 0 ? '' : wire.target.slice(at + 1)).params;
  const form = isFormContentType(wire.headers['content-type'])
    ? parseParams(new TextDecoder().decode(wire.body)).params
    : [];
  return { query, form, all: [...query, ...form] };
}

const value = (params: ReadonlyArray<readonly [string, string]>, name: string) =>
  params.find(([k]) => k === name)?.[1];

function v3Verifies(wire: WireRequest, secret: string) {
  const at = wire.target.indexOf('?');
  return verifyV3(
    {
      method: wire.method,
      path: '/',
      query: parseParams(at < 0 ? '' : wire.target.slice(at + 1)).params,
      headers: wire.headers,
      body: wire.body,
    },
    secret,
  );
}

describe('resignReplayed', () => {
  for (const transport of transports) {
    it(`V1 over ${transport}: fresh Timestamp, nonce and key, a Signature that verifies with the run's secret (AU-1)`, () => {
      const before = recorded('v1', transport);
      const after = resignReplayed(before, { key: runKey, host, now, breakage: null });
      const { all, query, form } = split(after);
      expect(schemeOfReplayed(before)).toBe('v1');
      expect(verifyV1(after.method, all, runKey.accessKeySecret)).toEqual({ ok: true });
      expect(value(all, 'AccessKeyId')).toBe(runKey.accessKeyId);
      expect(value(all, 'Timestamp')).toBe(isoTimestamp(now));
      expect(value(all, 'SignatureNonce')).not.toBe('3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf');
      // Every parameter stays where the client put it, the signature included.
      const was = split(before);
      expect(query.map(([k]) => k).sort()).toEqual(was.query.map(([k]) => k).sort());
      expect(form.map(([k]) => k).sort()).toEqual(was.form.map(([k]) => k).sort());
      expect(value(all, 'InstanceIds')).toBe('["i-a", "i-b"]');
    });
  }

  it('V3: fresh x-acs-date, nonce and body hash, the Host it is sent to, an Authorization for the run key (AU-2)', () => {
    const before = recorded('v3', 'post-query');
    const after = resignReplayed(before, { key: runKey, host, now, breakage: null });
    expect(schemeOfReplayed(before)).toBe('v3');
    expect(v3Verifies(after, runKey.accessKeySecret)).toEqual({ ok: true });
    expect(after.headers.host).toBe(host);
    expect(after.headers['x-acs-date']).toBe(isoTimestamp(now));
    expect(after.headers['x-acs-signature-nonce']).not.toBe(before.headers['x-acs-signature-nonce']);
    expect(after.headers['x-acs-content-sha256']).toBe(sha256Hex(after.body));
    expect(parseV3Authorization(after.headers.authorization ?? '')?.accessKeyId).toBe(runKey.accessKeyId);
  });

  it('V3 without its Authorization (a pact that left it out) is still recognised and signed', () => {
    const before = recorded('v3', 'post-query');
    const { authorization: _dropped, ...headers } = before.headers;
    const after = resignReplayed({ ...before, headers }, { key: runKey, host, now, breakage: null });
    expect(v3Verifies(after, runKey.accessKeySecret)).toEqual({ ok: true });
  });

  it('re-applies a wrong-signature breakage after signing, in both schemes (AU-3)', () => {
    const v1 = resignReplayed(recorded('v1', 'get-query'), {
      key: runKey,
      host,
      now,
      breakage: 'wrong-signature',
    });
    expect(verifyV1(v1.method, split(v1).all, runKey.accessKeySecret)).toMatchObject({
      ok: false,
      reason: 'mismatch',
    });
    const v3 = resignReplayed(recorded('v3', 'post-query'), {
      key: runKey,
      host,
      now,
      breakage: 'wrong-signature',
    });
    expect(v3Verifies(v3, runKey.accessKeySecret)).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('re-applies the breakages chosen at signing time: stale timestamps and unknown keys (AU-4, AU-6)', () => {
    const stale = resignReplayed(recorded('v1', 'get-query'), {
      key: runKey,
      host,
      now,
      breakage: 'stale-timestamp',
    });
    expect(value(split(stale).all, 'Timestamp')).toBe(isoTimestamp(now - 16 * 60 * 1000));
    expect(verifyV1(stale.method, split(stale).all, runKey.accessKeySecret)).toEqual({ ok: true });
    const unknown = resignReplayed(recorded('v3', 'post-query'), {
      key: runKey,
      host,
      now,
      breakage: 'unknown-access-key',
    });
    expect(parseV3Authorization(unknown.headers.authorization ?? '')?.accessKeyId).toMatch(
      /^unknownAccessKey/,
    );
  });

  it('refuses a breakage a replay cannot carry (AU-7 needs an earlier authenticated nonce)', () => {
    expect(() =>
      resignReplayed(recorded('v1', 'get-query'), { key: runKey, host, now, breakage: 'replayed-nonce' }),
    ).toThrow(/replayed-nonce/);
  });
});
