import { invalidParameter } from '../apiError.ts';
import { defineFault } from '../faultKit.ts';
import { missingAction } from '../handleRequest.ts';

/** The fault `missing-action-wrong-code` (`faults.ts`), breaking RQ-1. */
export const missingActionWrongCode = defineFault({
  breaks: 'RQ-1',
  description:
    'A missing `Action` (V3: `x-acs-action`) → 400 `InvalidParameter` instead of `MissingParameter`.',
  hooks: {
    route: (next) => (named) => {
      const error = next(named);
      return error === missingAction ? invalidParameter('Action') : error;
    },
  },
});
