import { randomBytes, randomUUID } from 'node:crypto';
import type { AccessKey } from '../spec/World.ts';
import { type ApiCall, encodeRequest, isoTimestamp } from './encodeRequest.ts';
import { effectiveBreakage, type Probe } from './Probe.ts';
import { encodeParams, parseParams } from './percentEncode.ts';
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
export const maxRequestLine = 8 * 1024;

/** AU-6: the suite's margins. Stale = at least 16 minutes off; fresh = at most 14. */
export const staleOffsetMs = 16 * 60 * 1000;

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
        ? randomBytes(32).toString('hex')
        : randomUUID();
  const timestamp =
    b === 'stale-timestamp'
      ? isoTimestamp(context.now - staleOffsetMs)
      : b === 'future-timestamp'
        ? isoTimestamp(context.now + staleOffsetMs)
        : b === 'malformed-timestamp'
          ? new Date(context.now).toUTCString()
          : isoTimestamp(context.now);
  const key =
    b === 'unknown-access-key'
      ? {
          accessKeyId: `unknown-${randomBytes(6).toString('hex')}`,
          accessKeySecret: randomBytes(12).toString('hex'),
        }
      : context.key;
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
 * Applies a probe's breakage to an already signed request so that exactly the named element is wrong
 * (AU-3..AU-5, AU-2's body hash). Breakages chosen at signing time (`unknown-access-key`, the timestamp
 * ones, `replayed-nonce`) are not applied here: the request is returned unchanged for them. `secret` is
 * the key the request was signed with (needed to re-sign `body-hash-mismatch`).
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
        ? editParams(wire, (ps) => ps.map(([k, v]) => [k, k === 'Signature' ? flip(v) : v]))
        : withHeader(wire, 'authorization', (a) =>
            a.replace(/Signature=([0-9a-f]+)/, (_m, hex: string) => `Signature=${flip(hex)}`),
          );
    case 'missing-signature':
      return v1
        ? editParams(wire, (ps) => ps.filter(([k]) => k !== 'Signature'))
        : withoutHeader(wire, 'authorization');
    case 'missing-access-key-id':
      return v1
        ? editParams(wire, (ps) => ps.filter(([k]) => k !== 'AccessKeyId'))
        : withHeader(wire, 'authorization', (a) => a.replace(/Credential=[^,]*,/, ''));
    case 'missing-nonce':
      return v1
        ? editParams(wire, (ps) => ps.filter(([k]) => k !== 'SignatureNonce'))
        : withoutHeader(wire, 'x-acs-signature-nonce');
    case 'missing-timestamp':
      return v1
        ? editParams(wire, (ps) => ps.filter(([k]) => k !== 'Timestamp'))
        : withoutHeader(wire, 'x-acs-date');
    case 'malformed-authorization':
      return withHeader(wire, 'authorization', () => 'ACS3-HMAC-SHA256 garbage');
    case 'body-hash-mismatch': {
      // A correctly signed request whose x-acs-content-sha256 is not the body's hash (AU-2).
      const headers: Record<string, string> = {
        ...wire.headers,
        'x-acs-content-sha256': sha256Hex(`not the body ${randomUUID()}`),
      };
      delete headers.authorization;
      const auth = /Credential=([^,]*),/.exec(wire.headers.authorization ?? '')?.[1] ?? '';
      const at = wire.target.indexOf('?');
      const signed = signV3({
        method: wire.method,
        path: '/',
        query: at < 0 ? [] : parseParams(wire.target.slice(at + 1)).params,
        headers,
        body: wire.body,
        accessKeyId: auth,
        accessKeySecret: secret,
      });
      return { ...wire, headers: { ...headers, authorization: signed.authorization } };
    }
    default:
      return wire;
  }
}

/** Changes one character of a signature so that it stays well-formed but wrong. */
function flip(value: string): string {
  const i = value.length > 2 ? value.length - 2 : 0;
  const c = value[i] ?? 'A';
  const replacement = c === 'A' ? 'B' : c === '0' ? '1' : /[0-9]/.test(c) ? '0' : 'A';
  return value.slice(0, i) + replacement + value.slice(i + 1);
}

/** Rewrites the parameters wherever they travel (query and form body alike). */
function editParams(wire: WireRequest, edit: (params: ParamList) => ParamList): WireRequest {
  const at = wire.target.indexOf('?');
  const query = at < 0 ? '' : wire.target.slice(at + 1);
  const path = at < 0 ? wire.target : wire.target.slice(0, at);
  const newQuery = encodeParams(edit(parseParams(query).params));
  let body = wire.body;
  if (wire.headers['content-type'] === 'application/x-www-form-urlencoded' && body.length > 0) {
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
