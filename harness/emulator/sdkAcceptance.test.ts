/**
 * Acceptance of the reference emulator by real clients, over real loopback HTTP: the official Node SDK
 * `@alicloud/ecs20140526` in its default V3 mode and in its V1 (`signatureAlgorithm: 'v2'`) mode, the
 * legacy `@alicloud/pop-core` RPCClient (V1, form body), and the project's own wire client. Each test
 * reads the world back through the world URL (target-protocol §1) to judge the effects.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import { $OpenApiUtil, ClientError } from '@alicloud/openapi-core';
import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Instance, World } from '../spec/World.ts';
import { sendWire } from '../targets/sendWire.ts';
import { type DecodedResponse, decodeResponse } from '../wire/decodeResponse.ts';
import { encodeRequest } from '../wire/encodeRequest.ts';
import { type EmulatorServer, startEmulator } from './startEmulator.ts';

// ---------------------------------------------------------------------------------------------------
// The world every test starts from.

/** Obviously fake credentials: the emulator accepts exactly these. */
const credentials = {
  accessKeyId: 'LTAI-sdk-acceptance-fake',
  accessKeySecret: 'fake-secret-for-loopback-tests-only',
};

const region = 'cn-hangzhou';
const otherRegion = 'cn-beijing';
const keyPair = 'kp-acceptance';
const otherKeyPair = 'kp-other';
const unknownKeyPair = 'kp-does-not-exist';

/** The instances of {@link acceptanceWorld}, by role. */
const ids = {
  /** Linux, bound to `keyPair`: named in the requests. */
  first: 'i-hz-linux-1',
  second: 'i-hz-linux-2',
  /** Linux, bound to `keyPair`, never named: must stay bound (ST-3). */
  third: 'i-hz-linux-3',
  /** Linux, bound to another key pair of the same region (ST-3, ST-4). */
  otherKeyPair: 'i-hz-linux-other-kp',
  /** Windows, unbound (WIN-1). */
  windows: 'i-hz-windows',
  /** Linux in another region, bound to a key pair of the same name (KP-2, ST-3). */
  otherRegion: 'i-bj-linux-1',
} as const;

const notFoundMessage = 'The specified KeyPairName does not exist in our records.';

function instance(
  regionId: string,
  instanceId: string,
  osType: Instance['osType'],
  keyPairName: string | null,
): Instance {
  return { regionId, instanceId, osType, keyPairName };
}

/**
 * Two Linux instances to detach, a third bound to the same key pair, one bound to another key pair, a
 * Windows instance, and another region holding a same-named key pair with a bound instance.
 */
function acceptanceWorld(): World {
  return {
    accessKeys: [credentials],
    regions: [region, otherRegion],
    keyPairs: [
      { regionId: region, keyPairName: keyPair },
      { regionId: region, keyPairName: otherKeyPair },
      { regionId: otherRegion, keyPairName: keyPair },
    ],
    instances: [
      instance(region, ids.first, 'linux', keyPair),
      instance(region, ids.second, 'linux', keyPair),
      instance(region, ids.third, 'linux', keyPair),
      instance(region, ids.otherKeyPair, 'linux', otherKeyPair),
      instance(region, ids.windows, 'windows', null),
      instance(otherRegion, ids.otherRegion, 'linux', keyPair),
    ],
  };
}

/** `world` with the named instances of `regionId` unbound: what a successful detach should leave. */
function withUnbound(world: World, regionId: string, unbound: readonly string[]): World {
  return {
    ...world,
    instances: world.instances.map((i) =>
      i.regionId === regionId && unbound.includes(i.instanceId) ? { ...i, keyPairName: null } : i,
    ),
  };
}

