import { defineFault, eachResult, succeeded, withValue } from '../faultKit.ts';

/** The fault `success-code-mismatch` (`faults.ts`), breaking OK-8. */
export const successCodeMismatch = defineFault({
  breaks: 'OK-8',
  description: 'Successful results carry `Code` `Success` instead of `200`.',
  hooks: {
    detachBody: (next) => (document, reply) =>
      eachResult(next(document, reply), (r) => (succeeded(r) ? withValue(r, 'Code', 'Success') : r)),
  },
});
