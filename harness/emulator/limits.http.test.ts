import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Instance, World } from '../spec/World.ts';
import type { DecodedResponse } from '../wire/decodeResponse.ts';
import { encodeInstanceIds } from '../wire/instanceIdsCodec.ts';
import { flippedProfile } from './EmulatorProfile.ts';
import {
  bindings,
  detachParams,
  type Exchange,
  exchange,
  getWorld,
  setWorld,
  signedRequest,
  startTestEmulator,
  type TestEmulator,
  testKey,
} from './emulatorTestKit.ts';

// Limits (ID-2, ID-3), Windows atomicity (WIN-1, WIN-2), per-instance outcomes (ST-0..ST-5, ID-6, ID-7),
// key pair scoping (KP-2, KP-3), and the flipped profile's REPORT-level choices, over loopback HTTP.

const hz = 'cn-hangzhou';
const qd = 'cn-qingdao';
const linuxIds = Array.from({ length: 60 }, (_, i) => `i-l-${String(i).padStart(2, '0')}`);
const fifty = linuxIds.slice(0, 50);

function limitsWorld(): World {
  const linux: Instance[] = linuxIds.map((instanceId) => ({
    regionId: hz,
    instanceId,
    osType: 'linux',
    keyPairName: 'kp-a',
  }));
  return {
    accessKeys: [{ ...testKey }],
    regions: [hz, qd],
    keyPairs: [
      { regionId: hz, keyPairName: 'kp-a' },
      { regionId: hz, keyPairName: 'kp-b' },
      { regionId: qd, keyPairName: 'kp-a' },
      { regionId: qd, keyPairName: 'kp-qd-only' },
    ],
    instances: [
      ...linux,
      { regionId: hz, instanceId: 'i-other-kp', osType: 'linux', keyPairName: 'kp-b' },
      { regionId: hz, instanceId: 'i-free', osType: 'linux', keyPairName: null },
      { regionId: hz, instanceId: 'i-win', osType: 'windows', keyPairName: null },
      { regionId: hz, instanceId: 'i-win-bound', osType: 'windows', keyPairName: 'kp-a' },
      { regionId: qd, instanceId: 'i-qd-linux', osType: 'linux', keyPairName: 'kp-a' },
      { regionId: qd, instanceId: 'i-qd-win', osType: 'windows', keyPairName: 'kp-a' },
      { regionId: qd, instanceId: 'i-qd-only', osType: 'linux', keyPairName: 'kp-qd-only' },
    ],
  };
}

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
  await setWorld(reference, limitsWorld());
  await setWorld(flipped, limitsWorld());
});

type Outcome = { success: string | undefined; code: string | undefined };

/** The per-instance outcomes of a decoded success, in response order. */
function outcomes(decoded: DecodedResponse): Array<[string | undefined, Outcome]> {
  return decoded.results.entries.map((r) => [
    r.InstanceId?.value,
    { success: r.Success?.value, code: r.Code?.value },
  ]);
}

/** OK-3..OK-8 on a success body: a list, counts that agree, `Success` true ⇔ `Code` 200. */
function expectConsistentSuccess(x: Exchange, requested: readonly string[]): void {
  const { decoded } = x;
  expect(x.response.status, x.text).toBe(200);
  expect(decoded.results.container).toBe('array');
  const entries = decoded.results.entries;
  expect(decoded.fields.TotalCount?.value).toBe(String(entries.length));
  const fails = entries.filter((r) => r.Success?.value !== 'true').length;
  expect(decoded.fields.FailCount?.value).toBe(String(fails));
  for (const r of entries) {
    expect(requested).toContain(r.InstanceId?.value);
    expect(r.Success?.value === 'true').toBe(r.Code?.value === '200');
    expect(r.Message?.value).toBeDefined();
  }
  for (const id of requested) expect(entries.map((r) => r.InstanceId?.value)).toContain(id);
}

