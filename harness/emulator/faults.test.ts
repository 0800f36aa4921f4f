import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { type RuleDefinition, ruleById } from '../spec/rules.ts';
import type { World } from '../spec/World.ts';
import { sendWire } from '../targets/sendWire.ts';
import { type DecodedResponse, decodeResponse } from '../wire/decodeResponse.ts';
import { encodeProbe, type ProbeContext } from '../wire/encodeProbe.ts';
import { encodeInstanceIds } from '../wire/instanceIdsCodec.ts';
import { type Probe, probe } from '../wire/Probe.ts';
import { encodeParams, parseParams } from '../wire/percentEncode.ts';
import { signV1 } from '../wire/signV1.ts';
import { signV3 } from '../wire/signV3.ts';
import type { WireRequest, WireResponse } from '../wire/WireMessage.ts';
import { type FaultName, faultNames, faults, isFaultName } from './faults.ts';
import { type EmulatorServer, startEmulator } from './startEmulator.ts';

// Every injected fault, over real loopback HTTP: the same requests against an emulator started with the
// fault and against the clean one, on the same world. The faulty one shows the bug; the clean one answers
// as the rules require. Requests are built with the suite's own encoder (encodeProbe).

const key = { accessKeyId: 'fault-test-key', accessKeySecret: 'fault-test-secret' };
const host = 'ecs.cn-hangzhou.aliyuncs.com';
const hz = 'cn-hangzhou';

/** Two regions sharing the key pair name `kp-a`; bound, unbound, other-bound and Windows instances. */
function testWorld(): World {
  return {
    accessKeys: [{ ...key }],
    regions: [hz, 'cn-qingdao'],
    keyPairs: [
      { regionId: hz, keyPairName: 'kp-a' },
      { regionId: hz, keyPairName: 'kp-b' },
      { regionId: 'cn-qingdao', keyPairName: 'kp-a' },
      { regionId: 'cn-qingdao', keyPairName: 'kp-qd-only' },
    ],
    instances: [
      { regionId: hz, instanceId: 'i-l1', osType: 'linux', keyPairName: 'kp-a' },
      { regionId: hz, instanceId: 'i-l2', osType: 'linux', keyPairName: 'kp-a' },
      { regionId: hz, instanceId: 'i-l3', osType: 'linux', keyPairName: 'kp-a' },
      { regionId: hz, instanceId: 'i-other', osType: 'linux', keyPairName: 'kp-b' },
      { regionId: hz, instanceId: 'i-free', osType: 'linux', keyPairName: null },
      { regionId: hz, instanceId: 'i-win', osType: 'windows', keyPairName: 'kp-a' },
      { regionId: 'cn-qingdao', instanceId: 'i-qd', osType: 'linux', keyPairName: 'kp-a' },
    ],
  };
}

type Sent = { response: WireResponse; decoded: DecodedResponse; nonce: string };

/** What one side of a case does: send probes (fresh and valid unless overridden) or raw wire requests. */
type Target = {
  call(overrides?: Partial<Probe>, context?: Partial<ProbeContext>): Promise<Sent>;
  send(wire: WireRequest): Promise<Sent>;
  /** A probe encoded for this target without sending it (to edit the wire first). */
  encode(overrides?: Partial<Probe>): WireRequest;
};

/** The responses of a case, in order, and the world afterwards (read over the world URL). */
type Run = { sent: Sent[]; world: World };

type FaultCase = {
  run: (target: Target) => Promise<Sent[]>;
  /** What the faulty emulator shows. */
  faulty: (run: Run) => void;
  /** What the clean emulator does with the same requests. */
  clean: (run: Run) => void;
};

/** A probe detaching `kp-a` from `i-l1` in cn-hangzhou, V1 GET, JSON, with `overrides`. */
function probeOf(overrides: Partial<Probe> = {}): Probe {
  return probe({ regionId: hz, keyPairName: 'kp-a', instanceIds: '["i-l1"]', ...overrides });
}

function targetFor(server: EmulatorServer): Target {
  const context = (extra: Partial<ProbeContext> = {}): ProbeContext => ({
    key,
    host,
    now: Date.now(),
    ...extra,
  });
  const send = async (wire: WireRequest, nonce = ''): Promise<Sent> => {
    const response = await sendWire(server.origin, wire);
    return { response, decoded: decodeResponse(response), nonce };
  };
  return {
    call: (overrides = {}, extra = {}) => {
      const { wire, nonce } = encodeProbe(probeOf(overrides), context(extra));
      return send(wire, nonce);
    },
    send: (wire) => send(wire),
    encode: (overrides = {}) => encodeProbe(probeOf(overrides), context()).wire,
  };
}

async function worldOf(server: EmulatorServer): Promise<World> {
  const response = await fetch(server.worldUrl);
  return (await response.json()) as World;
}

// --- assertions -------------------------------------------------------------------------------------------

const at = (run: Run, i = 0): Sent => {
  const sent = run.sent[i];
  if (sent === undefined) throw new Error(`no response #${i}`);
  return sent;
};

function expectError(sent: Sent, status: number, code: string): void {
  expect({ status: sent.decoded.status, code: sent.decoded.fields.Code?.value }).toEqual({ status, code });
}

function expectSuccess(sent: Sent): void {
  expect(sent.decoded.status).toBe(200);
  expect(sent.decoded.fields.Code).toBeUndefined();
  expect(sent.decoded.results.container).toBe('array');
}

/** Each result as `InstanceId → [Success, Code]`, by value. */
function outcomes(sent: Sent): Array<[string, string, string]> {
  return sent.decoded.results.entries.map((r) => [
    r.InstanceId?.value ?? '?',
    r.Success?.value ?? '?',
    r.Code?.value ?? '?',
  ]);
}

function field(sent: Sent, name: string): string | undefined {
  return sent.decoded.fields[name]?.value;
}

function boundTo(world: World, instanceId: string): string | null | undefined {
  return world.instances.find((i) => i.instanceId === instanceId)?.keyPairName;
}

