import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { World } from '../spec/World.ts';
import type { ParamList, WireRequest } from '../wire/WireMessage.ts';
import {
  baseWorld,
  bindings,
  detachParams,
  type Exchange,
  exchange,
  getWorld,
  minutes,
  rawV1Request,
  resignV3,
  setWorld,
  signedRequest,
  startTestEmulator,
  type TestEmulator,
  timestampAt,
  v1CommonParams,
} from './emulatorTestKit.ts';

// AU-1..AU-8 over real loopback HTTP, for both signing schemes.

type Scheme = 'v1' | 'v3';
const schemes: readonly Scheme[] = ['v1', 'v3'];
const hz = 'cn-hangzhou';
const goodParams = (format: 'JSON' | 'XML' = 'JSON') => detachParams(hz, 'kp-a', ['i-linux-1'], format);

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
afterEach(() => {
  server.setClockOffset(0);
});

const send = (wire: WireRequest): Promise<Exchange> => exchange(server, wire);
const code = (x: Exchange) => x.decoded.fields.Code?.value;

/** A 200 that detached `i-linux-1` from `kp-a` (ST-1), as proof the request was accepted. */
async function expectDetached(x: Exchange): Promise<void> {
  expect(x.response.status, x.text).toBe(200);
  expect(x.decoded.fields.TotalCount?.value).toBe('1');
  expect(x.decoded.fields.FailCount?.value).toBe('0');
  expect(bindings(await getWorld(server))['i-linux-1']).toBeNull();
}

/** An authentication error with the world exactly as it was (ERR-3, AU-8). */
async function expectRejected(x: Exchange, codes: readonly string[], before: World): Promise<void> {
  expect(x.response.status, x.text).toBe(400);
  expect(codes).toContain(code(x));
  expect(await getWorld(server)).toEqual(before);
}

/** Reorders the `&`-separated parts of a query string or form body with a fixed permutation. */
function permute(raw: string, how: 'reverse' | 'rotate' | 'interleave'): string {
  const parts = raw.split('&');
  switch (how) {
    case 'reverse':
      return [...parts].reverse().join('&');
    case 'rotate':
      return [...parts.slice(3), ...parts.slice(0, 3)].join('&');
    case 'interleave':
      return [...parts.filter((_, i) => i % 2 === 1), ...parts.filter((_, i) => i % 2 === 0)].join('&');
  }
}

function withQuery(wire: WireRequest, edit: (raw: string) => string): WireRequest {
  const at = wire.target.indexOf('?');
  return { ...wire, target: `/?${edit(wire.target.slice(at + 1))}` };
}

function withBody(wire: WireRequest, edit: (raw: string) => string): WireRequest {
  return { ...wire, body: new TextEncoder().encode(edit(new TextDecoder().decode(wire.body))) };
}

