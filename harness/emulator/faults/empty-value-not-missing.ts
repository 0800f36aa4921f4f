import { failed, invalidParameter } from '../apiError.ts';
import { defineFault } from '../faultKit.ts';
import { paramValue } from '../readIncoming.ts';

/** The fault `empty-value-not-missing` (`faults.ts`), breaking GEN-1. */
export const emptyValueNotMissing = defineFault({
  breaks: 'GEN-1',
  description:
    "Presence is tested with `!== undefined`, so an empty `RegionId`, `KeyPairName` or `InstanceIds` reaches a generic validator: 400 `InvalidParameter` instead of `MissingParameter` or the parameter's own code. Absent parameters still get `MissingParameter`.",
  hooks: {
    parseDetach: (next) => (params, profile) => {
      for (const name of ['RegionId', 'KeyPairName', 'InstanceIds']) {
        if (paramValue(params, name) === '') return failed(invalidParameter(name));
      }
      return next(params, profile);
    },
  },
});