/** A V1 request re-signed over its parameters without `SignatureNonce` (query transports only). */
function withoutNonceV1(wire: WireRequest): WireRequest {
  const queryAt = wire.target.indexOf('?');
  const params = parseParams(wire.target.slice(queryAt + 1)).params.filter(
    ([k]) => k !== 'SignatureNonce' && k !== 'Signature',
  );
  const signature = signV1(wire.method, params, key.accessKeySecret);
  return { ...wire, target: `/?${encodeParams([...params, ['Signature', signature]])}` };
}

/** A V3 request re-signed without the `x-acs-signature-nonce` header. */
function withoutNonceV3(wire: WireRequest): WireRequest {
  const headers = { ...wire.headers };
  delete headers['x-acs-signature-nonce'];
  delete headers.authorization;
  const queryAt = wire.target.indexOf('?');
  const signed = signV3({
    method: wire.method,
    path: '/',
    query: queryAt < 0 ? [] : parseParams(wire.target.slice(queryAt + 1)).params,
    headers,
    body: wire.body,
    ...key,
  });
  return { ...wire, headers: { ...headers, authorization: signed.authorization } };
}

const notBound = 'InvalidKeyPair.NotBound';
const ids = (n: number, prefix: string) =>
  JSON.stringify(Array.from({ length: n }, (_, i) => `${prefix}${i}`));

// --- one case per fault -------------------------------------------------------------------------------------

