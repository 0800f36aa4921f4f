import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { AccessKey, Instance, KeyPair, World } from '../spec/World.ts';
import type { WireRequest } from '../wire/WireMessage.ts';
import {
  baseWorld,
  detachParams,
  type Exchange,
  exchange,
  getWorld,
  postWorldBody,
  setWorld,
  signedRequest,
  sortedWorld,
  startTestEmulator,
  type TestEmulator,
  testHost,
  testKey,
} from './emulatorTestKit.ts';
import { worldPath } from './startEmulator.ts';

// Garbage never crashes the emulator or yields 5xx (ERR-4); every API error has an error body (ERR-2);
// the world URL refuses exactly the invalid Worlds of target-protocol §1 and accepts every valid one.

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

const encoder = new TextEncoder();
const goodParams = () => detachParams('cn-hangzhou', 'kp-a', ['i-linux-1'], 'JSON');

/** ERR-1, ERR-2, ERR-4: a 4xx whose body decodes to RequestId, Code and Message. */
function expectErrorBody(x: Exchange): void {
  expect(x.response.status, x.text).toBeGreaterThanOrEqual(400);
  expect(x.response.status, x.text).toBeLessThan(500);
  expect(x.decoded.parseError).toBeUndefined();
  expect(x.decoded.fields.RequestId?.value).toBeTruthy();
  expect(x.decoded.fields.Code?.value).toBeTruthy();
  expect(x.decoded.fields.Message?.value).toBeTruthy();
}

/** The server still answers: a good request detaches. */
async function expectStillServing(): Promise<void> {
  await setWorld(server, baseWorld());
  const x = await exchange(server, signedRequest(goodParams()));
  expect(x.response.status, x.text).toBe(200);
}

/**
 * Writes raw bytes on a fresh socket and collects everything until the server closes it. No clock of its
 * own: a server that neither answers nor closes is caught by the test's timeout, whatever the machine's
 * speed, and the socket ends with the test.
 */
function rawExchange(data: string | Uint8Array): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(server.port, '127.0.0.1', () => socket.write(data));
    onTestFinished(() => {
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    // A reset after the answer is fine: the server chose to drop the connection.
    socket.on('error', () => {});
  });
}

