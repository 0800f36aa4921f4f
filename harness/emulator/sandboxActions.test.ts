import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { World } from '../spec/World.ts';
import { sendWire } from '../targets/sendWire.ts';
import { type DecodedResponse, decodeResponse } from '../wire/decodeResponse.ts';
import { encodeRequest, type Transport } from '../wire/encodeRequest.ts';
import type { ParamList } from '../wire/WireMessage.ts';
import { flippedProfile } from './EmulatorProfile.ts';
import {
  baseWorld,
  getWorld,
  setWorld,
  sortedWorld,
  startTestEmulator,
  type TestEmulator,
  testHost,
  testKey,
} from './emulatorTestKit.ts';
import { type EmulatorServer, startEmulator } from './startEmulator.ts';

// AttachKeyPair and DescribeInstances, the actions `audit`'s sandbox tier sends beside DetachKeyPair to
// restore and confirm (target-protocol §2), over real loopback HTTP with the suite's own encoder.

const hz = 'cn-hangzhou';
const schemes = ['v1', 'v3'] as const;
const formats = ['JSON', 'XML'] as const;
type Scheme = (typeof schemes)[number];
type Format = (typeof formats)[number];

type CallOptions = {
  scheme?: Scheme;
  format?: Format;
  transport?: Transport;
  secret?: string;
  nonce?: string;
};

let server: TestEmulator;

beforeAll(async () => {
  server = await startTestEmulator();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  await setWorld(server, baseWorld());
});

/** Sends one signed call of `action` to `target` and decodes the answer. */
async function call(
  target: { origin: string },
  action: string,
  params: ParamList,
  options: CallOptions = {},
): Promise<DecodedResponse & { text: string }> {
  const wire = encodeRequest({
    action,
    params: [...(options.format === undefined ? [] : [['Format', options.format] as const]), ...params],
    transport: options.transport ?? 'post-form',
    host: testHost,
    signing: {
      scheme: options.scheme ?? 'v1',
      accessKeyId: testKey.accessKeyId,
      accessKeySecret: options.secret ?? testKey.accessKeySecret,
      ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
    },
  });
  const response = await sendWire(target.origin, wire);
  return { ...decodeResponse(response), text: new TextDecoder().decode(response.body) };
}

/** `RegionId`, `KeyPairName`, `InstanceIds` (compact JSON). */
const keyPairParams = (keyPairName: string, ids: readonly string[], regionId = hz): ParamList => [
  ['RegionId', regionId],
  ['KeyPairName', keyPairName],
  ['InstanceIds', JSON.stringify(ids)],
];

const describeParams = (ids: readonly string[], regionId = hz): ParamList => [
  ['RegionId', regionId],
  ['InstanceIds', JSON.stringify(ids)],
];

/** The per-instance outcomes of a decoded AttachKeyPair/DetachKeyPair success, by value. */
function results(decoded: DecodedResponse): Array<[string, string, string]> {
  return decoded.results.entries.map((r) => [
    r.InstanceId?.value ?? '',
    r.Success?.value ?? '',
    r.Code?.value ?? '',
  ]);
}

