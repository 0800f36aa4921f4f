import { defineFault } from '../faultKit.ts';

/** The fault `unknown-region-accepted` (`faults.ts`), breaking RQ-5. */
export const unknownRegionAccepted = defineFault({
  breaks: 'RQ-5',
  description:
    "The `RegionId` is not checked against the region list: an unknown region is served as an empty region whose (absent) key-pair index is not consulted, so the call succeeds with every instance `InvalidInstanceId.NotFound` and changes nothing. (Answering `InvalidKeyPairName.NotFound` was avoided: in a region that does not exist the key pair does not exist either, so KP-1's code may be acceptable there.)",
  hooks: {
    checkRegion: () => () => undefined,
    // The key-pair index of a region that does not exist is not consulted.
    checkKeyPair: (next) => (world, regionId, keyPairName) =>
      world.regions.includes(regionId) ? next(world, regionId, keyPairName) : undefined,
  },
});
