import { describe, expect, it } from 'vitest';
import type { World } from '../spec/World.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';
import { encodeRequest, isoTimestamp } from '../wire/encodeRequest.ts';
import type { ParamList, WireRequest } from '../wire/WireMessage.ts';
import { flippedProfile } from './EmulatorProfile.ts';
import { type HandlerInput, type HandlerOutput, handleRequest } from './handleRequest.ts';

// The pure handler (world, request) → (world, response), without HTTP: it never mutates its input, keeps
// the world object on errors (ERR-3), and asks the caller to remember a nonce exactly when authentication
// passed (AU-7).

const key = { accessKeyId: 'unit-ak', accessKeySecret: 'unit-secret' };
const now = Date.UTC(2026, 10, 28, 10, 0, 0);

function world(): World {
  return {
    accessKeys: [{ ...key }],
    regions: ['cn-hangzhou', 'cn-qingdao'],
    keyPairs: [
      { regionId: 'cn-hangzhou', keyPairName: 'kp-a' },
      { regionId: 'cn-qingdao', keyPairName: 'kp-a' },
    ],
    instances: [
      { regionId: 'cn-hangzhou', instanceId: 'i-1', osType: 'linux', keyPairName: 'kp-a' },
      { regionId: 'cn-hangzhou', instanceId: 'i-2', osType: 'linux', keyPairName: 'kp-a' },
      { regionId: 'cn-hangzhou', instanceId: 'i-free', osType: 'linux', keyPairName: null },
      { regionId: 'cn-hangzhou', instanceId: 'i-win', osType: 'windows', keyPairName: null },
      { regionId: 'cn-qingdao', instanceId: 'i-qd', osType: 'linux', keyPairName: 'kp-a' },
    ],
  };
}

/**
 * Freezes a value and everything reachable from it, so that any mutation throws (ESM is strict mode).
 * Typed arrays cannot be frozen; callers compare those with a copy instead.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const params = (ids: string, keyPairName = 'kp-a', regionId = 'cn-hangzhou'): ParamList => [
  ['Format', 'JSON'],
  ['RegionId', regionId],
  ['KeyPairName', keyPairName],
  ['InstanceIds', ids],
];

function request(
  p: ParamList,
  options: {
    scheme?: 'v1' | 'v3';
    secret?: string;
    accessKeyId?: string;
    timestamp?: string;
    action?: string;
    version?: string;
  } = {},
): WireRequest {
  return encodeRequest({
    params: p,
    transport: 'post-form',
    host: 'ecs.unit.test',
    signing: {
      scheme: options.scheme ?? 'v1',
      accessKeyId: options.accessKeyId ?? key.accessKeyId,
      accessKeySecret: options.secret ?? key.accessKeySecret,
      nonce: 'fixed-nonce',
      timestamp: options.timestamp ?? isoTimestamp(now),
    },
    ...(options.action === undefined ? {} : { action: options.action }),
    ...(options.version === undefined ? {} : { version: options.version }),
  });
}

/** Runs the handler on a deep-frozen world and request, checking that neither was changed. */
function run(
  wire: WireRequest,
  extra: Partial<Pick<HandlerInput, 'nonceSeen' | 'profile' | 'requestId' | 'now'>> = {},
): { input: World; out: HandlerOutput } {
  const input = deepFreeze(world());
  const frozenRequest = deepFreeze({ ...wire, headers: { ...wire.headers } });
  const snapshot = structuredClone(world());
  const requestSnapshot = structuredClone(frozenRequest);
  let out: HandlerOutput | undefined;
  expect(() => {
    out = handleRequest({
      world: input,
      request: frozenRequest,
      now: extra.now ?? now,
      nonceSeen: extra.nonceSeen ?? (() => false),
      ...(extra.profile === undefined ? {} : { profile: extra.profile }),
      ...(extra.requestId === undefined ? {} : { requestId: extra.requestId }),
    });
  }).not.toThrow();
  expect(input).toEqual(snapshot);
  expect(frozenRequest).toEqual(requestSnapshot);
  if (out === undefined) throw new Error('handleRequest returned nothing');
  return { input, out };
}

