import { referenceJsonSample, referenceXmlSample } from '../../fixtures/documented/referenceSamples.ts';
import { expectedOutcome } from '../oracle/expectedOutcome.ts';
import type { World } from '../spec/World.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';
import { type Probe, probe } from '../wire/Probe.ts';
import type { CheckOutcome } from './CheckOutcome.ts';
import type { Exchange } from './Exchange.ts';

/** The two instances of the reference's success samples, bound to its key pair in its sample region. */
export const A = 'i-m5eg7be9ndloji64****';
export const B = 'i-m5e25x2mwr0hk33d****';
/** Bound to another key pair of the region (ST-4). */
export const C = 'i-m5eotherkeypair001';
/** Bound to nothing (ST-4). */
export const D = 'i-m5eunbound00000001';
/** A Windows instance bound to the key pair (WIN-1). */
export const W = 'i-m5ewindows00000001';
/** A Linux instance of another region, bound to a key pair of the same name there (ST-5, KP-2). */
export const H = 'i-bp1hangzhou0000001';
/** Unknown everywhere (ST-5). */
export const UNKNOWN = 'i-m5eunknown00000001';

/** The sample request's region and key pair (the reference's "Sample requests"). */
export const REGION = 'cn-qingdao';
export const KEY_PAIR = 'testKeyPairName';
/** The `Host` header of every test request; documented errors echo it as `HostId` (GEN-4). */
export const HOST = 'ecs.aliyuncs.com';
/** The samples' `RequestId`. */
const REQUEST_ID = '834B3E6B-2D1D-482F-81A4-810C327D4735';
/** The Content-Type values the live service and the Node SDK use (TR-4, TR-5). */
export const JSON_TYPE = 'application/json;charset=utf-8';
export const XML_TYPE = 'text/xml;charset=utf-8';

/**
 * A world in which the reference's samples are true: its two instances are Linux, in `cn-qingdao` (the
 * sample request's region), bound to `testKeyPairName`; around them, one instance of each other fate.
 */
export const world: World = {
  accessKeys: [{ accessKeyId: 'LTAI5tTestKey', accessKeySecret: 'not-a-real-secret' }],
  regions: [REGION, 'cn-hangzhou'],
  keyPairs: [
    { regionId: REGION, keyPairName: KEY_PAIR },
    { regionId: REGION, keyPairName: 'otherKeyPair' },
    { regionId: 'cn-hangzhou', keyPairName: KEY_PAIR },
    { regionId: 'cn-hangzhou', keyPairName: 'onlyInHangzhou' },
  ],
  instances: [
    { regionId: REGION, instanceId: A, osType: 'linux', keyPairName: KEY_PAIR },
    { regionId: REGION, instanceId: B, osType: 'linux', keyPairName: KEY_PAIR },
    { regionId: REGION, instanceId: C, osType: 'linux', keyPairName: 'otherKeyPair' },
    { regionId: REGION, instanceId: D, osType: 'linux', keyPairName: null },
    { regionId: REGION, instanceId: W, osType: 'windows', keyPairName: KEY_PAIR },
    { regionId: 'cn-hangzhou', instanceId: H, osType: 'linux', keyPairName: KEY_PAIR },
  ],
};

/** The reference's sample, verbatim (fixtures/documented/referenceSamples.ts). */
export const XML_SAMPLE = referenceXmlSample;

/** The reference's sample, verbatim (fixtures/documented/referenceSamples.ts). */
export const JSON_SAMPLE = referenceJsonSample;

/** The JSON sample as a value, to mutate. Typed loosely on purpose: tests break it in every way. */
export type JsonDocument = Record<string, unknown> & {
  Results: { Result: Array<Record<string, unknown>> };
};

/** The JSON sample, optionally mutated, as a body string. */
export function jsonSample(mutate: (doc: JsonDocument) => void = () => {}): string {
  const doc = JSON.parse(JSON_SAMPLE) as JsonDocument;
  mutate(doc);
  return JSON.stringify(doc);
}

/**
 * One per-instance entry in the documented shape. The failure code is illustrative: the reference
 * documents only `200` for `Result.Code`.
 */
export function entry(
  instanceId: string,
  ok: boolean,
  code = ok ? '200' : 'InvalidKeyPair.NotBound',
): Record<string, unknown> {
  return {
    Message: ok ? 'successful' : 'The key pair is not bound to the instance.',
    InstanceId: instanceId,
    Success: ok,
    Code: code,
  };
}