const detach = (
  server: TestEmulator,
  ids: readonly string[] | string,
  options: { keyPairName?: string; regionId?: string; format?: 'JSON' | 'XML'; scheme?: 'v1' | 'v3' } = {},
): Promise<Exchange> =>
  exchange(
    server,
    signedRequest(
      detachParams(options.regionId ?? hz, options.keyPairName ?? 'kp-a', ids, options.format ?? 'JSON'),
      { scheme: options.scheme ?? 'v1', transport: 'post-form' },
    ),
  );

describe('ID-2, ID-3: the 50-ID limit', () => {
  it.each([
    ['v1', 'XML'],
    ['v3', 'JSON'],
  ] as const)(
    'ID-2 ST-0 ST-1 ST-3 OK-5 OK-6: 50 bound IDs all succeed and end unbound (%s, %s)',
    async (scheme, format) => {
      const x = await detach(reference, fifty, { scheme, format });
      expectConsistentSuccess(x, fifty);
      expect(x.decoded.fields.TotalCount?.value).toBe('50');
      expect(x.decoded.fields.FailCount?.value).toBe('0');
      expect(x.decoded.results.entries.every((r) => r.Success?.value === 'true')).toBe(true);
      const after = bindings(await getWorld(reference));
      for (const id of fifty) expect(after[id]).toBeNull();
      // ST-3: the ten Linux instances not named stay bound.
      for (const id of linuxIds.slice(50)) expect(after[id]).toBe('kp-a');
    },
  );

  it('ID-2: 50 IDs also work in a V1 GET query', async () => {
    const x = await exchange(reference, signedRequest(detachParams(hz, 'kp-a', fifty, 'JSON')));
    expectConsistentSuccess(x, fifty);
  });

  it('ID-3 ERR-3: 51 distinct IDs reject the whole request with 400 InvalidInstanceIds.ValueNotSupported; nothing changes', async () => {
    const before = await getWorld(reference);
    const x = await detach(reference, linuxIds.slice(0, 51));
    expect(x.response.status).toBe(400);
    expect(x.decoded.fields.Code?.value).toBe('InvalidInstanceIds.ValueNotSupported');
    expect(await getWorld(reference)).toEqual(before);
  });

  it('ID-3 (REPORT): 51 entries with 50 distinct IDs are rejected too by the reference profile (it counts entries)', async () => {
    const before = await getWorld(reference);
    const x = await detach(reference, [...fifty, 'i-l-00']);
    expect(x.response.status).toBe(400);
    expect(x.decoded.fields.Code?.value).toBe('InvalidInstanceIds.ValueNotSupported');
    expect(await getWorld(reference)).toEqual(before);
  });
});

describe('WIN-1, WIN-2: Windows instances', () => {
  const bound = linuxIds.slice(0, 4);
  it.each([
    ['start', ['i-win', ...bound]],
    ['middle', [...bound.slice(0, 2), 'i-win', ...bound.slice(2)]],
    ['end', [...bound, 'i-win']],
    ['end (Windows bound to the key pair)', [...bound, 'i-win-bound']],
  ])(
    'WIN-1 WIN-2 ERR-3: a Windows instance at the %s of bound Linux ones → 403, nothing changes',
    async (_where, ids) => {
      const before = await getWorld(reference);
      const x = await detach(reference, ids);
      expect(x.response.status).toBe(403);
      expect(x.decoded.fields.Code?.value).toBe('DependencyViolation.WindowsInstance');
      expect(x.decoded.fields.Message?.value).toBe(
        'The instance creating is windows, cannot use ssh key pair to login',
      );
      expect(await getWorld(reference)).toEqual(before);
    },
  );

  it('WIN-1 WIN-2 MR-3: the same over V3 in XML', async () => {
    const before = await getWorld(reference);
    const x = await detach(reference, [...bound, 'i-win'], { scheme: 'v3', format: 'XML' });
    expect(x.response.status).toBe(403);
    expect(x.decoded.root).toBe('Error');
    expect(await getWorld(reference)).toEqual(before);
  });

  it('WIN-1 ST-5 ST-3: a Windows instance of another region is just an unknown ID (per-instance failure)', async () => {
    const x = await detach(reference, ['i-l-00', 'i-qd-win', 'i-l-01']);
    expectConsistentSuccess(x, ['i-l-00', 'i-qd-win', 'i-l-01']);
    expect(Object.fromEntries(outcomes(x.decoded))).toEqual({
      'i-l-00': { success: 'true', code: '200' },
      'i-qd-win': { success: 'false', code: 'InvalidInstanceId.NotFound' },
      'i-l-01': { success: 'true', code: '200' },
    });
    expect(x.decoded.fields.FailCount?.value).toBe('1');
    const after = bindings(await getWorld(reference));
    expect(after['i-qd-win']).toBe('kp-a');
    expect(after['i-l-00']).toBeNull();
  });
});

