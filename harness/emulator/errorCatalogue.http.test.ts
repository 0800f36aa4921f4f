import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorCatalogue, missingParameterMessage } from '../spec/errorCatalogue.ts';
import type { WireRequest } from '../wire/WireMessage.ts';
import { flippedProfile } from './EmulatorProfile.ts';
import {
  baseWorld,
  detachParams,
  exchange,
  getWorld,
  minutes,
  rawV1Request,
  resignV3,
  setWorld,
  signedRequest,
  startTestEmulator,
  type TestEmulator,
  testHost,
  timestampAt,
  v1CommonParams,
} from './emulatorTestKit.ts';

// Every documented error of the catalogue that applies to DetachKeyPair, produced by the emulator for its
// cause over real loopback HTTP, in both formats (ERR-1, ERR-2, GEN-4, TR-4, TR-5), with the world
// unchanged afterwards (ERR-3). Throttling, ServiceUnavailable and InternalError have no cause the
// emulator can be driven into (no injected faults yet), so they are not here.

type Format = 'JSON' | 'XML';
type Ctx = { server: TestEmulator; format: Format };

type ErrorCase = {
  /** The test name; cites the rule IDs. */
  name: string;
  /** Acceptable codes; the first is the catalogue's own. */
  codes: readonly string[];
  statuses: readonly number[];
  /** The exact message, or (with `messagePrefix`) its documented beginning. */
  message?: string;
  messagePrefix?: boolean;
  profile?: 'flipped';
  /** Builds the request; may send preliminary requests (the world is read after it resolves). */
  build: (ctx: Ctx) => WireRequest | Promise<WireRequest>;
};

const hz = 'cn-hangzhou';
const fiftyOne = Array.from({ length: 51 }, (_, i) => `i-many-${i}`);
const catalogue = errorCatalogue;

const v1 = (params: Array<[string, string]>) => signedRequest(params, { scheme: 'v1' });
const v3 = (params: Array<[string, string]>) => signedRequest(params, { scheme: 'v3' });
const good = (ctx: Ctx) => detachParams(hz, 'kp-a', ['i-linux-1'], ctx.format);

/** The DetachKeyPair parameters with one left out or emptied (RQ-4, GEN-1). */
function withParam(ctx: Ctx, name: string, value: string | undefined): Array<[string, string]> {
  return good(ctx).flatMap(([k, v]): Array<[string, string]> => {
    if (k !== name) return [[k, v]];
    return value === undefined ? [] : [[k, value]];
  });
}

function instanceIdsCase(label: string, value: string, rules: string): ErrorCase {
  return {
    name: `${rules}: InstanceIds ${label} → 400 InvalidInstanceIds.ValueNotSupported`,
    codes: ['InvalidInstanceIds.ValueNotSupported'],
    statuses: [400],
    message: catalogue['InvalidInstanceIds.ValueNotSupported'].message,
    build: (ctx) => v1(detachParams(hz, 'kp-a', value, ctx.format)),
  };
}

function missingCase(name: string, value: string | undefined): ErrorCase {
  const how = value === undefined ? 'missing' : 'empty';
  return {
    name: `RQ-4${value === undefined ? '' : ' GEN-1'}: ${name} ${how} → 400 MissingParameter`,
    codes: ['MissingParameter'],
    statuses: [400],
    message: missingParameterMessage(name),
    build: (ctx) => v1(withParam(ctx, name, value)),
  };
}