describe('ERR-4: oversized and malformed API requests', () => {
  it('ERR-4 ERR-2: a body over 1 MiB → 413 with an error body, and the server still answers', async () => {
    const wire = signedRequest(goodParams(), { transport: 'post-split-form' });
    const body = encoder.encode(`${new TextDecoder().decode(wire.body)}&Pad=${'x'.repeat(1024 * 1024)}`);
    const before = await getWorld(server);
    const x = await exchange(server, { ...wire, body });
    expect(x.response.status).toBe(413);
    expectErrorBody(x);
    expect(x.decoded.fields.HostId?.value).toBe(testHost);
    expect(await getWorld(server)).toEqual(before);
    await expectStillServing();
  });

  it('ERR-4 TR-2: an oversized body with Format=JSON in the query gets a JSON 413', async () => {
    const wire = signedRequest(goodParams(), { transport: 'post-split-form' });
    const x = await exchange(server, {
      ...wire,
      target: `${wire.target}&Format=JSON`,
      body: new Uint8Array(1024 * 1024 + 1).fill(0x61),
    });
    expect(x.response.status).toBe(413);
    expect(x.decoded.format).toBe('json');
    expectErrorBody(x);
  });

  it.each([
    ['a `%` without hex digits', 'RegionId=%ZZ'],
    ['a truncated escape', 'RegionId=cn-hangzhou%2'],
    ['an escape that is not UTF-8', 'KeyPairName=%C3%28'],
    ['a lone continuation byte', 'InstanceIds=%80'],
    ['a malformed parameter name', '%E2%82=1'],
  ])(
    'ERR-4 ERR-2: malformed percent-encoding in the query (%s) → 4xx with an error body',
    async (_label, part) => {
      const wire = signedRequest(goodParams());
      const before = await getWorld(server);
      const x = await exchange(server, { ...wire, target: `${wire.target}&${part}` });
      expectErrorBody(x);
      expect(await getWorld(server)).toEqual(before);
    },
  );

  it.each([
    ['a `%` without hex digits', 'RegionId=%ZZ'],
    ['an escape that is not UTF-8', 'KeyPairName=%FF%FE'],
  ])(
    'ERR-4 ERR-2: malformed percent-encoding in a form body (%s) → 4xx with an error body',
    async (_label, part) => {
      const wire = signedRequest(goodParams(), { transport: 'post-form' });
      const body = encoder.encode(`${new TextDecoder().decode(wire.body)}&${part}`);
      const before = await getWorld(server);
      const x = await exchange(server, { ...wire, body });
      expectErrorBody(x);
      expect(await getWorld(server)).toEqual(before);
    },
  );

  it('ERR-4: raw bytes that are not UTF-8 in a form body → 4xx with an error body', async () => {
    const wire: WireRequest = {
      method: 'POST',
      target: '/',
      headers: { host: testHost, 'content-type': 'application/x-www-form-urlencoded' },
      body: Uint8Array.from([0x41, 0x3d, 0xff, 0xfe, 0x26, 0xc0, 0x3d, 0x80]),
    };
    expectErrorBody(await exchange(server, wire));
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
    'ERR-4 ERR-2: a correctly signed request sent with %s → 4xx with an error body, nothing changes',
    async (method) => {
      const wire = signedRequest(goodParams());
      const before = await getWorld(server);
      const x = await exchange(server, { ...wire, method });
      expectErrorBody(x);
      expect(await getWorld(server)).toEqual(before);
    },
  );

  it('ERR-4: HEAD → 4xx (no body by HTTP), nothing changes', async () => {
    const wire = signedRequest(goodParams());
    const before = await getWorld(server);
    const x = await exchange(server, { ...wire, method: 'HEAD' });
    expect(x.response.status).toBeGreaterThanOrEqual(400);
    expect(x.response.status).toBeLessThan(500);
    expect(await getWorld(server)).toEqual(before);
  });

  it.each(['/foo', '/_conformance', `${worldPath}/extra`, '/DetachKeyPair', '/a//b', '/%2F', '/%ZZ'])(
    'ERR-4 ERR-2: a signed request on the wrong path %s → 4xx with an error body, nothing changes',
    async (path) => {
      const wire = signedRequest(goodParams());
      const before = await getWorld(server);
      const x = await exchange(server, { ...wire, target: wire.target.replace(/^\/\?/, `${path}?`) });
      expectErrorBody(x);
      expect(await getWorld(server)).toEqual(before);
    },
  );

  it.each([
    ['no parameters at all', '/'],
    ['a lone `?`', '/?'],
    ['only separators', '/?&&&=&='],
    ['Action without a value', '/?Action'],
  ])('ERR-4 RQ-1: %s → 4xx with an error body', async (_label, target) => {
    expectErrorBody(
      await exchange(server, { method: 'GET', target, headers: { host: testHost }, body: new Uint8Array() }),
    );
  });

  it('ERR-4: a property: arbitrary query strings and form bodies never yield 5xx and always an error body', async () => {
    const hex = fc.constantFrom(...'0123456789abcdefABCDEFGZ');
    const piece = fc.oneof(
      fc.constantFrom(
        '&',
        '=',
        '+',
        '%',
        '%2',
        'Action',
        'DetachKeyPair',
        'Version',
        '2014-05-26',
        'Format',
        'JSON',
      ),
      fc.tuple(hex, hex).map(([a, b]) => `%${a}${b}`),
      fc.string({ unit: 'grapheme-ascii', maxLength: 4 }).map((s) => encodeURIComponent(s)),
    );
    const raw = fc.array(piece, { maxLength: 20 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(raw, fc.boolean(), async (text, inBody) => {
        const wire: WireRequest = inBody
          ? {
              method: 'POST',
              target: '/',
              headers: { host: testHost, 'content-type': 'application/x-www-form-urlencoded' },
              body: encoder.encode(text),
            }
          : { method: 'GET', target: `/?${text}`, headers: { host: testHost }, body: new Uint8Array() };
        expectErrorBody(await exchange(server, wire));
      }),
      { numRuns: 60 },
    );
  });
});

describe('ERR-4: raw invalid HTTP on a socket', () => {
  it.each([
    ['not HTTP at all', 'GARBAGE\r\n\r\n'],
    ['binary noise', Uint8Array.from([0, 1, 2, 0xff, 13, 10, 13, 10])],
    ['an unknown HTTP version', 'GET / HTTP/9.9\r\nHost: x\r\n\r\n'],
    ['a non-numeric Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'],
    ['a broken chunked body', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n'],
    ['headers over 64 KiB', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`],
    ['a header line without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n'],
  ])('ERR-4: %s → a 4xx or a closed connection, and the server survives', async (_label, data) => {
    const answer = await rawExchange(data);
    if (answer !== '') expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    await expectStillServing();
  });

  it('ERR-4: a connection dropped half-way through a body does not take the server down', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1', () => {
        socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nAction=Det');
        socket.end();
      });
      let out = '';
      socket.on('data', (d: Buffer) => {
        out += d.toString('latin1');
      });
      socket.on('close', () => resolve(out));
      socket.on('error', () => {});
    });
    expect(answer).not.toMatch(/^HTTP\/1\.1 5/);
    await expectStillServing();
  });

  // `//` cannot go through sendWire (`new URL('//...', origin)` reads it as a network-path reference).
  it('ERR-4: absolute-form, asterisk-form and `//` request targets get a 4xx error body', async () => {
    for (const line of [
      'GET http://evil.example/ HTTP/1.1',
      'OPTIONS * HTTP/1.1',
      'GET //?Action=DetachKeyPair HTTP/1.1',
    ]) {
      const answer = await rawExchange(`${line}\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
      expect(answer).toContain('<Code>');
    }
    await expectStillServing();
  });
});

/** The world URL's refusal: 400 JSON {Code, Message}, world unchanged (target-protocol §1). */
async function expectWorldRefused(body: string, mention?: string): Promise<void> {
  const before = await getWorld(server);
  const out = await postWorldBody(server, body);
  expect(out.status).toBe(400);
  expect(out.contentType?.split(';')[0]).toBe('application/json');
  const problem = out.body as { Code?: unknown; Message?: unknown };
  expect(typeof problem.Code).toBe('string');
  expect(typeof problem.Message).toBe('string');
  if (mention !== undefined) expect(problem.Message).toContain(mention);
  expect(await getWorld(server)).toEqual(before);
}

const setup = (world: unknown) => JSON.stringify({ action: 'setup', state: 'test', params: { world } });

describe('world URL (target-protocol §1)', () => {
  it.each([
    ['broken JSON', '{"action": "setup", '],
    ['an empty body', ''],
    ['a JSON array', '[]'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['a JSON string', '"setup"'],
    ['an unknown action', JSON.stringify({ action: 'reset', params: { world: baseWorld() } })],
    ['setup without params', JSON.stringify({ action: 'setup', state: 's' })],
    ['setup without params.world', JSON.stringify({ action: 'setup', state: 's', params: {} })],
    ['params.world null', setup(null)],
    ['params.world an array', setup([])],
  ])('a world URL body that is %s → 400 JSON {Code, Message}, world unchanged', async (_label, body) => {
    await expectWorldRefused(body);
  });

  const invalid = (edit: (w: World) => unknown): string => setup(edit(baseWorld()));
  it.each([
    [
      'a key pair of an unknown region',
      invalid((w) => ({ ...w, keyPairs: [...w.keyPairs, { regionId: 'cn-nowhere', keyPairName: 'x' }] })),
      'cn-nowhere',
    ],
    [
      'an instance of an unknown region',
      invalid((w) => ({
        ...w,
        instances: [
          ...w.instances,
          { regionId: 'cn-nowhere', instanceId: 'i-x', osType: 'linux', keyPairName: null },
        ],
      })),
      'cn-nowhere',
    ],
    [
      'a duplicate key pair in a region',
      invalid((w) => ({ ...w, keyPairs: [...w.keyPairs, { regionId: 'cn-hangzhou', keyPairName: 'kp-a' }] })),
      'kp-a',
    ],
    [
      'a duplicate instance ID across regions',
      invalid((w) => ({
        ...w,
        instances: [
          ...w.instances,
          { regionId: 'cn-qingdao', instanceId: 'i-linux-1', osType: 'linux', keyPairName: null },
        ],
      })),
      'i-linux-1',
    ],
    [
      'an instance bound to a key pair of another region',
      invalid((w) => ({
        ...w,
        instances: [
          ...w.instances,
          { regionId: 'cn-hangzhou', instanceId: 'i-x', osType: 'linux', keyPairName: 'kp-qd-only' },
        ],
      })),
      'kp-qd-only',
    ],
    ['an empty region string', invalid((w) => ({ ...w, regions: [...w.regions, ''] })), 'regions[2]'],
    [
      'an empty key pair name',
      invalid((w) => ({ ...w, keyPairs: [...w.keyPairs, { regionId: 'cn-hangzhou', keyPairName: '' }] })),
      'keyPairName',
    ],
    [
      'an empty instance ID',
      invalid((w) => ({
        ...w,
        instances: [
          ...w.instances,
          { regionId: 'cn-hangzhou', instanceId: '', osType: 'linux', keyPairName: null },
        ],
      })),
      'instanceId',
    ],
    [
      'an empty access key secret',
      invalid((w) => ({ ...w, accessKeys: [{ accessKeyId: 'a', accessKeySecret: '' }] })),
      'accessKeySecret',
    ],
    [
      'an empty bound key pair name',
      invalid((w) => ({
        ...w,
        instances: [
          ...w.instances,
          { regionId: 'cn-hangzhou', instanceId: 'i-x', osType: 'linux', keyPairName: '' },
        ],
      })),
      'keyPairName',
    ],
    [
      'a bad osType',
      invalid((w) => ({
        ...w,
        instances: [
          ...w.instances,
          { regionId: 'cn-hangzhou', instanceId: 'i-x', osType: 'macos', keyPairName: null },
        ],
      })),
      'osType',
    ],
    ['regions not an array', invalid((w) => ({ ...w, regions: 'cn-hangzhou' })), 'regions'],
    ['instances missing', invalid(({ instances: _drop, ...rest }) => rest), 'instances'],
  ])(
    'an invalid World (%s) → 400 JSON {Code, Message} naming the problem, world unchanged',
    async (_label, body, mention) => {
      await expectWorldRefused(body, mention);
    },
  );

  it.each(['PUT', 'DELETE', 'PATCH'])('%s on the world URL → 405, world unchanged', async (method) => {
    const before = await getWorld(server);
    const out = await postWorldBody(server, setup({ ...baseWorld(), instances: [] }), method);
    expect(out.status).toBe(405);
    expect(await getWorld(server)).toEqual(before);
  });

  it('teardown → 2xx and changes nothing', async () => {
    const before = await getWorld(server);
    const out = await postWorldBody(server, JSON.stringify({ action: 'teardown', state: 's', params: {} }));
    expect(out.status).toBeGreaterThanOrEqual(200);
    expect(out.status).toBeLessThan(300);
    expect(await getWorld(server)).toEqual(before);
  });

  it('a World without accessKeys (as Pact files carry it) is accepted and reads back with accessKeys []', async () => {
    const { accessKeys: _secret, ...withoutKeys } = baseWorld();
    await setWorld(server, withoutKeys);
    expect((await getWorld(server)).accessKeys).toEqual([]);
  });

  it('unknown fields are ignored: the World reads back without them', async () => {
    const world = baseWorld();
    await setWorld(server, {
      ...world,
      extra: true,
      regions: world.regions,
      instances: world.instances.map((i) => ({ ...i, zone: 'a' })),
    });
    expect(sortedWorld(await getWorld(server))).toEqual(sortedWorld(world));
  });

  it('a realistic-but-odd World (a bound Windows instance, no instances) is accepted', async () => {
    await setWorld(server, {
      ...baseWorld(),
      instances: [{ regionId: 'cn-hangzhou', instanceId: 'i-w', osType: 'windows', keyPairName: 'kp-a' }],
    });
    expect((await getWorld(server)).instances).toHaveLength(1);
  });
});

describe('world URL accepts every valid World (property)', () => {
  const special = fc.constantFrom(
    '&<>"\'%/?#',
    '🔑 key pair',
    ' ',
    'a b',
    '%41%',
    'a&b=c',
    '__proto__',
    'constructor',
    '\u0000',
    'キー・ペア',
    '👩‍👩‍👧',
    '\r\n\t',
    ']]>',
    '\uFFFD',
  );
  const text = fc.oneof(
    special,
    fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }),
  );

  /** A valid World of target-protocol §1 with random Unicode strings. */
  const validWorld: fc.Arbitrary<World> = fc
    .uniqueArray(text, { minLength: 1, maxLength: 3 })
    .chain((regions) =>
      fc
        .record({
          accessKeys: fc.array(
            fc.record({ accessKeyId: text, accessKeySecret: text }).map((k): AccessKey => k),
            { maxLength: 2 },
          ),
          keyPairs: fc
            .uniqueArray(fc.record({ region: fc.nat(regions.length - 1), keyPairName: text }), {
              maxLength: 5,
              selector: (k) => `${k.region}\u0000${k.keyPairName}`,
            })
            .map((list) =>
              list.map((k): KeyPair => ({ regionId: regions[k.region] ?? '', keyPairName: k.keyPairName })),
            ),
        })
        .chain(({ accessKeys, keyPairs }) =>
          fc
            .uniqueArray(
              fc.record({
                instanceId: text,
                region: fc.nat(regions.length - 1),
                osType: fc.constantFrom('linux' as const, 'windows' as const),
                bind: fc.option(fc.nat(), { nil: null }),
              }),
              { maxLength: 6, selector: (i) => i.instanceId },
            )
            .map((raw): World => {
              const instances = raw.map((i): Instance => {
                const regionId = regions[i.region] ?? '';
                const own = keyPairs.filter((k) => k.regionId === regionId);
                const bound = i.bind === null ? undefined : own[i.bind % Math.max(own.length, 1)];
                return {
                  regionId,
                  instanceId: i.instanceId,
                  osType: i.osType,
                  keyPairName: bound?.keyPairName ?? null,
                };
              });
              return { accessKeys, regions, keyPairs, instances };
            }),
        ),
    );

  it('target-protocol §1: every valid World is accepted (2xx) and GET returns an equal World (as sets)', async () => {
    await fc.assert(
      fc.asyncProperty(validWorld, async (world) => {
        const out = await postWorldBody(server, setup(world));
        expect(out.status, JSON.stringify(out.body)).toBeGreaterThanOrEqual(200);
        expect(out.status).toBeLessThan(300);
        expect(sortedWorld(await getWorld(server))).toEqual(sortedWorld(world));
      }),
      { numRuns: 50 },
    );
  });

  it('the property generator covers special characters (sanity check of the arbitrary)', () => {
    const sample = fc.sample(validWorld, { numRuns: 200, seed: 42 });
    const strings = sample.flatMap((w) => [...w.regions, ...w.instances.map((i) => i.instanceId)]);
    expect(strings.some((s) => /[&<>"'%/?#]/.test(s))).toBe(true);
    expect(strings.some((s) => /\p{Extended_Pictographic}/u.test(s))).toBe(true);
    expect(sample.some((w) => w.instances.some((i) => i.keyPairName !== null))).toBe(true);
    expect(sample.some((w) => w.regions.length === 3)).toBe(true);
  });
});

describe('world URL and API share the state', () => {
  it('ST-1: a world set through the URL is what the API acts on, and GET shows the effect', async () => {
    const world: World = {
      accessKeys: [{ ...testKey }],
      regions: ['r&<>"'],
      keyPairs: [{ regionId: 'r&<>"', keyPairName: 'kp 🔑/?#%' }],
      instances: [{ regionId: 'r&<>"', instanceId: 'i-ü', osType: 'linux', keyPairName: 'kp 🔑/?#%' }],
    };
    await setWorld(server, world);
    const x = await exchange(server, signedRequest(detachParams('r&<>"', 'kp 🔑/?#%', ['i-ü'], 'XML')));
    expect(x.response.status, x.text).toBe(200);
    expect(x.decoded.fields.KeyPairName?.value).toBe('kp 🔑/?#%');
    expect((await getWorld(server)).instances[0]?.keyPairName).toBeNull();
  });
});
