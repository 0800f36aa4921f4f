import { failed } from '../apiError.ts';
import { incompleteSignature } from '../authenticate.ts';
import { defineFault } from '../faultKit.ts';

/** The fault `v3-unsupported` (`faults.ts`), breaking AU-2. */
export const v3Unsupported = defineFault({
  breaks: 'AU-2',
  description:
    'An endpoint that only knows V1: every V3-signed request → 400 `IncompleteSignature`. Necessarily breaks MR-3 and GEN-5 too, and every check that sends V3.',
  hooks: {
    authenticate: (next) => (call) => (call.scheme === 'v3' ? failed(incompleteSignature) : next(call)),
  },
});