const cases: ErrorCase[] = [
  {
    name: 'KP-1: unknown key pair (V1) → 400 InvalidKeyPairName.NotFound, exact message',
    codes: ['InvalidKeyPairName.NotFound'],
    statuses: [400],
    message: 'The specified KeyPairName does not exist in our records.',
    build: (ctx) => v1(detachParams(hz, 'kp-missing', ['i-linux-1'], ctx.format)),
  },
  {
    name: 'KP-1 MR-3: unknown key pair (V3) → 400 InvalidKeyPairName.NotFound, exact message',
    codes: ['InvalidKeyPairName.NotFound'],
    statuses: [400],
    message: 'The specified KeyPairName does not exist in our records.',
    build: (ctx) => v3(detachParams(hz, 'kp-missing', ['i-linux-1'], ctx.format)),
  },
  {
    name: 'WIN-1 WIN-2: a Windows instance of the region → 403 DependencyViolation.WindowsInstance',
    codes: ['DependencyViolation.WindowsInstance'],
    statuses: [403],
    message: catalogue['DependencyViolation.WindowsInstance'].message,
    build: (ctx) => v1(detachParams(hz, 'kp-a', ['i-linux-1', 'i-win-1'], ctx.format)),
  },
  {
    name: 'WIN-1 MR-3: a Windows instance (V3 POST form) → 403 DependencyViolation.WindowsInstance',
    codes: ['DependencyViolation.WindowsInstance'],
    statuses: [403],
    message: catalogue['DependencyViolation.WindowsInstance'].message,
    build: (ctx) =>
      signedRequest(detachParams(hz, 'kp-a', ['i-win-1'], ctx.format), {
        scheme: 'v3',
        transport: 'post-form',
      }),
  },
  instanceIdsCase('malformed JSON `["i-linux-1"`', '["i-linux-1"', 'ID-4'),
  instanceIdsCase('a JSON object', '{"InstanceId":"i-linux-1"}', 'ID-4'),
  instanceIdsCase('a JSON number', '42', 'ID-4'),
  instanceIdsCase('a JSON string', '"i-linux-1"', 'ID-4'),
  instanceIdsCase('a nested array', '[["i-linux-1"]]', 'ID-4'),
  instanceIdsCase('with an empty-string element', '["i-linux-1",""]', 'ID-4'),
  instanceIdsCase('with a non-string element', '["i-linux-1",7]', 'ID-4'),
  instanceIdsCase('of 51 distinct IDs', JSON.stringify(fiftyOne), 'ID-3'),
  instanceIdsCase('`[]`', '[]', 'ID-5'),
  missingCase('RegionId', undefined),
  missingCase('RegionId', ''),
  missingCase('KeyPairName', undefined),
  missingCase('KeyPairName', ''),
  missingCase('InstanceIds', undefined),
  missingCase('InstanceIds', ''),
  {
    name: 'RQ-5: a region that does not exist → 404 InvalidRegionId.NotFound',
    codes: ['InvalidRegionId.NotFound'],
    statuses: [404],
    message: catalogue['InvalidRegionId.NotFound'].message,
    build: (ctx) => v1(detachParams('cn-nowhere', 'kp-a', ['i-linux-1'], ctx.format)),
  },
  {
    name: 'AU-3: V1 signed with the wrong secret → 400 SignatureDoesNotMatch',
    codes: ['SignatureDoesNotMatch'],
    statuses: [400],
    message: catalogue.SignatureDoesNotMatch.message,
    messagePrefix: true,
    build: (ctx) => signedRequest(good(ctx), { scheme: 'v1', accessKeySecret: 'wrong-secret' }),
  },
  {
    name: 'AU-3: V3 signed with the wrong secret → 400 SignatureDoesNotMatch',
    codes: ['SignatureDoesNotMatch'],
    statuses: [400],
    message: catalogue.SignatureDoesNotMatch.message,
    messagePrefix: true,
    build: (ctx) => signedRequest(good(ctx), { scheme: 'v3', accessKeySecret: 'wrong-secret' }),
  },
  {
    name: 'AU-5: V3 with a malformed Authorization header → 400 IncompleteSignature',
    codes: ['IncompleteSignature'],
    statuses: [400],
    message: catalogue.IncompleteSignature.message,
    build: (ctx) => {
      const wire = v3(good(ctx));
      return { ...wire, headers: { ...wire.headers, authorization: 'ACS3-HMAC-SHA256 Credential=abc' } };
    },
  },
  {
    name: 'AU-5: V3 with an Authorization of another scheme → 400 IncompleteSignature',
    codes: ['IncompleteSignature'],
    statuses: [400],
    message: catalogue.IncompleteSignature.message,
    build: (ctx) => {
      const wire = v3(good(ctx));
      return { ...wire, headers: { ...wire.headers, authorization: 'Bearer abc.def.ghi' } };
    },
  },
  {
    name: 'AU-5: V3 whose SignedHeaders names a header it does not carry → 400 IncompleteSignature',
    codes: ['IncompleteSignature'],
    statuses: [400],
    message: catalogue.IncompleteSignature.message,
    build: (ctx) =>
      resignV3(v3(good(ctx)), () => {}, {
        signedHeaders: ['host', 'x-acs-date', 'x-acs-not-sent'],
      }),
  },
  {
    name: 'AU-4: V1 with an unknown AccessKeyId → InvalidAccessKeyId.NotFound (400 or 404)',
    codes: ['InvalidAccessKeyId.NotFound'],
    statuses: [400, 404],
    message: catalogue['InvalidAccessKeyId.NotFound'].message,
    build: (ctx) => signedRequest(good(ctx), { scheme: 'v1', accessKeyId: 'no-such-key' }),
  },
  {
    name: 'AU-4: V3 with an unknown AccessKeyId → InvalidAccessKeyId.NotFound (400 or 404)',
    codes: ['InvalidAccessKeyId.NotFound'],
    statuses: [400, 404],
    message: catalogue['InvalidAccessKeyId.NotFound'].message,
    build: (ctx) => signedRequest(good(ctx), { scheme: 'v3', accessKeyId: 'no-such-key' }),
  },
  {
    name: 'AU-6: V1 Timestamp 16 minutes in the past → 400 InvalidTimeStamp.Expired',
    codes: ['InvalidTimeStamp.Expired'],
    statuses: [400],
    message: catalogue['InvalidTimeStamp.Expired'].message,
    build: (ctx) => signedRequest(good(ctx), { scheme: 'v1', timestamp: timestampAt(-minutes(16)) }),
  },
  {
    name: 'AU-6: V1 Timestamp 16 minutes in the future → 400 InvalidTimeStamp.Expired',
    codes: ['InvalidTimeStamp.Expired'],
    statuses: [400],
    message: catalogue['InvalidTimeStamp.Expired'].message,
    build: (ctx) => signedRequest(good(ctx), { scheme: 'v1', timestamp: timestampAt(minutes(16)) }),
  },
  {
    name: 'AU-6: V3 x-acs-date 16 minutes in the past → 400 InvalidTimeStamp.Expired',
    codes: ['InvalidTimeStamp.Expired'],
    statuses: [400],
    message: catalogue['InvalidTimeStamp.Expired'].message,
    build: (ctx) => signedRequest(good(ctx), { scheme: 'v3', timestamp: timestampAt(-minutes(16)) }),
  },
  {
    name: 'AU-6: a fresh request while the server clock runs 20 minutes ahead → 400 InvalidTimeStamp.Expired',
    codes: ['InvalidTimeStamp.Expired'],
    statuses: [400],
    message: catalogue['InvalidTimeStamp.Expired'].message,
    build: (ctx) => {
      ctx.server.setClockOffset(minutes(20));
      return v1(good(ctx));
    },
  },
  {
    name: 'AU-7: a V1 request replayed verbatim → 400 SignatureNonceUsed',
    codes: ['SignatureNonceUsed'],
    statuses: [400],
    message: catalogue.SignatureNonceUsed.message,
    build: async (ctx) => {
      const wire = v1(good(ctx));
      expect((await exchange(ctx.server, wire)).response.status).toBe(200);
      return wire;
    },
  },
  {
    name: 'AU-7: a V3 request replayed verbatim → 400 SignatureNonceUsed',
    codes: ['SignatureNonceUsed'],
    statuses: [400],
    message: catalogue.SignatureNonceUsed.message,
    build: async (ctx) => {
      const wire = v3(good(ctx));
      expect((await exchange(ctx.server, wire)).response.status).toBe(200);
      return wire;
    },
  },
  {
    name: 'RQ-2: an unknown Action (V1) → 404 InvalidAction.NotFound',
    codes: ['InvalidAction.NotFound'],
    statuses: [404],
    message: catalogue['InvalidAction.NotFound'].message,
    build: (ctx) => signedRequest(good(ctx), { scheme: 'v1', action: 'DetachKeyPairs' }),
  },
  {
    name: 'RQ-2 GEN-5: an unknown x-acs-action (V3) → 404 InvalidAction.NotFound',
    codes: ['InvalidAction.NotFound'],
    statuses: [404],
    message: catalogue['InvalidAction.NotFound'].message,
    build: (ctx) => signedRequest(good(ctx), { scheme: 'v3', action: 'NoSuchApi' }),
  },
  {
    name: 'RQ-3: Version missing (V1) → 400 MissingParameter',
    codes: ['MissingParameter', 'MissingParameter.Version', 'MissingVersion', 'InvalidVersion'],
    statuses: [400],
    message: missingParameterMessage('Version'),
    build: (ctx) => rawV1Request([...v1CommonParams().filter(([k]) => k !== 'Version'), ...good(ctx)]),
  },
  {
    name: 'RQ-3 GEN-5: x-acs-version missing (V3) → 400 MissingParameter',
    codes: ['MissingParameter', 'MissingParameter.Version', 'MissingVersion', 'InvalidVersion'],
    statuses: [400],
    message: missingParameterMessage('Version'),
    build: (ctx) =>
      resignV3(v3(good(ctx)), (headers) => {
        delete headers['x-acs-version'];
      }),
  },
  {
    name: 'RQ-3: an unsupported Version (V1) → 400 InvalidVersion',
    codes: ['InvalidVersion', 'InvalidParameter'],
    statuses: [400],
    build: (ctx) => signedRequest(good(ctx), { scheme: 'v1', version: '2016-03-14' }),
  },
  {
    name: 'RQ-3 GEN-5: an unsupported x-acs-version (V3) → 400 InvalidVersion',
    codes: ['InvalidVersion', 'InvalidParameter'],
    statuses: [400],
    build: (ctx) => signedRequest(good(ctx), { scheme: 'v3', version: '2099-01-01' }),
  },
  {
    name: 'ST-5 (flipped profile): an unknown instance rejects the request → 404 InvalidInstanceId.NotFound',
    codes: ['InvalidInstanceId.NotFound'],
    statuses: [404],
    message: catalogue['InvalidInstanceId.NotFound'].message,
    profile: 'flipped',
    build: (ctx) => v1(detachParams(hz, 'kp-a', ['i-linux-1', 'i-nowhere'], ctx.format)),
  },
  {
    name: 'ID-3 (flipped profile): 51 IDs → 403 InstanceKeyPairLimitExceeded',
    codes: ['InstanceKeyPairLimitExceeded'],
    statuses: [403],
    message: catalogue.InstanceKeyPairLimitExceeded.message,
    profile: 'flipped',
    build: (ctx) => v1(detachParams(hz, 'kp-a', fiftyOne, ctx.format)),
  },
];