const code = (out: HandlerOutput) => decodeResponse(out.response).fields.Code?.value;

describe('handleRequest: purity', () => {
  it.each(['v1', 'v3'] as const)(
    'ST-1 ERR-3: a %s success on a deep-frozen world does not throw, leaves the input equal, returns a new world',
    (scheme) => {
      const { input, out } = run(request(params('["i-1"]'), { scheme }));
      expect(out.response.status).toBe(200);
      expect(out.world).not.toBe(input);
      expect(out.world.instances.find((i) => i.instanceId === 'i-1')?.keyPairName).toBeNull();
      expect(input.instances.find((i) => i.instanceId === 'i-1')?.keyPairName).toBe('kp-a');
    },
  );

  it('ST-3: a success changes only the detached instance; every other part of the world is equal', () => {
    const { input, out } = run(request(params('["i-1"]')));
    expect(out.world.regions).toEqual(input.regions);
    expect(out.world.keyPairs).toEqual(input.keyPairs);
    expect(out.world.accessKeys).toEqual(input.accessKeys);
    expect(out.world.instances.filter((i) => i.instanceId !== 'i-1')).toEqual(
      input.instances.filter((i) => i.instanceId !== 'i-1'),
    );
  });

  it('ST-2: a success where every instance fails leaves the world equal to the input', () => {
    const { input, out } = run(request(params('["i-free","i-unknown"]')));
    expect(out.response.status).toBe(200);
    expect(out.world).toEqual(input);
  });

  it('ID-7: duplicates on a frozen world (per-occurrence and dedupe profiles) do not throw', () => {
    expect(run(request(params('["i-1","i-1"]'))).out.response.status).toBe(200);
    expect(run(request(params('["i-1","i-1"]')), { profile: flippedProfile }).out.response.status).toBe(200);
  });

  it('OK-2: the requestId input is the RequestId of the response', () => {
    const { out } = run(request(params('["i-1"]')), { requestId: 'FIXED-ID' });
    expect(decodeResponse(out.response).fields.RequestId?.value).toBe('FIXED-ID');
  });

  it('OK-2: without a requestId input, each response gets a fresh upper-case UUID', () => {
    const a = decodeResponse(run(request(params('["i-1"]'))).out.response).fields.RequestId?.value;
    const b = decodeResponse(run(request(params('["i-1"]'))).out.response).fields.RequestId?.value;
    expect(a).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(a).not.toBe(b);
  });
});

describe('handleRequest: errors keep the same world object (ERR-3)', () => {
  const cases: ReadonlyArray<
    readonly [string, () => WireRequest, Partial<Pick<HandlerInput, 'nonceSeen' | 'now'>>]
  > = [
    ['RQ-2 unknown action', () => request(params('["i-1"]'), { action: 'Nope' }), {}],
    ['RQ-3 unsupported version', () => request(params('["i-1"]'), { version: '2000-01-01' }), {}],
    ['AU-3 wrong signature', () => request(params('["i-1"]'), { secret: 'wrong' }), {}],
    ['AU-4 unknown access key', () => request(params('["i-1"]'), { accessKeyId: 'nobody' }), {}],
    ['AU-6 stale timestamp', () => request(params('["i-1"]')), { now: now + 16 * 60 * 1000 }],
    ['AU-7 replayed nonce', () => request(params('["i-1"]')), { nonceSeen: () => true }],
    ['KP-1 unknown key pair', () => request(params('["i-1"]', 'kp-none')), {}],
    ['RQ-5 unknown region', () => request(params('["i-1"]', 'kp-a', 'cn-none')), {}],
    ['WIN-1 Windows instance', () => request(params('["i-1","i-win"]')), {}],
    ['ID-4 invalid InstanceIds', () => request(params('{}')), {}],
    [
      'ID-3 51 IDs',
      () => request(params(JSON.stringify(Array.from({ length: 51 }, (_, i) => `i-${i}`)))),
      {},
    ],
  ];
  it.each(cases)('ERR-3 %s: the output world is the input object', (_label, build, extra) => {
    const { input, out } = run(build(), extra);
    expect(out.response.status).toBeGreaterThanOrEqual(400);
    expect(out.world).toBe(input);
  });

  it('ERR-4: a wrong path and a wrong method keep the world and do not throw', () => {
    const wire = request(params('["i-1"]'));
    for (const variant of [
      { ...wire, target: '/other' },
      { ...wire, method: 'DELETE' },
      { ...wire, target: '/?A=%ZZ' },
    ]) {
      const { input, out } = run(variant);
      expect(out.response.status).toBeGreaterThanOrEqual(400);
      expect(out.response.status).toBeLessThan(500);
      expect(out.world).toBe(input);
    }
  });
});

