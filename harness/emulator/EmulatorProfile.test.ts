import { describe, expect, it } from 'vitest';
import type { World } from '../spec/World.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';
import { breakWire } from '../wire/encodeProbe.ts';
import { encodeRequest, isoTimestamp } from '../wire/encodeRequest.ts';
import { sameSignature } from '../wire/sameSignature.ts';
import type { WireRequest } from '../wire/WireMessage.ts';
import {
  type EmulatorProfile,
  emulatorProfiles,
  flippedProfile,
  lenientProfile,
  referenceProfile,
} from './EmulatorProfile.ts';
import { handleRequest } from './handleRequest.ts';

// AU-3: a signature is wrong only if it differs from the correct one as a value, and a server may compare
// either way. The `lenient` profile compares by value; the suite's wrong-signature probe must be refused by
// it, which the old one-character `flip` was not.

const key = { accessKeyId: 'lenient-ak', accessKeySecret: 'lenient-secret' };
const now = Date.UTC(2026, 10, 28, 10, 0, 0);
const world: World = {
  accessKeys: [key],
  regions: ['cn-hangzhou'],
  keyPairs: [{ regionId: 'cn-hangzhou', keyPairName: 'kp-a' }],
  instances: [{ regionId: 'cn-hangzhou', instanceId: 'i-1', osType: 'linux', keyPairName: 'kp-a' }],
};

/** A correctly signed request; `nonce` varies the signature. */
function signed(scheme: 'v1' | 'v3', nonce: string): WireRequest {
  return encodeRequest({
    params: [
      ['Format', 'JSON'],
      ['RegionId', 'cn-hangzhou'],
      ['KeyPairName', 'kp-a'],
      ['InstanceIds', '["i-1"]'],
    ],
    transport: 'get-query',
    host: 'ecs.unit.test',
    signing: { scheme, ...key, nonce, timestamp: isoTimestamp(now) },
  });
}

/** The status and code the emulator in `profile` answers. */
function answer(
  request: WireRequest,
  profile: EmulatorProfile,
): { status: number; code: string | undefined } {
  const out = handleRequest({ world, request, now, nonceSeen: () => false, profile });
  return { status: out.response.status, code: decodeResponse(out.response).fields.Code?.value };
}

/** The suite's old breakage, kept here only to show what it did: one character changed, near the end. */
function oldFlip(value: string): string {
  const i = value.length > 2 ? value.length - 2 : 0;
  const c = value[i] ?? 'A';
  const replacement = c === 'A' ? 'B' : c === '0' ? '1' : /[0-9]/.test(c) ? '0' : 'A';
  return value.slice(0, i) + replacement + value.slice(i + 1);
}

const v3SignatureOf = (request: WireRequest) =>
  /Signature=([0-9a-fA-F]+)/.exec(request.headers.authorization ?? '')?.[1] ?? '';
const v1SignatureOf = (request: WireRequest) =>
  new URLSearchParams(request.target.slice(request.target.indexOf('?') + 1)).get('Signature') ?? '';

function withV3Signature(request: WireRequest, signature: string): WireRequest {
  const authorization = (request.headers.authorization ?? '').replace(
    /Signature=[0-9a-fA-F]+/,
    `Signature=${signature}`,
  );
  return { ...request, headers: { ...request.headers, authorization } };
}

function withV1Signature(request: WireRequest, signature: string): WireRequest {
  const target = request.target.replace(/Signature=[^&]*/, `Signature=${encodeURIComponent(signature)}`);
  return { ...request, target };
}

/** The first request (nonces n-0, n-1, …) whose signature the old flip changed in letter case or padding only. */
function requestFlipDidNotBreak(scheme: 'v1' | 'v3'): WireRequest {
  for (let n = 0; n < 2000; n++) {
    const request = signed(scheme, `n-${n}`);
    const signature = scheme === 'v3' ? v3SignatureOf(request) : v1SignatureOf(request);
    const encoding = scheme === 'v3' ? 'hex' : 'base64';
    if (sameSignature(oldFlip(signature), signature, encoding, 'by-value')) return request;
  }
  throw new Error('no signature found that the old flip changed only in case or padding bits');
}

