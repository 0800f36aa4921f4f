import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateWorld } from '../../harness/spec/validateWorld.ts';
import { defaultAccessKey } from './defaultAccessKey.ts';
import { world } from './world.ts';

describe('world', () => {
  it('is always a valid World (target-protocol §1) holding the default credential', () => {
    fc.assert(
      fc.property(world(), (w) => {
        expect(validateWorld(w)).toEqual({ ok: true, world: w });
        expect(w.accessKeys).toEqual([defaultAccessKey]);
      }),
      { numRuns: 300 },
    );
  });

  it('holds the given credential and at most maxInstances instances', () => {
    const accessKey = { accessKeyId: 'ak-2', accessKeySecret: 's-2' };
    fc.assert(
      fc.property(world({ accessKey, maxInstances: 3 }), (w) => {
        expect(validateWorld(w).ok).toBe(true);
        expect(w.accessKeys).toEqual([accessKey]);
        expect(w.instances.length).toBeLessThanOrEqual(3);
      }),
    );
  });

  it('reaches bound and Windows instances, several regions and Unicode key pair names', () => {
    const worlds = fc.sample(world(), { numRuns: 300, seed: 13 });
    const instances = worlds.flatMap((w) => w.instances);
    expect(instances.some((i) => i.keyPairName !== null)).toBe(true);
    expect(instances.some((i) => i.osType === 'windows')).toBe(true);
    expect(worlds.some((w) => w.regions.length === 3)).toBe(true);
    expect(worlds.some((w) => w.keyPairs.some((kp) => !/^[A-Za-z][\w.:-]+$/.test(kp.keyPairName)))).toBe(
      true,
    );
  });
});
