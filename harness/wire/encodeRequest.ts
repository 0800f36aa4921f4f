import { randomFillSync, randomUUID } from 'node:crypto';
import { encodeParams } from './percentEncode.ts';
import { signV1 } from './signV1.ts';
import { sha256Hex, signV3 } from './signV3.ts';
import type { ParamList, WireRequest } from './WireMessage.ts';

/**
 * Where the parameters travel (TR-1). `get-query`: GET, all in the query. `post-query`: POST, all in the
 * query, empty body (the official Node SDK). `post-form`: POST, all in a form body (pop-core).
 * `post-split-form`: POST, signing parameters in the query and business parameters in a form body (Terraform).
 * `post-form-charset`: POST, all in a form body whose `Content-Type` carries a charset parameter,
 * `application/x-www-form-urlencoded;charset=utf-8` (the Java SDK, aliyun-java-sdk-core): the media type is
 * still a form's, so TR-1 applies unchanged.
 */
export type Transport = 'get-query' | 'post-query' | 'post-form' | 'post-split-form' | 'post-form-charset';

/** The transports in a fixed order, for generators and matrices. */
export const transports: readonly Transport[] = [
  'get-query',
  'post-query',
  'post-form',
  'post-split-form',
  'post-form-charset',
];

/** Credentials and the volatile signing values; nonce and timestamp default to fresh ones. */
type Signing = {
  scheme: 'v1' | 'v3';
  accessKeyId: string;
  accessKeySecret: string;
  /** Defaults to a fresh random value: never derived from a seed (target-protocol §1). */
  nonce?: string;
  /** ISO 8601 UTC, e.g. `2016-02-23T12:46:24Z`; defaults to now. */
  timestamp?: string;
  /** Temporary credentials: `SecurityToken` (V1) or `x-acs-security-token` (V3, signed). */
  securityToken?: string;
};

/** One API call in the suite's request model; every encoding of it is a {@link WireRequest}. */
export type ApiCall = {
  /** Defaults to `DetachKeyPair`; `null` omits it (RQ-1 probes). */
  action?: string | null;
  /** Defaults to `2014-05-26`; `null` omits it (RQ-3 probes). */
  version?: string | null;
  /** Business parameters (`RegionId`, `KeyPairName`, `InstanceIds`, and `Format` when wanted), in order. */
  params: ParamList;
  transport: Transport;
  signing: Signing;
  /** The `Host` header, e.g. `127.0.0.1:4000` or `ecs.cn-hangzhou.aliyuncs.com`. */
  host: string;
};

/** An ISO 8601 UTC timestamp without milliseconds, the form every client sends. */
export function isoTimestamp(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const encoder = new TextEncoder();

/** Random bytes for {@link randomNonce}, drawn 128 nonces at a time (as `randomUUID` caches its entropy). */
const noncePool = Buffer.alloc(32 * 128);
let nonceAt = noncePool.length;

/**
 * A fresh V3 nonce: 32 random bytes (CSPRNG) as lower-case hex. The bytes come from a pool refilled with
 * `randomFillSync`, since one `randomBytes` call per request cost more than signing it; each byte is used once.
 */
export function randomNonce(): string {
  if (nonceAt === noncePool.length) {
    randomFillSync(noncePool);
    nonceAt = 0;
  }
  const nonce = noncePool.toString('hex', nonceAt, nonceAt + 32);
  nonceAt += 32;
  return nonce;
}
const formType = 'application/x-www-form-urlencoded';
/** The form `Content-Type` of the `post-form-charset` transport, as the Java SDK writes it. */
const formTypeWithCharset = `${formType};charset=utf-8`;

/** Whether a `Content-Type` names a form body (TR-1), whatever its parameters (`;charset=utf-8`). */
export function isFormContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === formType;
}

/** Encodes and signs a call: V1 (AU-1) over query ∪ form, or V3 (AU-2) the way the official SDK does. */
export function encodeRequest(call: ApiCall): WireRequest {
  return call.signing.scheme === 'v1' ? encodeV1(call) : encodeV3(call);
}