/** `Instances.Instance` of a decoded DescribeInstances success, every field as text, in either format. */
function instances(decoded: DecodedResponse): Array<Record<string, string>> {
  const document = decoded.document as { Instances?: unknown } | undefined;
  const container = document?.Instances;
  if (container === '' || container === undefined) return [];
  const list = (container as { Instance?: unknown }).Instance;
  const entries = Array.isArray(list) ? list : list === undefined ? [] : [list];
  return entries.map((entry) =>
    Object.fromEntries(Object.entries(entry as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
  );
}

/** The key pair bound to each instance. */
async function bindings(): Promise<Record<string, string | null>> {
  return Object.fromEntries((await getWorld(server)).instances.map((i) => [i.instanceId, i.keyPairName]));
}

describe('AttachKeyPair', () => {
  it.each(schemes.flatMap((scheme) => formats.map((format) => [scheme, format] as const)))(
    'detach then attach restores exactly the world before (%s, %s)',
    async (scheme, format) => {
      const before = sortedWorld(await getWorld(server));
      const ids = ['i-linux-1', 'i-linux-2'];
      const detached = await call(server, 'DetachKeyPair', keyPairParams('kp-a', ids), { scheme, format });
      expect(detached.status, detached.text).toBe(200);
      expect((await bindings())['i-linux-1']).toBeNull();

      const attached = await call(server, 'AttachKeyPair', keyPairParams('kp-a', ids), { scheme, format });
      expect(attached.status, attached.text).toBe(200);
      expect(attached.format).toBe(format.toLowerCase());
      if (format === 'XML') expect(attached.root).toBe('AttachKeyPairResponse');
      expect(attached.fields.RequestId?.value).toMatch(/^[0-9A-F-]{36}$/);
      expect(attached.fields.KeyPairName?.value).toBe('kp-a');
      expect(attached.fields.TotalCount?.value).toBe('2');
      expect(attached.fields.FailCount?.value).toBe('0');
      expect(attached.results.container).toBe('array');
      expect(results(attached)).toEqual([
        ['i-linux-1', 'true', '200'],
        ['i-linux-2', 'true', '200'],
      ]);
      expect(attached.results.entries[0]?.Message?.value).toBe('successful');
      expect(sortedWorld(await getWorld(server))).toEqual(before);
    },
  );

  it('JSON scalars are typed and a lone result is still a list', async () => {
    const x = await call(server, 'AttachKeyPair', keyPairParams('kp-a', ['i-linux-free']), {
      format: 'JSON',
    });
    expect(x.status, x.text).toBe(200);
    expect(x.results.container).toBe('array');
    expect(x.fields.TotalCount?.form).toBe('number');
    expect(x.results.entries[0]?.Success?.form).toBe('boolean');
  });

  it('replaces another binding, and changes nothing else', async () => {
    const before = await bindings();
    const x = await call(server, 'AttachKeyPair', keyPairParams('kp-a', ['i-linux-other', 'i-linux-free']), {
      scheme: 'v3',
    });
    expect(x.status, x.text).toBe(200);
    expect(results(x)).toEqual([
      ['i-linux-other', 'true', '200'],
      ['i-linux-free', 'true', '200'],
    ]);
    expect(await bindings()).toEqual({ ...before, 'i-linux-other': 'kp-a', 'i-linux-free': 'kp-a' });
  });

  it.each(schemes)(
    'a Windows instance in the list → 403 DependencyViolation.WindowsInstance, nothing changes (%s)',
    async (scheme) => {
      const before = await getWorld(server);
      const x = await call(server, 'AttachKeyPair', keyPairParams('kp-b', ['i-linux-free', 'i-win-1']), {
        scheme,
        format: 'JSON',
      });
      expect(x.status).toBe(403);
      expect(x.fields.Code?.value).toBe('DependencyViolation.WindowsInstance');
      expect(x.fields.RequestId?.value).toBeTruthy();
      expect(await getWorld(server)).toEqual(before);
    },
  );

  it('an unknown instance, or one of another region (Windows included), is a per-instance failure', async () => {
    const before = await bindings();
    const x = await call(
      server,
      'AttachKeyPair',
      keyPairParams('kp-b', ['i-nope', 'i-linux-free', 'i-qd-win', 'i-qd-linux']),
      { format: 'XML' },
    );
    expect(x.status, x.text).toBe(200);
    expect(x.fields.TotalCount?.value).toBe('4');
    expect(x.fields.FailCount?.value).toBe('3');
    expect(results(x)).toEqual([
      ['i-nope', 'false', 'InvalidInstanceId.NotFound'],
      ['i-linux-free', 'true', '200'],
      ['i-qd-win', 'false', 'InvalidInstanceId.NotFound'],
      ['i-qd-linux', 'false', 'InvalidInstanceId.NotFound'],
    ]);
    expect(await bindings()).toEqual({ ...before, 'i-linux-free': 'kp-b' });
  });

  it.each([
    ['an unknown key pair', keyPairParams('kp-nope', ['i-linux-free']), 400, 'InvalidKeyPairName.NotFound'],
    [
      'a key pair of another region',
      keyPairParams('kp-qd-only', ['i-linux-free']),
      400,
      'InvalidKeyPairName.NotFound',
    ],
    [
      'an unknown region',
      keyPairParams('kp-a', ['i-linux-free'], 'cn-nowhere'),
      404,
      'InvalidRegionId.NotFound',
    ],
    [
      '51 IDs',
      keyPairParams(
        'kp-a',
        Array.from({ length: 51 }, (_, i) => `i-${i}`),
      ),
      400,
      'InvalidInstanceIds.ValueNotSupported',
    ],
    ['[]', keyPairParams('kp-a', []), 400, 'InvalidInstanceIds.ValueNotSupported'],
    [
      'a malformed list',
      [
        ['RegionId', hz],
        ['KeyPairName', 'kp-a'],
        ['InstanceIds', '["i-linux-free"'],
      ],
      400,
      'InvalidInstanceIds.ValueNotSupported',
    ],
    [
      'no KeyPairName',
      [
        ['RegionId', hz],
        ['InstanceIds', '["i-linux-free"]'],
      ],
      400,
      'MissingParameter',
    ],
    ['an empty RegionId', keyPairParams('kp-a', ['i-linux-free'], ''), 400, 'MissingParameter'],
  ] as Array<[string, ParamList, number, string]>)(
    '%s → %i %s, nothing changes',
    async (_, params, status, code) => {
      const before = await getWorld(server);
      const x = await call(server, 'AttachKeyPair', params, { format: 'JSON' });
      expect(x.status, x.text).toBe(status);
      expect(x.fields.Code?.value).toBe(code);
      expect(await getWorld(server)).toEqual(before);
    },
  );

  it('50 IDs are accepted; a bare comma list is read as DetachKeyPair reads it', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => `i-${i}`);
    const x = await call(server, 'AttachKeyPair', keyPairParams('kp-a', fifty), { format: 'JSON' });
    expect(x.status, x.text).toBe(200);
    expect(x.fields.FailCount?.value).toBe('50');
    const bare = await call(
      server,
      'AttachKeyPair',
      [
        ['RegionId', hz],
        ['KeyPairName', 'kp-b'],
        ['InstanceIds', 'i-linux-1, i-linux-free'],
      ],
      { format: 'JSON' },
    );
    expect(results(bare)).toEqual([
      ['i-linux-1', 'true', '200'],
      ['i-linux-free', 'true', '200'],
    ]);
  });

  it('the flipped profile answers in its own forms (strings, no KeyPairName)', async () => {
    const flipped = await startTestEmulator({ profile: flippedProfile, world: baseWorld() });
    try {
      const x = await call(flipped, 'AttachKeyPair', keyPairParams('kp-a', ['i-linux-free']), {
        format: 'JSON',
      });
      expect(x.status, x.text).toBe(200);
      expect(x.fields.TotalCount?.form).toBe('string');
      expect(x.fields.KeyPairName).toBeUndefined();
      expect(flipped.world().instances.find((i) => i.instanceId === 'i-linux-free')?.keyPairName).toBe(
        'kp-a',
      );
    } finally {
      await flipped.close();
    }
  });
});