const uuid = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

let reference: TestEmulator;
let flipped: TestEmulator;

beforeAll(async () => {
  reference = await startTestEmulator();
  flipped = await startTestEmulator({ profile: flippedProfile });
});
afterAll(async () => {
  await reference?.close();
  await flipped?.close();
});
beforeEach(async () => {
  await setWorld(reference, baseWorld());
  await setWorld(flipped, baseWorld());
});
afterEach(() => {
  reference.setClockOffset(0);
  flipped.setClockOffset(0);
});

describe.each(['JSON', 'XML'] as const)('error catalogue over HTTP, Format=%s', (format) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const server = c.profile === 'flipped' ? flipped : reference;
    const wire = await c.build({ server, format });
    const before = await getWorld(server);

    const { response, decoded } = await exchange(server, wire);

    // ERR-1: the status is an error status, and the catalogue's one.
    expect(c.statuses).toContain(response.status);
    // TR-2, TR-4, TR-5: the requested format with its content type.
    if (format === 'XML') {
      expect(response.headers['content-type']).toBe('text/xml;charset=utf-8');
      expect(decoded.format).toBe('xml');
      expect(decoded.root).toBe('Error');
    } else {
      expect(response.headers['content-type']?.split(';')[0]).toBe('application/json');
      expect(decoded.format).toBe('json');
      expect(decoded.root).toBeUndefined();
    }
    expect(decoded.parseError).toBeUndefined();
    // ERR-2: RequestId, Code, Message; GEN-4: HostId is the Host header as sent.
    const { RequestId, HostId, Code, Message } = decoded.fields;
    expect(RequestId?.value).toMatch(uuid);
    expect(HostId?.value).toBe(testHost);
    expect(c.codes).toContain(Code?.value);
    expect(Code?.value).toBe(c.codes[0]);
    expect(Message?.value).not.toBe('');
    if (c.message !== undefined) {
      if (c.messagePrefix) expect(Message?.value.startsWith(c.message)).toBe(true);
      else expect(Message?.value).toBe(c.message);
    }
    expect(decoded.results.container).toBe('missing');

    // ERR-3: the error changed nothing.
    expect(await getWorld(server)).toEqual(before);
  });
});

