import { describe, expect, it } from 'vitest';
import { type ApiCall, encodeRequest, isFormContentType, transports } from './encodeRequest.ts';
import { parseParams } from './percentEncode.ts';
import { verifyV1 } from './signV1.ts';
import { parseV3Authorization, sha256Hex, verifyV3 } from './signV3.ts';
import type { WireRequest } from './WireMessage.ts';

const business: Array<[string, string]> = [
  ['RegionId', 'cn-hangzhou'],
  ['KeyPairName', 'kp é*~ &=+'],
  ['InstanceIds', '["i-bp1d6tsvznfghy7y****", "i-bp1ippxbaql9zet7****"]'],
];

function call(scheme: 'v1' | 'v3', transport: ApiCall['transport']): ApiCall {
  return {
    params: business,
    transport,
    host: '127.0.0.1:4000',
    signing: { scheme, accessKeyId: 'testid', accessKeySecret: 'testsecret' },
  };
}

/** Query and form parameters of a wire request, as a server reads them (TR-1: query ∪ body). */
function split(wire: WireRequest) {
  const at = wire.target.indexOf('?');
  const query = parseParams(at < 0 ? '' : wire.target.slice(at + 1)).params;
  const form = (wire.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
    ? parseParams(new TextDecoder().decode(wire.body)).params
    : [];
  return { query, form, all: [...query, ...form] };
}

describe('encodeRequest', () => {
  for (const transport of transports) {
    it(`V1 over ${transport} verifies with the secret and carries every parameter (AU-1, TR-1)`, () => {
      const wire = encodeRequest(call('v1', transport));
      const { query, form, all } = split(wire);
      expect(wire.method).toBe(transport === 'get-query' ? 'GET' : 'POST');
      expect(verifyV1(wire.method, all, 'testsecret')).toEqual({ ok: true });
      expect(verifyV1(wire.method, all, 'other')).toMatchObject({ ok: false, reason: 'mismatch' });
      for (const pair of business) expect(all).toContainEqual(pair);
      expect(all).toContainEqual(['Action', 'DetachKeyPair']);
      expect(all).toContainEqual(['Version', '2014-05-26']);
      if (transport === 'post-form' || transport === 'post-form-charset') expect(query).toEqual([]);
      if (transport === 'post-form-charset') {
        // The Java SDK's form Content-Type: still a form (TR-1), with a charset parameter.
        expect(wire.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=utf-8');
        expect(isFormContentType(wire.headers['content-type'])).toBe(true);
      }
      if (transport === 'post-split-form') {
        expect(form).toEqual(business);
        expect(query.map(([k]) => k)).toContain('Signature');
      }
      if (transport === 'get-query' || transport === 'post-query') expect(form).toEqual([]);
    });

    it(`V3 over ${transport} verifies, signs every x-acs header and hashes the body (AU-2, GEN-5)`, () => {
      const wire = encodeRequest(call('v3', transport));
      const { query, form } = split(wire);
      const input = { method: wire.method, path: '/', query, headers: wire.headers, body: wire.body };
      expect(verifyV3(input, 'testsecret')).toEqual({ ok: true });
      expect(verifyV3(input, 'other')).toMatchObject({ ok: false, reason: 'mismatch' });
      expect(wire.headers['x-acs-action']).toBe('DetachKeyPair');
      expect(wire.headers['x-acs-version']).toBe('2014-05-26');
      expect(wire.headers['x-acs-content-sha256']).toBe(sha256Hex(wire.body));
      const auth = parseV3Authorization(wire.headers.authorization ?? '');
      const xacs = Object.keys(wire.headers).filter((h) => h.startsWith('x-acs-'));
      expect(auth?.signedHeaders).toEqual(expect.arrayContaining(['host', ...xacs]));
      expect([...query, ...form]).toEqual(expect.arrayContaining(business));
    });
  }

  it('uses a fresh nonce on every request unless one is given (AU-7, CL-4)', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const wire = encodeRequest(call('v1', 'get-query'));
      nonces.add(split(wire).all.find(([k]) => k === 'SignatureNonce')?.[1] ?? '');
      nonces.add(encodeRequest(call('v3', 'post-query')).headers['x-acs-signature-nonce'] ?? '');
    }
    expect(nonces.size).toBe(40);
    const fixed = {
      ...call('v3', 'post-query'),
      signing: { ...call('v3', 'post-query').signing, nonce: 'n-1' },
    };
    expect(encodeRequest(fixed).headers['x-acs-signature-nonce']).toBe('n-1');
  });

  it('reproduces golden vector V1-D through the encoder (signV1.test.ts)', () => {
    const wire = encodeRequest({
      params: [
        ['Format', 'JSON'],
        ['RegionId', 'cn-hangzhou'],
        ['KeyPairName', 'testKeyPairName'],
        ['InstanceIds', '["i-bp1d6tsvznfghy7y****", "i-bp1ippxbaql9zet7****"]'],
      ],
      transport: 'get-query',
      host: 'ecs.aliyuncs.com',
      signing: {
        scheme: 'v1',
        accessKeyId: 'testid',
        accessKeySecret: 'testsecret',
        nonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
        timestamp: '2016-02-23T12:46:24Z',
      },
    });
    expect(split(wire).all).toContainEqual(['Signature', 'RDkRq21XUe3ys5QhZl5gHBsjFVE=']);
  });

  it('sends SecurityToken (V1) and a signed x-acs-security-token (V3) for temporary credentials', () => {
    const v1 = encodeRequest({
      ...call('v1', 'get-query'),
      signing: { ...call('v1', 'get-query').signing, securityToken: 'tok' },
    });
    expect(split(v1).all).toContainEqual(['SecurityToken', 'tok']);
    const v3 = encodeRequest({
      ...call('v3', 'post-query'),
      signing: { ...call('v3', 'post-query').signing, securityToken: 'tok' },
    });
    expect(parseV3Authorization(v3.headers.authorization ?? '')?.signedHeaders).toContain(
      'x-acs-security-token',
    );
  });
});
