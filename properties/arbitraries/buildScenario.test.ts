import { describe, expect, it } from 'vitest';
import { validateWorld } from '../../harness/spec/validateWorld.ts';
import { parseInstanceIds } from '../../harness/wire/instanceIdsCodec.ts';
import { buildScenario, type ScenarioChoices } from './buildScenario.ts';
import { defaultAccessKey } from './defaultAccessKey.ts';

function choices(overrides: Partial<ScenarioChoices> = {}): ScenarioChoices {
  return {
    accessKey: defaultAccessKey,
    seed: 'bp1aaaaaaaaaaaa',
    slots: ['bound'],
    regions: ['cn-hangzhou', 'cn-beijing', 'ap-southeast-1', 'us-west-1'],
    otherRegions: 0,
    names: ['my-key', 'other-key', 'elsewhere', 'nowhere'],
    unicodeTarget: null,
    unicodeExtra: '钥匙 &?',
    collateralInTarget: 0,
    collateralElsewhere: 0,
    malformedIds: [],
    style: 'compact',
    scheme: 'v1',
    transport: 'get-query',
    format: 'JSON',
    action: 'DetachKeyPair',
    version: '2014-05-26',
    breakage: null,
    region: 'target',
    name: 'target',
    instanceIds: 'list',
    ...overrides,
  };
}