describe('handleRequest: rememberNonce is set exactly when authentication passed (AU-7)', () => {
  it.each([
    [
      'RQ-1 missing Action (routing, before authentication)',
      () => request(params('["i-1"]'), { action: '' }),
    ],
    ['RQ-2 unknown action (routing)', () => request(params('["i-1"]'), { action: 'Nope' })],
    ['RQ-3 unsupported version (routing)', () => request(params('["i-1"]'), { version: '1999-01-01' })],
    ['AU-3 wrong signature V1', () => request(params('["i-1"]'), { secret: 'wrong' })],
    ['AU-3 wrong signature V3', () => request(params('["i-1"]'), { scheme: 'v3', secret: 'wrong' })],
    ['AU-4 unknown access key', () => request(params('["i-1"]'), { accessKeyId: 'nobody' })],
    ['AU-6 malformed timestamp', () => request(params('["i-1"]'), { timestamp: '2026-02-30T00:00:00Z' })],
    [
      'AU-6 stale timestamp',
      () => request(params('["i-1"]'), { timestamp: isoTimestamp(now - 16 * 60_000) }),
    ],
  ])('%s → no rememberNonce', (_label, build) => {
    const { out } = run(build());
    expect(out.response.status).toBeGreaterThanOrEqual(400);
    expect(out.rememberNonce).toBeUndefined();
    expect('rememberNonce' in out).toBe(false);
  });

  it('AU-7: a replayed nonce → SignatureNonceUsed and no rememberNonce', () => {
    const { out } = run(request(params('["i-1"]')), { nonceSeen: () => true });
    expect(code(out)).toBe('SignatureNonceUsed');
    expect(out.rememberNonce).toBeUndefined();
  });

  it.each([
    ['a success', () => request(params('["i-1"]')), 200],
    ['a success (V3)', () => request(params('["i-1"]'), { scheme: 'v3' }), 200],
    ['KP-1 (authenticated, then a business error)', () => request(params('["i-1"]', 'kp-none')), 400],
    ['RQ-4 (authenticated, then a missing parameter)', () => request(params('')), 400],
    ['WIN-1 (authenticated, then Windows)', () => request(params('["i-win"]')), 403],
  ])('%s → rememberNonce is the key nonceSeen was asked about', (_label, build, status) => {
    const asked: string[] = [];
    const { out } = run(build(), {
      nonceSeen: (k) => {
        asked.push(k);
        return false;
      },
    });
    expect(out.response.status).toBe(status);
    expect(out.rememberNonce).toBeDefined();
    expect(asked).toEqual([out.rememberNonce]);
    expect(out.rememberNonce).toContain('fixed-nonce');
    expect(out.rememberNonce).toContain(key.accessKeyId);
  });

  it('AU-7: the nonce key is scoped by AccessKeyId', () => {
    const other = { accessKeyId: 'other-ak', accessKeySecret: 'other-secret' };
    const input = deepFreeze({ ...world(), accessKeys: [{ ...key }, other] });
    const keys = [key, other].map(
      (k) =>
        handleRequest({
          world: input,
          request: encodeRequest({
            params: params('["i-1"]'),
            transport: 'get-query',
            host: 'h',
            signing: { scheme: 'v1', ...k, nonce: 'same', timestamp: isoTimestamp(now) },
          }),
          now,
          nonceSeen: () => false,
        }).rememberNonce,
    );
    expect(keys[0]).toBeDefined();
    expect(keys[0]).not.toBe(keys[1]);
  });
});