describe('ST, ID-6, ID-7: per-instance outcomes (reference profile)', () => {
  it('ST-0 ST-1 ST-2 ST-4 ST-5 OK-5..OK-8: bound, unknown, bound to another key pair, and unbound instances in one request', async () => {
    const ids = ['i-l-00', 'i-unknown', 'i-other-kp', 'i-free'];
    const x = await detach(reference, ids);
    expectConsistentSuccess(x, ids);
    expect(outcomes(x.decoded)).toEqual([
      ['i-l-00', { success: 'true', code: '200' }],
      ['i-unknown', { success: 'false', code: 'InvalidInstanceId.NotFound' }],
      ['i-other-kp', { success: 'false', code: 'InvalidKeyPair.NotBound' }],
      ['i-free', { success: 'false', code: 'InvalidKeyPair.NotBound' }],
    ]);
    expect(x.decoded.fields.FailCount?.value).toBe('3');
    expect(x.decoded.results.entries[0]?.Message?.value).toBe('successful');
    const after = bindings(await getWorld(reference));
    expect(after['i-l-00']).toBeNull();
    expect(after['i-other-kp']).toBe('kp-b');
    expect(after['i-free']).toBeNull();
    expect(after['i-l-01']).toBe('kp-a');
  });

  it('ID-7 ST-2 OK-7: duplicate occurrences are reported once each: the first detaches, the second finds it unbound', async () => {
    const x = await detach(reference, ['i-l-00', 'i-l-01', 'i-l-00']);
    expectConsistentSuccess(x, ['i-l-00', 'i-l-01']);
    expect(outcomes(x.decoded)).toEqual([
      ['i-l-00', { success: 'true', code: '200' }],
      ['i-l-01', { success: 'true', code: '200' }],
      ['i-l-00', { success: 'false', code: 'InvalidKeyPair.NotBound' }],
    ]);
    expect(x.decoded.fields.TotalCount?.value).toBe('3');
    expect(x.decoded.fields.FailCount?.value).toBe('1');
    expect(bindings(await getWorld(reference))['i-l-00']).toBeNull();
  });

  it.each([
    ['i-l-00,i-l-01', ['i-l-00', 'i-l-01']],
    [' i-l-00 , i-l-01 ', ['i-l-00', 'i-l-01']],
    ['i-l-00', ['i-l-00']],
  ])('ID-6 (REPORT, comma list): the bare value %j is read as a comma list', async (value, ids) => {
    const x = await detach(reference, value);
    expectConsistentSuccess(x, ids);
    expect(x.decoded.fields.FailCount?.value).toBe('0');
    const after = bindings(await getWorld(reference));
    for (const id of ids) expect(after[id]).toBeNull();
  });

  it('ID-6: a bare list with an empty segment (`i-l-00,,i-l-01`) → 400 InvalidInstanceIds.ValueNotSupported', async () => {
    const before = await getWorld(reference);
    const x = await detach(reference, 'i-l-00,,i-l-01');
    expect(x.response.status).toBe(400);
    expect(x.decoded.fields.Code?.value).toBe('InvalidInstanceIds.ValueNotSupported');
    expect(await getWorld(reference)).toEqual(before);
  });

  it.each(['spaced', 'compact', 'pretty', 'padded'] as const)(
    'ID-1 MR-4: InstanceIds written %s is accepted',
    async (style) => {
      const ids = ['i-l-00', 'i-l-01'];
      const x = await detach(reference, encodeInstanceIds(ids, style));
      expectConsistentSuccess(x, ids);
      expect(x.decoded.fields.FailCount?.value).toBe('0');
    },
  );

  it('KP-2 ERR-3: a key pair that exists only in another region is not found; nothing changes', async () => {
    const before = await getWorld(reference);
    const x = await detach(reference, ['i-l-00'], { keyPairName: 'kp-qd-only' });
    expect(x.response.status).toBe(400);
    expect(x.decoded.fields.Code?.value).toBe('InvalidKeyPairName.NotFound');
    expect(await getWorld(reference)).toEqual(before);
  });

  it('KP-2 ST-3 ST-5: a same-named key pair in another region is untouched; its instance is unknown here', async () => {
    const x = await detach(reference, ['i-l-00', 'i-qd-linux']);
    expectConsistentSuccess(x, ['i-l-00', 'i-qd-linux']);
    expect(Object.fromEntries(outcomes(x.decoded))['i-qd-linux']).toEqual({
      success: 'false',
      code: 'InvalidInstanceId.NotFound',
    });
    expect(bindings(await getWorld(reference))['i-qd-linux']).toBe('kp-a');
  });

  it.each(['KP-A', 'Kp-a', 'kp-a ', ' kp-a'])(
    'KP-3: the key pair name variant %j is not found; nothing changes',
    async (variant) => {
      const before = await getWorld(reference);
      const x = await detach(reference, ['i-l-00'], { keyPairName: variant });
      expect(x.response.status).toBe(400);
      expect(x.decoded.fields.Code?.value).toBe('InvalidKeyPairName.NotFound');
      expect(await getWorld(reference)).toEqual(before);
    },
  );

  it('OK-9 OK-10 (reference profile): typed JSON scalars and KeyPairName equal to the request', async () => {
    const x = await detach(reference, ['i-l-00', 'i-free']);
    expect(x.decoded.fields.TotalCount?.form).toBe('number');
    expect(x.decoded.fields.FailCount?.form).toBe('number');
    expect(x.decoded.results.entries[0]?.Success?.form).toBe('boolean');
    expect(x.decoded.results.entries[0]?.Code?.form).toBe('string');
    expect(x.decoded.fields.KeyPairName?.value).toBe('kp-a');
    const xml = await detach(reference, ['i-l-01'], { format: 'XML' });
    expect(xml.decoded.root).toBe('DetachKeyPairResponse');
    expect(xml.decoded.fields.KeyPairName?.value).toBe('kp-a');
  });
});