/** Array order in a World is not significant (target-protocol §1): sort every list before comparing. */
function sortedWorld(world: World): World {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    accessKeys: [...world.accessKeys].sort((a, b) => byText(a.accessKeyId, b.accessKeyId)),
    regions: [...world.regions].sort(byText),
    keyPairs: [...world.keyPairs].sort((a, b) =>
      byText(`${a.regionId}\u0000${a.keyPairName}`, `${b.regionId}\u0000${b.keyPairName}`),
    ),
    instances: [...world.instances].sort((a, b) => byText(a.instanceId, b.instanceId)),
  };
}

/** GET on the world URL: the target's current state. */
async function readWorld(worldUrl: string): Promise<World> {
  const response = await fetch(worldUrl);
  expect(response.status).toBe(200);
  return (await response.json()) as World;
}

/** POST setup on the world URL: replaces the target's whole state. */
async function setWorld(worldUrl: string, world: World): Promise<void> {
  const response = await fetch(worldUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'setup', state: 'sdk acceptance', params: { world } }),
  });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
}

function bindingOf(world: World, instanceId: string): string | null | undefined {
  return world.instances.find((i) => i.instanceId === instanceId)?.keyPairName;
}

/** 51 distinct IDs, the two detachable ones first: one more than ID-2 allows. */
function fiftyOneIds(): string[] {
  const filler = Array.from({ length: 49 }, (_, n) => `i-hz-filler-${String(n).padStart(2, '0')}`);
  return [ids.first, ids.second, ...filler];
}

// ---------------------------------------------------------------------------------------------------
// A pass-through recorder between an SDK and the emulator, so each test can also check what the SDK
// put on the wire (CL-1, CL-2): the tests would otherwise pass even if a mode silently fell back to
// another signing scheme or transport.

type Recorded = { method: string; target: string; headers: IncomingHttpHeaders; body: string };

type Recorder = { port: number; requests: Recorded[]; close(): Promise<void> };

async function startRecorder(upstreamPort: number): Promise<Recorder> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? '',
        target: req.url ?? '',
        headers: req.headers,
        body: body.toString('utf8'),
      });
      // Forwarded unchanged, `host` included: the V3 signature covers it.
      const upstream = httpRequest(
        {
          host: '127.0.0.1',
          port: upstreamPort,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => parts.push(chunk));
          answer.on('end', () => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(parts));
          });
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function queryOf(recorded: Recorded): URLSearchParams {
  const at = recorded.target.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : recorded.target.slice(at + 1));
}

/** The one request a call sent: these clients do not retry a 4xx. */
function onlyRequest(recorder: Recorder): Recorded {
  expect(recorder.requests).toHaveLength(1);
  const [recorded] = recorder.requests;
  if (recorded === undefined) throw new Error('no request recorded');
  return recorded;
}

// ---------------------------------------------------------------------------------------------------
// The three SDK modes behind one shape.

type DetachInput = { regionId: string; keyPairName: string; instanceIds: readonly string[] };

/** What an SDK decoded from a success body, by value (OK-9: `2` ≡ `"2"`, `true` ≡ `"true"`). */
type Decoded = {
  requestId: string | undefined;
  totalCount: string | undefined;
  failCount: string | undefined;
  results: Array<{
    instanceId: string | undefined;
    success: string | undefined;
    code: string | undefined;
    message: string | undefined;
  }>;
};

/** What an SDK's thrown error exposes, read the way that SDK's users read it (CL-6). */
type Failure = {
  code: unknown;
  status: unknown;
  /** The server's own `Message` (`e.data.Message`). */
  serverMessage: unknown;
  /** The SDK's error message (`e.message`). */
  message: unknown;
  requestId: unknown;
};

type SdkMode = {
  name: string;
  /** The signing and transport rules this mode exercises on every call. */
  rules: string;
  detach(port: number, input: DetachInput): Promise<Decoded>;
  failure(error: unknown): Failure;
  /** Asserts how the mode put `input` on the wire. */
  checkWire(recorded: Recorded, input: DetachInput): void;
};

