import { apiError, failed } from '../apiError.ts';
import { defineFault } from '../faultKit.ts';

/** The fault `key-pair-not-found-wrong-code` (`faults.ts`), breaking KP-1. */
export const keyPairNotFoundWrongCode = defineFault({
  breaks: 'KP-1',
  description:
    'A `KeyPairName` that exists in no region gets the legacy 404 `InvalidKeyPair.NotFound` from a global name index; a name that exists only in another region still gets 400 `InvalidKeyPairName.NotFound`, so KP-2 holds.',
  hooks: {
    checkKeyPair: (next) => (world, regionId, keyPairName) => {
      const error = next(world, regionId, keyPairName);
      // A global name index: only names that exist in no region get the legacy answer (KP-2 holds).
      if (error === undefined || world.keyPairs.some((kp) => kp.keyPairName === keyPairName)) return error;
      return failed(apiError(404, 'InvalidKeyPair.NotFound', 'The specified KeyPair does not exist.'));
    },
  },
});