const cases: Record<FaultName, FaultCase> = {
  'empty-value-not-missing': {
    run: async (t) => [await t.call({ keyPairName: '' })],
    faulty: (r) => expectError(at(r), 400, 'InvalidParameter'),
    clean: (r) => expectError(at(r), 400, 'MissingParameter'),
  },
  'form-body-ignored': {
    run: async (t) => [await t.call({ transport: 'post-form' })],
    faulty: (r) => {
      // With the body ignored nothing identifies the request (pop-core's unsigned x-acs-* headers then
      // read as a V3 request without Authorization): some 400, never the detach.
      expect(at(r).decoded.status).toBe(400);
      expect(boundTo(r.world, 'i-l1')).toBe('kp-a');
    },
    clean: (r) => {
      expectSuccess(at(r));
      expect(boundTo(r.world, 'i-l1')).toBeNull();
    },
  },
  'form-charset-ignored': {
    run: async (t) => [
      await t.call({ transport: 'post-form-charset' }),
      await t.call({ transport: 'post-form', instanceIds: '["i-l2"]' }),
    ],
    faulty: (r) => {
      // The charset parameter hides the body: some 400, never the detach; a bare form type still works.
      expect(at(r, 0).decoded.status).toBe(400);
      expect(boundTo(r.world, 'i-l1')).toBe('kp-a');
      expectSuccess(at(r, 1));
    },
    clean: (r) => {
      expectSuccess(at(r, 0));
      expectSuccess(at(r, 1));
      expect(boundTo(r.world, 'i-l1')).toBeNull();
    },
  },
  'format-case-sensitive': {
    run: async (t) => [await t.call({ format: 'json' })],
    faulty: (r) => expect(at(r).decoded.format).toBe('xml'),
    clean: (r) => expect(at(r).decoded.format).toBe('json'),
  },
  'v1-default-json': {
    run: async (t) => [await t.call({ format: null })],
    faulty: (r) => expect(at(r).decoded.format).toBe('json'),
    clean: (r) => expect(at(r).decoded.format).toBe('xml'),
  },
  'wrong-content-type': {
    run: async (t) => [await t.call(), await t.call({ keyPairName: 'kp-nowhere' })],
    faulty: (r) => {
      for (const sent of r.sent)
        expect(sent.response.headers['content-type']).toBe('text/plain;charset=utf-8');
      expect(at(r).decoded.format).toBe('json'); // sniffed: the body is still JSON
    },
    clean: (r) => {
      for (const sent of r.sent) expect(sent.response.headers['content-type']).toMatch(/^application\/json/);
    },
  },
  'v1-acs-headers-rejected': {
    run: async (t) => {
      const wire = t.encode();
      // What the official SDK's V1 mode adds, unsigned.
      return [
        await t.send({
          ...wire,
          headers: { ...wire.headers, 'x-acs-action': 'DetachKeyPair', 'x-acs-version': '2014-05-26' },
        }),
      ];
    },
    faulty: (r) => expectError(at(r), 400, 'IncompleteSignature'),
    clean: (r) => expectSuccess(at(r)),
  },
  'v3-unsupported': {
    run: async (t) => [
      await t.call({ scheme: 'v3' }),
      await t.call({ scheme: 'v1', instanceIds: '["i-l2"]' }),
    ],
    faulty: (r) => {
      expectError(at(r, 0), 400, 'IncompleteSignature');
      expectSuccess(at(r, 1));
    },
    clean: (r) => {
      expectSuccess(at(r, 0));
      expectSuccess(at(r, 1));
    },
  },
  'body-hash-not-verified': {
    run: async (t) => [
      await t.call({ scheme: 'v3', transport: 'post-form', breakage: 'body-hash-mismatch' }),
    ],
    faulty: (r) => {
      expectSuccess(at(r));
      expect(boundTo(r.world, 'i-l1')).toBeNull();
    },
    clean: (r) => {
      expectError(at(r), 400, 'SignatureDoesNotMatch');
      expect(boundTo(r.world, 'i-l1')).toBe('kp-a');
    },
  },
  'no-signature-check': {
    run: async (t) => [
      await t.call({ breakage: 'wrong-signature' }),
      await t.call({ scheme: 'v3', breakage: 'wrong-signature', instanceIds: '["i-l2"]' }),
      await t.call({
        scheme: 'v3',
        transport: 'post-form',
        breakage: 'body-hash-mismatch',
        instanceIds: '["i-l3"]',
      }),
    ],
    faulty: (r) => {
      expectSuccess(at(r, 0));
      expectSuccess(at(r, 1));
      expectError(at(r, 2), 400, 'SignatureDoesNotMatch'); // the body hash is still checked
    },
    clean: (r) => {
      expectError(at(r, 0), 400, 'SignatureDoesNotMatch');
      expectError(at(r, 1), 400, 'SignatureDoesNotMatch');
      expectError(at(r, 2), 400, 'SignatureDoesNotMatch');
    },
  },
  'unknown-access-key-wrong-code': {
    run: async (t) => [await t.call({ breakage: 'unknown-access-key' })],
    faulty: (r) => expectError(at(r), 400, 'SignatureDoesNotMatch'),
    clean: (r) => expectError(at(r), 404, 'InvalidAccessKeyId.NotFound'),
  },
  'missing-nonce-accepted': {
    run: async (t) => [
      // Signed without a nonce at all (V1, then V3 with SignedHeaders not listing the nonce header).
      await t.send(withoutNonceV1(t.encode())),
      await t.send(withoutNonceV3(t.encode({ scheme: 'v3', instanceIds: '["i-l2"]' }))),
      // The suite's own probe: encodeProbe drops the nonce and re-signs, so only the nonce is missing.
      await t.call({ breakage: 'missing-nonce', instanceIds: '["i-l3"]' }),
    ],
    faulty: (r) => {
      expectSuccess(at(r, 0));
      expectSuccess(at(r, 1));
      expectSuccess(at(r, 2));
      expect(['i-l1', 'i-l2', 'i-l3'].map((id) => boundTo(r.world, id))).toEqual([null, null, null]);
    },
    clean: (r) => {
      for (const sent of r.sent) expectError(sent, 400, 'MissingParameter');
    },
  },
  'timestamp-not-checked': {
    run: async (t) => [
      await t.call({ breakage: 'stale-timestamp' }),
      await t.call({ scheme: 'v3', breakage: 'future-timestamp', instanceIds: '["i-l2"]' }),
      await t.call({ breakage: 'malformed-timestamp', instanceIds: '["i-l3"]' }),
    ],
    faulty: (r) => {
      expectSuccess(at(r, 0));
      expectSuccess(at(r, 1));
      expectError(at(r, 2), 400, 'IllegalTimestamp');
    },
    clean: (r) => {
      expectError(at(r, 0), 400, 'InvalidTimeStamp.Expired');
      expectError(at(r, 1), 400, 'InvalidTimeStamp.Expired');
      expectError(at(r, 2), 400, 'IllegalTimestamp');
    },
  },
  'timestamp-searched': {
    run: async (t) => [
      await t.call({ breakage: 'five-digit-year-timestamp' }),
      await t.call({ scheme: 'v3', breakage: 'five-digit-year-timestamp', instanceIds: '["i-l2"]' }),
      await t.call({ breakage: 'malformed-timestamp', instanceIds: '["i-l3"]' }),
    ],
    faulty: (r) => {
      // The fresh stamp inside the five-digit year is found and accepted; the zero date has none inside.
      expectSuccess(at(r, 0));
      expectSuccess(at(r, 1));
      expectError(at(r, 2), 400, 'IllegalTimestamp');
    },
    clean: (r) => {
      expectError(at(r, 0), 400, 'IllegalTimestamp');
      expectError(at(r, 1), 400, 'IllegalTimestamp');
      expectError(at(r, 2), 400, 'IllegalTimestamp');
      expect(boundTo(r.world, 'i-l1')).toBe('kp-a');
    },
  },
  'replayed-nonce-accepted': {
    run: async (t) => {
      const first = await t.call();
      const replay = await t.call(
        { instanceIds: '["i-l2"]', breakage: 'replayed-nonce' },
        { replayNonce: first.nonce },
      );
      return [first, replay];
    },
    faulty: (r) => {
      expectSuccess(at(r, 1));
      expect(boundTo(r.world, 'i-l2')).toBeNull();
    },
    clean: (r) => {
      expectSuccess(at(r, 0));
      expectError(at(r, 1), 400, 'SignatureNonceUsed');
      expect(boundTo(r.world, 'i-l2')).toBe('kp-a');
    },
  },
  'nonce-log-keeps-last': {
    run: async (t) => {
      const first = await t.call();
      const replayAtOnce = await t.call(
        { instanceIds: '["i-l2"]', breakage: 'replayed-nonce' },
        { replayNonce: first.nonce },
      );
      const between = await t.call({ keyPairName: 'kp-nowhere' });
      const replayLater = await t.call(
        { instanceIds: '["i-l3"]', breakage: 'replayed-nonce' },
        { replayNonce: first.nonce },
      );
      return [first, replayAtOnce, between, replayLater];
    },
    faulty: (r) => {
      // Refused when it follows its first use at once; accepted once another request came between.
      expectError(at(r, 1), 400, 'SignatureNonceUsed');
      expectSuccess(at(r, 3));
      expect(boundTo(r.world, 'i-l3')).toBeNull();
    },
    clean: (r) => {
      expectSuccess(at(r, 0));
      expectError(at(r, 1), 400, 'SignatureNonceUsed');
      expectError(at(r, 3), 400, 'SignatureNonceUsed');
      expect(boundTo(r.world, 'i-l3')).toBe('kp-a');
    },
  },
  'auth-after-business': {
    run: async (t) => [
      await t.call({ breakage: 'wrong-signature', keyPairName: 'kp-nowhere' }),
      await t.call({ breakage: 'stale-timestamp', regionId: 'xx-nowhere-1' }),
      await t.call({ breakage: 'wrong-signature' }),
    ],
    faulty: (r) => {
      expectError(at(r, 0), 400, 'InvalidKeyPairName.NotFound');
      expectError(at(r, 1), 404, 'InvalidRegionId.NotFound');
      expectError(at(r, 2), 400, 'SignatureDoesNotMatch');
    },
    clean: (r) => {
      expectError(at(r, 0), 400, 'SignatureDoesNotMatch');
      expectError(at(r, 1), 400, 'InvalidTimeStamp.Expired');
      expectError(at(r, 2), 400, 'SignatureDoesNotMatch');
    },
  },
  'v3-routed-by-query': {
    run: async (t) => [await t.call({ scheme: 'v3' }), await t.call({})],
    faulty: (r) => {
      expectError(at(r, 0), 400, 'MissingParameter');
      expectSuccess(at(r, 1)); // V1 is routed as before
    },
    clean: (r) => {
      expectSuccess(at(r, 0));
      expect(boundTo(r.world, 'i-l1')).toBeNull();
    },
  },
  'missing-action-wrong-code': {
    run: async (t) => [await t.call({ action: null }), await t.call({ scheme: 'v3', action: null })],
    faulty: (r) => {
      for (const sent of r.sent) expectError(sent, 400, 'InvalidParameter');
    },
    clean: (r) => {
      for (const sent of r.sent) expectError(sent, 400, 'MissingParameter');
    },
  },
  'unknown-action-accepted': {
    run: async (t) => [await t.call({ action: 'DescribeKeyPairs' })],
    faulty: (r) => {
      expectSuccess(at(r));
      expect(boundTo(r.world, 'i-l1')).toBeNull();
    },
    clean: (r) => {
      expectError(at(r), 404, 'InvalidAction.NotFound');
      expect(boundTo(r.world, 'i-l1')).toBe('kp-a');
    },
  },
  'version-ignored': {
    run: async (t) => [
      await t.call({ version: '2016-11-11' }),
      await t.call({ scheme: 'v3', version: null, instanceIds: '["i-l2"]' }),
    ],
    faulty: (r) => {
      expectSuccess(at(r, 0));
      expectSuccess(at(r, 1));
    },
    clean: (r) => {
      expectError(at(r, 0), 400, 'InvalidVersion');
      expectError(at(r, 1), 400, 'MissingParameter');
    },
  },
  'missing-param-wrong-code': {
    run: async (t) => [
      await t.call({ keyPairName: null }),
      await t.call({ regionId: null }),
      await t.call({ keyPairName: '' }),
    ],
    faulty: (r) => {
      expectError(at(r, 0), 400, 'InvalidParameter');
      expectError(at(r, 1), 400, 'InvalidParameter');
      expectError(at(r, 2), 400, 'MissingParameter'); // GEN-1 holds
    },
    clean: (r) => {
      for (const sent of r.sent) expectError(sent, 400, 'MissingParameter');
    },
  },
  'unknown-region-accepted': {
    run: async (t) => [await t.call({ regionId: 'xx-nowhere-1' })],
    faulty: (r) => {
      expectSuccess(at(r));
      expect(outcomes(at(r))).toEqual([['i-l1', 'false', 'InvalidInstanceId.NotFound']]);
      expect(r.world).toEqual(testWorld());
    },
    clean: (r) => expectError(at(r), 404, 'InvalidRegionId.NotFound'),
  },
  'region-id-normalized': {
    run: async (t) => [await t.call({ regionId: 'CN-HANGZHOU' }), await t.call({ regionId: ' cn-hangzhou' })],
    faulty: (r) => {
      expect(outcomes(at(r))).toEqual([['i-l1', 'true', '200']]);
      expect(at(r, 1).decoded.status).toBe(200);
      expect(boundTo(r.world, 'i-l1')).toBeNull();
    },
    clean: (r) => {
      for (const sent of r.sent) expectError(sent, 404, 'InvalidRegionId.NotFound');
      expect(boundTo(r.world, 'i-l1')).toBe('kp-a');
    },
  },
  'spaced-json-rejected': {
    run: async (t) => [
      await t.call({ instanceIds: encodeInstanceIds(['i-l1', 'i-l2'], 'spaced') }),
      await t.call({ instanceIds: encodeInstanceIds(['i-l3'], 'compact') }),
    ],
    faulty: (r) => {
      expectError(at(r, 0), 400, 'InvalidInstanceIds.ValueNotSupported');
      expectSuccess(at(r, 1));
    },
    clean: (r) => {
      expectSuccess(at(r, 0));
      expect(field(at(r, 0), 'TotalCount')).toBe('2');
      expectSuccess(at(r, 1));
    },
  },
  'limit-off-by-one': {
    run: async (t) => [
      await t.call({ instanceIds: ids(50, 'i-n') }),
      await t.call({ instanceIds: ids(49, 'i-n') }),
    ],
    faulty: (r) => {
      expectError(at(r, 0), 400, 'InvalidInstanceIds.ValueNotSupported');
      expectSuccess(at(r, 1));
    },
    clean: (r) => {
      expectSuccess(at(r, 0));
      expect(field(at(r, 0), 'TotalCount')).toBe('50');
    },
  },
  'over-limit-accepted': {
    run: async (t) => [await t.call({ instanceIds: ids(51, 'i-n') })],
    faulty: (r) => {
      expectSuccess(at(r));
      expect(field(at(r), 'TotalCount')).toBe('51');
    },
    clean: (r) => expectError(at(r), 400, 'InvalidInstanceIds.ValueNotSupported'),
  },
  'non-array-accepted': {
    run: async (t) => [
      await t.call({ instanceIds: '{"InstanceId":"i-l1"}' }),
      await t.call({ instanceIds: '"i-l1"' }),
      await t.call({ instanceIds: '[["i-l1"]]' }),
    ],
    faulty: (r) => {
      for (const sent of r.sent.slice(0, 2)) {
        expectSuccess(sent);
        expect(field(sent, 'TotalCount')).toBe('0');
        expect(sent.decoded.results.entries).toEqual([]);
      }
      expectError(at(r, 2), 400, 'InvalidInstanceIds.ValueNotSupported');
      expect(boundTo(r.world, 'i-l1')).toBe('kp-a');
    },
    clean: (r) => {
      for (const sent of r.sent) expectError(sent, 400, 'InvalidInstanceIds.ValueNotSupported');
    },
  },
  'number-elements-stringified': {
    run: async (t) => [
      await t.call({ instanceIds: '["i-l1",7]' }),
      await t.call({ instanceIds: '["i-l2",null]' }),
      await t.call({ instanceIds: '["i-l2",true]' }),
    ],
    faulty: (r) => {
      expectSuccess(at(r));
      expect(outcomes(at(r))).toEqual([
        ['i-l1', 'true', '200'],
        ['7', 'false', 'InvalidInstanceId.NotFound'],
      ]);
      expect(boundTo(r.world, 'i-l1')).toBeNull();
      for (const sent of r.sent.slice(1)) expectError(sent, 400, 'InvalidInstanceIds.ValueNotSupported');
      expect(boundTo(r.world, 'i-l2')).toBe('kp-a');
    },
    clean: (r) => {
      for (const sent of r.sent) expectError(sent, 400, 'InvalidInstanceIds.ValueNotSupported');
      expect(boundTo(r.world, 'i-l1')).toBe('kp-a');
    },
  },
  'key-pair-not-found-wrong-code': {
    run: async (t) => [
      await t.call({ keyPairName: 'kp-nowhere' }),
      await t.call({ keyPairName: 'kp-qd-only' }),
    ],
    faulty: (r) => {
      expectError(at(r, 0), 404, 'InvalidKeyPair.NotFound');
      expectError(at(r, 1), 400, 'InvalidKeyPairName.NotFound'); // KP-2 holds
    },
    clean: (r) => {
      for (const sent of r.sent) expectError(sent, 400, 'InvalidKeyPairName.NotFound');
    },
  },
  'key-pair-name-trimmed': {
    run: async (t) => [await t.call({ keyPairName: 'kp-a ' }), await t.call({ keyPairName: 'KP-A' })],
    faulty: (r) => {
      expect(outcomes(at(r))).toEqual([['i-l1', 'true', '200']]);
      expect(field(at(r), 'KeyPairName')).toBe('kp-a ');
      expect(boundTo(r.world, 'i-l1')).toBeNull();
      // Letter case still matters (KP-3 holds).
      expectError(at(r, 1), 400, 'InvalidKeyPairName.NotFound');
    },
    clean: (r) => {
      for (const sent of r.sent) expectError(sent, 400, 'InvalidKeyPairName.NotFound');
      expect(boundTo(r.world, 'i-l1')).toBe('kp-a');
    },
  },
  'region-scoping-ignored': {
    run: async (t) => [
      await t.call({ keyPairName: 'kp-qd-only' }),
      await t.call({ keyPairName: 'kp-nowhere', instanceIds: '["i-l2"]' }),
    ],
    faulty: (r) => {
      expectSuccess(at(r, 0));
      expect(outcomes(at(r, 0))).toEqual([['i-l1', 'false', notBound]]);
      expectError(at(r, 1), 400, 'InvalidKeyPairName.NotFound'); // KP-1 holds
      expect(r.world).toEqual(testWorld());
    },
    clean: (r) => {
      for (const sent of r.sent) expectError(sent, 400, 'InvalidKeyPairName.NotFound');
    },
  },
  'windows-accepted': {
    run: async (t) => [await t.call({ instanceIds: '["i-win"]' })],
    faulty: (r) => {
      expectSuccess(at(r));
      expect(outcomes(at(r))).toEqual([['i-win', 'true', '200']]);
      expect(boundTo(r.world, 'i-win')).toBeNull();
    },
    clean: (r) => {
      expectError(at(r), 403, 'DependencyViolation.WindowsInstance');
      expect(r.world).toEqual(testWorld());
    },
  },
  'windows-partial-change': {
    run: async (t) => [await t.call({ instanceIds: '["i-l1","i-win","i-l2"]' })],
    faulty: (r) => {
      expectError(at(r), 403, 'DependencyViolation.WindowsInstance');
      expect([boundTo(r.world, 'i-l1'), boundTo(r.world, 'i-l2'), boundTo(r.world, 'i-win')]).toEqual([
        null,
        null,
        'kp-a',
      ]);
    },
    clean: (r) => {
      expectError(at(r), 403, 'DependencyViolation.WindowsInstance');
      expect(r.world).toEqual(testWorld());
    },
  },
  'xml-root-renamed': {
    run: async (t) => [
      await t.call({ format: 'XML' }),
      await t.call({ format: 'XML', keyPairName: 'kp-nowhere' }),
    ],
    faulty: (r) => {
      expect(at(r, 0).decoded.root).toBe('DetachKeyPairResult');
      expect(at(r, 1).decoded.root).toBe('Error');
    },
    clean: (r) => expect(at(r, 0).decoded.root).toBe('DetachKeyPairResponse'),
  },
  'missing-request-id': {
    run: async (t) => [await t.call(), await t.call({ format: 'XML', instanceIds: '["i-l2"]' })],
    faulty: (r) => {
      for (const sent of r.sent) {
        expect(sent.decoded.status).toBe(200);
        expect(field(sent, 'RequestId')).toBeUndefined();
      }
    },
    clean: (r) => {
      for (const sent of r.sent) expect(field(sent, 'RequestId')).toMatch(/^[0-9A-F-]{36}$/);
    },
  },
  'request-id-constant': {
    run: async (t) => [
      await t.call(),
      await t.call({ format: 'XML', instanceIds: '["i-l2"]' }),
      await t.call({ keyPairName: 'kp-none' }),
    ],
    faulty: (r) => {
      const requestIds = r.sent.map((sent) => field(sent, 'RequestId'));
      expect(requestIds[0]).toMatch(/^[0-9A-F-]{36}$/);
      expect(new Set(requestIds).size).toBe(1);
    },
    clean: (r) => {
      expect(new Set(r.sent.map((sent) => field(sent, 'RequestId'))).size).toBe(3);
    },
  },
  'single-result-as-object': {
    run: async (t) => [await t.call(), await t.call({ instanceIds: '["i-l2","i-l3"]' })],
    faulty: (r) => {
      expect(at(r, 0).decoded.results.container).toBe('object');
      expect(at(r, 1).decoded.results.container).toBe('array');
    },
    clean: (r) => expect(at(r, 0).decoded.results.container).toBe('array'),
  },
  'result-missing-message': {
    run: async (t) => [await t.call({ instanceIds: '["i-l1","i-free"]' })],
    faulty: (r) => {
      expect(at(r).decoded.results.entries.map((e) => e.Message)).toEqual([undefined, undefined]);
    },
    clean: (r) => {
      expect(at(r).decoded.results.entries.map((e) => e.Message?.value)).toEqual([
        'successful',
        'The specified key pair is not bound to the instance.',
      ]);
    },
  },
  'total-count-wrong': {
    run: async (t) => [await t.call({ instanceIds: '["i-l1","i-free"]' })],
    faulty: (r) => {
      expect(field(at(r), 'TotalCount')).toBe('3');
      expect(at(r).decoded.results.entries).toHaveLength(2);
    },
    clean: (r) => expect(field(at(r), 'TotalCount')).toBe('2'),
  },
  'fail-count-wrong': {
    run: async (t) => [await t.call({ instanceIds: '["i-l1","i-free"]' })],
    faulty: (r) => expect(field(at(r), 'FailCount')).toBe('0'),
    clean: (r) => expect(field(at(r), 'FailCount')).toBe('1'),
  },
  'unrequested-result': {
    run: async (t) => [await t.call()],
    faulty: (r) => {
      const got = outcomes(at(r));
      expect(got).toHaveLength(2);
      expect(got[0]).toEqual(['i-l1', 'true', '200']);
      expect(got[1]?.[0]).not.toBe('i-l1');
      expect(got[1]?.[1]).toBe('false');
      expect([field(at(r), 'TotalCount'), field(at(r), 'FailCount')]).toEqual(['2', '1']);
      expect(boundTo(r.world, got[1]?.[0] ?? '')).toBe('kp-a'); // the leaked instance is not changed
    },
    clean: (r) => expect(outcomes(at(r))).toEqual([['i-l1', 'true', '200']]),
  },
  'success-code-mismatch': {
    run: async (t) => [await t.call({ instanceIds: '["i-l1","i-free"]' })],
    faulty: (r) =>
      expect(outcomes(at(r))).toEqual([
        ['i-l1', 'true', 'Success'],
        ['i-free', 'false', notBound],
      ]),
    clean: (r) =>
      expect(outcomes(at(r))).toEqual([
        ['i-l1', 'true', '200'],
        ['i-free', 'false', notBound],
      ]),
  },
  'scalar-forms-wrong': {
    run: async (t) => [
      await t.call({ instanceIds: '["i-l1","i-free"]' }),
      await t.call({ format: 'XML', instanceIds: '["i-free"]' }),
    ],
    faulty: (r) => {
      const [ok, failed] = at(r, 0).decoded.results.entries;
      expect(ok?.Code).toEqual({ raw: '200', form: 'string', value: '200' });
      expect(failed?.Code).toEqual({ raw: false, form: 'boolean', value: 'false' });
      expect(at(r, 1).decoded.results.entries[0]?.Code?.value).toBe('false');
    },
    clean: (r) => {
      expect(at(r, 0).decoded.results.entries[1]?.Code).toEqual({
        raw: notBound,
        form: 'string',
        value: notBound,
      });
    },
  },
  'key-pair-name-echo-wrong': {
    run: async (t) => [await t.call(), await t.call({ format: 'XML', instanceIds: '["i-l2"]' })],
    faulty: (r) => {
      for (const sent of r.sent) expect(field(sent, 'KeyPairName')).toBe('kp-a.pub');
    },
    clean: (r) => {
      for (const sent of r.sent) expect(field(sent, 'KeyPairName')).toBe('kp-a');
    },
  },
  'top-level-code-in-success': {
    run: async (t) => [
      await t.call({ instanceIds: '["i-l1","i-free"]' }),
      await t.call({ instanceIds: '["i-l2"]' }),
    ],
    faulty: (r) => {
      expect(at(r, 0).decoded.status).toBe(200);
      expect(field(at(r, 0), 'Code')).toBe(notBound);
      expect(field(at(r, 1), 'Code')).toBeUndefined(); // no failure, nothing hoisted
    },
    clean: (r) => {
      for (const sent of r.sent) expectSuccess(sent);
    },
  },
  'errors-with-200': {
    run: async (t) => [
      await t.call({ keyPairName: 'kp-nowhere' }),
      await t.call({ format: 'XML', action: 'Nope' }),
    ],
    faulty: (r) => {
      expectError(at(r, 0), 200, 'InvalidKeyPairName.NotFound');
      expectError(at(r, 1), 200, 'InvalidAction.NotFound');
    },
    clean: (r) => {
      expectError(at(r, 0), 400, 'InvalidKeyPairName.NotFound');
      expectError(at(r, 1), 404, 'InvalidAction.NotFound');
    },
  },
  'error-body-missing-request-id': {
    run: async (t) => [
      await t.call({ keyPairName: 'kp-nowhere' }),
      await t.call({ format: 'XML', action: 'Nope' }),
    ],
    faulty: (r) => {
      for (const sent of r.sent) {
        expect(sent.decoded.status).toBeGreaterThanOrEqual(400);
        expect(field(sent, 'RequestId')).toBeUndefined();
        expect(field(sent, 'Message')).toBeDefined();
      }
    },
    clean: (r) => {
      for (const sent of r.sent) expect(field(sent, 'RequestId')).toBeDefined();
    },
  },
  'error-changes-world': {
    run: async (t) => [await t.call({ keyPairName: 'kp-nowhere' })],
    faulty: (r) => {
      expectError(at(r), 400, 'InvalidKeyPairName.NotFound');
      expect(r.world.keyPairs).toContainEqual({ regionId: hz, keyPairName: 'kp-nowhere' });
    },
    clean: (r) => {
      expectError(at(r), 400, 'InvalidKeyPairName.NotFound');
      expect(r.world).toEqual(testWorld());
    },
  },
  'server-error-on-malformed': {
    run: async (t) => [await t.call({ instanceIds: 'i-l1,i-l2' }), await t.call({ instanceIds: '["i-l3"' })],
    faulty: (r) => {
      expectError(at(r, 0), 500, 'InternalError');
      expect(field(at(r, 0), 'RequestId')).toBeDefined();
      expectError(at(r, 1), 400, 'InvalidInstanceIds.ValueNotSupported'); // ID-4 holds
    },
    clean: (r) => {
      expectSuccess(at(r, 0));
      expect(outcomes(at(r, 0))).toEqual([
        ['i-l1', 'true', '200'],
        ['i-l2', 'true', '200'],
      ]);
    },
  },
  'percent-decoding-throws': {
    run: async (t) => {
      const good = t.encode({ instanceIds: '["i-l1"]' });
      // A broken escape in an extra parameter: the rest of the request is valid (the extra one unsigned).
      return [await t.send({ ...good, target: `${good.target}&Note=%E0%A4` })];
    },
    faulty: (r) => {
      expect(at(r).decoded.status).toBe(500);
      expect(boundTo(r.world, 'i-l1')).toBe('kp-a');
    },
    clean: (r) => {
      expectError(at(r), 400, 'InvalidParameter');
      expect(boundTo(r.world, 'i-l1')).toBe('kp-a');
    },
  },
  'nothing-detached': {
    run: async (t) => [await t.call({ instanceIds: '["i-l1","i-free"]' })],
    faulty: (r) => {
      expect(outcomes(at(r))).toEqual([
        ['i-l1', 'false', notBound],
        ['i-free', 'false', notBound],
      ]);
      expect(r.world).toEqual(testWorld());
    },
    clean: (r) => {
      expect(outcomes(at(r))[0]).toEqual(['i-l1', 'true', '200']);
      expect(boundTo(r.world, 'i-l1')).toBeNull();
    },
  },
  'success-not-applied': {
    run: async (t) => [await t.call()],
    faulty: (r) => {
      expect(outcomes(at(r))).toEqual([['i-l1', 'true', '200']]);
      expect(boundTo(r.world, 'i-l1')).toBe('kp-a');
    },
    clean: (r) => {
      expect(outcomes(at(r))).toEqual([['i-l1', 'true', '200']]);
      expect(boundTo(r.world, 'i-l1')).toBeNull();
    },
  },
  'failed-result-changes': {
    run: async (t) => [await t.call({ instanceIds: '["i-free","i-other"]' })],
    faulty: (r) => {
      expect(outcomes(at(r))).toEqual([
        ['i-free', 'false', notBound],
        ['i-other', 'false', notBound],
      ]);
      expect(boundTo(r.world, 'i-free')).toBe('kp-a');
      expect(boundTo(r.world, 'i-other')).toBe('kp-b'); // ST-4 holds
    },
    clean: (r) => expect(r.world).toEqual(testWorld()),
  },
  'collateral-detach': {
    run: async (t) => [await t.call()],
    faulty: (r) => {
      expect(outcomes(at(r))).toEqual([['i-l1', 'true', '200']]);
      expect(['i-l1', 'i-l2', 'i-l3', 'i-win', 'i-qd'].map((id) => boundTo(r.world, id))).toEqual([
        null,
        null,
        null,
        null,
        'kp-a', // other regions are untouched
      ]);
    },
    clean: (r) => {
      expect(['i-l1', 'i-l2', 'i-l3'].map((id) => boundTo(r.world, id))).toEqual([null, 'kp-a', 'kp-a']);
    },
  },
  'instance-ids-normalized': {
    run: async (t) => [
      await t.call({ instanceIds: '[" i-l1"]' }),
      await t.call({ instanceIds: '["I-L2"]' }),
      await t.call({ instanceIds: '["i-l"]' }),
    ],
    faulty: (r) => {
      expect(outcomes(at(r))).toEqual([[' i-l1', 'true', '200']]);
      expect(outcomes(at(r, 1))).toEqual([['I-L2', 'true', '200']]);
      expect(outcomes(at(r, 2))).toEqual([['i-l', 'false', 'InvalidInstanceId.NotFound']]);
      // Neither instance was named exactly, yet both were detached; a prefix names nothing.
      expect(['i-l1', 'i-l2', 'i-l3'].map((id) => boundTo(r.world, id))).toEqual([null, null, 'kp-a']);
    },
    clean: (r) => {
      expect(outcomes(at(r))).toEqual([[' i-l1', 'false', 'InvalidInstanceId.NotFound']]);
      expect(outcomes(at(r, 1))).toEqual([['I-L2', 'false', 'InvalidInstanceId.NotFound']]);
      expect(['i-l1', 'i-l2', 'i-l3'].map((id) => boundTo(r.world, id))).toEqual(['kp-a', 'kp-a', 'kp-a']);
    },
  },
  'unbinds-other-key-pair': {
    run: async (t) => [await t.call({ instanceIds: '["i-other","i-free"]' })],
    faulty: (r) => {
      expect(outcomes(at(r))).toEqual([
        ['i-other', 'true', '200'],
        ['i-free', 'false', notBound],
      ]);
      expect(boundTo(r.world, 'i-other')).toBeNull();
    },
    clean: (r) => {
      expect(outcomes(at(r))[0]).toEqual(['i-other', 'false', notBound]);
      expect(boundTo(r.world, 'i-other')).toBe('kp-b');
    },
  },
  'xml-differs-from-json': {
    run: async (t) => [
      await t.call({ format: 'JSON', instanceIds: '["i-free","i-nope"]' }),
      await t.call({ format: 'XML', instanceIds: '["i-free","i-nope"]' }),
    ],
    faulty: (r) => {
      expect(outcomes(at(r, 0))).toEqual([
        ['i-free', 'false', notBound],
        ['i-nope', 'false', 'InvalidInstanceId.NotFound'],
      ]);
      expect(outcomes(at(r, 1))).toEqual([
        ['i-free', 'false', '400'],
        ['i-nope', 'false', '400'],
      ]);
    },
    clean: (r) => expect(outcomes(at(r, 1))).toEqual(outcomes(at(r, 0))),
  },
  'permutation-sensitive': {
    run: async (t) => [
      await t.call({ instanceIds: '["i-free","i-nope"]' }),
      await t.call({ instanceIds: '["i-nope","i-free"]' }),
    ],
    faulty: (r) => {
      expectSuccess(at(r, 0));
      expectError(at(r, 1), 404, 'InvalidInstanceId.NotFound');
    },
    clean: (r) => {
      const sorted = (s: Sent) => outcomes(s).sort();
      expect(sorted(at(r, 1))).toEqual(sorted(at(r, 0)));
    },
  },
  'transport-dependent': {
    run: async (t) => [
      await t.call({ instanceIds: '["i-free","i-free"]' }),
      await t.call({ transport: 'post-form', instanceIds: '["i-free","i-free"]' }),
      await t.call({ transport: 'post-split-form', instanceIds: '["i-free","i-free"]' }),
    ],
    faulty: (r) => {
      expect(r.sent.map((s) => field(s, 'TotalCount'))).toEqual(['2', '1', '1']);
    },
    clean: (r) => {
      expect(r.sent.map((s) => field(s, 'TotalCount'))).toEqual(['2', '2', '2']);
    },
  },
  'scheme-dependent': {
    run: async (t) => [
      await t.call({ scheme: 'v1', instanceIds: '["i-nope"]' }),
      await t.call({ scheme: 'v3', instanceIds: '["i-nope"]' }),
    ],
    faulty: (r) => {
      expect(outcomes(at(r, 0))).toEqual([['i-nope', 'false', 'InvalidInstanceId.NotFound']]);
      expectError(at(r, 1), 404, 'InvalidInstanceId.NotFound');
    },
    clean: (r) => expect(outcomes(at(r, 1))).toEqual(outcomes(at(r, 0))),
  },
  'whitespace-dependent': {
    run: async (t) => [
      await t.call({ instanceIds: encodeInstanceIds(['i-free', 'i-free'], 'compact') }),
      await t.call({ instanceIds: encodeInstanceIds(['i-free', 'i-free'], 'spaced') }),
    ],
    faulty: (r) => expect(r.sent.map((s) => field(s, 'TotalCount'))).toEqual(['1', '2']),
    clean: (r) => expect(r.sent.map((s) => field(s, 'TotalCount'))).toEqual(['2', '2']),
  },
};

