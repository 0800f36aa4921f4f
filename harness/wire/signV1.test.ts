import { describe, expect, it } from 'vitest';
import { signV1, v1StringToSign, verifyV1 } from './signV1.ts';
import type { ParamList } from './WireMessage.ts';

// Golden vectors: V1-A and V1-B from Alibaba Cloud's public signature documentation
// (https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism), V1-C from the SDK's unit tests,
// V1-D derived and agreed by two independent implementations.

const V1_A: ParamList = [
  ['AccessKeyId', 'testid'],
  ['Action', 'DescribeRegions'],
  ['Format', 'XML'],
  ['SignatureMethod', 'HMAC-SHA1'],
  ['SignatureNonce', '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf'],
  ['SignatureVersion', '1.0'],
  ['Timestamp', '2016-02-23T12:46:24Z'],
  ['Version', '2014-05-26'],
];

const V1_B: ParamList = [
  ['AccessKeyId', 'testid'],
  ['Action', 'DescribeDedicatedHosts'],
  ['Format', 'JSON'],
  ['RegionId', 'cn-beijing'],
  ['SignatureMethod', 'HMAC-SHA1'],
  ['SignatureNonce', 'edb2b34af0af9a6d14deaf7c1a5315eb'],
  ['SignatureVersion', '1.0'],
  ['Timestamp', '2023-03-13T08:34:30Z'],
  ['Version', '2014-05-26'],
];

const V1_C: ParamList = [
  ['query', 'test'],
  ['body', 'test'],
];

// Listed in the note's (unsorted) order on purpose.
const V1_D: ParamList = [
  ['Action', 'DetachKeyPair'],
  ['Format', 'JSON'],
  ['Version', '2014-05-26'],
  ['AccessKeyId', 'testid'],
  ['SignatureMethod', 'HMAC-SHA1'],
  ['SignatureVersion', '1.0'],
  ['SignatureNonce', '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf'],
  ['Timestamp', '2016-02-23T12:46:24Z'],
  ['RegionId', 'cn-hangzhou'],
  ['KeyPairName', 'testKeyPairName'],
  ['InstanceIds', '["i-bp1d6tsvznfghy7y****", "i-bp1ippxbaql9zet7****"]'],
];

describe('signV1 golden vectors (AU-1)', () => {
  it('V1-A (documented DescribeRegions)', () => {
    expect(signV1('GET', V1_A, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('V1-A string-to-sign matches the documented one', () => {
    expect(v1StringToSign('GET', V1_A)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1' +
        '%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0' +
        '%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
  });

  it('V1-B (documented DescribeDedicatedHosts)', () => {
    expect(signV1('GET', V1_B, 'testsecret')).toBe('9NaGiOspFP5UPcwX8Iwt2YJXXuk=');
  });

  it('V1-C (SDK unit test: query=test, body=test)', () => {
    expect(signV1('GET', V1_C, 'secret')).toBe('XlUyV4sXjOuX5FnjUz9IF9tm5rU=');
  });

  it('V1-D GET (DetachKeyPair, * encoded as %2A)', () => {
    expect(signV1('GET', V1_D, 'testsecret')).toBe('RDkRq21XUe3ys5QhZl5gHBsjFVE=');
  });

  it('V1-D POST', () => {
    expect(signV1('POST', V1_D, 'testsecret')).toBe('qgSuiR7lFBb/4b1jTO5jLNNr5GI=');
  });

  it('ignores a Signature parameter already present', () => {
    expect(signV1('GET', [...V1_A, ['Signature', 'whatever']], 'testsecret')).toBe(
      'OLeaidS1JvxuMvnyHOwuJ+uX5qY=',
    );
  });
});

describe('verifyV1 (AU-1, AU-3, AU-5)', () => {
  const secret = 'testsecret';
  const signed = (method: string, params: ParamList): ParamList => [
    ...params,
    ['Signature', signV1(method, params, secret)],
  ];

  it('accepts a request it signed', () => {
    expect(verifyV1('GET', signed('GET', V1_D), secret)).toEqual({ ok: true });
  });

  it('accepts the documented signature of V1-A', () => {
    expect(verifyV1('GET', [...V1_A, ['Signature', 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=']], secret)).toEqual({
      ok: true,
    });
  });

  it('accepts the parameters in any order, Signature included', () => {
    const params = signed('POST', V1_D);
    const shuffled = [...params.slice(5), ...params.slice(0, 5)].reverse();
    expect(verifyV1('POST', shuffled, secret)).toEqual({ ok: true });
  });

  it('signs an empty value as k= (SignatureType= from the Go SDK and aliyun CLI)', () => {
    const params: ParamList = [...V1_A, ['SignatureType', '']];
    expect(v1StringToSign('GET', params)).toContain('%26SignatureType%3D%26');
    expect(verifyV1('GET', signed('GET', params), secret)).toEqual({ ok: true });
    // Dropping the empty parameter changes the string-to-sign, so it really is signed.
    expect(signV1('GET', params, secret)).not.toBe(signV1('GET', V1_A, secret));
  });

  it('rejects one flipped character in the signature', () => {
    const good = signV1('GET', V1_D, secret);
    const flipped = (good[0] === 'A' ? 'B' : 'A') + good.slice(1);
    const result = verifyV1('GET', [...V1_D, ['Signature', flipped]], secret);
    expect(result).toEqual({ ok: false, reason: 'mismatch', stringToSign: v1StringToSign('GET', V1_D) });
  });

  it('rejects one flipped character in a signed value', () => {
    const params = signed('GET', V1_D).map(([k, v]): [string, string] =>
      k === 'KeyPairName' ? [k, 'testKeyPairNamf'] : [k, v],
    );
    expect(verifyV1('GET', params, secret)).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('rejects a signature of a different length without throwing', () => {
    expect(verifyV1('GET', [...V1_D, ['Signature', 'short']], secret)).toMatchObject({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('rejects the right signature under the wrong method or secret', () => {
    expect(verifyV1('POST', signed('GET', V1_D), secret)).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verifyV1('GET', signed('GET', V1_D), 'other')).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('reports a missing or empty Signature as missing-signature', () => {
    expect(verifyV1('GET', V1_D, secret)).toEqual({
      ok: false,
      reason: 'missing-signature',
      stringToSign: v1StringToSign('GET', V1_D),
    });
    expect(verifyV1('GET', [...V1_D, ['Signature', '']], secret)).toMatchObject({
      ok: false,
      reason: 'missing-signature',
    });
  });
});
