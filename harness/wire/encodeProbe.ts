import { randomBytes, randomUUID } from 'node:crypto';
import type { AccessKey } from '../spec/World.ts';
import {
  type ApiCall,
  encodeRequest,
  isFormContentType,
  isoTimestamp,
  randomNonce,
} from './encodeRequest.ts';
import { type Breakage, effectiveBreakage, type Probe } from './Probe.ts';
import { encodeParams, parseParams } from './percentEncode.ts';
import { signV1 } from './signV1.ts';
import { sha256Hex, signV3 } from './signV3.ts';
import type { ParamList, WireRequest } from './WireMessage.ts';

/** What an encoded probe needs besides the probe itself. */
export type ProbeContext = {
  key: AccessKey;
  /** The `Host` header. */
  host: string;
  /** The local clock (ms); stale and future timestamps are 16 minutes off it (AU-6 margins). */
  now: number;
  /** For `replayed-nonce`: a nonce already used by an authenticated request with the same key (AU-7). */
  replayNonce?: string;
  /**
   * Temporary credentials (`ALIBABA_CLOUD_SECURITY_TOKEN`): sent as `SecurityToken` (V1) or the signed
   * `x-acs-security-token` header (V3). Not sent by `unknown-access-key` probes: it belongs to `key`.
   */
  securityToken?: string;
};

/** TR-1: the longest request target the suite sends in a query. */
const maxRequestLine = 8 * 1024;

/** AU-6: the suite's margins. Stale = at least 16 minutes off; fresh = at most 14. */
export const staleOffsetMs = 16 * 60 * 1000;

const minuteMs = 60 * 1000;

/**
 * The `malformed-timestamp` value (AU-6): `0000-00-00T00:00:00Z`, the "zero date" that uninitialised date
 * columns and zero-valued formatters really send. It has the shape of the ISO 8601 form every client sends,
 * so it is not rejected for its shape alone, but month 00 and day 00 exist in no calendar: strict ISO
 * parsers (and `Date.parse`) refuse it, and a lenient reading — fields rolled over as `Date.UTC` does,
 * clamped into range, or the year taken as 1900 or 2000 — lands decades or millennia from any current
 * clock. No reasonable parser reads it as a fresh time, so every reasonable server rejects it under AU-6,
 * as malformed or as expired; the oracle accepts both. (The former choice, `Date.prototype.toUTCString()`
 * of the current time, was a fresh, valid time for a server parsing with `Date.parse`.)
 */
export const malformedTimestamp = '0000-00-00T00:00:00Z';

/**
 * The `five-digit-year-timestamp` value (AU-6) for the clock `now`: the fresh ISO 8601 stamp with a `1`
 * before it, `12026-12-06T11:30:00Z` for `2026-12-06T11:30:00Z`. Its shape is not the four-digit-year form
 * clients send, so a strict parser refuses it as malformed; read as an expanded year (ISO 8601 allows
 * more digits by agreement) it is 10,000 years ahead, and read as the first four digits (`1202`) eight
 * centuries behind, both far outside the clock window. Only a parser that searches the text for a stamp
 * anywhere inside it finds a fresh time, and no date parser does. Unlike {@link malformedTimestamp}, its
 * shape fails an anchored ISO pattern, so it takes a server's "not even ISO-shaped" path.
 */
function fiveDigitYearTimestamp(now: number): string {
  return `1${isoTimestamp(now)}`;
}

/**
 * The timestamp a probe carries (AU-6), by its breakage, for the local clock `now` (ms):
 * - `stale-timestamp`: at least 16 minutes before `now`, rounded down to a whole minute;
 * - `future-timestamp`: at least 16 minutes after `now`, rounded up to a whole minute;
 * - `malformed-timestamp`: {@link malformedTimestamp};
 * - `five-digit-year-timestamp`: {@link fiveDigitYearTimestamp};
 * - otherwise `now` itself, in the ISO 8601 UTC form without milliseconds.
 * Whole minutes make the stale and future stamps stale however a server reads them: to the second, to the
 * millisecond, or truncated to the minute, each reading is at least 16 minutes off (AU-6's margin).
 */
export function breakageTimestamp(breakage: Breakage | null, now: number): string {
  switch (breakage) {
    case 'stale-timestamp':
      return isoTimestamp(Math.floor((now - staleOffsetMs) / minuteMs) * minuteMs);
    case 'future-timestamp':
      return isoTimestamp(Math.ceil((now + staleOffsetMs) / minuteMs) * minuteMs);
    case 'malformed-timestamp':
      return malformedTimestamp;
    case 'five-digit-year-timestamp':
      return fiveDigitYearTimestamp(now);
    default:
      return isoTimestamp(now);
  }
}

