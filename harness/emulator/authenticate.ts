import type { World } from '../spec/World.ts';
import { verifyV1 } from '../wire/signV1.ts';
import { parseV3Authorization, verifyV3 } from '../wire/signV3.ts';
import { type ApiError, apiError, missingParameter } from './apiError.ts';
import type { EmulatorProfile } from './EmulatorProfile.ts';
import { type Incoming, paramValue } from './readIncoming.ts';

/** Which signature scheme a request uses, as the emulator tells them apart. */
export type Scheme = 'v1' | 'v3';

/** A request that passed authentication, with the nonce to remember (AU-7). */
export type Authenticated = { ok: true; nonceKey: string };

/** The 15-minute window of AU-6 and AU-7. */
export const clockWindowMs = 15 * 60 * 1000;

/**
 * V3 when the request carries an `Authorization` header or any `x-acs-action`/`x-acs-signature-nonce`
 * header without a V1 `Signature` parameter; V1 otherwise. The official SDK's V1 mode sends unsigned
 * `x-acs-*` headers beside a V1 signature: those requests are V1 (AU-1).
 */
export function schemeOf(incoming: Incoming): Scheme {
  if (incoming.headers.authorization !== undefined) return 'v3';
  if (paramValue(incoming.params, 'Signature') !== undefined) return 'v1';
  const h = incoming.headers;
  return h['x-acs-action'] !== undefined || h['x-acs-signature-nonce'] !== undefined ? 'v3' : 'v1';
}

/**
 * Judges authentication (AU-1..AU-7) before anything about the business parameters (AU-8): the answer
 * never depends on whether the key pair, region or instances exist. A nonce counts as used only once a
 * request carrying it has passed authentication, scoped to the AccessKeyId (both schemes share it).
 */
export function authenticate(
  incoming: Incoming,
  scheme: Scheme,
  world: World,
  now: number,
  nonceSeen: (nonceKey: string) => boolean,
  profile: EmulatorProfile,
): Authenticated | { ok: false; error: ApiError } {
  const fail = (error: ApiError) => ({ ok: false as const, error });
  let accessKeyId: string;
  let nonce: string;
  let timestamp: string;
  if (scheme === 'v1') {
    for (const name of ['AccessKeyId', 'Signature', 'SignatureNonce', 'Timestamp']) {
      if (!paramValue(incoming.params, name)) return fail(missingParameter(name));
    }
    const method = paramValue(incoming.params, 'SignatureMethod');
    if (method !== undefined && method !== 'HMAC-SHA1') {
      return fail(
        apiError(
          400,
          'IncompleteSignature',
          'The request signature does not conform to Alibaba Cloud standards.',
        ),
      );
    }
    accessKeyId = paramValue(incoming.params, 'AccessKeyId') ?? '';
    nonce = paramValue(incoming.params, 'SignatureNonce') ?? '';
    timestamp = paramValue(incoming.params, 'Timestamp') ?? '';
  } else {
    const header = incoming.headers.authorization;
    const parsed = header === undefined ? undefined : parseV3Authorization(header);
    if (parsed === undefined) {
      return fail(
        apiError(
          400,
          'IncompleteSignature',
          'The request signature does not conform to Alibaba Cloud standards.',
        ),
      );
    }
    const date = incoming.headers['x-acs-date'];
    if (!date) return fail(missingParameter('x-acs-date'));
    const headerNonce = incoming.headers['x-acs-signature-nonce'];
    if (!headerNonce) return fail(missingParameter('x-acs-signature-nonce'));
    accessKeyId = parsed.accessKeyId;
    nonce = headerNonce;
    timestamp = date;
  }

  const time = parseTimestamp(timestamp);
  if (time === undefined) {
    return fail(
      apiError(
        400,
        'IllegalTimestamp',
        `The input parameter "Timestamp" that is not a valid ISO 8601 UTC time.`,
      ),
    );
  }
  if (Math.abs(now - time) > clockWindowMs) {
    return fail(apiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.'));
  }
  const key = world.accessKeys.find((k) => k.accessKeyId === accessKeyId);
  if (key === undefined) {
    return fail(
      apiError(
        profile.accessKeyNotFoundStatus,
        'InvalidAccessKeyId.NotFound',
        'Specified access key is not found.',
      ),
    );
  }
  if (scheme === 'v1') {
    const verdict = verifyV1(incoming.method, incoming.params, key.accessKeySecret);
    if (!verdict.ok) {
      return fail(
        apiError(
          400,
          'SignatureDoesNotMatch',
          `Specified signature is not matched with our calculation. server string to sign is:${verdict.stringToSign}`,
        ),
      );
    }
  } else {
    const verdict = verifyV3(
      {
        method: incoming.method,
        path: incoming.path,
        query: incoming.query,
        headers: incoming.headers,
        body: incoming.body,
      },
      key.accessKeySecret,
    );
    if (!verdict.ok) {
      const incomplete =
        verdict.reason === 'missing-signed-header' || verdict.reason === 'malformed-authorization';
      return fail(
        incomplete
          ? apiError(
              400,
              'IncompleteSignature',
              'The request signature does not conform to Alibaba Cloud standards.',
            )
          : apiError(
              400,
              'SignatureDoesNotMatch',
              'Specified signature is not matched with our calculation.',
            ),
      );
    }
  }
  const nonceKey = `${accessKeyId}\u0000${nonce}`;
  if (nonceSeen(nonceKey)) {
    return fail(apiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.'));
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