/**
 * Node's CommonJS interop hands an ESM importer `module.exports` as the default import, so the client
 * class sits on `.default`; a loader that unwraps `__esModule` gives the class itself.
 */
const ecsDefaultImport: unknown = Ecs;
const EcsClient = (
  typeof ecsDefaultImport === 'function' ? ecsDefaultImport : Ecs.default
) as typeof Ecs.default;

function field(value: unknown, ...path: string[]): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function byValue(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function ecsMode(signatureAlgorithm: 'v2' | undefined): SdkMode {
  return {
    name:
      signatureAlgorithm === undefined
        ? '@alicloud/ecs20140526 (default, V3)'
        : "@alicloud/ecs20140526 (signatureAlgorithm 'v2', V1 in the query)",
    rules: signatureAlgorithm === undefined ? 'AU-2, GEN-5, TR-3' : 'AU-1, TR-1, TR-2',
    async detach(port, input) {
      const config = new $OpenApiUtil.Config({
        ...credentials,
        endpoint: `127.0.0.1:${port}`,
        protocol: 'http',
        ...(signatureAlgorithm === undefined ? {} : { signatureAlgorithm }),
      });
      const client = new EcsClient(config);
      const response = await client.detachKeyPair(
        new $Ecs.DetachKeyPairRequest({
          regionId: input.regionId,
          keyPairName: input.keyPairName,
          instanceIds: JSON.stringify(input.instanceIds),
        }),
      );
      expect(response.statusCode).toBe(200);
      const body = response.body;
      return {
        requestId: body?.requestId,
        totalCount: body?.totalCount,
        failCount: body?.failCount,
        results: (body?.results?.result ?? []).map((r) => ({
          instanceId: r.instanceId,
          success: r.success,
          code: r.code,
          message: r.message,
        })),
      };
    },
    failure(error) {
      // Every 4xx that is not throttling surfaces as the SDK's ClientError.
      expect(error).toBeInstanceOf(ClientError);
      return {
        code: field(error, 'code'),
        status: field(error, 'statusCode'),
        serverMessage: field(error, 'data', 'Message'),
        message: field(error, 'message'),
        requestId: field(error, 'requestId'),
      };
    },
    checkWire(recorded, input) {
      const query = queryOf(recorded);
      // Both modes POST everything in the query with an empty body (TR-1, CL-1, CL-2, CL-3).
      expect(recorded.method).toBe('POST');
      expect(recorded.body).toBe('');
      expect(query.get('RegionId')).toBe(input.regionId);
      expect(query.get('KeyPairName')).toBe(input.keyPairName);
      expect(JSON.parse(query.get('InstanceIds') ?? 'null')).toEqual(input.instanceIds);
      expect(recorded.headers['x-acs-action']).toBe('DetachKeyPair');
      expect(recorded.headers['x-acs-version']).toBe('2014-05-26');
      if (signatureAlgorithm === undefined) {
        expect(recorded.headers.authorization).toMatch(
          new RegExp(`^ACS3-HMAC-SHA256 Credential=${credentials.accessKeyId},`),
        );
        expect(recorded.headers.accept).toBe('application/json');
        for (const name of ['Action', 'Version', 'Format', 'Signature']) expect(query.has(name)).toBe(false);
      } else {
        expect(recorded.headers.authorization).toBeUndefined();
        expect(query.get('Action')).toBe('DetachKeyPair');
        expect(query.get('Version')).toBe('2014-05-26');
        expect(query.get('Format')).toBe('json');
        expect(query.get('SignatureMethod')).toBe('HMAC-SHA1');
        expect(query.get('AccessKeyId')).toBe(credentials.accessKeyId);
        expect(query.get('Signature')).toMatch(/^[A-Za-z0-9+/]{27}=$/);
      }
    },
  };
}

/** The JSON pop-core returns: the body as parsed (json-bigint), scalars in the server's own forms. */
type PopCoreBody = {
  RequestId?: unknown;
  TotalCount?: unknown;
  FailCount?: unknown;
  Results?: { Result?: Array<Record<string, unknown>> };
};

const popCoreMode: SdkMode = {
  name: '@alicloud/pop-core RPCClient (V1, form body)',
  rules: 'AU-1, TR-1',
  async detach(port, input) {
    const client = new RPCClient({
      ...credentials,
      endpoint: `http://127.0.0.1:${port}`,
      apiVersion: '2014-05-26',
    });
    // lib/rpc.js: `method: 'POST'` moves every parameter, signature included, into a form body.
    const body = await client.request<PopCoreBody>(
      'DetachKeyPair',
      {
        RegionId: input.regionId,
        KeyPairName: input.keyPairName,
        InstanceIds: JSON.stringify(input.instanceIds),
      },
      { method: 'POST' },
    );
    return {
      requestId: byValue(body.RequestId),
      totalCount: byValue(body.TotalCount),
      failCount: byValue(body.FailCount),
      results: (body.Results?.Result ?? []).map((r) => ({
        instanceId: byValue(r.InstanceId),
        success: byValue(r.Success),
        code: byValue(r.Code),
        message: byValue(r.Message),
      })),
    };
  },
  failure(error) {
    // pop-core ignores the HTTP status: it throws on a top-level `Code` and keeps the status in `entry`.
    expect(error).toBeInstanceOf(Error);
    return {
      code: field(error, 'code'),
      status: field(error, 'entry', 'response', 'statusCode'),
      serverMessage: field(error, 'data', 'Message'),
      message: field(error, 'message'),
      requestId: field(error, 'data', 'RequestId'),
    };
  },
  checkWire(recorded, input) {
    expect(recorded.method).toBe('POST');
    expect(recorded.target).toBe('/');
    expect(recorded.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(recorded.headers.authorization).toBeUndefined();
    const form = new URLSearchParams(recorded.body);
    expect(form.get('Action')).toBe('DetachKeyPair');
    expect(form.get('Version')).toBe('2014-05-26');
    expect(form.get('Format')).toBe('JSON');
    expect(form.get('AccessKeyId')).toBe(credentials.accessKeyId);
    expect(form.get('Signature')).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(form.get('RegionId')).toBe(input.regionId);
    expect(form.get('KeyPairName')).toBe(input.keyPairName);
    expect(JSON.parse(form.get('InstanceIds') ?? 'null')).toEqual(input.instanceIds);
  },
};

/** Runs `call`, which must reject, and returns what it rejected with. */
async function rejection(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the SDK call to throw, but it resolved');
}

function sortedResults(decoded: Decoded): Decoded['results'] {
  return [...decoded.results].sort((a, b) => ((a.instanceId ?? '') < (b.instanceId ?? '') ? -1 : 1));
}

describe.each([ecsMode(undefined), ecsMode('v2'), popCoreMode])('$name', (mode) => {
  let emulator: EmulatorServer;
  let recorder: Recorder;

  beforeAll(async () => {
    emulator = await startEmulator();
    recorder = await startRecorder(emulator.port);
  });

  afterAll(async () => {
    await recorder?.close();
    await emulator?.close();
  });

  beforeEach(async () => {
    await setWorld(emulator.worldUrl, acceptanceWorld());
    recorder.requests.length = 0;
  });

  /** Asserts the call failed with `code`/`status`/`message` and left the world exactly as before. */
  async function expectRejected(
    input: DetachInput,
    expected: { code: string; status: number; message: string },
  ): Promise<void> {
    const before = await readWorld(emulator.worldUrl);
    const error = await rejection(mode.detach(recorder.port, input));
    const failure = mode.failure(error);
    expect(failure.code).toBe(expected.code);
    expect(failure.status).toBe(expected.status);
    expect(failure.serverMessage).toBe(expected.message);
    expect(failure.message).toEqual(expect.stringContaining(expected.message));
    expect(failure.requestId).toEqual(expect.stringMatching(/\S/));
    mode.checkWire(onlyRequest(recorder), input);
    const after = await readWorld(emulator.worldUrl);
    expect(sortedWorld(after)).toEqual(sortedWorld(before));
  }

  it(`detaches exactly the two named instances (ST-0, ST-1, ST-3, OK-1, OK-2, OK-3, OK-5, OK-6, OK-8, CL-1, CL-2, CL-5, ${mode.rules})`, async () => {
    const before = await readWorld(emulator.worldUrl);
    expect(sortedWorld(before)).toEqual(sortedWorld(acceptanceWorld()));
    const input = { regionId: region, keyPairName: keyPair, instanceIds: [ids.first, ids.second] };

    const decoded = await mode.detach(recorder.port, input);

    expect(decoded.requestId).toEqual(expect.stringMatching(/\S/));
    expect(decoded.totalCount).toBe('2');
    expect(decoded.failCount).toBe('0');
    expect(sortedResults(decoded)).toEqual(
      [ids.first, ids.second].sort().map((instanceId) => ({
        instanceId,
        success: 'true',
        code: '200',
        message: 'successful',
      })),
    );
    mode.checkWire(onlyRequest(recorder), input);

    const after = await readWorld(emulator.worldUrl);
    expect(bindingOf(after, ids.first)).toBeNull();
    expect(bindingOf(after, ids.second)).toBeNull();
    expect(bindingOf(after, ids.third)).toBe(keyPair);
    expect(bindingOf(after, ids.otherKeyPair)).toBe(otherKeyPair);
    expect(bindingOf(after, ids.otherRegion)).toBe(keyPair);
    expect(sortedWorld(after)).toEqual(sortedWorld(withUnbound(before, region, [ids.first, ids.second])));
  });

  it(`surfaces InvalidKeyPairName.NotFound and changes nothing (KP-1, ERR-1, ERR-2, ERR-3, CL-6, ${mode.rules})`, async () => {
    await expectRejected(
      { regionId: region, keyPairName: unknownKeyPair, instanceIds: [ids.first, ids.second] },
      { code: 'InvalidKeyPairName.NotFound', status: 400, message: notFoundMessage },
    );
  });

  it(`surfaces DependencyViolation.WindowsInstance for a Windows instance in the list, atomically (WIN-1, WIN-2, ERR-3, CL-6, ${mode.rules})`, async () => {
    await expectRejected(
      { regionId: region, keyPairName: keyPair, instanceIds: [ids.first, ids.windows, ids.second] },
      {
        code: 'DependencyViolation.WindowsInstance',
        status: 403,
        message: 'The instance creating is windows, cannot use ssh key pair to login',
      },
    );
  });

  it(`rejects 51 instance IDs with InvalidInstanceIds.ValueNotSupported and changes nothing (ID-3, ERR-3, CL-6, ${mode.rules})`, async () => {
    await expectRejected(
      { regionId: region, keyPairName: keyPair, instanceIds: fiftyOneIds() },
      {
        code: 'InvalidInstanceIds.ValueNotSupported',
        status: 400,
        message: 'The specified parameter InstanceIds is not valid.',
      },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// The project's own client: encodeRequest + sendWire + decodeResponse, V1 over GET.

describe('project client (encodeRequest, sendWire, decodeResponse), V1 GET query', () => {
  let emulator: EmulatorServer;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator?.close();
  });

  beforeEach(async () => {
    await setWorld(emulator.worldUrl, acceptanceWorld());
  });

  async function call(keyPairName: string, format: string): Promise<DecodedResponse> {
    const wire = encodeRequest({
      params: [
        ['RegionId', region],
        ['KeyPairName', keyPairName],
        ['InstanceIds', JSON.stringify([ids.first, ids.second])],
        ['Format', format],
      ],
      transport: 'get-query',
      signing: { scheme: 'v1', ...credentials },
      host: new URL(emulator.origin).host,
    });
    expect(wire.method).toBe('GET');
    return decodeResponse(await sendWire(emulator.origin, wire));
  }

  function mediaType(decoded: DecodedResponse): string | undefined {
    return decoded.contentType?.split(';')[0]?.trim().toLowerCase();
  }

  const formats = [
    {
      format: 'XML',
      decodedAs: 'xml',
      media: 'text/xml',
      successRoot: 'DetachKeyPairResponse',
      errorRoot: 'Error',
    },
    {
      format: 'json',
      decodedAs: 'json',
      media: 'application/json',
      successRoot: undefined,
      errorRoot: undefined,
    },
  ] as const;

  it.each(formats)(
    'Format=$format detaches the two named instances (TR-1, TR-2, TR-4, AU-1, OK-1, OK-2, OK-3, OK-4, OK-5, OK-6, OK-8, OK-9, ST-0, ST-1, ST-3)',
    async ({ format, decodedAs, media, successRoot }) => {
      const before = await readWorld(emulator.worldUrl);
      const decoded = await call(keyPair, format);

      expect(decoded.status).toBe(200);
      expect(decoded.parseError).toBeUndefined();
      expect(decoded.format).toBe(decodedAs);
      expect(mediaType(decoded)).toBe(media);
      expect(decoded.root).toBe(successRoot);
      expect(decoded.fields.RequestId?.value).toEqual(expect.stringMatching(/\S/));
      expect(decoded.fields.TotalCount?.value).toBe('2');
      expect(decoded.fields.FailCount?.value).toBe('0');
      expect(decoded.results.container).toBe('array');
      const results = decoded.results.entries
        .map((entry) => ({
          InstanceId: entry.InstanceId?.value,
          Success: entry.Success?.value,
          Code: entry.Code?.value,
          Message: entry.Message?.value,
        }))
        .sort((a, b) => ((a.InstanceId ?? '') < (b.InstanceId ?? '') ? -1 : 1));
      expect(results).toEqual(
        [ids.first, ids.second].sort().map((InstanceId) => ({
          InstanceId,
          Success: 'true',
          Code: '200',
          Message: 'successful',
        })),
      );

      const after = await readWorld(emulator.worldUrl);
      expect(bindingOf(after, ids.first)).toBeNull();
      expect(bindingOf(after, ids.second)).toBeNull();
      expect(sortedWorld(after)).toEqual(sortedWorld(withUnbound(before, region, [ids.first, ids.second])));
    },
  );

  it.each(formats)(
    'Format=$format answers InvalidKeyPairName.NotFound and changes nothing (KP-1, TR-2, TR-4, TR-5, ERR-1, ERR-2, ERR-3, GEN-4)',
    async ({ format, decodedAs, media, errorRoot }) => {
      const before = await readWorld(emulator.worldUrl);
      const decoded = await call(unknownKeyPair, format);

      expect(decoded.status).toBe(400);
      expect(decoded.parseError).toBeUndefined();
      expect(decoded.format).toBe(decodedAs);
      expect(mediaType(decoded)).toBe(media);
      if (decodedAs === 'xml') expect(decoded.contentType).toBe('text/xml;charset=utf-8'); // TR-5
      expect(decoded.root).toBe(errorRoot);
      expect(decoded.fields.Code?.value).toBe('InvalidKeyPairName.NotFound');
      expect(decoded.fields.Message?.value).toBe(notFoundMessage);
      expect(decoded.fields.RequestId?.value).toEqual(expect.stringMatching(/\S/));
      expect(decoded.fields.HostId?.value).toBe(new URL(emulator.origin).host);
      expect(decoded.results.container).toBe('missing');

      const after = await readWorld(emulator.worldUrl);
      expect(sortedWorld(after)).toEqual(sortedWorld(before));
    },
  );
});