describe('error catalogue: cross-format consistency', () => {
  it('FM-1 ERR-2: the same error request in JSON and XML gives the same status, Code and Message', async () => {
    const outcomes = [];
    for (const format of ['JSON', 'XML'] as const) {
      const { response, decoded } = await exchange(
        reference,
        signedRequest(detachParams(hz, 'kp-missing', ['i-linux-1'], format)),
      );
      outcomes.push([response.status, decoded.fields.Code?.value, decoded.fields.Message?.value]);
    }
    expect(outcomes[0]).toEqual(outcomes[1]);
  });

  it('TR-3: a V1 error without Format is XML with root Error; a V3 error without Format is JSON', async () => {
    const params = detachParams(hz, 'kp-missing', ['i-linux-1']);
    const xml = await exchange(reference, signedRequest(params, { scheme: 'v1' }));
    expect(xml.response.headers['content-type']).toBe('text/xml;charset=utf-8');
    expect(xml.decoded.root).toBe('Error');
    const json = await exchange(reference, signedRequest(params, { scheme: 'v3' }));
    expect(json.decoded.format).toBe('json');
    expect(json.decoded.fields.Code?.value).toBe('InvalidKeyPairName.NotFound');
  });

  it('OK-2 ERR-2: every error carries a fresh RequestId', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { decoded } = await exchange(
        reference,
        signedRequest(detachParams(hz, 'kp-missing', ['i-linux-1'], 'JSON')),
      );
      ids.add(decoded.fields.RequestId?.value ?? '');
    }
    expect(ids.size).toBe(5);
  });
});
