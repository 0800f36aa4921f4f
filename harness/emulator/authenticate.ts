import { type V1Verification, verifyV1 } from '../wire/signV1.ts';
import { parseV3Authorization, type V3Verification, verifyV3 } from '../wire/signV3.ts';
import { type ApiError, apiError, failed, missingParameter } from './apiError.ts';
import type { Authenticated, Call, Failure } from './EmulatorSteps.ts';
import { type Incoming, paramValue } from './readIncoming.ts';

/** Which signature scheme a request uses, as the emulator tells them apart. */
export type Scheme = 'v1' | 'v3';

/** The 15-minute window of AU-6 and AU-7. */
export const clockWindowMs = 15 * 60 * 1000;

/** AU-1, AU-2: a signature that is not one of the schemes' (or a V3 element listed but absent). */
export const incompleteSignature: ApiError = apiError(
  400,
  'IncompleteSignature',
  'The request signature does not conform to Alibaba Cloud standards.',
);

/** AU-3: a wrong signature (V3; V1 adds the string-to-sign it computed). */
export const signatureDoesNotMatch: ApiError = apiError(
  400,
  'SignatureDoesNotMatch',
  'Specified signature is not matched with our calculation.',
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
 */
export function authenticate(call: Call): Authenticated | Failure {
  const { incoming, scheme, steps } = call;
  let accessKeyId: string;
  let nonce: string;
  let timestamp: string;
  if (scheme === 'v1') {
    for (const name of steps.requiredCredentials('v1')) {
      if (!paramValue(incoming.params, name)) return failed(missingParameter(name));
    }
    const method = paramValue(incoming.params, 'SignatureMethod');
    if (method !== undefined && method !== 'HMAC-SHA1') return failed(incompleteSignature);
    accessKeyId = paramValue(incoming.params, 'AccessKeyId') ?? '';
    nonce = paramValue(incoming.params, 'SignatureNonce') ?? '';
    timestamp = paramValue(incoming.params, 'Timestamp') ?? '';
  } else {
    const header = incoming.headers.authorization;
    const parsed = header === undefined ? undefined : parseV3Authorization(header);
    if (parsed === undefined) return failed(incompleteSignature);
    for (const name of steps.requiredCredentials('v3')) {
      if (!incoming.headers[name]) return failed(missingParameter(name));
    }
    accessKeyId = parsed.accessKeyId;
    nonce = incoming.headers['x-acs-signature-nonce'] ?? '';
    timestamp = incoming.headers['x-acs-date'] ?? '';
  }

  const time = steps.parseTimestamp(timestamp);
  if (time === undefined) {
    return failed(
      apiError(
        400,
        'IllegalTimestamp',
        `The input parameter "Timestamp" that is not a valid ISO 8601 UTC time.`,
      ),
    );
  }
  if (!steps.withinClockWindow(time, call.now)) {
    return failed(
      apiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.'),
    );
  }
  const key = call.world.accessKeys.find((k) => k.accessKeyId === accessKeyId);
  if (key === undefined) {
    return failed(
      apiError(
        call.profile.accessKeyNotFoundStatus,
        'InvalidAccessKeyId.NotFound',
        'Specified access key is not found.',
      ),
    );
  }
  const verdict = steps.verifySignature(call, key.accessKeySecret);
  if (!verdict.ok) {
    // An Authorization that does not parse was refused above; one naming a header the request does not
    // carry is incomplete (AU-5) rather than wrong (AU-3 accepts either code).
    if (verdict.reason === 'missing-signed-header') return failed(incompleteSignature);
    return failed(
      'stringToSign' in verdict
        ? apiError(
            400,
            'SignatureDoesNotMatch',
            `Specified signature is not matched with our calculation. server string to sign is:${verdict.stringToSign}`,
          )
        : signatureDoesNotMatch,
    );
  }
  const nonceKey = `${accessKeyId}\u0000${nonce}`;
  if (call.nonceSeen(nonceKey)) {
    return failed(apiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.'));
  }
  return { ok: true, nonceKey };
}

/** AU-1, AU-5: the V1 signing parameters and the V3 headers a request must carry, in the order judged. */
export function requiredCredentials(scheme: Scheme): readonly string[] {
  return scheme === 'v1' ? v1Required : v3Required;
}

const v1Required = ['AccessKeyId', 'Signature', 'SignatureNonce', 'Timestamp'] as const;
const v3Required = ['x-acs-date', 'x-acs-signature-nonce'] as const;

/** AU-6: within 15 minutes of the server clock, either way. */
export function withinClockWindow(time: number, now: number): boolean {
  return Math.abs(now - time) <= clockWindowMs;
}

/** AU-2, AU-3: V1 over every parameter, V3 over its canonical request, compared as the profile says. */
export function verifySignature(call: Call, accessKeySecret: string): V1Verification | V3Verification {
  const { incoming, profile } = call;
  return call.scheme === 'v1'
    ? verifyV1(incoming.method, incoming.params, accessKeySecret, profile.signatureComparison)
    : verifyV3(incoming, accessKeySecret, profile.signatureComparison);
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