describe('buildScenario', () => {
  it('realises every slot with a fixed, unique instance ID per slot', () => {
    const s = buildScenario(
      choices({
        slots: [
          'duplicate',
          'bound',
          'bound-other',
          'unbound',
          'windows',
          'windows-bound',
          'other-region',
          'duplicate',
        ],
        collateralInTarget: 2,
        collateralElsewhere: 1,
      }),
    );
    expect(validateWorld(s.world).ok).toBe(true);
    expect(s.slots[0]).toBe('nonexistent');
    expect(s.ids).toEqual([
      'i-bp1aaaaaaaaaaaan0000',
      'i-bp1aaaaaaaaaaaaa0001',
      'i-bp1aaaaaaaaaaaaa0002',
      'i-bp1aaaaaaaaaaaaa0003',
      'i-bp1aaaaaaaaaaaaa0004',
      'i-bp1aaaaaaaaaaaaa0005',
      'i-bp1aaaaaaaaaaaaa0006',
      'i-bp1aaaaaaaaaaaaa0006',
    ]);
    expect(s.world.regions).toEqual(['cn-hangzhou', 'cn-beijing']);
    expect(s.world.instances.find((i) => i.instanceId === 'i-bp1aaaaaaaaaaaaa0006')).toEqual({
      regionId: 'cn-beijing',
      instanceId: 'i-bp1aaaaaaaaaaaaa0006',
      osType: 'linux',
      keyPairName: 'my-key',
    });
    expect(
      s.world.instances.filter((i) => i.instanceId.includes('aaac') || i.instanceId.includes('aaao')),
    ).toHaveLength(3);
    expect(s.probe).toMatchObject({ regionId: 'cn-hangzhou', keyPairName: 'my-key', breakage: null });
    expect(s.target).toEqual({ regionId: 'cn-hangzhou', keyPairName: 'my-key' });
  });

  it('a near miss of an instance: an unnamed instance of R bound to K, and an extra ID that differs from it', () => {
    const s = buildScenario(choices({ nearMiss: { of: 'instance', variant: 'upper-case' } }));
    expect(validateWorld(s.world).ok).toBe(true);
    expect(s.slots).toEqual(['bound', 'near-miss']);
    expect(s.ids).toEqual(['i-bp1aaaaaaaaaaaaa0000', 'I-BP1AAAAAAAAAAAAM0000']);
    expect(s.world.instances).toContainEqual({
      regionId: 'cn-hangzhou',
      instanceId: 'i-bp1aaaaaaaaaaaam0000',
      osType: 'linux',
      keyPairName: 'my-key',
    });
    expect(s.world.instances.map((i) => i.instanceId)).not.toContain('I-BP1AAAAAAAAAAAAM0000');
    // A bare comma list may be trimmed (ID-6 leaves it open): there the miss is never whitespace.
    const comma = buildScenario(
      choices({ style: 'comma', nearMiss: { of: 'instance', variant: 'leading-space' } }),
    );
    expect(comma.ids?.[1]).toBe('I-BP1AAAAAAAAAAAAM0000');
  });

  it('a near miss of K or R replaces the real name or region and names nothing of the World', () => {
    const name = buildScenario(choices({ nearMiss: { of: 'key-pair', variant: 'trailing-space' } }));
    expect(name.probe.keyPairName).toBe('my-key ');
    const region = buildScenario(choices({ nearMiss: { of: 'region', variant: 'prefix' } }));
    expect(region.probe.regionId).toBe('cn-hangzho');
    expect(region.world.regions).not.toContain('cn-hangzho');
    // Only where the request names the real thing: an unknown region stays the unknown one.
    const unknown = buildScenario(
      choices({ region: 'unknown', nearMiss: { of: 'region', variant: 'prefix' } }),
    );
    expect(unknown.probe.regionId).toBe('us-west-1');
  });

  it('KP-2: the other-region-only name exists in another region and not in R', () => {
    const s = buildScenario(choices({ name: 'other-region-only' }));
    expect(s.probe.keyPairName).toBe('elsewhere');
    expect(s.world.keyPairs).toContainEqual({ regionId: 'cn-beijing', keyPairName: 'elsewhere' });
    expect(
      s.world.keyPairs.filter((kp) => kp.regionId === 'cn-hangzhou').map((kp) => kp.keyPairName),
    ).toEqual(['my-key', 'other-key']);
  });

  it('KP-3: a case variant of K, or an absent name when K has no case', () => {
    expect(buildScenario(choices({ name: 'case-variant' })).probe.keyPairName).toBe('MY-KEY');
    const noCase = buildScenario(choices({ name: 'case-variant', unicodeTarget: '钥匙' }));
    expect(noCase.target.keyPairName).toBe('钥匙');
    expect(noCase.probe.keyPairName).toBe('nowhere');
  });

  it('the unicode choice names an existing key pair of R, bound to one unnamed instance', () => {
    const s = buildScenario(choices({ name: 'unicode' }));
    expect(s.probe.keyPairName).toBe('钥匙 &?');
    expect(s.world.keyPairs).toContainEqual({ regionId: 'cn-hangzhou', keyPairName: '钥匙 &?' });
    expect(s.world.instances.filter((i) => i.keyPairName === '钥匙 &?')).toHaveLength(1);
  });

  it('a Unicode K that collides with another name falls back to the creatable one', () => {
    expect(buildScenario(choices({ unicodeTarget: 'other-key' })).target.keyPairName).toBe('my-key');
  });

  it('comma lists carry only IDs that read back alone; JSON lists carry any malformed ID', () => {
    const malformedIds = ['i-a,b', 'I-SHOUT'];
    const comma = buildScenario(
      choices({ slots: ['nonexistent', 'nonexistent'], style: 'comma', malformedIds }),
    );
    expect(comma.ids).toEqual(['i-bp1aaaaaaaaaaaan0000', 'I-SHOUT']);
    expect(parseInstanceIds(comma.probe.instanceIds ?? '')).toEqual({ kind: 'bare-text', ids: comma.ids });
    const json = buildScenario(
      choices({ slots: ['nonexistent', 'nonexistent'], style: 'spaced', malformedIds }),
    );
    expect(json.ids).toEqual(malformedIds);
  });

  it('an empty comma list is the empty-string input, not a list', () => {
    const s = buildScenario(choices({ slots: [], style: 'comma' }));
    expect(s).toMatchObject({ ids: null, style: null, probe: { instanceIds: '' } });
  });

  it('V3-only breakages read as their V1 twins under V1', () => {
    expect(buildScenario(choices({ breakage: 'body-hash-mismatch' })).probe.breakage).toBe('wrong-signature');
    expect(buildScenario(choices({ breakage: 'malformed-authorization' })).probe.breakage).toBe(
      'missing-signature',
    );
    const v3 = buildScenario(choices({ scheme: 'v3', breakage: 'body-hash-mismatch' }));
    expect(v3.probe.breakage).toBe('body-hash-mismatch');
  });

  it('region choices: missing, empty, or a region not in the World', () => {
    expect(buildScenario(choices({ region: 'missing' })).probe.regionId).toBeNull();
    expect(buildScenario(choices({ region: 'empty' })).probe.regionId).toBe('');
    const unknown = buildScenario(choices({ region: 'unknown', otherRegions: 2 }));
    expect(unknown.probe.regionId).toBe('us-west-1');
    expect(unknown.world.regions).not.toContain('us-west-1');
  });
});
