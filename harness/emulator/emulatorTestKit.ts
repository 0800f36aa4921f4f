/**
 * Test support for the emulator's HTTP tests (not used by the suite itself): a loopback emulator with a
 * movable clock, signed requests built with the project's own client (`encodeRequest`), and world-URL
 * helpers. Every request goes over real HTTP (undici) and is decoded with `decodeResponse`.
 */
import { randomUUID } from 'node:crypto';
import type { World } from '../spec/World.ts';
import { sendWire } from '../targets/sendWire.ts';
import { type DecodedResponse, decodeResponse } from '../wire/decodeResponse.ts';
import { type ApiCall, encodeRequest, isoTimestamp, type Transport } from '../wire/encodeRequest.ts';
import { encodeParams, parseParams } from '../wire/percentEncode.ts';
import { signV1 } from '../wire/signV1.ts';
import { defaultSignedHeaders, sha256Hex, signV3 } from '../wire/signV3.ts';
import type { ParamList, WireRequest, WireResponse } from '../wire/WireMessage.ts';
import type { EmulatorProfile } from './EmulatorProfile.ts';
import { type EmulatorServer, startEmulator } from './startEmulator.ts';

/** The credentials every test world accepts. */
export const testKey = { accessKeyId: 'test-access-key-id', accessKeySecret: 'test-access-key-secret' };

/** The `Host` header tests send: not the socket address, so that GEN-4 (HostId echoes Host) is observable. */
export const testHost = 'ecs.cn-hangzhou.aliyuncs.com';

/**
 * A small world: two regions sharing a key pair name, bound Linux instances, a Windows instance, an
 * instance bound to another key pair and an unbound one.
 */
export function baseWorld(): World {
  return {
    accessKeys: [{ ...testKey }],
    regions: ['cn-hangzhou', 'cn-qingdao'],
    keyPairs: [
      { regionId: 'cn-hangzhou', keyPairName: 'kp-a' },
      { regionId: 'cn-hangzhou', keyPairName: 'kp-b' },
      { regionId: 'cn-qingdao', keyPairName: 'kp-a' },
      { regionId: 'cn-qingdao', keyPairName: 'kp-qd-only' },
    ],
    instances: [
      { regionId: 'cn-hangzhou', instanceId: 'i-linux-1', osType: 'linux', keyPairName: 'kp-a' },
      { regionId: 'cn-hangzhou', instanceId: 'i-linux-2', osType: 'linux', keyPairName: 'kp-a' },
      { regionId: 'cn-hangzhou', instanceId: 'i-linux-other', osType: 'linux', keyPairName: 'kp-b' },
      { regionId: 'cn-hangzhou', instanceId: 'i-linux-free', osType: 'linux', keyPairName: null },
      { regionId: 'cn-hangzhou', instanceId: 'i-win-1', osType: 'windows', keyPairName: null },
      { regionId: 'cn-qingdao', instanceId: 'i-qd-linux', osType: 'linux', keyPairName: 'kp-a' },
      { regionId: 'cn-qingdao', instanceId: 'i-qd-win', osType: 'windows', keyPairName: 'kp-qd-only' },
    ],
  };
}

/** A running loopback emulator whose clock tests can move (AU-6) instead of waiting. */
export type TestEmulator = EmulatorServer & {
  /** Moves the server clock to real time plus `offsetMs`. */
  setClockOffset(offsetMs: number): void;
  /** The server clock now. */
  now(): number;
};

/** Starts the emulator on loopback with a movable clock. */
export async function startTestEmulator(
  options: { profile?: EmulatorProfile; world?: World } = {},
): Promise<TestEmulator> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const server = await startEmulator({
    clock: now,
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.world === undefined ? {} : { world: options.world }),
  });
  return {
    ...server,
    setClockOffset: (offsetMs: number) => {
      offset = offsetMs;
    },
    now,
  };
}

/** How a test request is signed and shaped; everything defaults to a fresh, valid V1 GET. */
export type CallOptions = {
  scheme?: 'v1' | 'v3';
  transport?: Transport;
  action?: string;
  version?: string;
  nonce?: string;
  timestamp?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  host?: string;
};

/** Encodes and signs a call with the project's own client (`encodeRequest`). */
export function signedRequest(params: ParamList, options: CallOptions = {}): WireRequest {
  const call: ApiCall = {
    params,
    transport: options.transport ?? 'get-query',
    host: options.host ?? testHost,
    signing: {
      scheme: options.scheme ?? 'v1',
      accessKeyId: options.accessKeyId ?? testKey.accessKeyId,
      accessKeySecret: options.accessKeySecret ?? testKey.accessKeySecret,
      ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
      ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    },
    ...(options.action === undefined ? {} : { action: options.action }),
    ...(options.version === undefined ? {} : { version: options.version }),
  };
  return encodeRequest(call);
}

/** The DetachKeyPair business parameters; `ids` as a list is sent as compact JSON, a string as given. */
export function detachParams(
  regionId: string,
  keyPairName: string,
  ids: readonly string[] | string,
  format?: 'JSON' | 'XML',
): Array<[string, string]> {
  const params: Array<[string, string]> = [];
  if (format !== undefined) params.push(['Format', format]);
  params.push(
    ['RegionId', regionId],
    ['KeyPairName', keyPairName],
    ['InstanceIds', typeof ids === 'string' ? ids : JSON.stringify(ids)],
  );
  return params;
}