/**
 * The credentials of an `unknown-access-key` probe (AU-4): an AccessKeyId made fresh from 96 random bits,
 * in the alphabet of real AccessKeyIds (letters and digits only, so that no server can refuse it for its
 * shape rather than look it up), and a random secret. No account holds it, under any letter case.
 */
export function unknownAccessKey(): AccessKey {
  return {
    accessKeyId: `unknownAccessKey${randomBytes(12).toString('hex')}`,
    accessKeySecret: randomBytes(12).toString('hex'),
  };
}

/**
 * Encodes and signs a probe, then applies its breakage so that exactly the named element is wrong:
 * every other element of the request stays valid (AU-3..AU-7).
 */
export function encodeProbe(probe: Probe, context: ProbeContext): { wire: WireRequest; nonce: string } {
  const params: Array<[string, string]> = [];
  if (probe.format !== null) params.push(['Format', probe.format]);
  if (probe.regionId !== null) params.push(['RegionId', probe.regionId]);
  if (probe.keyPairName !== null) params.push(['KeyPairName', probe.keyPairName]);
  if (probe.instanceIds !== null) params.push(['InstanceIds', probe.instanceIds]);
  const b = probe.breakage;
  const nonce =
    b === 'replayed-nonce' && context.replayNonce !== undefined
      ? context.replayNonce
      : probe.scheme === 'v3'
        ? randomNonce()
        : randomUUID();
  const timestamp = breakageTimestamp(b, context.now);
  const key = b === 'unknown-access-key' ? unknownAccessKey() : context.key;
  const call: ApiCall = {
    action: probe.action,
    version: probe.version,
    params,
    transport: probe.transport,
    host: context.host,
    signing: {
      scheme: probe.scheme,
      ...key,
      nonce,
      timestamp,
      ...(context.securityToken === undefined || b === 'unknown-access-key'
        ? {}
        : { securityToken: context.securityToken }),
    },
  };
  let wire = encodeRequest(call);
  // TR-1: request lines are only guaranteed up to 8 KiB; larger requests travel as POST form bodies.
  if (
    wire.target.length > maxRequestLine &&
    (probe.transport === 'get-query' || probe.transport === 'post-query')
  ) {
    wire = encodeRequest({ ...call, transport: 'post-form' });
  }
  return { wire: breakWire(wire, probe, key.accessKeySecret), nonce };
}

/**
 * Applies a probe's breakage to an already signed request so that exactly the named element is wrong, under
 * every reasonable reading of the request (AU-2..AU-5): a removed signing element is removed and the request
 * re-signed over what remains, so that a server checking the signature before the element's presence still
 * sees a correct signature; a wrong signature is {@link wrongSignature}'s, which differs from the correct one
 * as a value (AU-3). Breakages chosen at signing time (`unknown-access-key`, the timestamp ones,
 * `replayed-nonce`) are not applied here: the request is returned unchanged for them. `secret` is the key the
 * request was signed with (needed to re-sign).
 */
export function breakWire(
  wire: WireRequest,
  probe: Pick<Probe, 'scheme' | 'breakage'>,
  secret: string,
): WireRequest {
  const v1 = probe.scheme === 'v1';
  switch (effectiveBreakage(probe)) {
    case 'wrong-signature':
      return v1
        ? editParams(wire, (ps) =>
            ps.map(([k, v]) => [k, k === 'Signature' ? wrongSignature(v, 'base64') : v]),
          )
        : withHeader(wire, 'authorization', (a) =>
            a.replace(
              /Signature=([0-9a-fA-F]+)/,
              (_m, hex: string) => `Signature=${wrongSignature(hex, 'hex')}`,
            ),
          );
    case 'missing-signature':
      return v1
        ? editParams(wire, (ps) => ps.filter(([k]) => k !== 'Signature'))
        : withoutHeader(wire, 'authorization');
    case 'missing-access-key-id':
      return v1
        ? resignV1(
            editParams(wire, (ps) => ps.filter(([k]) => k !== 'AccessKeyId')),
            secret,
          )
        : withHeader(wire, 'authorization', (a) => a.replace(/Credential=[^,]*,/, ''));
    case 'missing-nonce':
      return v1
        ? resignV1(
            editParams(wire, (ps) => ps.filter(([k]) => k !== 'SignatureNonce')),
            secret,
          )
        : resignV3(withoutHeader(wire, 'x-acs-signature-nonce'), secret);
    case 'missing-timestamp':
      return v1
        ? resignV1(
            editParams(wire, (ps) => ps.filter(([k]) => k !== 'Timestamp')),
            secret,
          )
        : resignV3(withoutHeader(wire, 'x-acs-date'), secret);
    case 'malformed-authorization':
      return withHeader(wire, 'authorization', () => 'ACS3-HMAC-SHA256 garbage');
    case 'body-hash-mismatch':
      // A correctly signed request whose x-acs-content-sha256 is not the body's hash (AU-2): the claimed
      // hash is of other bytes, so it differs from the body's in value, letter case aside.
      return resignV3(
        withHeader(wire, 'x-acs-content-sha256', () => sha256Hex(`not the body ${randomUUID()}`)),
        secret,
      );
    default:
      return wire;
  }
}

