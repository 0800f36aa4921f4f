import { defineFault } from '../faultKit.ts';

/** The fault `error-changes-world` (`faults.ts`), breaking ERR-3. */
export const errorChangesWorld = defineFault({
  breaks: 'ERR-3',
  description:
    "A get-or-create key-pair index: a `KeyPairName` that exists in no region is created in the request's region while 400 `InvalidKeyPairName.NotFound` is still returned; only the world (and later requests) show it.",
  hooks: {
    checkKeyPair: (next) => (world, regionId, keyPairName) => {
      const error = next(world, regionId, keyPairName);
      if (error === undefined || world.keyPairs.some((kp) => kp.keyPairName === keyPairName)) return error;
      return { ...error, world: { ...world, keyPairs: [...world.keyPairs, { regionId, keyPairName }] } };
    },
  },
});