describe('AU-1: V1 signatures', () => {
  it.each(['reverse', 'rotate', 'interleave'] as const)(
    'AU-1 TR-1: a V1 GET with its query parameters reordered (%s) is accepted',
    async (how) => {
      const wire = withQuery(signedRequest(goodParams()), (raw) => permute(raw, how));
      await expectDetached(await send(wire));
    },
  );

  it.each(['reverse', 'interleave'] as const)(
    'AU-1 TR-1: a V1 POST form with its body parameters reordered (%s) is accepted',
    async (how) => {
      const wire = withBody(signedRequest(goodParams(), { transport: 'post-form' }), (raw) =>
        permute(raw, how),
      );
      await expectDetached(await send(wire));
    },
  );

  it('AU-1 TR-1: a V1 POST with signing parameters in the query and business ones in the form is accepted', async () => {
    await expectDetached(await send(signedRequest(goodParams(), { transport: 'post-split-form' })));
  });

  it('AU-1: an extra empty `SignatureType=` parameter is signed as `k=` and accepted', async () => {
    const wire = signedRequest([...goodParams(), ['SignatureType', '']]);
    expect(wire.target).toContain('SignatureType=');
    await expectDetached(await send(wire));
  });

  it('AU-1: an empty parameter sent without `=` (`&SignatureType`) counts as `SignatureType=`', async () => {
    const wire = withQuery(signedRequest([...goodParams(), ['SignatureType', '']]), (raw) =>
      raw.replace('SignatureType=', 'SignatureType'),
    );
    expect(wire.target).not.toContain('SignatureType=');
    await expectDetached(await send(wire));
  });

  it('AU-1: unsigned x-acs-* headers beside a V1 signature (as the official SDK sends them) are ignored', async () => {
    const wire = signedRequest(goodParams());
    wire.headers['x-acs-action'] = 'DetachKeyPair';
    wire.headers['x-acs-version'] = '2014-05-26';
    wire.headers['x-acs-signature-nonce'] = randomUUID();
    wire.headers['x-acs-date'] = timestampAt(0);
    wire.headers['x-acs-credentials-provider'] = 'ak';
    await expectDetached(await send(wire));
  });

  it('AU-1 GEN-5: x-acs-* headers naming another action and version play no part in V1', async () => {
    const wire = signedRequest(goodParams());
    wire.headers['x-acs-action'] = 'DescribeInstances';
    wire.headers['x-acs-version'] = '1999-01-01';
    await expectDetached(await send(wire));
  });

  it('AU-3: a V1 parameter changed after signing → 400 SignatureDoesNotMatch, nothing changes', async () => {
    const before = await getWorld(server);
    const wire = withQuery(signedRequest(detachParams(hz, 'kp-a', ['i-linux-1'], 'JSON')), (raw) =>
      raw.replace('i-linux-1', 'i-linux-2'),
    );
    await expectRejected(await send(wire), ['SignatureDoesNotMatch', 'IncompleteSignature'], before);
  });

  it('AU-3: a V1 request signed for GET but sent as POST → 400 SignatureDoesNotMatch', async () => {
    const before = await getWorld(server);
    const wire = { ...signedRequest(goodParams()), method: 'POST' };
    await expectRejected(await send(wire), ['SignatureDoesNotMatch', 'IncompleteSignature'], before);
  });
});

describe('AU-2: V3 signatures', () => {
  it('AU-2: an extra signed `x-acs-credentials-provider` header is accepted', async () => {
    const wire = resignV3(signedRequest(goodParams(), { scheme: 'v3' }), (headers) => {
      headers['x-acs-credentials-provider'] = 'ak';
    });
    expect(wire.headers.authorization).toContain('x-acs-credentials-provider');
    await expectDetached(await send(wire));
  });

  it('AU-2 TR-1: V3 POST query and V3 POST form are both accepted', async () => {
    await expectDetached(await send(signedRequest(goodParams(), { scheme: 'v3', transport: 'post-query' })));
    await setWorld(server, baseWorld());
    await expectDetached(await send(signedRequest(goodParams(), { scheme: 'v3', transport: 'post-form' })));
  });

  it('AU-2 (REPORT): an extra unsigned x-acs-* header is accepted by the reference emulator', async () => {
    const wire = signedRequest(goodParams(), { scheme: 'v3' });
    wire.headers['x-acs-unsigned-extra'] = 'yes';
    await expectDetached(await send(wire));
  });

  it('AU-2 AU-3: a V3 form body tampered after signing (x-acs-content-sha256 no longer matches) → 400 SignatureDoesNotMatch', async () => {
    const before = await getWorld(server);
    const wire = withBody(signedRequest(goodParams(), { scheme: 'v3', transport: 'post-form' }), (raw) =>
      raw.replace('i-linux-1', 'i-linux-2'),
    );
    await expectRejected(await send(wire), ['SignatureDoesNotMatch', 'IncompleteSignature'], before);
    expect(bindings(await getWorld(server))['i-linux-2']).toBe('kp-a');
  });

  it('AU-2 AU-3: a V3 x-acs-content-sha256 that does not match the (untouched) body → 400 SignatureDoesNotMatch', async () => {
    const before = await getWorld(server);
    const wire = signedRequest(goodParams(), { scheme: 'v3', transport: 'post-form' });
    wire.headers['x-acs-content-sha256'] = '0'.repeat(64);
    await expectRejected(await send(wire), ['SignatureDoesNotMatch', 'IncompleteSignature'], before);
  });

  it('AU-3: a V3 signed header changed after signing → 400 SignatureDoesNotMatch', async () => {
    const before = await getWorld(server);
    const wire = signedRequest(goodParams(), { scheme: 'v3' });
    wire.headers.host = 'ecs.cn-qingdao.aliyuncs.com';
    await expectRejected(await send(wire), ['SignatureDoesNotMatch', 'IncompleteSignature'], before);
  });
});