async function runOn(fault: FaultName | undefined, fc: FaultCase): Promise<Run> {
  const server = await startEmulator({ world: testWorld(), ...(fault === undefined ? {} : { fault }) });
  try {
    const sent = await fc.run(targetFor(server));
    return { sent, world: await worldOf(server) };
  } finally {
    await server.close();
  }
}

describe('injected faults over loopback HTTP: the faulty emulator breaks its rule, the clean one does not', () => {
  for (const name of faultNames) {
    const fc = cases[name];
    it(`${name} (${faults[name].breaks})`, async () => {
      fc.faulty(await runOn(name, fc));
      fc.clean(await runOn(undefined, fc));
    });
  }
});

describe('the fault registry', () => {
  it('has at least 34 kebab-case faults, each breaking a rule with a MUST level or MUST clause', () => {
    expect(faultNames.length).toBeGreaterThanOrEqual(34);
    for (const name of faultNames) {
      expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      const rule: RuleDefinition = ruleById(faults[name].breaks);
      const must = rule.level === 'MUST' || (rule.clauses ?? []).some((c) => c.level === 'MUST');
      expect(must, `${name} breaks ${rule.id}`).toBe(true);
      expect(faults[name].description.length).toBeGreaterThan(20);
    }
  });

  it('isFaultName knows exactly the registered names', () => {
    for (const name of faultNames) expect(isFaultName(name)).toBe(true);
    for (const other of ['', 'slow', 'toString', '__proto__', 'LIMIT-OFF-BY-ONE'])
      expect(isFaultName(other)).toBe(false);
  });

  it('every fault is in the README table with its rule', async () => {
    const readme = await readFile(fileURLToPath(new URL('./README.md', import.meta.url)), 'utf8');
    const rows = new Set(
      readme.split('\n').map((line) =>
        line
          .split('|')
          .map((cell) => cell.trim())
          .slice(1, 3)
          .join(' '),
      ),
    );
    for (const name of faultNames) expect(rows).toContain(`\`${name}\` ${faults[name].breaks}`);
  });
});