describe('DescribeInstances', () => {
  const expected = [
    { InstanceId: 'i-linux-1', RegionId: hz, OSType: 'linux', KeyPairName: 'kp-a' },
    { InstanceId: 'i-linux-other', RegionId: hz, OSType: 'linux', KeyPairName: 'kp-b' },
    { InstanceId: 'i-linux-free', RegionId: hz, OSType: 'linux', KeyPairName: '' },
    { InstanceId: 'i-win-1', RegionId: hz, OSType: 'windows', KeyPairName: '' },
  ];

  it.each(schemes.flatMap((scheme) => formats.map((format) => [scheme, format] as const)))(
    'shows the KeyPairName of each instance of the region that exists (%s, %s)',
    async (scheme, format) => {
      const before = await getWorld(server);
      const ids = ['i-win-1', 'i-linux-free', 'i-nope', 'i-qd-linux', 'i-linux-other', 'i-linux-1'];
      const x = await call(server, 'DescribeInstances', describeParams(ids), { scheme, format });
      expect(x.status, x.text).toBe(200);
      expect(x.format).toBe(format.toLowerCase());
      if (format === 'XML') expect(x.root).toBe('DescribeInstancesResponse');
      expect(x.fields.RequestId?.value).toMatch(/^[0-9A-F-]{36}$/);
      expect(x.fields.TotalCount?.value).toBe('4');
      expect(x.fields.PageNumber?.value).toBe('1');
      expect(x.fields.PageSize?.value).toBe('10');
      expect(instances(x)).toEqual(expected);
      expect(await getWorld(server)).toEqual(before);
    },
  );

  it('without Format: V1 answers XML, V3 JSON (integers), a lone instance still a list', async () => {
    const v1 = await call(server, 'DescribeInstances', describeParams(['i-linux-1']));
    expect(v1.format).toBe('xml');
    expect(instances(v1)).toEqual([expected[0]]);
    const v3 = await call(server, 'DescribeInstances', describeParams(['i-linux-1']), { scheme: 'v3' });
    expect(v3.format).toBe('json');
    expect(v3.fields.TotalCount?.form).toBe('number');
    expect(Array.isArray((v3.document as { Instances: { Instance: unknown } }).Instances.Instance)).toBe(
      true,
    );
  });

  it('confirms a detach and the restore', async () => {
    const ids = ['i-linux-1', 'i-linux-2'];
    const keyPairs = async () =>
      instances(await call(server, 'DescribeInstances', describeParams(ids), { format: 'JSON' })).map(
        (i) => i.KeyPairName,
      );
    expect(await keyPairs()).toEqual(['kp-a', 'kp-a']);
    await call(server, 'DetachKeyPair', keyPairParams('kp-a', ids));
    expect(await keyPairs()).toEqual(['', '']);
    await call(server, 'AttachKeyPair', keyPairParams('kp-a', ids));
    expect(await keyPairs()).toEqual(['kp-a', 'kp-a']);
  });

  it('no match gives TotalCount 0 and an empty list, in both formats', async () => {
    for (const format of formats) {
      const x = await call(server, 'DescribeInstances', describeParams(['i-nope']), { format });
      expect(x.status, x.text).toBe(200);
      expect(x.fields.TotalCount?.value).toBe('0');
      expect(instances(x)).toEqual([]);
    }
  });

  it('PageSize and PageNumber page the matches; TotalCount counts them all', async () => {
    const ids = ['i-linux-1', 'i-linux-2', 'i-linux-other', 'i-linux-free', 'i-win-1'];
    const x = await call(
      server,
      'DescribeInstances',
      [...describeParams(ids), ['PageSize', '2'], ['PageNumber', '2']],
      { format: 'JSON' },
    );
    expect(x.status, x.text).toBe(200);
    expect(x.fields.TotalCount?.value).toBe('5');
    expect(x.fields.PageNumber?.value).toBe('2');
    expect(x.fields.PageSize?.value).toBe('2');
    expect(instances(x).map((i) => i.InstanceId)).toEqual(['i-linux-other', 'i-linux-free']);
  });

  it.each([
    ['no RegionId', [['InstanceIds', '["i-linux-1"]']], 400, 'MissingParameter'],
    ['an unknown region', describeParams(['i-linux-1'], 'cn-nowhere'), 404, 'InvalidRegionId.NotFound'],
    [
      '101 IDs',
      describeParams(Array.from({ length: 101 }, (_, i) => `i-${i}`)),
      400,
      'InvalidInstanceIds.ValueNotSupported',
    ],
    [
      'InstanceIds not a list',
      [
        ['RegionId', hz],
        ['InstanceIds', '{"a":1}'],
      ],
      400,
      'InvalidInstanceIds.ValueNotSupported',
    ],
    ['PageSize 101', [...describeParams(['i-linux-1']), ['PageSize', '101']], 400, 'InvalidParameter'],
  ] as Array<[string, ParamList, number, string]>)('%s → %i %s', async (_, params, status, code) => {
    const x = await call(server, 'DescribeInstances', params, { format: 'JSON' });
    expect(x.status, x.text).toBe(status);
    expect(x.fields.Code?.value).toBe(code);
  });

  it('100 IDs are accepted', async () => {
    const ids = [...Array.from({ length: 99 }, (_, i) => `i-${i}`), 'i-linux-1'];
    const x = await call(server, 'DescribeInstances', describeParams(ids), { format: 'JSON' });
    expect(x.status, x.text).toBe(200);
    expect(instances(x)).toEqual([expected[0]]);
  });
});