describe.each(schemes)('AU-3..AU-7 with scheme %s', (scheme) => {
  it(`AU-3: a ${scheme} signature made with the wrong secret → 400 SignatureDoesNotMatch`, async () => {
    const before = await getWorld(server);
    const wire = signedRequest(goodParams(), { scheme, accessKeySecret: 'not-the-secret' });
    await expectRejected(await send(wire), ['SignatureDoesNotMatch', 'IncompleteSignature'], before);
  });

  it(`AU-4: a ${scheme} request with an unknown AccessKeyId → InvalidAccessKeyId.NotFound (400 or 404)`, async () => {
    const before = await getWorld(server);
    const x = await send(signedRequest(goodParams(), { scheme, accessKeyId: 'unknown-key' }));
    expect([400, 404]).toContain(x.response.status);
    expect(code(x)).toBe('InvalidAccessKeyId.NotFound');
    expect(await getWorld(server)).toEqual(before);
  });

  it(`AU-7: a replayed ${scheme} nonce → 400 SignatureNonceUsed, the replay changes nothing`, async () => {
    const nonce = randomUUID();
    await expectDetached(await send(signedRequest(goodParams(), { scheme, nonce })));
    const before = await getWorld(server);
    const replay = signedRequest(detachParams(hz, 'kp-a', ['i-linux-2'], 'JSON'), { scheme, nonce });
    await expectRejected(await send(replay), ['SignatureNonceUsed'], before);
    expect(bindings(await getWorld(server))['i-linux-2']).toBe('kp-a');
  });

  it.each([
    ['past', -16],
    ['future', 16],
    ['far past', -60 * 24 * 365],
  ] as const)(
    `AU-6: a ${scheme} timestamp 16+ minutes off (%s) → 400 InvalidTimeStamp.Expired`,
    async (_label, offset) => {
      const before = await getWorld(server);
      const wire = signedRequest(goodParams(), { scheme, timestamp: timestampAt(minutes(offset)) });
      await expectRejected(await send(wire), ['InvalidTimeStamp.Expired', 'IllegalTimestamp'], before);
    },
  );

  it.each([
    ['past', -14],
    ['future', 14],
  ] as const)(
    `AU-6: a ${scheme} timestamp 14 minutes off (%s) is fresh and accepted`,
    async (_label, offset) => {
      await expectDetached(
        await send(signedRequest(goodParams(), { scheme, timestamp: timestampAt(minutes(offset)) })),
      );
    },
  );

  it.each([
    ['ahead', 14],
    ['behind', -14],
  ] as const)(
    `AU-6: a fresh ${scheme} request while the server clock runs 14 minutes %s is accepted`,
    async (_label, offset) => {
      server.setClockOffset(minutes(offset));
      await expectDetached(await send(signedRequest(goodParams(), { scheme })));
    },
  );

  it.each([
    ['ahead', 16],
    ['behind', -16],
  ] as const)(
    `AU-6: a fresh ${scheme} request while the server clock runs 16 minutes %s → InvalidTimeStamp.Expired`,
    async (_label, offset) => {
      server.setClockOffset(minutes(offset));
      const before = await getWorld(server);
      await expectRejected(
        await send(signedRequest(goodParams(), { scheme })),
        ['InvalidTimeStamp.Expired', 'IllegalTimestamp'],
        before,
      );
    },
  );

  it.each(['2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01 00:00:00', 'yesterday'])(
    `AU-6: a malformed ${scheme} timestamp %j → 400 IllegalTimestamp (or another accepted code)`,
    async (timestamp) => {
      const before = await getWorld(server);
      await expectRejected(
        await send(signedRequest(goodParams(), { scheme, timestamp })),
        [
          'IllegalTimestamp',
          'InvalidTimeStamp.Format',
          'InvalidTimeStamp.Expired',
          'MissingParameter',
          'IncompleteSignature',
        ],
        before,
      );
    },
  );
});