describe('emulate --fault', () => {
  it('an unknown fault → exit 2, naming the known ones', async () => {
    const err: string[] = [];
    const code = await main(['emulate', '--fault', 'no-such-fault'], {
      out: () => {},
      err: (l) => err.push(l),
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('no-such-fault');
    for (const name of faultNames) expect(err.join('\n')).toContain(name);
  });

  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('a known fault starts the emulator with it (windows-accepted serves a Windows instance)', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const proc = spawn(
      join(root, 'node_modules/.bin/tsx'),
      ['harness/cli/main.ts', 'emulate', '--port', '0', '--fault', 'windows-accepted'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = proc;
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      proc.once('exit', (code) => reject(new Error(`exited ${code} before printing`)));
    });
    expect(first).toMatch(/^LISTENING \d+$/);
    const origin = `http://127.0.0.1:${first.slice('LISTENING '.length)}`;
    const setup = await fetch(`${origin}/_conformance/world`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'setup', params: { world: testWorld() } }),
    });
    expect(setup.status).toBe(200);
    const { wire } = encodeProbe(probeOf({ instanceIds: '["i-win"]' }), { key, host, now: Date.now() });
    const decoded = decodeResponse(await sendWire(origin, wire));
    expect(decoded.status).toBe(200);
    expect(decoded.results.entries[0]?.Success?.value).toBe('true');
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    lines.close();
  });
});
