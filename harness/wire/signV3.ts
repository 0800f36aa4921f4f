import { createHmac, hash } from 'node:crypto';
import { canonicalQuery } from './percentEncode.ts';
import { type SignatureComparison, sameSignature } from './sameSignature.ts';
import type { ParamList } from './WireMessage.ts';

/** The V3 signing algorithm name, the first token of the `Authorization` header (AU-2). */
const ALGORITHM = 'ACS3-HMAC-SHA256';

/** Everything of a request that a V3 signature can cover (AU-2). */
export type V3Input = {
  method: string;
  /** The canonical URI as sent, already percent-encoded; `/` for every RPC-style ECS call. */
  path: string;
  /** Decoded query parameters, in any order. */
  query: ParamList;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Uint8Array;
};

/** The outcome of {@link verifyV3}: ok, or the first reason found, with a human-readable detail. */
export type V3Verification =
  | { ok: true }
  | {
      ok: false;
      reason:
        | 'missing-authorization'
        | 'malformed-authorization'
        | 'missing-signed-header'
        | 'content-sha256-mismatch'
        | 'mismatch';
      detail: string;
    };

/** The parts of a well-formed `ACS3-HMAC-SHA256` `Authorization` header value. */
export type V3Authorization = { accessKeyId: string; signedHeaders: string[]; signature: string };

/** Everything {@link signV3} computed, so that a failing comparison can show each step. */
export type V3Signature = {
  /** The full `Authorization` header value. */
  authorization: string;
  /** Lower-case hex HMAC-SHA256. */
  signature: string;
  signedHeaders: string[];
  canonicalRequest: string;
  hashedCanonicalRequest: string;
};

/** Lower-case hex SHA-256 of `data` (strings are hashed as UTF-8). */
export function sha256Hex(data: Uint8Array | string): string {
  // The one-shot `hash` gives createHash's digest without building a Hash object (both sides of every V3 request).
  return hash('sha256', data, 'hex');
}

/**
 * The headers a conforming client signs (AU-2, CL-4): `host`, `content-type` if present, and every
 * `x-acs-*` header present; lower-case and sorted.
 */
export function defaultSignedHeaders(headers: Record<string, string>): string[] {
  return Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'))
    .filter((name, i, all) => all.indexOf(name) === i)
    .sort();
}

/** Lower-cases, de-duplicates and sorts header names into canonical order. */
function canonicalHeaderNames(names: readonly string[]): string[] {
  return [...new Set(names.map((name) => name.toLowerCase()))].sort();
}

/**
 * The V3 canonical request (AU-2): method, path, {@link canonicalQuery}, the canonical headers
 * (`name:trimmed value\n` for each signed header, sorted), the `;`-joined signed header names, and the
 * payload hash — one per line.
 *
 * The payload hash is the `x-acs-content-sha256` header value when that header is present, as the SDKs
 * do; {@link verifyV3} checks that header against the real body separately. A signed header absent from
 * `headers` contributes an empty value (verifyV3 rejects such requests before getting here).
 */
export function v3CanonicalRequest(input: V3Input, signedHeaders: readonly string[]): string {
  const names = canonicalHeaderNames(signedHeaders);
  const canonicalHeaders = names.map((name) => `${name}:${(input.headers[name] ?? '').trim()}\n`).join('');
  const payloadHash = input.headers['x-acs-content-sha256'] ?? sha256Hex(input.body);
  return [
    input.method,
    input.path,
    canonicalQuery(input.query),
    canonicalHeaders,
    names.join(';'),
    payloadHash,
  ].join('\n');
}

/** HMAC-SHA256 over the V3 string-to-sign, keyed with the raw secret (no `&`, unlike V1). */
function v3Signature(hashedCanonicalRequest: string, accessKeySecret: string): string {
  return createHmac('sha256', accessKeySecret)
    .update(`${ALGORITHM}\n${hashedCanonicalRequest}`, 'utf8')
    .digest('hex');
}

/**
 * Signs a request with ACS3-HMAC-SHA256 (AU-2): key = raw secret, StringToSign =
 * `"ACS3-HMAC-SHA256\n" + hex(sha256(canonicalRequest))`. Signs `signedHeaders` when given (lower-cased
 * and sorted), else {@link defaultSignedHeaders}. The headers themselves (including
 * `x-acs-content-sha256`) must already be in `input.headers`.
 */