describe('AU-5: missing signature elements', () => {
  const accepted = [
    'MissingParameter',
    'MissingParameter.Signature',
    'MissingParameter.AccessKeyId',
    'MissingParameter.SignatureNonce',
    'MissingParameter.Timestamp',
    'MissingSignature',
    'MissingAccessKeyId',
    'MissingSignatureNonce',
    'MissingTimestamp',
    'IncompleteSignature',
    'IllegalTimestamp',
  ];

  it.each(['Signature', 'AccessKeyId', 'SignatureNonce', 'Timestamp'])(
    'AU-5: a V1 request without %s → 400 MissingParameter*, IncompleteSignature or IllegalTimestamp',
    async (name) => {
      const before = await getWorld(server);
      const wire = withQuery(signedRequest(goodParams()), (raw) =>
        raw
          .split('&')
          .filter((part) => !part.startsWith(`${name}=`))
          .join('&'),
      );
      await expectRejected(await send(wire), accepted, before);
    },
  );

  it('AU-5: a V1 request with an empty Signature → 400', async () => {
    const before = await getWorld(server);
    const wire = withQuery(signedRequest(goodParams()), (raw) =>
      raw.replace(/Signature=[^&]*/, 'Signature='),
    );
    await expectRejected(await send(wire), accepted, before);
  });

  it.each(['authorization', 'x-acs-date', 'x-acs-signature-nonce'])(
    'AU-5: a V3 request without the %s header → 400',
    async (header) => {
      const before = await getWorld(server);
      const wire = signedRequest(goodParams(), { scheme: 'v3' });
      delete wire.headers[header];
      await expectRejected(await send(wire), accepted, before);
    },
  );
});

describe('AU-8: authentication is judged first and never leaks the world', () => {
  type Failure = 'wrong signature' | 'replayed nonce' | 'stale timestamp' | 'unknown access key';
  const failures: ReadonlyArray<readonly [Failure, readonly string[]]> = [
    ['wrong signature', ['SignatureDoesNotMatch', 'IncompleteSignature']],
    ['replayed nonce', ['SignatureNonceUsed']],
    ['stale timestamp', ['InvalidTimeStamp.Expired', 'IllegalTimestamp']],
    ['unknown access key', ['InvalidAccessKeyId.NotFound']],
  ];
  const variants: ReadonlyArray<readonly [string, ParamList]> = [
    ['valid business parameters', detachParams(hz, 'kp-a', ['i-linux-2'], 'JSON')],
    ['a key pair that does not exist', detachParams(hz, 'kp-missing', ['i-linux-2'], 'JSON')],
    ['a region that does not exist', detachParams('cn-nowhere', 'kp-a', ['i-linux-2'], 'JSON')],
    ['invalid InstanceIds (object)', detachParams(hz, 'kp-a', '{"a":1}', 'JSON')],
    ['invalid InstanceIds (malformed)', detachParams(hz, 'kp-a', '["i-linux-2"', 'JSON')],
    ['a Windows instance', detachParams(hz, 'kp-a', ['i-win-1'], 'JSON')],
    [
      'no RegionId',
      [
        ['Format', 'JSON'],
        ['KeyPairName', 'kp-a'],
        ['InstanceIds', '["i-linux-2"]'],
      ],
    ],
  ];

  describe.each(schemes)('scheme %s', (scheme) => {
    it.each(failures)(
      'AU-8 AU-3 AU-4 AU-6 AU-7 ERR-3: a %s gets the same status and Code whatever the business parameters, and changes nothing',
      async (failure, codes) => {
        const nonce = randomUUID();
        if (failure === 'replayed nonce') {
          await expectDetached(await send(signedRequest(goodParams(), { scheme, nonce })));
        }
        const before = await getWorld(server);
        const outcomes: Array<[string, number, string | undefined]> = [];
        for (const [label, params] of variants) {
          const wire = signedRequest(params, {
            scheme,
            ...(failure === 'wrong signature' ? { accessKeySecret: 'wrong' } : {}),
            ...(failure === 'replayed nonce' ? { nonce } : {}),
            ...(failure === 'stale timestamp' ? { timestamp: timestampAt(-minutes(20)) } : {}),
            ...(failure === 'unknown access key' ? { accessKeyId: 'unknown-key' } : {}),
          });
          const x = await send(wire);
          outcomes.push([label, x.response.status, code(x)]);
          expect(codes).toContain(code(x));
        }
        const first = outcomes[0];
        expect(first).toBeDefined();
        for (const outcome of outcomes) expect(outcome.slice(1)).toEqual(first?.slice(1));
        expect(await getWorld(server)).toEqual(before);
      },
    );
  });
});