function encodeV1(call: ApiCall): WireRequest {
  const s = call.signing;
  const common: Array<[string, string]> = [];
  const action = call.action === undefined ? 'DetachKeyPair' : call.action;
  const version = call.version === undefined ? '2014-05-26' : call.version;
  if (action !== null) common.push(['Action', action]);
  if (version !== null) common.push(['Version', version]);
  common.push(
    ['AccessKeyId', s.accessKeyId],
    ['SignatureMethod', 'HMAC-SHA1'],
    ['SignatureVersion', '1.0'],
    ['SignatureNonce', s.nonce ?? randomUUID()],
    ['Timestamp', s.timestamp ?? isoTimestamp()],
  );
  if (s.securityToken !== undefined) common.push(['SecurityToken', s.securityToken]);
  const method = call.transport === 'get-query' ? 'GET' : 'POST';
  const signature = signV1(method, [...common, ...call.params], s.accessKeySecret);
  const signed: Array<[string, string]> = [...common, ['Signature', signature]];
  // Real V1 clients send unsigned x-acs-* headers beside the signature (AU-1: headers play no part in V1):
  // the official SDK's V1 mode (POST query) and pop-core (POST form) both name the action and version.
  const clientHeaders: Record<string, string> =
    call.transport === 'post-query' || call.transport === 'post-form'
      ? {
          ...(action === null ? {} : { 'x-acs-action': action }),
          ...(version === null ? {} : { 'x-acs-version': version }),
          ...(call.transport === 'post-query' ? { 'x-acs-credentials-provider': 'static_ak' } : {}),
        }
      : {};
  const wire = (() => {
    switch (call.transport) {
      case 'get-query':
      case 'post-query':
        return request(method, call.host, [...signed, ...call.params], []);
      case 'post-form':
        return request(method, call.host, [], [...signed, ...call.params]);
      case 'post-form-charset':
        return request(method, call.host, [], [...signed, ...call.params], formTypeWithCharset);
      case 'post-split-form':
        return request(method, call.host, signed, call.params);
    }
  })();
  return { ...wire, headers: { ...wire.headers, ...clientHeaders } };
}

function encodeV3(call: ApiCall): WireRequest {
  const s = call.signing;
  const method = call.transport === 'get-query' ? 'GET' : 'POST';
  const inBody =
    call.transport === 'post-form' ||
    call.transport === 'post-split-form' ||
    call.transport === 'post-form-charset';
  const query = inBody ? [] : call.params;
  const body = inBody ? encoder.encode(encodeParams(call.params)) : new Uint8Array();
  const headers: Record<string, string> = { host: call.host };
  const action = call.action === undefined ? 'DetachKeyPair' : call.action;
  const version = call.version === undefined ? '2014-05-26' : call.version;
  if (action !== null) headers['x-acs-action'] = action;
  if (version !== null) headers['x-acs-version'] = version;
  Object.assign(headers, {
    'x-acs-date': s.timestamp ?? isoTimestamp(),
    'x-acs-signature-nonce': s.nonce ?? randomNonce(),
    'x-acs-content-sha256': sha256Hex(body),
    accept: 'application/json',
  });
  if (inBody)
    headers['content-type'] = call.transport === 'post-form-charset' ? formTypeWithCharset : formType;
  if (s.securityToken !== undefined) headers['x-acs-security-token'] = s.securityToken;
  const signed = signV3({
    method,
    path: '/',
    query,
    headers,
    body,
    accessKeyId: s.accessKeyId,
    accessKeySecret: s.accessKeySecret,
  });
  headers.authorization = signed.authorization;
  const rawQuery = encodeParams(query);
  return { method, target: rawQuery === '' ? '/' : `/?${rawQuery}`, headers, body };
}

function request(
  method: string,
  host: string,
  query: ParamList,
  form: ParamList,
  contentType: string = formType,
): WireRequest {
  const rawQuery = encodeParams(query);
  const headers: Record<string, string> = { host };
  const body = form.length > 0 ? encoder.encode(encodeParams(form)) : new Uint8Array();
  if (form.length > 0) headers['content-type'] = contentType;
  return { method, target: rawQuery === '' ? '/' : `/?${rawQuery}`, headers, body };
}
