import { defineFault } from '../faultKit.ts';

/** The fault `region-scoping-ignored` (`faults.ts`), breaking KP-2. */
export const regionScopingIgnored = defineFault({
  breaks: 'KP-2',
  description:
    "The key-pair check searches every region: a key pair that exists only in another region is found and the call proceeds (instances are still looked up in the request's region, so they fail per instance and nothing changes).",
  hooks: {
    checkKeyPair: (next) => (world, regionId, keyPairName) => {
      const error = next(world, regionId, keyPairName);
      return error !== undefined && world.keyPairs.some((kp) => kp.keyPairName === keyPairName)
        ? undefined
        : error;
    },
  },
});