/**
 * A wrong signature of the same form as `value` (AU-3): the bytes `value` encodes, each complemented (XOR
 * 0xff), re-encoded as lower-case hex (V3) or padded base64 (V1). Every byte differs, so the result differs
 * from the correct signature under every reasonable comparison: as text, as hex without regard to letter
 * case, and as decoded base64 bytes (the padding bits of the last base64 character, which a decoder drops,
 * play no part). It keeps the length and alphabet of a real signature, so it is wrong, not malformed.
 */
export function wrongSignature(value: string, encoding: 'hex' | 'base64'): string {
  const bytes = encoding === 'hex' ? Buffer.from(value.toLowerCase(), 'hex') : Buffer.from(value, 'base64');
  // A value that decodes to nothing still gets a signature-sized wrong value (SHA-1: 20 bytes, SHA-256: 32).
  const source = bytes.length > 0 ? bytes : Buffer.alloc(encoding === 'hex' ? 32 : 20);
  const complemented = Buffer.from(source.map((byte) => byte ^ 0xff));
  return complemented.toString(encoding);
}

/** Re-signs a V1 request over the parameters it now carries, where its `Signature` already is (AU-1). */
function resignV1(wire: WireRequest, secret: string): WireRequest {
  const signature = signV1(wire.method, paramsOf(wire), secret);
  return editParams(wire, (ps) => ps.map(([k, v]) => [k, k === 'Signature' ? signature : v]));
}

/**
 * Re-signs a V3 request over the headers it now carries (the default signed headers), with the
 * `Credential` of its `Authorization` and the claimed `x-acs-content-sha256` as the payload hash (AU-2).
 */
function resignV3(wire: WireRequest, secret: string): WireRequest {
  const headers: Record<string, string> = { ...wire.headers };
  delete headers.authorization;
  const accessKeyId = /Credential=([^,]*),/.exec(wire.headers.authorization ?? '')?.[1] ?? '';
  const at = wire.target.indexOf('?');
  const signed = signV3({
    method: wire.method,
    path: at < 0 ? wire.target : wire.target.slice(0, at),
    query: at < 0 ? [] : parseParams(wire.target.slice(at + 1)).params,
    headers,
    body: wire.body,
    accessKeyId,
    accessKeySecret: secret,
  });
  return { ...wire, headers: { ...headers, authorization: signed.authorization } };
}

/** Every parameter a V1 request carries: the query, then the form body (query ∪ form, AU-1). */
function paramsOf(wire: WireRequest): ParamList {
  const at = wire.target.indexOf('?');
  const query = at < 0 ? [] : parseParams(wire.target.slice(at + 1)).params;
  const form =
    isFormContentType(wire.headers['content-type']) && wire.body.length > 0
      ? parseParams(new TextDecoder().decode(wire.body)).params
      : [];
  return [...query, ...form];
}

/** Rewrites the parameters wherever they travel (query and form body alike). */
function editParams(wire: WireRequest, edit: (params: ParamList) => ParamList): WireRequest {
  const at = wire.target.indexOf('?');
  const query = at < 0 ? '' : wire.target.slice(at + 1);
  const path = at < 0 ? wire.target : wire.target.slice(0, at);
  const newQuery = encodeParams(edit(parseParams(query).params));
  let body = wire.body;
  if (isFormContentType(wire.headers['content-type']) && body.length > 0) {
    body = new TextEncoder().encode(encodeParams(edit(parseParams(new TextDecoder().decode(body)).params)));
  }
  return { ...wire, target: newQuery === '' ? path : `${path}?${newQuery}`, body };
}

function withHeader(wire: WireRequest, name: string, edit: (value: string) => string): WireRequest {
  return { ...wire, headers: { ...wire.headers, [name]: edit(wire.headers[name] ?? '') } };
}

function withoutHeader(wire: WireRequest, name: string): WireRequest {
  const headers = { ...wire.headers };
  delete headers[name];
  return { ...wire, headers };
}
