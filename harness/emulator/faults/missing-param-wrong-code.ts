import { failed, invalidParameter } from '../apiError.ts';
import { defineFault } from '../faultKit.ts';
import { paramValue } from '../readIncoming.ts';

/** The fault `missing-param-wrong-code` (`faults.ts`), breaking RQ-4. */
export const missingParamWrongCode = defineFault({
  breaks: 'RQ-4',
  description:
    'An absent `RegionId`, `KeyPairName` or `InstanceIds` → 400 `InvalidParameter` from a generic validator instead of `MissingParameter`. Empty values still get `MissingParameter`, so GEN-1 holds.',
  hooks: {
    parseDetach: (next) => (params, profile) => {
      for (const name of ['RegionId', 'KeyPairName', 'InstanceIds']) {
        if (paramValue(params, name) === undefined) return failed(invalidParameter(name));
      }
      return next(params, profile);
    },
  },
});
