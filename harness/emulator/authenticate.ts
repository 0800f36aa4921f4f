import type { World } from '../spec/World.ts';
import { verifyV1 } from '../wire/signV1.ts';
import { parseV3Authorization, type V3Authorization, verifyV3 } from '../wire/signV3.ts';
import { type ApiError, apiError, failed, missingParameter } from './apiError.ts';
import { type ActiveFault, verifiesOverClaimedHash } from './applyFault.ts';
import type { EmulatorProfile } from './EmulatorProfile.ts';
import { type Incoming, paramValue } from './readIncoming.ts';

/** Which signature scheme a request uses, as the emulator tells them apart. */
export type Scheme = 'v1' | 'v3';

/** A request that passed authentication, with the nonce to remember (AU-7). */
export type Authenticated = { ok: true; nonceKey: string };

/** The 15-minute window of AU-6 and AU-7. */
export const clockWindowMs = 15 * 60 * 1000;

const incompleteSignature: ApiError = apiError(
  400,
  'IncompleteSignature',
  'The request signature does not conform to Alibaba Cloud standards.',
);

/** The V1 signing parameters: any of them marks a request as V1 even when another is missing (AU-5). */
const v1SigningParams = ['Signature', 'AccessKeyId', 'SignatureNonce', 'SignatureMethod', 'Timestamp'];

/**
 * V3 when the request carries an `Authorization` header, or `x-acs-action`/`x-acs-signature-nonce`
 * headers and none of the V1 signing parameters; V1 otherwise. The official SDK's V1 mode and pop-core
 * send unsigned `x-acs-*` headers beside V1 parameters: those requests are V1 (AU-1).
 */
export function schemeOf(incoming: Incoming): Scheme {
  if (incoming.headers.authorization !== undefined) return 'v3';
  if (v1SigningParams.some((name) => paramValue(incoming.params, name) !== undefined)) return 'v1';
  const h = incoming.headers;
  return h['x-acs-action'] !== undefined || h['x-acs-signature-nonce'] !== undefined ? 'v3' : 'v1';
}

/**
 * Judges authentication (AU-1..AU-7) before anything about the business parameters (AU-8): the answer
 * never depends on whether the key pair, region or instances exist. A nonce counts as used only once a
 * request carrying it has passed authentication, scoped to the AccessKeyId (both schemes share it).
 * Signatures are compared as `profile.signatureComparison` says (AU-3: exact, or by value).
 * `fault` injects one of the AU faults of `faults.ts` (none by default).
 */
