import { randomBytes, randomUUID } from 'node:crypto';
import type { AccessKey } from '../../harness/spec/World.ts';
import { breakageTimestamp, breakWire, unknownAccessKey } from '../../harness/wire/encodeProbe.ts';
import type { Breakage } from '../../harness/wire/Probe.ts';
import { encodeParams, parseParams } from '../../harness/wire/percentEncode.ts';
import { signV1 } from '../../harness/wire/signV1.ts';
import { sha256Hex, signV3 } from '../../harness/wire/signV3.ts';
import type { ParamList, WireRequest } from '../../harness/wire/WireMessage.ts';

/** What a replayed request is signed with. */
export type ReplaySigning = {
  /** The run's credentials (the world the state handler loaded carries them). */
  key: AccessKey;
  /** The `Host` header the target is called with (V3 signs it). */
  host: string;
  /** The local clock (ms). */
  now: number;
  /** The interaction's declared breakage (provider-state param `auth`), re-applied after signing. */
  breakage: Breakage | null;
};

/**
 * The breakages a replayed request can carry. `replayed-nonce` cannot: it needs a nonce an earlier
 * authenticated request of the same run used, and a pact replays one request per interaction.
 */
export const replayableBreakages: ReadonlySet<string> = new Set<Breakage>([
  'wrong-signature',
  'unknown-access-key',
  'missing-signature',
  'missing-access-key-id',
  'missing-nonce',
  'missing-timestamp',
  'malformed-authorization',
  'stale-timestamp',
  'future-timestamp',
  'malformed-timestamp',
  'five-digit-year-timestamp',
  'body-hash-mismatch',
]);

const formType = 'application/x-www-form-urlencoded';
const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/**
 * The signing scheme of a replayed request: V3 when it carries an `ACS3-` `Authorization` or, lacking one,
 * V3 signing headers and no V1 `Signature`; V1 otherwise.
 */
export function schemeOfReplayed(wire: WireRequest): 'v1' | 'v3' {
  if ((wire.headers.authorization ?? '').trim().startsWith('ACS3-')) return 'v3';
  const { query, form } = splitParams(wire);
  const hasSignature = [...query, ...form].some(([k]) => k === 'Signature');
  return !hasSignature && wire.headers['x-acs-signature-nonce'] !== undefined ? 'v3' : 'v1';
}

/**
 * Re-signs a request replayed from a pact with the run's credentials, so that a recorded signature (stale
 * timestamp, used nonce, another key) never decides the outcome (CL-4 on the consumer side, AU-1/AU-2 on
 * the provider side): V1 gets a fresh `Timestamp`, `SignatureNonce`, the run's `AccessKeyId` and a new
 * `Signature`, each where the request already carries it (query or form body); V3 gets fresh `x-acs-date`,
 * `x-acs-signature-nonce`, `x-acs-content-sha256` and an `Authorization` over the headers it carries.
 * Then the interaction's declared breakage is re-applied exactly as `encodeProbe` applies it, so a
 * negative-authentication interaction still tests what it claims (AU-3..AU-6).
 */
export function resignReplayed(wire: WireRequest, signing: ReplaySigning): WireRequest {
  const b = signing.breakage;
  if (b !== null && !replayableBreakages.has(b)) {
    throw new Error(`breakage "${b}" cannot be re-applied to a replayed request`);
  }
  const timestamp = breakageTimestamp(b, signing.now);
  const key: AccessKey = b === 'unknown-access-key' ? unknownAccessKey() : signing.key;
  const scheme = schemeOfReplayed(wire);
  const signed =
    scheme === 'v1'
      ? resignV1(wire, key, timestamp, signing.host)
      : resignV3(wire, key, timestamp, signing.host);
  return breakWire(signed, { scheme, breakage: b }, key.accessKeySecret);
}

function isForm(wire: WireRequest): boolean {
  return (wire.headers['content-type'] ?? '').toLowerCase().startsWith(formType) && wire.body.length > 0;
}

function splitTarget(target: string): { path: string; rawQuery: string } {
  const at = target.indexOf('?');
  return at < 0
    ? { path: target, rawQuery: '' }
    : { path: target.slice(0, at), rawQuery: target.slice(at + 1) };
}

function splitParams(wire: WireRequest): { query: ParamList; form: ParamList } {
  return {
    query: parseParams(splitTarget(wire.target).rawQuery).params,
    form: isForm(wire) ? parseParams(utf8.decode(wire.body)).params : [],
  };
}

function resignV1(wire: WireRequest, key: AccessKey, timestamp: string, host: string): WireRequest {
  const { path } = splitTarget(wire.target);
  const { query, form } = splitParams(wire);
  const fresh = new Map([
    ['AccessKeyId', key.accessKeyId],
    ['Timestamp', timestamp],
    ['SignatureNonce', randomUUID()],
  ]);
  const refresh = (params: ParamList): Array<[string, string]> =>
    params.filter(([k]) => k !== 'Signature').map(([k, v]) => [k, fresh.get(k) ?? v]);
  const newQuery = refresh(query);
  const newForm = refresh(form);
  const signature = signV1(wire.method, [...newQuery, ...newForm], key.accessKeySecret);
  // The signature goes back where the client put it: the form body only when it was there alone.
  const inForm = form.some(([k]) => k === 'Signature') && !query.some(([k]) => k === 'Signature');
  (inForm ? newForm : newQuery).push(['Signature', signature]);
  const rawQuery = encodeParams(newQuery);
  return {
    method: wire.method,
    target: rawQuery === '' ? path : `${path}?${rawQuery}`,
    headers: { ...wire.headers, host },
    body: isForm(wire) ? encoder.encode(encodeParams(newForm)) : wire.body,
  };
}

function resignV3(wire: WireRequest, key: AccessKey, timestamp: string, host: string): WireRequest {
  const { path, rawQuery } = splitTarget(wire.target);
  const headers: Record<string, string> = {
    ...wire.headers,
    host,
    'x-acs-date': timestamp,
    'x-acs-signature-nonce': randomBytes(32).toString('hex'),
    'x-acs-content-sha256': sha256Hex(wire.body),
  };
  delete headers.authorization;
  const signed = signV3({
    method: wire.method,
    path,
    query: parseParams(rawQuery).params,
    headers,
    body: wire.body,
    accessKeyId: key.accessKeyId,
    accessKeySecret: key.accessKeySecret,
  });
  return { ...wire, headers: { ...headers, authorization: signed.authorization } };
}
