import fc from 'fast-check';
import type { AccessKey, Instance, KeyPair, World } from '../../harness/spec/World.ts';
import { defaultAccessKey } from './defaultAccessKey.ts';
import { instanceId } from './instanceId.ts';
import { keyPairName } from './keyPairName.ts';
import { regionId } from './regionId.ts';
import { unicodeKeyPairName } from './unicodeKeyPairName.ts';
import { weightedChoice } from './weightedChoice.ts';

/** Constraints for {@link world}. */
export type WorldConstraints = {
  /** The only credential in `accessKeys`; defaults to {@link defaultAccessKey}. */
  accessKey?: AccessKey;
  /** At most this many instances (default 8). */
  maxInstances?: number;
};

/**
 * A valid World (target-protocol §1; {@link validateWorld} accepts every value): 1–3 distinct regions,
 * key pair names unique within each region (creatable names and odd Unicode ones), instance IDs unique
 * across regions, Linux and Windows instances bound only to key pairs of their own region, or unbound.
 * `accessKeys` holds exactly the given credential.
 */
export function world(constraints: WorldConstraints = {}): fc.Arbitrary<World> {
  const accessKey = constraints.accessKey ?? defaultAccessKey;
  const maxInstances = constraints.maxInstances ?? 8;
  const name = fc.oneof(
    { weight: 4, arbitrary: keyPairName() },
    { weight: 1, arbitrary: unicodeKeyPairName() },
  );
  return fc
    .record({
      regions: fc.uniqueArray(regionId(), { minLength: 1, maxLength: 3 }),
      keyPairs: fc.array(fc.record({ region: fc.nat(), name }), { maxLength: 6 }),
      instances: fc.uniqueArray(
        fc.record({
          instanceId: instanceId(),
          region: fc.nat(),
          osType: weightedChoice<'linux' | 'windows'>([
            ['linux', 4],
            ['windows', 1],
          ]),
          binding: fc.option(fc.nat(), { nil: null, freq: 3 }),
        }),
        { selector: (i) => i.instanceId, maxLength: maxInstances },
      ),
    })
    .map(({ regions, keyPairs: drafts, instances: instanceDrafts }): World => {
      const pick = (n: number) => regions[n % regions.length] as string;
      const keyPairs: KeyPair[] = [];
      const seen = new Set<string>();
      for (const d of drafts) {
        const kp = { regionId: pick(d.region), keyPairName: d.name };
        const key = `${kp.regionId}\u0000${kp.keyPairName}`;
        if (!seen.has(key)) keyPairs.push(kp);
        seen.add(key);
      }
      const instances = instanceDrafts.map((d): Instance => {
        const regionId = pick(d.region);
        const own = keyPairs.filter((kp) => kp.regionId === regionId);
        const bound = d.binding === null || own.length === 0 ? null : own[d.binding % own.length];
        return {
          regionId,
          instanceId: d.instanceId,
          osType: d.osType,
          keyPairName: bound?.keyPairName ?? null,
        };
      });
      return { accessKeys: [{ ...accessKey }], regions, keyPairs, instances };
    });
}