/**
 * A V1 GET signed over exactly `params` (nothing added), so that tests can leave out `Action`, `Version`
 * or any signing parameter.
 */
export function rawV1Request(
  params: ParamList,
  secret: string = testKey.accessKeySecret,
  host: string = testHost,
): WireRequest {
  const signature = signV1('GET', params, secret);
  return {
    method: 'GET',
    target: `/?${encodeParams([...params, ['Signature', signature]])}`,
    headers: { host },
    body: new Uint8Array(),
  };
}

/** The common V1 parameters of a fresh request, in the order the project's client sends them. */
export function v1CommonParams(
  overrides: { nonce?: string; timestamp?: string; accessKeyId?: string } = {},
): Array<[string, string]> {
  return [
    ['Action', 'DetachKeyPair'],
    ['Version', '2014-05-26'],
    ['AccessKeyId', overrides.accessKeyId ?? testKey.accessKeyId],
    ['SignatureMethod', 'HMAC-SHA1'],
    ['SignatureVersion', '1.0'],
    ['SignatureNonce', overrides.nonce ?? randomUUID()],
    ['Timestamp', overrides.timestamp ?? isoTimestamp()],
  ];
}

/**
 * Re-signs a V3 request after `edit` changed its headers, over {@link defaultSignedHeaders} (or
 * `signedHeaders`); the `x-acs-content-sha256` header is recomputed from the body unless `edit` removed it.
 */
export function resignV3(
  wire: WireRequest,
  edit: (headers: Record<string, string>) => void,
  options: { secret?: string; signedHeaders?: readonly string[] } = {},
): WireRequest {
  const headers = { ...wire.headers };
  delete headers.authorization;
  if (headers['x-acs-content-sha256'] !== undefined) headers['x-acs-content-sha256'] = sha256Hex(wire.body);
  edit(headers);
  const queryAt = wire.target.indexOf('?');
  const query = queryAt < 0 ? [] : parseParams(wire.target.slice(queryAt + 1)).params;
  const signed = signV3({
    method: wire.method,
    path: '/',
    query,
    headers,
    body: wire.body,
    accessKeyId: testKey.accessKeyId,
    accessKeySecret: options.secret ?? testKey.accessKeySecret,
    signedHeaders: options.signedHeaders ?? defaultSignedHeaders(headers),
  });
  return { ...wire, headers: { ...headers, authorization: signed.authorization } };
}

/** A response as received and as decoded. */
export type Exchange = { response: WireResponse; decoded: DecodedResponse; text: string };

/** Sends a wire request to the emulator over loopback HTTP and decodes the answer. */
export async function exchange(server: { origin: string }, wire: WireRequest): Promise<Exchange> {
  const response = await sendWire(server.origin, wire);
  return { response, decoded: decodeResponse(response), text: new TextDecoder().decode(response.body) };
}

/** GET on the world URL; throws unless it answers 200 with JSON. */
export async function getWorld(server: { worldUrl: string }): Promise<World> {
  const response = await fetch(server.worldUrl);
  if (response.status !== 200) throw new Error(`GET world URL answered ${response.status}`);
  return (await response.json()) as World;
}

/** POSTs a raw body to the world URL; resolves to the status and the parsed JSON body (if any). */
export async function postWorldBody(
  server: { worldUrl: string },
  body: string,
  method = 'POST',
): Promise<{ status: number; contentType: string | null; body: unknown }> {
  const response = await fetch(server.worldUrl, {
    method,
    headers: { 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type'), body: parsed };
}

/** Replaces the emulator's world through the world URL (target-protocol §1); throws unless 2xx. */
export async function setWorld(server: { worldUrl: string }, world: unknown): Promise<void> {
  const out = await postWorldBody(
    server,
    JSON.stringify({ action: 'setup', state: 'test', params: { world } }),
  );
  if (out.status < 200 || out.status > 299) {
    throw new Error(`world URL refused the world: ${out.status} ${JSON.stringify(out.body)}`);
  }
}

/** A World with every array sorted, so that worlds compare as sets (array order is not significant). */
export function sortedWorld(world: World): World {
  const byJson = <T>(items: readonly T[]): T[] =>
    [...items].sort((a, b) => {
      const x = JSON.stringify(a);
      const y = JSON.stringify(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
  return {
    accessKeys: byJson(world.accessKeys),
    regions: byJson(world.regions),
    keyPairs: byJson(world.keyPairs),
    instances: byJson(world.instances),
  };
}

/** The key pair bound to each instance, by instance ID. */
export function bindings(world: World): Record<string, string | null> {
  return Object.fromEntries(world.instances.map((i) => [i.instanceId, i.keyPairName]));
}

/** An ISO 8601 UTC timestamp `offsetMs` from now, without milliseconds. */
export function timestampAt(offsetMs: number, base: number = Date.now()): string {
  return isoTimestamp(base + offsetMs);
}

/** Minutes in milliseconds. */
export const minutes = (n: number): number => n * 60 * 1000;
