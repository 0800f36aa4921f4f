import { describe, expect, it } from 'vitest';
import type { V3Input } from './signV3.ts';
import {
  defaultSignedHeaders,
  parseV3Authorization,
  sha256Hex,
  signV3,
  v3CanonicalRequest,
  verifyV3,
} from './signV3.ts';

// Golden vectors: V3-A from Alibaba Cloud's public V3 signature documentation
// (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature), V3-B derived.

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const V3_SIGNED_HEADERS = [
  'host',
  'x-acs-action',
  'x-acs-content-sha256',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-version',
];

const V3_A: V3Input = {
  method: 'POST',
  path: '/',
  query: [
    ['ImageId', 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd'],
    ['RegionId', 'cn-shanghai'],
  ],
  headers: {
    host: 'ecs.cn-shanghai.aliyuncs.com',
    'x-acs-action': 'RunInstances',
    'x-acs-content-sha256': EMPTY_SHA256,
    'x-acs-date': '2023-10-26T10:22:32Z',
    'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
    'x-acs-version': '2014-05-26',
  },
  body: new Uint8Array(),
};

const V3_B: V3Input = {
  ...V3_A,
  query: [
    ['InstanceIds', '["i-bp1d6tsvznfghy7y****", "i-bp1ippxbaql9zet7****"]'],
    ['KeyPairName', 'testKeyPairName'],
    ['RegionId', 'cn-hangzhou'],
  ],
  headers: { ...V3_A.headers, host: 'ecs.cn-hangzhou.aliyuncs.com', 'x-acs-action': 'DetachKeyPair' },
};

const credentials = { accessKeyId: 'YourAccessKeyId', accessKeySecret: 'YourAccessKeySecret' };

describe('sha256Hex', () => {
  it('hashes bytes and UTF-8 strings to lower-case hex', () => {
    expect(sha256Hex(new Uint8Array())).toBe(EMPTY_SHA256);
    expect(sha256Hex('')).toBe(EMPTY_SHA256);
    expect(sha256Hex('é')).toBe(sha256Hex(new TextEncoder().encode('é')));
  });
});

describe('signV3 golden vectors (AU-2)', () => {
  it('V3-A (documented RunInstances): signed headers, canonical request, hash, signature', () => {
    const result = signV3({ ...V3_A, ...credentials });
    expect(result.signedHeaders).toEqual(V3_SIGNED_HEADERS);
    expect(result.canonicalRequest).toBe(
      [
        'POST',
        '/',
        'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        'host:ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action:RunInstances',
        `x-acs-content-sha256:${EMPTY_SHA256}`,
        'x-acs-date:2023-10-26T10:22:32Z',
        'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
        'x-acs-version:2014-05-26',
        '',
        V3_SIGNED_HEADERS.join(';'),
        EMPTY_SHA256,
      ].join('\n'),
    );
    expect(result.hashedCanonicalRequest).toBe(
      '7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259',
    );
    expect(result.signature).toBe('06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0');
    expect(result.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,' +
        'SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,' +
        'Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
  });

  it('V3-B (DetachKeyPair, JSON InstanceIds with * and spaces)', () => {
    const result = signV3({ ...V3_B, ...credentials });
    expect(result.signedHeaders).toEqual(V3_SIGNED_HEADERS);
    expect(result.hashedCanonicalRequest).toBe(
      '6ba2f408f5c9c2c96cb8541a1bde42641ba486a4ea8ae0c722464bb3c2c1f126',
    );
    expect(result.signature).toBe('81598d53e177bfbb5082df4c8c6283d396c37cc8d74c3dc82660bf32a91750df');
  });

  it('V3-B does not depend on query order', () => {
    const reversed = { ...V3_B, query: [...V3_B.query].reverse() };
    expect(signV3({ ...reversed, ...credentials }).signature).toBe(
      '81598d53e177bfbb5082df4c8c6283d396c37cc8d74c3dc82660bf32a91750df',
    );
  });

  it('signs an explicit header list, lower-cased and sorted', () => {
    const result = signV3({ ...V3_A, ...credentials, signedHeaders: [...V3_SIGNED_HEADERS].reverse() });
    expect(result.signedHeaders).toEqual(V3_SIGNED_HEADERS);
    expect(result.signature).toBe('06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0');
  });
});

describe('defaultSignedHeaders (AU-2, CL-4)', () => {
  it('takes host, content-type and every x-acs-* header, sorted', () => {
    expect(
      defaultSignedHeaders({
        'x-acs-version': 'v',
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
        host: 'h',
        'x-acs-credentials-provider': 'ak',
        'user-agent': 'ua',
        authorization: 'ACS3-HMAC-SHA256 ...',
      }),
    ).toEqual(['content-type', 'host', 'x-acs-credentials-provider', 'x-acs-version']);
  });

  it('omits content-type when absent', () => {
    expect(defaultSignedHeaders(V3_A.headers)).toEqual(V3_SIGNED_HEADERS);
  });
});

describe('v3CanonicalRequest', () => {
  it('trims header values and hashes the body when x-acs-content-sha256 is absent', () => {
    const body = new TextEncoder().encode('RegionId=cn-hangzhou');
    const input: V3Input = {
      method: 'POST',
      path: '/',
      query: [['SignatureType', '']],
      headers: { host: '  h  ', 'x-acs-date': 'd' },
      body,
    };
    expect(v3CanonicalRequest(input, ['x-acs-date', 'host'])).toBe(
      ['POST', '/', 'SignatureType=', 'host:h', 'x-acs-date:d', '', 'host;x-acs-date', sha256Hex(body)].join(
        '\n',
      ),
    );
  });

  it('takes the payload hash from x-acs-content-sha256 when present', () => {
    const input: V3Input = { ...V3_A, body: new TextEncoder().encode('not empty') };
    expect(v3CanonicalRequest(input, V3_SIGNED_HEADERS).endsWith(`\n${EMPTY_SHA256}`)).toBe(true);
  });
});

describe('parseV3Authorization (AU-5)', () => {
  it('parses the documented form', () => {
    expect(
      parseV3Authorization('ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host;x-acs-date,Signature=ab12'),
    ).toEqual({ accessKeyId: 'id', signedHeaders: ['host', 'x-acs-date'], signature: 'ab12' });
  });

  it('tolerates spaces after commas', () => {
    expect(
      parseV3Authorization('ACS3-HMAC-SHA256 Credential=id, SignedHeaders=host, Signature=ab12'),
    ).toEqual({
      accessKeyId: 'id',
      signedHeaders: ['host'],
      signature: 'ab12',
    });
  });

  it('rejects other algorithms and malformed values', () => {
    for (const value of [
      '',
      'ACS3-HMAC-SHA256',
      'ACS3-HMAC-SM3 Credential=id,SignedHeaders=host,Signature=ab',
      'acs3-hmac-sha256 Credential=id,SignedHeaders=host,Signature=ab',
      'ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host',
      'ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host,Signature=',
      'ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host;;x-acs-date,Signature=ab',
      'ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host,Signature=ab,Signature=cd',
      'ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host,Signature=ab,Extra=1',
      'ACS3-HMAC-SHA256 Credential=id;SignedHeaders=host;Signature=ab',
      'acs testid:abc=',
    ]) {
      expect(parseV3Authorization(value), value).toBeUndefined();
    }
  });
});

describe('verifyV3 (AU-2, AU-3, AU-5)', () => {
  const secret = credentials.accessKeySecret;
  const withAuth = (input: V3Input, signedHeaders?: readonly string[]): V3Input => {
    const { authorization } = signV3({
      ...input,
      ...credentials,
      ...(signedHeaders === undefined ? {} : { signedHeaders }),
    });
    return { ...input, headers: { ...input.headers, authorization } };
  };

  it('accepts the documented V3-A Authorization', () => {
    const authorization =
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,' +
      'SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,' +
      'Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0';
    expect(verifyV3({ ...V3_A, headers: { ...V3_A.headers, authorization } }, secret)).toEqual({ ok: true });
  });

  it('accepts a request it signed, with a form body', () => {
    const body = new TextEncoder().encode('InstanceIds=%5B%22i-a%22%5D&KeyPairName=kp');
    const input: V3Input = {
      ...V3_B,
      query: [],
      headers: {
        ...V3_B.headers,
        'content-type': 'application/x-www-form-urlencoded',
        'x-acs-content-sha256': sha256Hex(body),
      },
      body,
    };
    expect(verifyV3(withAuth(input), secret)).toEqual({ ok: true });
  });

  it('accepts extra signed x-acs-* headers (x-acs-credentials-provider)', () => {
    const input = { ...V3_B, headers: { ...V3_B.headers, 'x-acs-credentials-provider': 'static_ak' } };
    const signed = withAuth(input);
    expect(signed.headers.authorization).toContain('x-acs-credentials-provider');
    expect(verifyV3(signed, secret)).toEqual({ ok: true });
  });

  it('ignores an extra unsigned x-acs-* header (rejecting it is REPORT-level)', () => {
    const signed = withAuth(V3_B);
    const extra = {
      ...signed,
      headers: { ...signed.headers, 'x-acs-retry-count': '1', accept: 'application/json' },
    };
    expect(verifyV3(extra, secret)).toEqual({ ok: true });
  });

  it('accepts the query in any order', () => {
    const signed = withAuth(V3_B);
    expect(verifyV3({ ...signed, query: [...signed.query].reverse() }, secret)).toEqual({ ok: true });
  });

  it('accepts a body hashed without x-acs-content-sha256 (AU-5 leaves that REPORT)', () => {
    const { 'x-acs-content-sha256': _omitted, ...headers } = V3_B.headers;
    const input: V3Input = { ...V3_B, headers, body: new TextEncoder().encode('a=1') };
    expect(verifyV3(withAuth(input), secret)).toEqual({ ok: true });
  });

  it('rejects one flipped character in the signature', () => {
    const signed = withAuth(V3_B);
    const authorization = (signed.headers.authorization as string).replace(/.$/, (c) =>
      c === '0' ? '1' : '0',
    );
    expect(verifyV3({ ...signed, headers: { ...signed.headers, authorization } }, secret)).toMatchObject({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('rejects a changed signed header, query value, method or secret', () => {
    const signed = withAuth(V3_B);
    const cases: V3Input[] = [
      { ...signed, headers: { ...signed.headers, 'x-acs-action': 'AttachKeyPair' } },
      { ...signed, query: signed.query.map(([k, v]) => [k, k === 'RegionId' ? 'cn-beijing' : v] as const) },
      { ...signed, method: 'GET' },
    ];
    for (const input of cases) {
      expect(verifyV3(input, secret)).toMatchObject({ ok: false, reason: 'mismatch' });
    }
    expect(verifyV3(signed, 'wrong')).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('rejects a tampered body as content-sha256-mismatch', () => {
    const signed = withAuth(V3_B);
    expect(verifyV3({ ...signed, body: new TextEncoder().encode('x') }, secret)).toMatchObject({
      ok: false,
      reason: 'content-sha256-mismatch',
    });
  });

  it('rejects a listed header that is missing', () => {
    const signed = withAuth(V3_B);
    const { 'x-acs-signature-nonce': _dropped, ...headers } = signed.headers;
    const result = verifyV3({ ...signed, headers }, secret);
    expect(result).toMatchObject({ ok: false, reason: 'missing-signed-header' });
    expect(result.ok === false && result.detail).toContain('x-acs-signature-nonce');
  });

  it('reports a missing or malformed Authorization', () => {
    expect(verifyV3(V3_B, secret)).toMatchObject({ ok: false, reason: 'missing-authorization' });
    const malformed = {
      ...V3_B,
      headers: { ...V3_B.headers, authorization: 'ACS3-HMAC-SHA256 Credential=x' },
    };
    expect(verifyV3(malformed, secret)).toMatchObject({ ok: false, reason: 'malformed-authorization' });
  });
});
