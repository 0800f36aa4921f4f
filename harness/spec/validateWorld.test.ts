import { describe, expect, it } from 'vitest';
import { validateWorld } from './validateWorld.ts';
import type { World } from './World.ts';

// validateWorld accepts exactly the valid Worlds of target-protocol §1 and names every problem it finds.

function valid(): World {
  return {
    accessKeys: [{ accessKeyId: 'ak', accessKeySecret: 'secret' }],
    regions: ['cn-hangzhou', 'cn-qingdao'],
    keyPairs: [
      { regionId: 'cn-hangzhou', keyPairName: 'kp-a' },
      { regionId: 'cn-qingdao', keyPairName: 'kp-a' },
    ],
    instances: [
      { regionId: 'cn-hangzhou', instanceId: 'i-1', osType: 'linux', keyPairName: 'kp-a' },
      { regionId: 'cn-hangzhou', instanceId: 'i-2', osType: 'windows', keyPairName: null },
      { regionId: 'cn-qingdao', instanceId: 'i-3', osType: 'windows', keyPairName: 'kp-a' },
    ],
  };
}

function problemsOf(input: unknown): string[] {
  const out = validateWorld(input);
  if (out.ok) throw new Error('expected the World to be refused');
  return out.problems;
}

describe('validateWorld: valid Worlds', () => {
  it('accepts a valid World and returns an equal copy', () => {
    const out = validateWorld(valid());
    expect(out).toEqual({ ok: true, world: valid() });
  });

  it('accepts the empty World', () => {
    expect(validateWorld({ accessKeys: [], regions: [], keyPairs: [], instances: [] }).ok).toBe(true);
  });

  it('reads an absent accessKeys as [] (Pact files carry Worlds without secrets)', () => {
    const { accessKeys: _drop, ...rest } = valid();
    const out = validateWorld(rest);
    expect(out.ok && out.world.accessKeys).toEqual([]);
  });

  it('accepts realism it need not judge: a bound Windows instance, any Unicode, special characters', () => {
    const odd = {
      accessKeys: [],
      regions: ['r &<>"\'%/?#🔑'],
      keyPairs: [{ regionId: 'r &<>"\'%/?#🔑', keyPairName: ' ' }],
      instances: [{ regionId: 'r &<>"\'%/?#🔑', instanceId: '\u0000', osType: 'windows', keyPairName: ' ' }],
    };
    expect(validateWorld(odd)).toEqual({ ok: true, world: odd });
  });

  it('drops unknown fields at every level', () => {
    const w = valid();
    const out = validateWorld({
      ...w,
      extra: 1,
      accessKeys: w.accessKeys.map((k) => ({ ...k, label: 'x' })),
      keyPairs: w.keyPairs.map((k) => ({ ...k, fingerprint: 'f' })),
      instances: w.instances.map((i) => ({ ...i, zone: 'z' })),
    });
    expect(out).toEqual({ ok: true, world: valid() });
    expect(out.ok && Object.keys(out.world).sort()).toEqual([
      'accessKeys',
      'instances',
      'keyPairs',
      'regions',
    ]);
  });

  it('does not return the input object itself', () => {
    const input = valid();
    const out = validateWorld(input);
    expect(out.ok && out.world).not.toBe(input);
  });
});