describe('flipped profile: every REPORT choice the other way', () => {
  it('ST-5 ERR-3 (flipped): an unknown ID rejects the whole request with 404 InvalidInstanceId.NotFound; nothing changes', async () => {
    const before = await getWorld(flipped);
    const x = await detach(flipped, ['i-l-00', 'i-unknown']);
    expect(x.response.status).toBe(404);
    expect(x.decoded.fields.Code?.value).toBe('InvalidInstanceId.NotFound');
    expect(await getWorld(flipped)).toEqual(before);
  });

  it('ST-5 WIN-1 (flipped): a Windows instance of another region is unknown, so it rejects the request with 404', async () => {
    const before = await getWorld(flipped);
    const x = await detach(flipped, ['i-l-00', 'i-qd-win']);
    expect(x.response.status).toBe(404);
    expect(x.decoded.fields.Code?.value).toBe('InvalidInstanceId.NotFound');
    expect(await getWorld(flipped)).toEqual(before);
  });

  it('ST-4 (flipped): unbound and other-key-pair instances are no-op successes; kp-b stays bound', async () => {
    const ids = ['i-l-00', 'i-other-kp', 'i-free'];
    const x = await detach(flipped, ids);
    expectConsistentSuccess(x, ids);
    expect(x.decoded.fields.FailCount?.value).toBe('0');
    expect(x.decoded.results.entries.every((r) => r.Success?.value === 'true')).toBe(true);
    const after = bindings(await getWorld(flipped));
    expect(after['i-l-00']).toBeNull();
    expect(after['i-other-kp']).toBe('kp-b');
    expect(after['i-free']).toBeNull();
  });

  it('ID-6 (flipped): bare text is rejected with 400 InvalidInstanceIds.ValueNotSupported', async () => {
    const before = await getWorld(flipped);
    const x = await detach(flipped, 'i-l-00,i-l-01');
    expect(x.response.status).toBe(400);
    expect(x.decoded.fields.Code?.value).toBe('InvalidInstanceIds.ValueNotSupported');
    expect(await getWorld(flipped)).toEqual(before);
  });

  it('ID-7 OK-7 (flipped): duplicate IDs are de-duplicated into one result', async () => {
    const x = await detach(flipped, ['i-l-00', 'i-l-00', 'i-l-01', 'i-l-00']);
    expectConsistentSuccess(x, ['i-l-00', 'i-l-01']);
    expect(outcomes(x.decoded).map(([id]) => id)).toEqual(['i-l-00', 'i-l-01']);
    expect(x.decoded.fields.TotalCount?.value).toBe('2');
  });

  it('ID-3 ERR-3 (flipped): 51 IDs → 403 InstanceKeyPairLimitExceeded; nothing changes', async () => {
    const before = await getWorld(flipped);
    const x = await detach(flipped, linuxIds.slice(0, 51));
    expect(x.response.status).toBe(403);
    expect(x.decoded.fields.Code?.value).toBe('InstanceKeyPairLimitExceeded');
    expect(await getWorld(flipped)).toEqual(before);
  });

  it('ID-2 (flipped): 50 IDs still succeed', async () => {
    const x = await detach(flipped, fifty);
    expectConsistentSuccess(x, fifty);
    expect(x.decoded.fields.TotalCount?.value).toBe('50');
  });

  it('OK-9 (flipped): JSON scalars are strings', async () => {
    const x = await detach(flipped, ['i-l-00']);
    expect(x.decoded.fields.TotalCount).toEqual({ raw: '1', form: 'string', value: '1' });
    expect(x.decoded.fields.FailCount).toEqual({ raw: '0', form: 'string', value: '0' });
    expect(x.decoded.results.entries[0]?.Success).toEqual({ raw: 'true', form: 'string', value: 'true' });
  });

  it.each(['JSON', 'XML'] as const)(
    'OK-10 (flipped): no KeyPairName in a %s success body',
    async (format) => {
      const x = await detach(flipped, ['i-l-00'], { format });
      expect(x.response.status).toBe(200);
      expect(x.decoded.fields.KeyPairName).toBeUndefined();
      expect(x.text).not.toContain('KeyPairName');
    },
  );

  it('AU-4 (flipped): an unknown AccessKeyId is 400 InvalidAccessKeyId.NotFound (documented status)', async () => {
    const x = await exchange(
      flipped,
      signedRequest(detachParams(hz, 'kp-a', ['i-l-00'], 'JSON'), { accessKeyId: 'unknown' }),
    );
    expect(x.response.status).toBe(400);
    expect(x.decoded.fields.Code?.value).toBe('InvalidAccessKeyId.NotFound');
  });

  it('WIN-1 WIN-2 (flipped): Windows in the region still rejects the whole request with 403', async () => {
    const before = await getWorld(flipped);
    const x = await detach(flipped, ['i-l-00', 'i-win']);
    expect(x.response.status).toBe(403);
    expect(await getWorld(flipped)).toEqual(before);
  });
});