describe('signing and routing are shared with DetachKeyPair', () => {
  const cases = [
    ['AttachKeyPair', keyPairParams('kp-a', ['i-linux-other', 'i-linux-free'])],
    ['DescribeInstances', describeParams(['i-linux-1'])],
  ] as const;

  it.each(cases.flatMap(([action, params]) => schemes.map((scheme) => [action, scheme, params] as const)))(
    '%s with a bad %s signature → 400 SignatureDoesNotMatch, nothing changes',
    async (action, scheme, params) => {
      const before = await getWorld(server);
      const x = await call(server, action, params, { scheme, format: 'JSON', secret: 'not-the-secret' });
      expect(x.status, x.text).toBe(400);
      expect(x.fields.Code?.value).toBe('SignatureDoesNotMatch');
      expect(await getWorld(server)).toEqual(before);
    },
  );

  it.each(cases)(
    '%s: a reused nonce → 400 SignatureNonceUsed (one nonce log for every action)',
    async (action, params) => {
      const nonce = randomUUID();
      const first = await call(server, 'DescribeInstances', describeParams(['i-linux-1']), { nonce });
      expect(first.status, first.text).toBe(200);
      const before = await getWorld(server);
      const x = await call(server, action, params, { nonce, format: 'JSON' });
      expect(x.status, x.text).toBe(400);
      expect(x.fields.Code?.value).toBe('SignatureNonceUsed');
      expect(await getWorld(server)).toEqual(before);
    },
  );

  it.each(['AttachKeyPairs', 'describeinstances', 'constructor'])(
    '%s → 404 InvalidAction.NotFound',
    async (action) => {
      const x = await call(server, action, describeParams(['i-linux-1']), { format: 'JSON' });
      expect(x.status, x.text).toBe(404);
      expect(x.fields.Code?.value).toBe('InvalidAction.NotFound');
    },
  );

  it('every transport works for the new actions', async () => {
    for (const transport of ['get-query', 'post-query', 'post-form', 'post-split-form'] as const) {
      const x = await call(server, 'DescribeInstances', describeParams(['i-linux-1']), { transport });
      expect(x.status, `${transport}: ${x.text}`).toBe(200);
      expect(instances(x)).toEqual([
        { InstanceId: 'i-linux-1', RegionId: hz, OSType: 'linux', KeyPairName: 'kp-a' },
      ]);
    }
  });
});

describe('faults act on DetachKeyPair, not on the sandbox actions', () => {
  let faulty: EmulatorServer;
  const world = (): World => baseWorld();

  beforeAll(async () => {
    faulty = await startEmulator({ fault: 'xml-root-renamed', world: world() });
  });
  afterAll(async () => {
    await faulty?.close();
  });

  it('xml-root-renamed: DetachKeyPair shows it; AttachKeyPair and DescribeInstances keep their roots', async () => {
    const detached = await call(faulty, 'DetachKeyPair', keyPairParams('kp-a', ['i-linux-1']), {
      format: 'XML',
    });
    expect(detached.root).toBe('DetachKeyPairResult');
    const attached = await call(faulty, 'AttachKeyPair', keyPairParams('kp-a', ['i-linux-1']), {
      format: 'XML',
    });
    expect(attached.root).toBe('AttachKeyPairResponse');
    const described = await call(faulty, 'DescribeInstances', describeParams(['i-linux-1']), {
      format: 'XML',
    });
    expect(described.root).toBe('DescribeInstancesResponse');
    expect(instances(described)).toEqual([
      { InstanceId: 'i-linux-1', RegionId: hz, OSType: 'linux', KeyPairName: 'kp-a' },
    ]);
  });
});