describe('validateWorld: each invalidity is named', () => {
  const edit = (change: (w: World) => unknown) => change(valid());
  it.each([
    ['not an object (array)', [], 'object'],
    ['not an object (null)', null, 'object'],
    ['not an object (string)', 'world', 'object'],
    ['regions missing', edit(({ regions: _r, ...rest }) => rest), 'regions'],
    ['keyPairs missing', edit(({ keyPairs: _k, ...rest }) => rest), 'keyPairs'],
    ['instances missing', edit(({ instances: _i, ...rest }) => rest), 'instances'],
    ['accessKeys not an array', edit((w) => ({ ...w, accessKeys: {} })), 'accessKeys'],
    [
      'a key pair in an unknown region',
      edit((w) => ({ ...w, keyPairs: [...w.keyPairs, { regionId: 'cn-x', keyPairName: 'k' }] })),
      'cn-x',
    ],
    [
      'an instance in an unknown region',
      edit((w) => ({
        ...w,
        instances: [
          ...w.instances,
          { regionId: 'cn-x', instanceId: 'i-x', osType: 'linux', keyPairName: null },
        ],
      })),
      'cn-x',
    ],
    [
      'a duplicate key pair name in one region',
      edit((w) => ({ ...w, keyPairs: [...w.keyPairs, { regionId: 'cn-hangzhou', keyPairName: 'kp-a' }] })),
      'twice',
    ],
    [
      'a duplicate instance ID across regions',
      edit((w) => ({
        ...w,
        instances: [
          ...w.instances,
          { regionId: 'cn-qingdao', instanceId: 'i-1', osType: 'linux', keyPairName: null },
        ],
      })),
      'not unique',
    ],
    [
      'an instance bound to a key pair of another region',
      edit((w) => ({
        ...w,
        keyPairs: [...w.keyPairs, { regionId: 'cn-qingdao', keyPairName: 'kp-qd' }],
        instances: [
          ...w.instances,
          { regionId: 'cn-hangzhou', instanceId: 'i-x', osType: 'linux', keyPairName: 'kp-qd' },
        ],
      })),
      'kp-qd',
    ],
    [
      'an instance bound to a key pair that exists nowhere',
      edit((w) => ({
        ...w,
        instances: [
          ...w.instances,
          { regionId: 'cn-hangzhou', instanceId: 'i-x', osType: 'linux', keyPairName: 'nope' },
        ],
      })),
      'nope',
    ],
    ['an empty region', edit((w) => ({ ...w, regions: [...w.regions, ''] })), 'regions[2]'],
    ['a non-string region', edit((w) => ({ ...w, regions: [...w.regions, 7] })), 'regions[2]'],
    [
      'an empty key pair name',
      edit((w) => ({ ...w, keyPairs: [...w.keyPairs, { regionId: 'cn-hangzhou', keyPairName: '' }] })),
      'keyPairs[2].keyPairName',
    ],
    [
      'an empty instance ID',
      edit((w) => ({
        ...w,
        instances: [
          ...w.instances,
          { regionId: 'cn-hangzhou', instanceId: '', osType: 'linux', keyPairName: null },
        ],
      })),
      'instances[3].instanceId',
    ],
    [
      'an empty instance region',
      edit((w) => ({
        ...w,
        instances: [...w.instances, { regionId: '', instanceId: 'i-x', osType: 'linux', keyPairName: null }],
      })),
      'instances[3].regionId',
    ],
    [
      'an empty access key ID',
      edit((w) => ({ ...w, accessKeys: [{ accessKeyId: '', accessKeySecret: 's' }] })),
      'accessKeys[0].accessKeyId',
    ],
    [
      'an empty access key secret',
      edit((w) => ({ ...w, accessKeys: [{ accessKeyId: 'a', accessKeySecret: '' }] })),
      'accessKeys[0].accessKeySecret',
    ],
    [
      'an empty bound key pair name',
      edit((w) => ({
        ...w,
        instances: [
          ...w.instances,
          { regionId: 'cn-hangzhou', instanceId: 'i-x', osType: 'linux', keyPairName: '' },
        ],
      })),
      'instances[3].keyPairName',
    ],
    [
      'a missing keyPairName (must be null or a name)',
      edit((w) => ({
        ...w,
        instances: [...w.instances, { regionId: 'cn-hangzhou', instanceId: 'i-x', osType: 'linux' }],
      })),
      'instances[3].keyPairName',
    ],
    [
      'a bad osType',
      edit((w) => ({
        ...w,
        instances: [
          ...w.instances,
          { regionId: 'cn-hangzhou', instanceId: 'i-x', osType: 'Linux', keyPairName: null },
        ],
      })),
      'osType',
    ],
    [
      'a missing osType',
      edit((w) => ({
        ...w,
        instances: [...w.instances, { regionId: 'cn-hangzhou', instanceId: 'i-x', keyPairName: null }],
      })),
      'osType',
    ],
    [
      'an instance that is not an object',
      edit((w) => ({ ...w, instances: [...w.instances, 'i-x'] })),
      'instances[3]',
    ],
  ])('refuses %s with a problem mentioning it', (_label, input, mention) => {
    const problems = problemsOf(input);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toContain(mention);
  });

  it('lists every problem, not only the first', () => {
    const problems = problemsOf({
      ...valid(),
      regions: ['cn-hangzhou', ''],
      keyPairs: [{ regionId: 'cn-x', keyPairName: 'k' }],
      instances: [{ regionId: 'cn-hangzhou', instanceId: 'i-1', osType: 'bsd', keyPairName: null }],
    });
    expect(problems.length).toBeGreaterThanOrEqual(3);
    const text = problems.join('\n');
    expect(text).toContain('regions[1]');
    expect(text).toContain('cn-x');
    expect(text).toContain('osType');
  });
});