/** A JSON success body with the given entries, counts consistent with them. */
export function jsonSuccess(
  entries: Array<Record<string, unknown>>,
  extra: Record<string, unknown> = {},
): string {
  const failures = entries.filter((e) => e.Success === false).length;
  return JSON.stringify({
    TotalCount: entries.length,
    RequestId: REQUEST_ID,
    Results: { Result: entries },
    FailCount: failures,
    ...extra,
  });
}

/** A documented JSON error body (RequestId, HostId, Code, Message, Recommend). */
export function jsonError(code: string, message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    RequestId: '473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E',
    HostId: HOST,
    Code: code,
    Message: message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Ecs`,
    ...extra,
  });
}

/** The same error in XML, under the root `<Error>`. */
export function xmlError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E</RequestId><HostId>${HOST}</HostId><Code>${code}</Code><Message>${message}</Message></Error>`;
}

/** The error table's messages (KP-1, WIN-1). */
export const KP_NOT_FOUND = 'The specified KeyPairName does not exist in our records.';
export const WINDOWS = 'The instance creating is windows, cannot use ssh key pair to login';

/** A probe of the sample request: `cn-qingdao`, `testKeyPairName`, the reference's spaced JSON list. */
export function sampleProbe(overrides: Partial<Probe> = {}, ids: readonly string[] = [A, B]): Probe {
  return probe({
    regionId: REGION,
    keyPairName: KEY_PAIR,
    instanceIds: `[${ids.map((id) => JSON.stringify(id)).join(', ')}]`,
    ...overrides,
  });
}

/** What a test says about one exchange; everything else takes the documented default. */
export type ExchangeSpec = {
  probe: Probe;
  body: string;
  status?: number;
  /** `null` sends no Content-Type; default: JSON or XML by the body's first character. */
  contentType?: string | null;
  /** Default: the oracle's world after a success, else the world unchanged. */
  worldAfter?: World;
  world?: World;
  /** `false`: no world control (expectation and worlds `null`). */
  withWorld?: boolean;
};

/** An in-memory exchange: the probe, a response decoded by the wire layer, the oracle's expectation. */
export function exchange(spec: ExchangeSpec): Exchange {
  const before = spec.world ?? world;
  const withWorld = spec.withWorld ?? true;
  const expectation = withWorld ? expectedOutcome(before, spec.probe) : null;
  const contentType =
    spec.contentType === undefined
      ? spec.body.trimStart().startsWith('<')
        ? XML_TYPE
        : JSON_TYPE
      : spec.contentType;
  const headers: Record<string, string> = contentType === null ? {} : { 'content-type': contentType };
  const response = { status: spec.status ?? 200, headers, body: new TextEncoder().encode(spec.body) };
  return {
    probe: spec.probe,
    request: { method: 'GET', target: '/', headers: { host: HOST }, body: new Uint8Array() },
    response,
    decoded: decodeResponse(response),
    expectation,
    worldBefore: withWorld ? before : null,
    worldAfter: withWorld ? (spec.worldAfter ?? expectation?.success?.worldAfter ?? before) : null,
  };
}

/** `world` with one instance replaced (or removed with `null`). */
export function withInstance(
  base: World,
  instanceId: string,
  change: Partial<World['instances'][number]> | null,
): World {
  return {
    ...base,
    instances: base.instances.flatMap((i) =>
      i.instanceId !== instanceId ? [i] : change === null ? [] : [{ ...i, ...change }],
    ),
  };
}

/** Outcomes as short `status rule` strings (`fail OK-5`, `warn OK-2`), for compact assertions. */
export function summary(outcomes: readonly CheckOutcome[]): string[] {
  return outcomes.map((o) => `${o.status === 'fail' && o.level === 'SHOULD' ? 'warn' : o.status} ${o.rule}`);
}

/** The distinct rules with a failing (MUST or SHOULD) outcome, sorted. */
export function broken(outcomes: readonly CheckOutcome[]): string[] {
  return [
    ...new Set(outcomes.filter((o) => o.status === 'fail' || o.status === 'error').map((o) => o.rule)),
  ].sort();
}

/** The REPORT observations, as `rule: observed`. */
export function observed(outcomes: readonly CheckOutcome[]): string[] {
  return outcomes.flatMap((o) => (o.status === 'report' ? [`${o.rule}: ${o.observed}`] : []));
}
