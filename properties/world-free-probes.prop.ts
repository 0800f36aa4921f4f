import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { AccessKey, World } from '../harness/spec/World.ts';
import { defineProperty, type PropertyDefinition } from '../harness/suite/PropertyDefinition.ts';
import { detachScenario, type Scenario } from './arbitraries/scenario.ts';
import { showScenario } from './every-request-judged.prop.ts';
import { judgeProbe } from './judgeProbe.ts';

/**
 * Without world control (target-protocol §1): probes whose acceptable outcomes do not depend on what
 * the account holds. Every key pair name is fresh and random, so it cannot exist and no request can
 * detach anything; the oracle judges against an assumed world with the region and no resources.
 */
export function worldFreeProbes(key: AccessKey, regionId: string): PropertyDefinition {
  const assumed: World = { accessKeys: [key], regions: [regionId], keyPairs: [], instances: [] };
  return defineProperty<Scenario>({
    id: 'probes',
    title: 'probes that cannot change anything, judged without world control',
    rules: [
      'TR-1',
      'TR-2',
      'TR-3',
      'TR-4',
      'TR-5',
      'GEN-1',
      'GEN-4',
      'GEN-5',
      'AU-1',
      'AU-2',
      'AU-3',
      'AU-4',
      'AU-5',
      'AU-6',
      'AU-7',
      'AU-8',
      'RQ-1',
      'RQ-2',
      'RQ-3',
      'RQ-4',
      'KP-1',
      'ID-3',
      'ID-4',
      'ID-5',
      'ERR-1',
      'ERR-2',
      'ERR-4',
    ],
    weight: 1,
    arbitrary: fc
      .oneof(
        { weight: 3, arbitrary: detachScenario({ sizes: 'all' }) },
        { weight: 2, arbitrary: detachScenario({ sizes: 'small', breakage: true }) },
        { weight: 1, arbitrary: detachScenario({ sizes: 'small', routing: true }) },
      )
      .map((s) => ({
        ...s,
        probe: {
          ...s.probe,
          regionId: s.probe.regionId === null || s.probe.regionId === '' ? s.probe.regionId : regionId,
          keyPairName:
            s.probe.keyPairName === null || s.probe.keyPairName === '' ? s.probe.keyPairName : 'fresh',
        },
      })),
    async run(target, s) {
      // A fresh name per request: never derived from the seed, so it cannot name a real key pair.
      const probe =
        s.probe.keyPairName === 'fresh'
          ? { ...s.probe, keyPairName: `dkp-conformance-absent-${randomBytes(8).toString('hex')}` }
          : s.probe;
      return (await judgeProbe(target, null, key, probe, assumed)).run;
    },
    show: (s) => ({
      probe: s.probe,
      assumedWorld: { regions: [regionId], keyPairs: [], instances: [] },
      slots: showScenario(s) && s.slots,
    }),
  });
}