export function signV3(
  input: V3Input & { accessKeyId: string; accessKeySecret: string; signedHeaders?: readonly string[] },
): V3Signature {
  const signedHeaders = canonicalHeaderNames(input.signedHeaders ?? defaultSignedHeaders(input.headers));
  const canonicalRequest = v3CanonicalRequest(input, signedHeaders);
  const hashedCanonicalRequest = sha256Hex(canonicalRequest);
  const signature = v3Signature(hashedCanonicalRequest, input.accessKeySecret);
  const authorization = `${ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
  return { authorization, signature, signedHeaders, canonicalRequest, hashedCanonicalRequest };
}

/**
 * Parses an `Authorization` header value into its three V3 fields, or returns `undefined` when it is not
 * a well-formed `ACS3-HMAC-SHA256` value (AU-5). Spaces after the commas are tolerated and the fields may
 * come in any order; each of `Credential`, `SignedHeaders` and `Signature` must appear exactly once and
 * be non-empty, and no other field is allowed. Signed header names are lower-cased.
 */
export function parseV3Authorization(value: string): V3Authorization | undefined {
  const match = /^\s*(\S+) +(.*?)\s*$/.exec(value);
  if (match === null || match[1] !== ALGORITHM) {
    return undefined;
  }
  const fields = new Map<string, string>();
  for (const part of (match[2] as string).split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) {
      return undefined;
    }
    const key = part.slice(0, eq).trim();
    const fieldValue = part.slice(eq + 1).trim();
    if (fields.has(key) || fieldValue === '') {
      return undefined;
    }
    fields.set(key, fieldValue);
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaderList = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (
    fields.size !== 3 ||
    accessKeyId === undefined ||
    signedHeaderList === undefined ||
    signature === undefined
  ) {
    return undefined;
  }
  const signedHeaders = signedHeaderList.split(';').map((name) => name.trim().toLowerCase());
  if (signedHeaders.some((name) => name === '')) {
    return undefined;
  }
  return { accessKeyId, signedHeaders, signature };
}

/**
 * Verifies the V3 `Authorization` header of a request against `accessKeySecret` (AU-2; failures are
 * judged as AU-3 or AU-5). Checks, in order: the header is present and well-formed; every header listed in
 * `SignedHeaders` is present; `x-acs-content-sha256`, when present, equals the SHA-256 of the body
 * (hex, case-insensitive); the signature computed over exactly the listed headers matches (timing-safe;
 * exact by default, or without regard to letter case with `comparison` `by-value`, AU-3).
 * Headers not listed — including unsigned `x-acs-*` ones — are ignored: rejecting those is REPORT-level
 * (AU-2) and belongs to the caller. The access key ID is not judged here (AU-4).
 */
export function verifyV3(
  input: V3Input,
  accessKeySecret: string,
  comparison: SignatureComparison = 'exact',
): V3Verification {
  const header = input.headers.authorization;
  if (header === undefined || header.trim() === '') {
    return { ok: false, reason: 'missing-authorization', detail: 'no Authorization header' };
  }
  const auth = parseV3Authorization(header);
  if (auth === undefined) {
    return {
      ok: false,
      reason: 'malformed-authorization',
      detail: `Authorization is not "${ALGORITHM} Credential=...,SignedHeaders=...,Signature=...": ${header}`,
    };
  }
  const missing = auth.signedHeaders.filter((name) => input.headers[name] === undefined);
  if (missing.length > 0) {
    return {
      ok: false,
      reason: 'missing-signed-header',
      detail: `SignedHeaders lists headers the request does not carry: ${missing.join(', ')}`,
    };
  }
  const claimedHash = input.headers['x-acs-content-sha256'];
  const bodyHash = sha256Hex(input.body);
  if (claimedHash !== undefined && claimedHash.trim().toLowerCase() !== bodyHash) {
    return {
      ok: false,
      reason: 'content-sha256-mismatch',
      detail: `x-acs-content-sha256 is ${claimedHash}, the body hashes to ${bodyHash}`,
    };
  }
  const canonicalRequest = v3CanonicalRequest(input, auth.signedHeaders);
  const hashedCanonicalRequest = sha256Hex(canonicalRequest);
  if (
    sameSignature(auth.signature, v3Signature(hashedCanonicalRequest, accessKeySecret), 'hex', comparison)
  ) {
    return { ok: true };
  }
  return {
    ok: false,
    reason: 'mismatch',
    detail: `signature does not match; string to sign: ${ALGORITHM}\\n${hashedCanonicalRequest}; canonical request:\n${canonicalRequest}`,
  };
}