describe('AU-7: which requests consume a nonce', () => {
  it.each(schemes)(
    'AU-7: a nonce first used by a %s request that failed authentication (wrong signature) works for a later good request',
    async (scheme) => {
      const nonce = randomUUID();
      const bad = await send(signedRequest(goodParams(), { scheme, nonce, accessKeySecret: 'wrong' }));
      expect(code(bad)).toBe('SignatureDoesNotMatch');
      await expectDetached(await send(signedRequest(goodParams(), { scheme, nonce })));
    },
  );

  it.each(schemes)(
    'AU-7: a nonce first used by a %s request with a stale timestamp works for a later good request',
    async (scheme) => {
      const nonce = randomUUID();
      const stale = await send(
        signedRequest(goodParams(), { scheme, nonce, timestamp: timestampAt(-minutes(30)) }),
      );
      expect(code(stale)).toBe('InvalidTimeStamp.Expired');
      await expectDetached(await send(signedRequest(goodParams(), { scheme, nonce })));
    },
  );

  it.each(schemes)(
    'AU-7: a %s nonce used by one successful request is rejected on a second, different request',
    async (scheme) => {
      const nonce = randomUUID();
      await expectDetached(
        await send(signedRequest(detachParams(hz, 'kp-a', ['i-linux-1'], 'JSON'), { scheme, nonce })),
      );
      const before = await getWorld(server);
      const second = await send(
        signedRequest(detachParams(hz, 'kp-a', ['i-linux-2'], 'XML'), {
          scheme,
          nonce,
          transport: 'post-form',
        }),
      );
      await expectRejected(second, ['SignatureNonceUsed'], before);
      expect(bindings(await getWorld(server))['i-linux-2']).toBe('kp-a');
    },
  );

  it.each(schemes)(
    'AU-7: a %s nonce used by an authenticated request that failed on its business parameters (KP-1) is consumed',
    async (scheme) => {
      const nonce = randomUUID();
      const first = await send(
        signedRequest(detachParams(hz, 'kp-missing', ['i-linux-1'], 'JSON'), { scheme, nonce }),
      );
      expect(code(first)).toBe('InvalidKeyPairName.NotFound');
      const before = await getWorld(server);
      await expectRejected(
        await send(signedRequest(goodParams(), { scheme, nonce })),
        ['SignatureNonceUsed'],
        before,
      );
    },
  );

  it('AU-7: a nonce of a request rejected at routing (unknown action) is not consumed', async () => {
    const nonce = randomUUID();
    const routed = await send(signedRequest(goodParams(), { nonce, action: 'NoSuchApi' }));
    expect(code(routed)).toBe('InvalidAction.NotFound');
    await expectDetached(await send(signedRequest(goodParams(), { nonce })));
  });

  it('AU-7: a nonce is remembered for the whole 15-minute window (server clock 14 minutes later)', async () => {
    const nonce = randomUUID();
    await expectDetached(await send(signedRequest(goodParams(), { nonce })));
    server.setClockOffset(minutes(14));
    const before = await getWorld(server);
    const replay = signedRequest(detachParams(hz, 'kp-a', ['i-linux-2'], 'JSON'), { nonce });
    await expectRejected(await send(replay), ['SignatureNonceUsed'], before);
  });

  it('AU-7 (REPORT): a nonce may be reused once the memory has passed (server clock 31 minutes later)', async () => {
    // The emulator remembers nonces for twice the 15-minute window, so a request stamped up to 15 minutes
    // ahead cannot be replayed while its timestamp is still fresh.
    const nonce = randomUUID();
    await expectDetached(await send(signedRequest(goodParams(), { nonce })));
    server.setClockOffset(minutes(31));
    const later = signedRequest(detachParams(hz, 'kp-a', ['i-linux-2'], 'JSON'), {
      nonce,
      timestamp: timestampAt(minutes(31)),
    });
    const x = await send(later);
    expect(x.response.status, x.text).toBe(200);
  });

  it('AU-7: a request stamped 14 minutes ahead cannot be replayed 16 minutes later, while its stamp is still fresh', async () => {
    const nonce = randomUUID();
    const ahead = () => signedRequest(goodParams(), { nonce, timestamp: timestampAt(minutes(14)) });
    const first = ahead();
    await expectDetached(await send(first));
    server.setClockOffset(minutes(16));
    const before = await getWorld(server);
    await expectRejected(await send(first), ['SignatureNonceUsed'], before);
  });

  it('AU-7: V1 nonce raw-built without the client (rawV1Request) is judged the same way', async () => {
    const nonce = randomUUID();
    const wire = () => rawV1Request([...v1CommonParams({ nonce }), ...goodParams()]);
    await expectDetached(await send(wire()));
    const before = await getWorld(server);
    await expectRejected(await send(wire()), ['SignatureNonceUsed'], before);
  });
});