export function authenticate(
  incoming: Incoming,
  scheme: Scheme,
  world: World,
  now: number,
  nonceSeen: (nonceKey: string) => boolean,
  profile: EmulatorProfile,
  fault: ActiveFault = null,
): Authenticated | { ok: false; error: ApiError } {
  // Fault v3-unsupported (AU-2): an endpoint that knows V1 only.
  if (scheme === 'v3' && fault === 'v3-unsupported') return failed(incompleteSignature);
  let accessKeyId: string;
  let nonce: string;
  let timestamp: string;
  let v3Auth: V3Authorization | undefined;
  if (scheme === 'v1') {
    for (const name of ['AccessKeyId', 'Signature', 'SignatureNonce', 'Timestamp']) {
      // Fault missing-nonce-accepted (AU-5): no nonce, no nonce logic.
      if (name === 'SignatureNonce' && fault === 'missing-nonce-accepted') continue;
      if (!paramValue(incoming.params, name)) return failed(missingParameter(name));
    }
    const method = paramValue(incoming.params, 'SignatureMethod');
    if (method !== undefined && method !== 'HMAC-SHA1') return failed(incompleteSignature);
    // Fault v1-acs-headers-rejected (AU-1): V3 headers on a V1 request are taken for a broken V3 request.
    if (
      fault === 'v1-acs-headers-rejected' &&
      Object.keys(incoming.headers).some((h) => h.startsWith('x-acs-'))
    ) {
      return failed(incompleteSignature);
    }
    accessKeyId = paramValue(incoming.params, 'AccessKeyId') ?? '';
    nonce = paramValue(incoming.params, 'SignatureNonce') ?? '';
    timestamp = paramValue(incoming.params, 'Timestamp') ?? '';
  } else {
    const header = incoming.headers.authorization;
    const parsed = header === undefined ? undefined : parseV3Authorization(header);
    if (parsed === undefined) return failed(incompleteSignature);
    const date = incoming.headers['x-acs-date'];
    if (!date) return failed(missingParameter('x-acs-date'));
    const headerNonce = incoming.headers['x-acs-signature-nonce'];
    if (!headerNonce && fault !== 'missing-nonce-accepted')
      return failed(missingParameter('x-acs-signature-nonce'));
    accessKeyId = parsed.accessKeyId;
    nonce = headerNonce ?? '';
    timestamp = date;
    v3Auth = parsed;
  }

  const time = parseTimestamp(timestamp);
  if (time === undefined) {
    return failed(
      apiError(
        400,
        'IllegalTimestamp',
        `The input parameter "Timestamp" that is not a valid ISO 8601 UTC time.`,
      ),
    );
  }
  // Fault timestamp-not-checked (AU-6): no clock window.
  if (Math.abs(now - time) > clockWindowMs && fault !== 'timestamp-not-checked') {
    return failed(
      apiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.'),
    );
  }
  const key = world.accessKeys.find((k) => k.accessKeyId === accessKeyId);
  if (key === undefined) {
    // Fault unknown-access-key-wrong-code (AU-4): an unknown key is checked with an empty secret.
    if (fault === 'unknown-access-key-wrong-code') {
      return failed(
        apiError(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.'),
      );
    }
    return failed(
      apiError(
        profile.accessKeyNotFoundStatus,
        'InvalidAccessKeyId.NotFound',
        'Specified access key is not found.',
      ),
    );
  }
  if (scheme === 'v1') {
    const verdict = verifyV1(
      incoming.method,
      incoming.params,
      key.accessKeySecret,
      profile.signatureComparison,
    );
    // Fault no-signature-check (AU-3): the signature is never compared.
    if (!verdict.ok && fault !== 'no-signature-check') {
      return failed(
        apiError(
          400,
          'SignatureDoesNotMatch',
          `Specified signature is not matched with our calculation. server string to sign is:${verdict.stringToSign}`,
        ),
      );
    }
  } else {
    const input = {
      method: incoming.method,
      path: incoming.path,
      query: incoming.query,
      headers: incoming.headers,
      body: incoming.body,
    };
    const verdict = verifyV3(input, key.accessKeySecret, profile.signatureComparison);
    // Faults no-signature-check (AU-3: the signature is never compared) and body-hash-not-verified
    // (AU-2: the claimed body hash is trusted).
    const overlooked =
      !verdict.ok &&
      ((fault === 'no-signature-check' && verdict.reason === 'mismatch') ||
        (fault === 'body-hash-not-verified' &&
          verdict.reason === 'content-sha256-mismatch' &&
          v3Auth !== undefined &&
          verifiesOverClaimedHash(input, v3Auth, key.accessKeySecret)));
    if (!verdict.ok && !overlooked) {
      const incomplete =
        verdict.reason === 'missing-signed-header' || verdict.reason === 'malformed-authorization';
      return failed(
        incomplete
          ? incompleteSignature
          : apiError(
              400,
              'SignatureDoesNotMatch',
              'Specified signature is not matched with our calculation.',
            ),
      );
    }
  }
  const nonceKey = `${accessKeyId}\u0000${nonce}`;
  // Faults replayed-nonce-accepted (AU-7: the nonce log is not consulted) and missing-nonce-accepted (AU-5).
  const nonceChecked = fault !== 'replayed-nonce-accepted' && nonce !== '';
  if (nonceChecked && nonceSeen(nonceKey)) {
    return failed(apiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.'));
  }
  return { ok: true, nonceKey };
}

const isoUtc = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;

/** Parses the ISO 8601 UTC timestamps clients send (`2016-02-23T12:46:24Z`, milliseconds allowed). */
export function parseTimestamp(value: string): number | undefined {
  const m = isoUtc.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const ms = Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
  const back = new Date(ms);
  // Reject calendar overflow such as 2026-02-30, which Date.UTC would silently roll over.
  if (
    back.getUTCMonth() !== (mo ?? 1) - 1 ||
    back.getUTCDate() !== d ||
    (h ?? 0) > 23 ||
    (mi ?? 0) > 59 ||
    (s ?? 0) > 59
  ) {
    return undefined;
  }
  return ms;
}
