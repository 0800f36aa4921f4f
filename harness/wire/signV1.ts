import { createHmac } from 'node:crypto';
import { canonicalQuery, percentEncode } from './percentEncode.ts';
import { type SignatureComparison, sameSignature } from './sameSignature.ts';
import type { ParamList } from './WireMessage.ts';

/** The outcome of {@link verifyV1}: ok, or why not, with the string-to-sign the verifier computed. */
export type V1Verification =
  | { ok: true }
  | { ok: false; reason: 'missing-signature' | 'mismatch'; stringToSign: string };

/**
 * The V1 string-to-sign (AU-1): `METHOD&%2F&percentEncode(canonicalQuery)` over every parameter except
 * `Signature`, so the order in which parameters arrive never matters. `method` is used exactly as sent
 * (HTTP methods are case-sensitive).
 */
export function v1StringToSign(method: string, params: ParamList): string {
  const signed = params.filter(([name]) => name !== 'Signature');
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(signed))}`;
}

/**
 * The V1 `Signature` value (AU-1): base64 HMAC-SHA1 of {@link v1StringToSign} with key `secret + "&"`.
 * Any `Signature` already in `params` is ignored.
 */
export function signV1(method: string, params: ParamList, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`)
    .update(v1StringToSign(method, params), 'utf8')
    .digest('base64');
}

/**
 * Verifies the `Signature` parameter carried in `params` (query ∪ form body) against `accessKeySecret`
 * (AU-1, judged as AU-3 on mismatch). Only parameters count: headers play no part in V1. The comparison
 * is timing-safe, exact by default or by decoded bytes (`comparison`, AU-3). An absent or empty `Signature`
 * is `missing-signature` (GEN-1: empty counts as missing, judged as AU-5); when it appears more than once,
 * the first occurrence is the one checked.
 */
export function verifyV1(
  method: string,
  params: ParamList,
  accessKeySecret: string,
  comparison: SignatureComparison = 'exact',
): V1Verification {
  const stringToSign = v1StringToSign(method, params);
  const received = params.find(([name]) => name === 'Signature')?.[1];
  if (received === undefined || received === '') {
    return { ok: false, reason: 'missing-signature', stringToSign };
  }
  const expected = createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
  if (sameSignature(received, expected, 'base64', comparison)) {
    return { ok: true };
  }
  return { ok: false, reason: 'mismatch', stringToSign };
}