describe('EmulatorProfile: the bundled profiles', () => {
  it('AU-3: lenient is the reference with signatures compared by value, and flipped compares by value too', () => {
    expect(emulatorProfiles.lenient).toBe(lenientProfile);
    const { name: _l, signatureComparison: lenientComparison, ...lenientRest } = lenientProfile;
    const { name: _r, signatureComparison: referenceComparison, ...referenceRest } = referenceProfile;
    expect(lenientRest).toEqual(referenceRest);
    expect([referenceComparison, lenientComparison, flippedProfile.signatureComparison]).toEqual([
      'exact',
      'by-value',
      'by-value',
    ]);
  });
});

describe.each(['v1', 'v3'] as const)('AU-3 under the lenient profile (%s)', (scheme) => {
  const encoding = scheme === 'v3' ? 'hex' : 'base64';
  const signatureOf = scheme === 'v3' ? v3SignatureOf : v1SignatureOf;
  const withSignature = scheme === 'v3' ? withV3Signature : withV1Signature;

  it('AU-1 AU-2: a correct signature is accepted by both profiles', () => {
    const request = signed(scheme, 'n-correct');
    expect(answer(request, referenceProfile).status).toBe(200);
    expect(answer(request, lenientProfile).status).toBe(200);
  });

  it('AU-3: the old flip sometimes left the signature correct as a value: lenient accepted it, so the suite would have accused a correct server', () => {
    const request = requestFlipDidNotBreak(scheme);
    const flipped = withSignature(request, oldFlip(signatureOf(request)));
    expect(signatureOf(flipped)).not.toBe(signatureOf(request));
    // The reference compares text and refused it; lenient compares values and, rightly, accepted it.
    expect(answer(flipped, referenceProfile)).toEqual({ status: 400, code: 'SignatureDoesNotMatch' });
    expect(answer(flipped, lenientProfile).status).toBe(200);
  });

  it('AU-3: the suite’s wrong signature (breakWire) differs as a value: both profiles refuse it', () => {
    const request = requestFlipDidNotBreak(scheme);
    const broken = breakWire(request, { scheme, breakage: 'wrong-signature' }, key.accessKeySecret);
    expect(sameSignature(signatureOf(broken), signatureOf(request), encoding, 'by-value')).toBe(false);
    expect(answer(broken, referenceProfile)).toEqual({ status: 400, code: 'SignatureDoesNotMatch' });
    expect(answer(broken, lenientProfile)).toEqual({ status: 400, code: 'SignatureDoesNotMatch' });
  });
});

describe('AU-3: what lenient accepts and the reference refuses', () => {
  it('a V3 signature in upper-case hex', () => {
    const request = signed('v3', 'n-upper');
    const upper = withV3Signature(request, v3SignatureOf(request).toUpperCase());
    expect(v3SignatureOf(upper)).not.toBe(v3SignatureOf(request));
    expect(answer(upper, lenientProfile).status).toBe(200);
    expect(answer(upper, referenceProfile)).toEqual({ status: 400, code: 'SignatureDoesNotMatch' });
  });

  it('a V1 signature whose last character before "=" differs only in the padding bits', () => {
    const request = signed('v1', 'n-padding');
    const signature = v1SignatureOf(request);
    const at = signature.indexOf('=') - 1;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    // 20 bytes: the 27th character carries 4 bits of data and 2 padding bits; set a padding bit.
    const changed = alphabet[alphabet.indexOf(signature[at] ?? 'A') | 1] ?? 'B';
    const padded = withV1Signature(request, `${signature.slice(0, at)}${changed}${signature.slice(at + 1)}`);
    expect(v1SignatureOf(padded)).not.toBe(signature);
    expect(answer(padded, lenientProfile).status).toBe(200);
    expect(answer(padded, referenceProfile)).toEqual({ status: 400, code: 'SignatureDoesNotMatch' });
  });
});
